package timex

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// sampleWant is one expected expression in a sample article: the n-th
// (0-based) expression whose text is text.
type sampleWant struct {
	text, typ string
	values    []string // any of these
	mod       string
	n         int
}

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

// TestSampleArticles checks the five demo articles in examples/: inferred or
// header document dates, and the normalisation of their relative dates.
func TestSampleArticles(t *testing.T) {
	tests := []struct {
		file     string
		from, to string // inferred date range (inclusive)
		source   string
		anchor   string // "" = use the inferred date
		// month, when set, is the month the inferred date must fall in, and
		// maxConf the confidence it must stay below: the text alone fixes
		// the month but not the year.
		month   time.Month
		maxConf float64
		want    []sampleWant
	}{
		{file: "000_6394e120e0103872.txt", from: "2024-02-01", to: "2024-02-29", source: "inferred", want: []sampleWant{
			{text: "last November", values: []string{"2023-11"}},
			{text: "December", values: []string{"2023-12"}},
			{text: "the end of January", values: []string{"2024-01"}, mod: "END"},
			{text: "the spring", values: []string{"2024-SP"}},
			{text: "last fall", values: []string{"2023-FA"}},
		}},
		// 001 names the Munich Security Conference (mid-February) and the
		// Biden administration (2021-2025) but no year: the story's other
		// reports date it, not the text alone.
		{file: "001_ce929a0f18dc0e62.txt", source: "unknown", month: time.February, maxConf: 0.3, anchor: "2023-02-17", want: []sampleWant{
			{text: "Feb. 5", values: []string{"2023-02-05"}},
			{text: "6", values: []string{"2023-02-06"}},
		}},
		{file: "002_51946f49cf6bceed.txt", from: "2023-06-19", to: "2023-06-19", source: "header", want: []sampleWant{
			{text: "Monday", values: []string{"2023-06-19"}},
			{text: "Sunday", values: []string{"2023-06-18"}},
			{text: "Sunday", values: []string{"2023-06-18"}, n: 1},
			{text: "Last week", values: []string{"2023-W24"}},
			{text: "seven and a half hours", typ: "DURATION", values: []string{"PT7.5H"}},
		}},
		{file: "003_265e0c7a51896b9a.txt", from: "2023-06-19", to: "2023-06-19", source: "header", want: []sampleWant{
			{text: "Monday", values: []string{"2023-06-19"}},
			{text: "Sunday", values: []string{"2023-06-18"}},
			{text: "last week", values: []string{"2023-W24"}},
			{text: "five years", typ: "DURATION", values: []string{"P5Y"}},
		}},
		{file: "004_869f1232419da740.txt", from: "2024-09-30", to: "2024-10-05", source: "inferred", want: []sampleWant{
			{text: "last Friday", values: []string{"2024-09-27"}},
			{text: "April 2024", values: []string{"2024-04"}},
			{text: "November 2023", values: []string{"2023-11"}},
			{text: "the coming days", values: []string{"FUTURE_REF"}},
		}},
	}
	tg := New()
	for _, tc := range tests {
		t.Run(tc.file[:3], func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("..", "..", "examples", tc.file))
			if err != nil {
				t.Skip("sample not present:", err)
			}
			text := string(b)
			dd := tg.ResolveDocDate(time.Time{}, text)
			if tc.month != 0 {
				// The text fixes the month only: the guess stays a guess.
				d, c, ok := tg.InferDocDate(text)
				if !ok || d.Month() != tc.month || c >= tc.maxConf {
					t.Errorf("inferred %s (confidence %.2f, %v): want month %s with confidence below %.2f",
						d.Format("2006-01-02"), c, ok, tc.month, tc.maxConf)
				}
				if dd.Source != "unknown" || !dd.Date.IsZero() {
					t.Errorf("doc date = %v (%s), want unknown", dd.Date, dd.Source)
				}
			} else {
				if dd.Source != tc.source || dd.Date.Before(day(tc.from)) || dd.Date.After(day(tc.to)) {
					t.Fatalf("doc date = %v (%s, %.2f), want %s..%s from %s", dd.Date.Format("2006-01-02"), dd.Source, dd.Confidence, tc.from, tc.to, tc.source)
				}
				if dd.Confidence <= 0 || dd.Confidence > 1 {
					t.Errorf("confidence %v out of (0,1]", dd.Confidence)
				}
			}
			t.Logf("doc date %s (%s, confidence %.2f)", dd.Date.Format("2006-01-02 Mon"), dd.Source, dd.Confidence)
			anchor := dd.Date
			if tc.anchor != "" {
				anchor = day(tc.anchor)
			}
			xs := tg.Tag(text, anchor)
			for _, w := range tc.want {
				found := false
				seen := 0
				for _, x := range xs {
					if x.Text != w.text {
						continue
					}
					if seen < w.n {
						seen++
						continue
					}
					found = true
					ok := false
					for _, v := range w.values {
						ok = ok || x.Value == v
					}
					if !ok || w.mod != "" && x.Mod != w.mod || w.typ != "" && x.Type != w.typ {
						t.Errorf("%q = %s %s mod=%q, want %v mod=%q", w.text, x.Type, x.Value, x.Mod, w.values, w.mod)
					}
					break
				}
				if !found {
					t.Errorf("%q not tagged; got %v", w.text, xs)
				}
			}
			// Relative expressions must agree with the document date.
			switch tc.file[:3] {
			case "000":
				if v := valueOf(xs, "today"); v != anchor.Format("2006-01-02") {
					t.Errorf("today = %s, want the article date %s", v, anchor.Format("2006-01-02"))
				}
			case "001":
				v := valueOf(xs, "Thursday")
				d, err := time.Parse("2006-01-02", v)
				if err != nil || d.Weekday() != time.Thursday || !d.Before(anchor) || anchor.Sub(d) > 7*24*time.Hour {
					t.Errorf("Thursday = %s, want the Thursday before %s", v, anchor.Format("2006-01-02"))
				}
			}
		})
	}
}

func valueOf(xs []Timex, text string) string {
	for _, x := range xs {
		if x.Text == text {
			return x.Value
		}
	}
	return ""
}

// TestSampleAnchors checks the sample expressions against the real
// publication dates, independent of inference.
func TestSampleAnchors(t *testing.T) {
	tg := New()
	cases := []struct {
		text, anchor, expr, value, mod string
	}{
		{"Blinken met today with Wang Yi.", "2024-02-16", "today", "2024-02-16", ""},
		{"The summit held last November in California.", "2024-02-16", "last November", "2023-11", ""},
		{"They last spoke by phone in December.", "2024-02-16", "December", "2023-12", ""},
		{"They also had talks at the end of January in Bangkok.", "2024-02-16", "the end of January", "2024-01", "END"},
		{"The meetings could lead to a phone call in the spring.", "2024-02-16", "the spring", "2024-SP", ""},
		{"He postponed his originally planned Feb. 5-6 trip.", "2023-02-17", "Feb. 5", "2023-02-05", ""},
		{"Biden said on Thursday that he would speak to Xi.", "2023-02-17", "Thursday", "2023-02-16", ""},
		{"Blinken will meet China's top envoy on Monday.", "2023-06-19", "Monday", "2023-06-19", ""},
		{"He met Qin Gang for seven and a half hours on Sunday, longer than expected.", "2023-06-19", "Sunday", "2023-06-18", ""},
		{"Last week, Xi met Bill Gates.", "2023-06-19", "Last week", "2023-W24", ""},
		{"Following his talks with Wang Yi last Friday, Blinken spoke.", "2024-10-01", "last Friday", "2024-09-27", ""},
		{"This call would follow their last conversation in April 2024.", "2024-10-01", "April 2024", "2024-04", ""},
		{"They are planning a call in the coming days.", "2024-10-01", "the coming days", "FUTURE_REF", ""},
		{"The talks lasted seven and a half hours.", "2023-06-19", "seven and a half hours", "PT7.5H", ""},
		{"Prices rose in the third quarter.", "1998-02-05", "the third quarter", "1997-Q3", ""},
		{"He left two years ago.", "2024-02-05", "two years ago", "2022", ""},
		{"He will stay for five years.", "2024-02-05", "five years", "P5Y", ""},
		{"The paper appears weekly.", "2024-02-05", "weekly", "P1W", ""},
		{"They meet every year.", "2024-02-05", "every year", "P1Y", ""},
		{"They meet three times a week.", "2024-02-05", "three times a week", "P1W", ""},
		{"They meet twice a month.", "2024-02-05", "twice a month", "P1M", ""},
		{"Sales fell in fiscal 2023.", "2024-02-05", "fiscal 2023", "2023", ""},
		{"Prices soared in the 1990s.", "2024-02-05", "the 1990s", "199", ""},
		{"It opened on 5 February 2024.", "2024-03-05", "5 February 2024", "2024-02-05", ""},
		{"It opened on 2024-02-05.", "2024-03-05", "2024-02-05", "2024-02-05", ""},
		{"It opened on 02/05/2024.", "2024-03-05", "02/05/2024", "2024-02-05", ""},
		{"He came a week ago.", "2024-03-05", "a week ago", "2024-02-27", ""},
		{"Sales rose earlier this month.", "2024-03-05", "earlier this month", "2024-03", "START"},
		{"Officials have met recently.", "2024-03-05", "recently", "PAST_REF", ""},
		{"Prices are high now.", "2024-03-05", "now", "PRESENT_REF", ""},
		{"It happened yesterday.", "2024-03-05", "yesterday", "2024-03-04", ""},
		{"It opens next month.", "2024-03-05", "next month", "2024-04", ""},
		{"The war lasted from 1957-58.", "2024-03-05", "1957", "1957", ""},
		{"The war lasted from 1957-58.", "2024-03-05", "58", "1958", ""},
		{"He will arrive by 3:30 p.m. on Friday.", "2021-03-10", "3:30 p.m.", "2021-03-12T15:30", ""},
		{"The ceasefire began at 6 a.m. local time on Sunday.", "2021-03-10", "6 a.m.", "2021-03-07T06:00", ""},
		{"On Dec. 31, 1999, at 11:59 p.m., the world waited.", "2021-03-10", "11:59 p.m.", "1999-12-31T23:59", ""},
		{"Trading rose in Q3 2020.", "2021-03-10", "Q3 2020", "2020-Q3", ""},
		{"Profit rose in the first half of 2020.", "2021-03-10", "the first half of 2020", "2020-H1", ""},
		{"Prices rose in mid-2020.", "2021-03-10", "mid-2020", "2020", "MID"},
		{"Nothing happened over the past few days.", "2021-03-10", "the past few days", "PAST_REF", ""},
		{"She was found on Thanksgiving Day.", "1999-12-01", "Thanksgiving Day", "1999-11-25", ""},
		{"The treaty was signed in 1998 and ratified the following year.", "2021-03-10", "the following year", "1999", ""},
		{"He arrived on March 3, 2020 and left the next day.", "2021-03-10", "the next day", "2020-03-04", ""},
	}
	for _, c := range cases {
		xs := tg.Tag(c.text, day(c.anchor))
		got := ""
		var mod string
		for _, x := range xs {
			if x.Text == c.expr {
				got, mod = x.Value, x.Mod
			}
		}
		if got != c.value || c.mod != "" && mod != c.mod {
			t.Errorf("%q @%s: %q = %q mod %q, want %q mod %q (all: %v)", c.text, c.anchor, c.expr, got, mod, c.value, c.mod, xs)
		}
	}
}
