package timex

import (
	"strings"
	"testing"
)

// ruleCase is one expression expected in a short text tagged against an
// anchor date: its value and mod ("" mod: not checked unless noMod).
type ruleCase struct {
	text, anchor, expr, value, mod string
}

func checkRules(t *testing.T, cases []ruleCase) {
	t.Helper()
	tg := New()
	for _, c := range cases {
		xs := tg.Tag(c.text, day(c.anchor))
		got, mod, found := "", "", false
		for _, x := range xs {
			if x.Text == c.expr {
				got, mod, found = x.Value, x.Mod, true
			}
		}
		if !found || got != c.value || c.mod != "" && mod != c.mod {
			t.Errorf("%q @%s: %q = %q mod %q (found %v), want %q mod %q (all: %v)", c.text, c.anchor, c.expr, got, mod, found, c.value, c.mod, xs)
		}
	}
}

// TestAnaphoricReference checks expressions resolved against the last
// mentioned date of the right granularity rather than the anchor.
func TestAnaphoricReference(t *testing.T) {
	checkRules(t, []ruleCase{
		{"The plant opened on May 4, 2001. Earlier that day, workers protested.", "2003-01-10", "Earlier that day", "2001-05-04", "START"},
		{"She moved to Ohio in June 1998 and left later that year.", "2003-01-10", "later that year", "1998", "END"},
		{"Profit fell in the second quarter of 1999. Costs rose sharply that quarter.", "2003-01-10", "that quarter", "1999-Q2", ""},
		{"The vote was held on Oct. 2, 1995, and the result came that same day.", "2003-01-10", "that same day", "1995-10-02", ""},
		{"The firm was sold in 1987. Sales doubled that year.", "2003-01-10", "that year", "1987", ""},
		{"The firm was sold in 1987, and that year's sales doubled.", "2003-01-10", "that year", "1987", ""},
		{"Stocks closed higher on Oct. 27, 1989, up 2% from the previous Friday.", "1989-10-30", "the previous Friday", "1989-10-20", ""},
		{"The ship sailed on Wednesday, May 5, 2004, and docked the following Monday.", "2004-06-01", "the following Monday", "2004-05-10", ""},
		{"The strike began in March. Many stores had closed by then, and talks resumed. The union voted again. The following month, a deal was signed.", "2003-06-10", "The following month", "2003-04", ""},
		// A part of the next day: the morning is the day, the evening TEV.
		{"He was arrested on Tuesday and appeared in court the next morning.", "2000-02-24", "the next morning", "2000-02-23", ""},
		{"The vote was held on Oct. 2, 1995, and the result came the following evening.", "2003-01-10", "the following evening", "1995-10-03TEV", ""},
		// A point of comparison ("from a year earlier") is not the
		// reference.
		{"Orders in February rose 9.9 percent from a year earlier, after growing 14.8 percent in the previous month.", "1997-04-10", "the previous month", "1997-01", ""},
		// A date counted back that opens a clause is one.
		{"Two years ago, he left. That year, sales fell.", "2006-11-20", "That year", "2004", ""},
	})
	// Without a reference date "that day" and "the next morning" are not
	// tagged; "at the same
	// time" is never a date; "the same month of last year" compares with
	// another year, not the reference.
	tg := New()
	for _, s := range []string{"Traders lost money that day.", "He appeared in court the next morning.", "At the same time, prices fell.", "In May 2002, sales rose 3% from the same month of last year."} {
		for _, x := range tg.Tag(s, day("2003-01-10")) {
			if strings.Contains(x.Text, "that") || strings.Contains(x.Text, "same") || strings.Contains(x.Text, "next") {
				t.Errorf("%q: got %v, want no anaphoric expression", s, x)
			}
		}
	}
}

// TestOpenIntervalsAndExtents checks mods for open-ended dates and a few
// extents that span a relative word and a full date.
func TestOpenIntervalsAndExtents(t *testing.T) {
	checkRules(t, []ruleCase{
		{"The unit may not be profitable until 2005 or later.", "2003-01-10", "2005 or later", "2005", "ON_OR_AFTER"},
		{"Demand should hold up in 2004 and beyond.", "2003-01-10", "2004 and beyond", "2004", "ON_OR_AFTER"},
		{"Payments are due in 2004 or earlier.", "2003-01-10", "2004 or earlier", "2004", "ON_OR_BEFORE"},
		{"The post-1989 order has changed.", "2003-01-10", "post-1989", "1989", "AFTER"},
		{"The pre-1990 rules still apply.", "2003-01-10", "pre-1990", "1990", "BEFORE"},
		{"He was shot dead last Oct. 23 at his home.", "1999-04-19", "last Oct. 23", "1998-10-23", ""},
		{"Then, a week or so ago, the general chose a date.", "1991-02-25", "a week or so ago", "1991-02-18", "APPROX"},
	})
}

// TestTenseAdjectives checks that a participle used as an adjective after
// a determiner and an adverb is not taken as a past-tense verb.
func TestTenseAdjectives(t *testing.T) {
	checkRules(t, []ruleCase{
		{"The shares would be issued on a still unspecified date in January.", "1989-10-26", "January", "1990-01", ""},
		{"It will pay the newly announced dividend on Dec. 21.", "1989-10-26", "Dec. 21", "1989-12-21", ""},
	})
}

// TestDayParts checks clock and part-of-day vocabulary.
func TestDayParts(t *testing.T) {
	checkRules(t, []ruleCase{
		{"The judge ruled at midday on the appeal.", "2004-05-06", "midday", "2004-05-06T12:00", ""},
		{"The quake struck at 9:20 a.m. (0120 GMT) Tuesday, officials said.", "2004-05-06", "9:20 a.m.", "2004-05-04T09:20", ""},
		{"The ferry left at 5 in the morning.", "2004-05-06", "5 in the morning", "2004-05-06T05:00", ""},
		{"The ferry left at 7 in the evening.", "2004-05-06", "7 in the evening", "2004-05-06T19:00", ""},
		{"By mid-afternoon, the streets were empty.", "2004-05-06", "mid-afternoon", "2004-05-06TAF", ""},
		{"Shares rose at mid-morning yesterday in Tokyo.", "2004-05-06", "mid-morning yesterday", "2004-05-05TMO", ""},
		{"The mill was closed for a while after the flood.", "2004-05-06", "a while", "PXX", ""},
		{"The fair comes to town each July.", "2004-05-06", "each July", "XXXX-07", ""},
		{"The club meets on Friday evenings.", "2004-05-06", "Friday evenings", "XXXX-WXX-5TEV", ""},
		{"Ferries sail on Monday and Tuesday nights.", "2004-05-06", "Monday", "XXXX-WXX-1TNI", ""},
		// A weekday with its evening or afternoon is that part of the day;
		// with its morning or night, the day itself (as TimeBank and
		// AQUAINT mostly annotate those).
		{"The council voted late on Tuesday evening.", "2004-05-06", "Tuesday evening", "2004-05-04TEV", ""},
		{"Talks will resume Monday afternoon in Geneva.", "2004-05-06", "Monday afternoon", "2004-05-10TAF", ""},
		{"The storm hit the coast Sunday night.", "2004-05-06", "Sunday night", "2004-05-02", ""},
		{"Rescuers reached the village Wednesday morning.", "2004-05-06", "Wednesday morning", "2004-05-05", ""},
	})
}

// TestPointMods checks that comparative quantities locating a date become
// point mods, while durations keep theirs.
func TestPointMods(t *testing.T) {
	checkRules(t, []ruleCase{
		{"The mine closed more than two years ago.", "2004-05-06", "more than two years ago", "2002", "BEFORE"},
		{"The mine closed less than a year ago.", "2004-05-06", "less than a year ago", "2003", "AFTER"},
		{"The mine closed at least three years ago.", "2004-05-06", "at least three years ago", "2001", "ON_OR_BEFORE"},
		{"The mine was closed for more than two years.", "2004-05-06", "more than two years", "P2Y", "MORE_THAN"},
	})
}

// TestProgressivePlans checks that the present progressive reads as a plan,
// except with aspectual verbs.
func TestProgressivePlans(t *testing.T) {
	checkRules(t, []ruleCase{
		{"The minister is flying to Oslo on Monday.", "2023-06-21", "Monday", "2023-06-26", ""},
		{"The bank is quietly preparing a bid for Friday.", "2023-06-21", "Friday", "2023-06-23", ""},
		{"The firm is continuing talks under a June accord.", "1989-10-27", "June", "1989-06", ""},
		{"In October, heavy rains are compounding the drought.", "2006-12-14", "October", "2006-10", ""},
		{"The show was held on July 1, which would have been her birthday.", "2006-12-12", "July 1", "2006-07-01", ""},
		// A decimal point does not end the sentence, so "was" governs.
		{"Inflation was recorded at 0.86 percent in October as the bank is moving closer to its goal.", "2006-12-14", "October", "2006-10", ""},
	})
}

// TestDiscourseNow checks that a sentence-opening "Now," is a discourse
// marker, while "now" elsewhere refers to the present.
func TestDiscourseNow(t *testing.T) {
	checkRules(t, []ruleCase{
		{"The mill now employs 40 people.", "2004-05-06", "now", "PRESENT_REF", ""},
		{"Now the mill employs 40 people.", "2004-05-06", "Now", "PRESENT_REF", ""},
	})
	for _, x := range New().Tag("Prices fell. Now, critics say, the plan has failed.", day("2004-05-06")) {
		t.Errorf("discourse marker tagged: %v", x)
	}
}

// TestTitles checks that temporal words capitalised inside a name or title
// are not tagged, while capitalised dates and sentence openings are.
func TestTitles(t *testing.T) {
	for _, s := range []string{
		`She told NBC's "This Week" that talks would go on.`,
		`He spoke on PBS's "48 Hours" about the case.`,
		`The band Midnight Oil played in Sydney.`,
		`This is Radio Today.`,
		`Crowds gathered for the Spring Festival parade.`,
	} {
		for _, x := range New().Tag(s, day("2004-05-06")) {
			t.Errorf("%q: title tagged: %v", s, x)
		}
	}
	checkRules(t, []ruleCase{
		{"Today the council meets again.", "2004-05-06", "Today", "2004-05-06", ""},
		{`"This week was hard," she said.`, "2004-05-06", "This week", "2004-W19", ""},
		{"The show opened in Spring.", "2004-05-06", "Spring", "2004-SP", ""},
		{"Voters went to the polls on Election Day.", "2004-05-06", "Election Day", "2003-11-04", ""},
	})
}

// TestSoon checks that "soon" refers to the future unless it follows a
// past event ("was soon released").
func TestSoon(t *testing.T) {
	checkRules(t, []ruleCase{
		{"The plant will soon reopen.", "2004-05-06", "soon", "FUTURE_REF", ""},
		{"Officials said they may soon lift the ban.", "2004-05-06", "soon", "FUTURE_REF", ""},
	})
	for _, s := range []string{"The driver was soon freed by firemen.", "A trickle of refugees soon grew into a stream."} {
		for _, x := range New().Tag(s, day("2004-05-06")) {
			t.Errorf("%q: tagged %v", s, x)
		}
	}
}

// TestOneDay checks that "one day" before a verb is an indefinite future,
// and elsewhere a day's duration.
func TestOneDay(t *testing.T) {
	checkRules(t, []ruleCase{
		{"Engineers say the probe may one day reach Pluto.", "2004-05-06", "one day", "FUTURE_REF", ""},
		{"She hopes she one day runs the firm.", "2004-05-06", "one day", "FUTURE_REF", ""},
		{"The strike lasted only one day.", "2004-05-06", "one day", "P1D", ""},
	})
}

// TestQuarterFraction checks that "a quarter of" a non-temporal amount is
// a fraction, while a quarter of a year stays temporal.
func TestQuarterFraction(t *testing.T) {
	for _, s := range []string{"Exports make up more than a quarter of the economy.", "Nearly one quarter of voters stayed home."} {
		for _, x := range New().Tag(s, day("2004-05-06")) {
			t.Errorf("%q: fraction tagged: %v", s, x)
		}
	}
	checkRules(t, []ruleCase{
		{"Sales rose in the first quarter of 2003.", "2004-05-06", "the first quarter of 2003", "2003-Q1", ""},
		{"Profit doubled in a quarter.", "2004-05-06", "a quarter", "P3M", ""},
	})
}

// TestFormatters checks the allocation-free value formatters.
func TestFormatters(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{itoa4(7), "0007"}, {itoa4(1989), "1989"}, {itoa4(-1), "XXXX"}, {itoa4(12000), "XXXX"},
		{pad2(3), "03"}, {pad2(42), "42"}, {pad2(123), "123"},
		{fmtYMD(1998, 2, 5), "1998-02-05"}, {fmtYMD(0, 12, 31), "XXXX-12-31"},
		{fmtYM(2024, 11), "2024-11"}, {fmtYM(0, 7), "XXXX-07"},
		{fmtDate(day("2001-09-11")), "2001-09-11"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// TestReferenceQuarterAndGranularity checks the rules added from the
// TempEval-3 error analysis: the quarter of a results report is the last
// completed quarter it named, halves and "the week of" keep their unit,
// "N weeks ago" is a week, and a moved deadline lies ahead.
func TestReferenceQuarterAndGranularity(t *testing.T) {
	checkRules(t, []ruleCase{
		{"Sun earned $5.2 million in the fiscal first quarter. Sales for the quarter rose.", "1989-10-26", "the quarter", "1989-Q1", ""},
		{"Sun earned $5.2 million in the fiscal first quarter, up from a year earlier.", "1989-10-26", "a year earlier", "1988-Q1", ""},
		// A quarter not yet over is no reference: the latest completed one.
		{"Analysts expect a loss in the fourth quarter. Sales for the latest quarter rose.", "1989-11-02", "the latest quarter", "1989-Q3", ""},
		{"Profits fell in the last half of 1989.", "1990-02-01", "the last half of 1989", "1989-H2", ""},
		{"Orders rose in the week of March 6.", "2000-02-24", "the week of March 6", "2000-W10", ""},
		{"He spoke in a speech six weeks ago.", "1998-03-01", "six weeks ago", "1998-W03", ""},
		{"He came a week ago.", "2024-03-05", "a week ago", "2024-02-27", ""},
		{"Officials postponed until Tuesday morning any action on the case.", "2000-03-30", "Tuesday morning", "2000-04-04", ""},
		{"The offer, which had been due to expire Friday evening, was extended.", "1989-10-30", "Friday evening", "1989-10-27TEV", ""},
		{"A bomb ripped through a building next to the U.S. embassy Friday morning.", "1998-08-08", "Friday morning", "1998-08-07", ""},
	})
}

// TestClauseDirection checks the tense cues that decide the direction of
// underspecified dates: a passive takes its auxiliary's tense, what was
// planned lies ahead, and a moved deadline lies ahead however long the
// verb's object.
func TestClauseDirection(t *testing.T) {
	checkRules(t, []ruleCase{
		// A future passive: the participle is in the window, "will" is not.
		{"Air Force Lieutenant Colonel Eileen Collins will be named commander of the Space Shuttle Columbia for a mission in December.", "1998-03-04", "December", "1998-12", ""},
		{"The new chief would be formally appointed at a meeting of the full board of the company on Monday.", "2004-05-06", "Monday", "2004-05-10", ""},
		// A past passive stays past.
		{"The new chief was formally appointed at a meeting on Monday.", "2004-05-06", "Monday", "2004-05-03", ""},
		// What was planned lies ahead of the plan, unless overtaken.
		{"Protesters planned a large demonstration in Little Havana on Saturday.", "2000-01-07", "Saturday", "2000-01-08", ""},
		{"Protesters had planned a large demonstration on Saturday.", "2000-01-07", "Saturday", "2000-01-01", ""},
		{"The strike went ahead as planned on Monday.", "2004-05-06", "Monday", "2004-05-03", ""},
		// Past by default, whatever the verb.
		{"The two leaders did not meet Monday, aides said.", "2004-05-06", "Monday", "2004-05-03", ""},
		{"The market was open Monday despite the storm.", "2004-05-06", "Monday", "2004-05-03", ""},
		// "extended ... through January": the verb is far from "through".
		{"A group of banks has extended Control Data up to $90 million in revolving loans through January.", "1989-10-30", "January", "1990-01", ""},
	})
}

// TestTheFuture checks that "the future" is a reference to the future
// except as the prospects of something ("the future of our peoples").
func TestTheFuture(t *testing.T) {
	checkRules(t, []ruleCase{
		{"Kosovo's Albanians are worried about the future.", "1998-03-06", "the future", "FUTURE_REF", ""},
		{"Banks may lend more in the near future.", "1998-03-06", "the near future", "FUTURE_REF", ""},
	})
	for _, s := range []string{"That is very important to the future of our peoples.", "The talks will decide the future of the region."} {
		for _, x := range New().Tag(s, day("1998-02-13")) {
			t.Errorf("%q: tagged %v", s, x)
		}
	}
}

// TestYearEnd checks the spellings of the end of the current year.
func TestYearEnd(t *testing.T) {
	checkRules(t, []ruleCase{
		{"Stiffer rules should be in place by year's end.", "1989-10-26", "year's end", "1989", "END"},
		{"The company expects to complete the deal by year-end.", "1989-10-26", "year-end", "1989", "END"},
		{"The transaction is expected to close around year end.", "1989-10-26", "year end", "1989", "END"},
	})
}

// TestWorkdays checks durations counted in a kind of day ("eight trading
// days") and dates counted back or ahead in weekdays.
func TestWorkdays(t *testing.T) {
	checkRules(t, []ruleCase{
		{"Eight trading days after Oct. 12, the index was lower.", "1989-10-30", "Eight trading days", "P8D", ""},
		{"Refunds take five business days.", "1989-10-30", "five business days", "P5D", ""},
		{"The fund was shut for two full years.", "1989-10-30", "two full years", "P2Y", ""},
		// Monday 30 October: two trading days back is Thursday.
		{"Two trading days ago, stocks fell.", "1989-10-30", "Two trading days ago", "1989-10-26", ""},
		{"The deal closes three business days from now.", "1989-10-27", "three business days from now", "1989-11-01", ""},
	})
	// "a calendar year" is a notion, not a duration.
	for _, x := range New().Tag("The firm changed from a fiscal year to a calendar year.", day("1989-10-30")) {
		if strings.Contains(x.Text, "calendar") {
			t.Errorf("tagged %v", x)
		}
	}
}

// TestDayNextToDate checks "the day before/after" a full date.
func TestDayNextToDate(t *testing.T) {
	checkRules(t, []ruleCase{
		{"The day before last Tuesday's federal court hearing, Manuel went to Lazaro's home.", "2000-02-24", "The day before last Tuesday", "2000-02-21", ""},
		{"He was last seen the day after Nov. 3, 1998.", "1999-05-07", "the day after Nov. 3, 1998", "1998-11-04", ""},
		// The day next to a month is no day.
		{"He left the day after March.", "1999-05-07", "March", "1999-03", ""},
	})
}

// TestComparativePrefix checks "more than", "over", "less than", "at least"
// and "up to" before a date: part of the expression when they quantify the
// distance from now (the mod then points the right way: "more than a year
// ago" is BEFORE, "more than a year later" AFTER), a signal outside it
// before a calendar point.
func TestComparativePrefix(t *testing.T) {
	checkRules(t, []ruleCase{
		{"The plant closed more than a decade ago.", "1989-10-26", "more than a decade ago", "197", "BEFORE"},
		{"Despair followed just over a year later.", "2005-12-13", "over a year later", "2006", "AFTER"},
		{"The rules take effect less than two years later.", "2005-12-13", "less than two years later", "2007", "BEFORE"},
		{"The war began on March 20, 2003. More than three years later, troops remain.", "2006-12-05", "More than three years later", "2006", "AFTER"},
		{"Bush can call up reservists for up to 180 days.", "1990-08-15", "up to 180 days", "P180D", "EQUAL_OR_LESS"},
		{"Parties campaigned in the run-up to Sunday's election.", "1997-04-06", "Sunday", "1997-04-06", ""},
		{"Up to now, nobody has been charged.", "2006-12-05", "now", "PRESENT_REF", ""},
		{"Output grew more than last year.", "2006-12-05", "last year", "2005", ""},
		{"The deal runs until at least 2001.", "1997-04-07", "2001", "2001", ""},
	})
	// Before a calendar point the prefix sets no mod.
	for _, s := range []string{"Up to now, nobody has been charged.", "The deal runs until at least 2001.", "Output grew more than last year."} {
		for _, x := range New().Tag(s, day("2006-12-05")) {
			if x.Mod != "" {
				t.Errorf("%q: %v has mod %s", s, x, x.Mod)
			}
		}
	}
}

// TestNotTime checks words of time inside phrases that name no time:
// "quarter" as a fourth and "second" as an ordinal in compounds and
// fractions, "a" before a plural unit in a compound, "half" before a
// plural, ages, number words side by side, and a weekday abbreviation
// that is a name.
func TestNotTime(t *testing.T) {
	tg := New()
	for _, c := range []struct{ text, bad string }{
		{"Three quarters of a million students graduated.", "quarters"},
		{"Canada was upset in the quarter-finals.", "quarter"},
		{"The Fed raised rates by a quarter-percentage point.", "quarter"},
		{"He entered through a second-floor window.", "second"},
		{"The summit ended at a second and final day of talks.", "a second"},
		{"They fear a second or third nuclear test.", "a second"},
		{"Abbas will resolve a months-long standoff.", "a months"},
		{"They sang a decades-old song.", "decades"},
		{"He served a ban of two one-day matches.", "two"},
		{"It is the newest generation of 30-40 year-olds.", "year"},
		{"The star is a hundredth the mass of the Sun. It is small.", "Sun"},
		{"China edged North Korea's Hong In Sun. It was a first.", "Sun"},
	} {
		for _, x := range tg.Tag(c.text, day("2006-12-05")) {
			if strings.Contains(x.Text, c.bad) {
				t.Errorf("%q: tagged %v", c.text, x)
			}
		}
	}
	checkRules(t, []ruleCase{
		{"After more than three-and-a-half years of conflict, talks began.", "2006-12-03", "more than three-and-a-half years", "P3Y6M", "MORE_THAN"},
		{"He spent six and half years in a prison camp.", "1997-04-29", "six and half years", "P6Y6M", ""},
		{"He served a ban of two one-day matches.", "2005-12-15", "one-day", "P1D", ""},
		{"The index hit a quarter-century low.", "1998-02-06", "a quarter-century", "P25Y", ""},
		{"The firm posted a second-quarter loss.", "1989-10-26", "second-quarter", "1989-Q2", ""},
		{"Growth came after several quarters of losses.", "1989-10-26", "several quarters", "PXQ", ""},
		{"The game is on Sat. Nov. 7.", "1998-11-02", "Sat. Nov. 7", "1998-11-07", ""},
	})
}

// TestUnitCompounds checks hyphenated compounds of a unit ("week-long",
// "decades-long") as the durations they measure, "a" before a compound
// left out, and the rate of a counted quantity ("barrels a day") as a set.
func TestUnitCompounds(t *testing.T) {
	checkRules(t, []ruleCase{
		{"The president starts a week-long visit to China.", "2006-12-05", "week-long", "P1W", ""},
		{"It is the government's decades-long battle with exiles.", "2000-01-15", "decades-long", "PXY", ""},
		{"Lawyers emerged from their third day-long meeting.", "2000-04-03", "day-long", "P1D", ""},
		{"The field produces about 300,000 barrels a day.", "1997-04-28", "a day", "P1D", ""},
		{"Olympic would operate four flights a week.", "1997-04-28", "a week", "P1W", ""},
		// Not a rate: a duration after a verb, a date after a count.
		{"The review takes a week.", "1997-04-28", "a week", "P1W", ""},
		{"The year-end dividend is due.", "2006-12-05", "year-end", "2006", "END"},
	})
	tg := New()
	for _, s := range []string{"Exports showed a year-on-year rise of 20 percent.", "He reached the final of a year-ending championship."} {
		for _, x := range tg.Tag(s, day("2006-12-05")) {
			t.Errorf("%q: tagged %v", s, x)
		}
	}
	for _, x := range tg.Tag("The field produces about 300,000 barrels a day.", day("1997-04-28")) {
		if x.Type != "SET" {
			t.Errorf("barrels a day: %v, want a SET", x)
		}
	}
}

// TestYearsLater checks "N years later" counted from the year mentioned
// just before, and from the anchor without one.
func TestYearsLater(t *testing.T) {
	checkRules(t, []ruleCase{
		{"China seized Tibet in 1951, and the Dalai Lama fled into exile eight years later.", "1997-04-24", "eight years later", "1959", ""},
		{"He was elected in 1990. Two years later, he resigned.", "2006-12-05", "Two years later", "1992", ""},
		{"The plant will open in 2008 and close two years later.", "2006-12-05", "two years later", "2010", ""},
		{"The rules take effect two years later.", "2005-12-13", "two years later", "2007", ""},
	})
}

// TestHolidayYear checks a holiday given a year: with the year directly
// after it one expression, with "in" the year tagged apart but taken for
// the holiday's value; and holiday names of five tokens.
func TestHolidayYear(t *testing.T) {
	checkRules(t, []ruleCase{
		{"Militants bombed churches on Christmas Eve in 2000.", "2005-12-16", "Christmas Eve", "2000-12-24", ""},
		{"Militants bombed churches on Christmas Eve in 2000.", "2005-12-16", "2000", "2000", ""},
		{"He came home for Christmas 1999.", "2005-12-16", "Christmas 1999", "1999-12-25", ""},
		{"The euro came in on New Year's Day 1999.", "2005-12-16", "New Year's Day 1999", "1999-01-01", ""},
		{"Fireworks are banned on New Year's Eve.", "2006-12-29", "New Year's Eve", "2006-12-31", ""},
	})
}

// TestCompoundDuration checks a duration extended by a finer one after
// it, and what does not combine.
func TestCompoundDuration(t *testing.T) {
	checkRules(t, []ruleCase{
		{"He finished in 35 minutes and 38 seconds.", "2006-12-05", "35 minutes and 38 seconds", "PT35M38S", ""},
		{"He served 17 years and three months in jail.", "2006-12-05", "17 years and three months", "P17Y3M", ""},
		{"He was jailed for 14 years, nine months.", "2006-12-05", "14 years, nine months", "P14Y9M", ""},
		{"The flight took 1 hour 26 minutes.", "2006-12-05", "1 hour 26 minutes", "PT1H26M", ""},
		{"The strike lasted two days and three hours.", "2006-12-05", "two days and three hours", "P2DT3H", ""},
		{"The search took a year and two months.", "2006-12-05", "a year and two months", "P1Y2M", ""},
		// Not finer, or a date of its own: no compound.
		{"It took 3 days, 2 weeks at most.", "2006-12-05", "3 days", "P3D", ""},
		{"It fell in 10 years, 5 months later it rose.", "2006-12-05", "10 years", "P10Y", ""},
	})
}

// TestPresentPassive checks that a present passive ("are held", "are
// made") carries no past: the month is the nearest one.
func TestPresentPassive(t *testing.T) {
	checkRules(t, []ruleCase{
		{"The assembly grows when elections for the next term are held on July 20.", "1997-04-02", "July 20", "1997-07-20", ""},
		{"Nominations are made at the annual meeting in April.", "2006-12-18", "April", "2007-04", ""},
		{"Elections were held on July 20.", "1997-04-02", "July 20", "1996-07-20", ""},
		// Right after the comma a word in -ed is no verb yet.
		{"Beginning July 1, unleaded petrol will be available.", "1997-04-08", "July 1", "1997-07-01", ""},
		{"On July 1, officials opened the bridge.", "1997-04-08", "July 1", "1996-07-01", ""},
	})
}

// TestTheCentury checks that "the" belongs to a century named as a noun
// and not to one modifying a noun.
func TestTheCentury(t *testing.T) {
	checkRules(t, []ruleCase{
		{"It was one of the great events in the 20th century.", "1989-10-26", "the 20th century", "19", ""},
		{"The church was built in the 18th century, and rebuilt later.", "2006-12-05", "the 18th century", "17", ""},
		{"Mines lie near the fabled 11th century temple.", "1998-02-19", "11th century", "10", ""},
		{"The 11th century temple draws tourists.", "1998-02-19", "11th century", "10", ""},
	})
}

// TestEventDay checks a day counted in an event ("the second day of an
// offensive") as the day reported on, and what is not one.
func TestEventDay(t *testing.T) {
	checkRules(t, []ruleCase{
		{"It's the second day of an offensive by the security forces.", "1998-03-06", "the second day", "1998-03-06", ""},
		{"In Saudi Arabia, today is the eighth day of Desert Shield.", "1990-08-15", "the eighth day", "1990-08-15", ""},
		{"The games went into its second day.", "2005-11-28", "second day", "2005-11-28", ""},
	})
	tg := New()
	for _, s := range []string{"Lawyers emerged from their third day-long meeting.", "On the first day of March it rained.", "A second day would help."} {
		for _, x := range tg.Tag(s, day("2000-04-03")) {
			if strings.Contains(x.Text, "first day") || strings.Contains(x.Text, "third day") || strings.Contains(x.Text, "second day") {
				t.Errorf("%q: tagged %v", s, x)
			}
		}
	}
}

// TestYearForms checks a number glued to a measure (no year) and a
// decade written with "'s".
func TestYearForms(t *testing.T) {
	checkRules(t, []ruleCase{
		{"In the 1970's and 1980's, growth slowed.", "2006-11-18", "1970's", "197", ""},
		{"In the 1970's and 1980's, growth slowed.", "2006-11-18", "1980's", "198", ""},
		{"The 1990's budget was cut.", "2006-11-18", "1990", "1990", ""},
	})
	for _, x := range New().Tag("They can be bought in weights of 1000g, 500g and 50g.", day("2006-11-18")) {
		t.Errorf("tagged %v", x)
	}
}

// TestWeekendModifier checks "a weekend rally": the weekend of the event,
// a date, while "a weekend of talks" stays a length of time.
func TestWeekendModifier(t *testing.T) {
	checkRules(t, []ruleCase{
		// Sunday 10 December 2006: the weekend just ending.
		{"Twenty-two civilians were killed in a weekend attack.", "2006-12-10", "weekend", "2006-W49-WE", ""},
		{"After a weekend of bitter accusations, talks resumed.", "2000-04-17", "a weekend", "P1WE", ""},
	})
}

// TestDateRelYear checks a month and day, a month, a season or a
// quarter followed by "last/this/next year": one date in that year.
func TestDateRelYear(t *testing.T) {
	checkRules(t, []ruleCase{
		{"He was arrested on December 23 last year.", "1997-04-11", "December 23 last year", "1996-12-23", ""},
		{"The meeting on Aug. 17 this year was secret.", "1998-02-19", "Aug. 17 this year", "1998-08-17", ""},
		{"They join on May 3 next year.", "1998-02-19", "May 3 next year", "1999-05-03", ""},
		{"Talks were held Feb. 5-6 last year.", "1998-02-19", "6 last year", "1997-02-06", ""},
		{"Talks were held Feb. 5-6 last year.", "1998-02-19", "Feb. 5", "1997-02-05", ""},
		{"In June last year, leaders split.", "1998-02-19", "June last year", "1997-06", ""},
		{"Elections are due in autumn next year.", "2006-11-20", "autumn next year", "2007-FA", ""},
		{"Prices rose in the summer last year.", "2006-11-20", "the summer last year", "2005-SU", ""},
		{"It was the summer of last year.", "2006-11-20", "the summer of last year", "2005-SU", ""},
		{"Profit fell in the third quarter last year.", "2006-11-20", "the third quarter last year", "2005-Q3", ""},
	})
}

// TestFollowingPreposition checks "following" without "the" before a
// weekday or month: the preposition "after", outside the expression.
func TestFollowingPreposition(t *testing.T) {
	checkRules(t, []ruleCase{
		// Friday 10 November 2006.
		{"Managers fled following Wednesday's fatal gas explosion.", "2006-11-10", "Wednesday", "2006-11-08", ""},
		{"Prices rose following March's decline.", "2006-11-10", "March", "2006-03", ""},
		{"They met again the following Wednesday.", "2006-11-10", "the following Wednesday", "2006-11-15", ""},
	})
}

// TestSomeApprox checks "some" before a number: an approximate quantity,
// part of the expression like "about".
func TestSomeApprox(t *testing.T) {
	checkRules(t, []ruleCase{
		{"He held them hostage for some 12 hours.", "1997-04-29", "some 12 hours", "PT12H", "APPROX"},
		{"It was his first appearance in some 16 months.", "1997-04-25", "some 16 months", "P16M", "APPROX"},
		{"He left some days ago.", "1997-04-25", "some days ago", "PAST_REF", ""},
	})
}

// TestFirstFinalN checks "the final N units" and "its first N units" as
// the durations they measure.
func TestFirstFinalN(t *testing.T) {
	checkRules(t, []ruleCase{
		{"Growth should pick up in the final three months of the year.", "2006-12-13", "the final three months", "P3M", ""},
		{"APEC generated growth in its first 10 years.", "2005-11-16", "first 10 years", "P10Y", ""},
		{"In the first nine months, net rose.", "1989-11-02", "the first nine months", "P9M", ""},
	})
}

// TestNewYear checks "the new year": the coming year late in a year, in
// running text and capitalised, and not the holidays named after it.
func TestNewYear(t *testing.T) {
	checkRules(t, []ruleCase{
		{"Bush is expected to deliver a speech early in the New Year.", "2006-12-28", "the New Year", "2007", ""},
		{"The list could be made public early in the new year.", "2005-11-16", "the new year", "2006", ""},
		{"Progress is needed in the first half of the new year.", "2006-12-22", "the first half of the new year", "2007-H1", ""},
		{"Sales rose in the new year.", "2006-01-20", "the new year", "2006", ""},
	})
	for _, x := range New().Tag("During the Lunar New Year holiday, trains were full.", day("2006-01-20")) {
		t.Errorf("tagged %v", x)
	}
}

// TestEveryPartOfDay checks "every night", "each morning": a set of that
// part of every day.
func TestEveryPartOfDay(t *testing.T) {
	checkRules(t, []ruleCase{
		{"Police patrol the streets each night.", "2006-11-20", "each night", "XXXX-XX-XXTNI", ""},
		{"She visits her husband every afternoon.", "2006-11-20", "every afternoon", "XXXX-XX-XXTAF", ""},
	})
	for _, x := range New().Tag("She visits her husband every afternoon.", day("2006-11-20")) {
		if !ValidValue(x.Type, x.Value) || x.Type != "SET" {
			t.Errorf("%v: want a valid SET", x)
		}
	}
}

// TestFortnight checks "fortnight" counted as two weeks.
func TestFortnight(t *testing.T) {
	checkRules(t, []ruleCase{
		{"They stayed for a fortnight.", "2006-11-20", "a fortnight", "P2W", ""},
		{"Talks ended two fortnights ago.", "2006-11-20", "two fortnights ago", "2006-W43", ""},
	})
}
