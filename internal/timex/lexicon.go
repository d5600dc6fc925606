package timex

// unit is a calendar or clock unit.
type unit int8

const (
	uNone unit = iota
	uSecond
	uMinute
	uHour
	uDay
	uWeek
	uWeekend
	uMonth
	uQuarter
	uHalf
	uYear
	uDecade
	uCentury
)

// durCode gives the TIMEX3 duration letter(s) of a unit and whether it is a
// time (T) unit.
func (u unit) durCode() (string, bool) {
	switch u {
	case uSecond:
		return "S", true
	case uMinute:
		return "M", true
	case uHour:
		return "H", true
	case uDay:
		return "D", false
	case uWeek:
		return "W", false
	case uWeekend:
		return "WE", false
	case uMonth:
		return "M", false
	case uQuarter:
		return "Q", false
	case uHalf:
		return "H", false
	case uYear:
		return "Y", false
	case uDecade:
		return "DE", false
	case uCentury:
		return "CE", false
	}
	return "", false
}

// lex is what the lexicon knows about one lower-cased word.
type lex struct {
	month  int8 // 1..12
	wday   int8 // 1 (Monday) .. 7 (Sunday)
	numw   int16
	isNumw bool // a number word ("two", "twenty")
	ord    int8 // ordinal value ("third" = 3)
	unit   unit
	plural bool
	season int8 // 1 SP, 2 SU, 3 FA, 4 WI
	pod    int8 // part of day: index into podCode
	abbr   bool // abbreviation normally followed by a full stop
	w      word
}

// podNI is the part-of-day code of night.
const podNI = 4

// podCode maps part-of-day codes to TIMEX3 values.
var podCode = [...]string{"", "MO", "AF", "EV", "NI"}

// word identifies function words the grammar tests for.
type word int8

const (
	wNone word = iota
	wThis
	wLast
	wNext
	wPast
	wComing
	wPrevious
	wFollowing
	wAgo
	wEarlier
	wLater
	wBefore
	wAfter
	wEarly
	wLate
	wMid
	wThe
	wA
	wOf
	wAnd
	wEvery
	wEach
	wFiscal
	wToday
	wYesterday
	wTomorrow
	wTonight
	wNow
	wRecent
	wRecently
	wCurrent
	wFuture
	wSoon
	wEnd
	wBeginning
	wStart
	wMiddle
	wFew
	wSeveral
	wMany
	wSome
	wHalf
	wCouple
	wAbout
	wNearly
	wMore
	wLess
	wThan
	wLeast
	wAt
	wUp
	wTo
	wOver
	wFrom
	wLatest
	wYearEarlier
	wSame
	wThat
	wAm
	wPm
	wNoon
	wMidnight
	wWhole
	wFull
	wTimes
	wPer
	wOnce
	wTwice
	wFirst
	wPresent
	wSeason
	wNowadays
	wThese
	wThose
	wIn
	wCentury
	wYet
)

var lexicon = buildLexicon()

func buildLexicon() map[string]lex {
	m := map[string]lex{}
	set := func(k string, f func(*lex)) {
		l := m[k]
		f(&l)
		m[k] = l
	}
	months := []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
	mabbr := [][]string{{"jan"}, {"feb"}, {"mar"}, {"apr"}, nil, {"jun"}, {"jul"}, {"aug"}, {"sep", "sept"}, {"oct"}, {"nov"}, {"dec"}}
	for i, s := range months {
		set(s, func(l *lex) { l.month = int8(i + 1) })
		for _, a := range mabbr[i] {
			set(a, func(l *lex) { l.month = int8(i + 1); l.abbr = true })
		}
	}
	days := []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
	dabbr := [][]string{{"mon"}, {"tue", "tues"}, {"wed"}, {"thu", "thur", "thurs"}, {"fri"}, {"sat"}, {"sun"}}
	for i, s := range days {
		set(s, func(l *lex) { l.wday = int8(i + 1) })
		set(s+"s", func(l *lex) { l.wday = int8(i + 1); l.plural = true })
		for _, a := range dabbr[i] {
			set(a, func(l *lex) { l.wday = int8(i + 1); l.abbr = true })
		}
	}
	nums := map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
		"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
		"nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
		"ninety": 90, "hundred": 100, "thousand": 1000, "dozen": 12}
	for k, v := range nums {
		set(k, func(l *lex) { l.numw = int16(v); l.isNumw = true })
	}
	ords := []string{"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
		"thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"}
	for i, s := range ords {
		set(s, func(l *lex) { l.ord = int8(i + 1) })
	}
	set("twenty-first", func(l *lex) { l.ord = 21 })
	units := map[string]unit{"second": uSecond, "minute": uMinute, "hour": uHour, "day": uDay, "week": uWeek, "weekend": uWeekend,
		"month": uMonth, "quarter": uQuarter, "year": uYear, "decade": uDecade, "century": uCentury, "min": uMinute,
		"hr": uHour, "yr": uYear, "sec": uSecond}
	for k, v := range units {
		set(k, func(l *lex) { l.unit = v })
		pl := k + "s"
		if k == "century" {
			pl = "centuries"
		}
		set(pl, func(l *lex) { l.unit = v; l.plural = true })
	}
	set("mins", func(l *lex) { l.abbr = true })
	seasons := map[string]int8{"spring": 1, "summer": 2, "fall": 3, "autumn": 3, "winter": 4}
	for k, v := range seasons {
		set(k, func(l *lex) { l.season = v })
	}
	pods := map[string]int8{"morning": 1, "afternoon": 2, "evening": 3, "night": podNI, "overnight": podNI}
	for k, v := range pods {
		set(k, func(l *lex) { l.pod = v })
		if k != "overnight" {
			set(k+"s", func(l *lex) { l.pod = v; l.plural = true })
		}
	}
	words := map[string]word{"this": wThis, "last": wLast, "next": wNext, "past": wPast, "coming": wComing, "upcoming": wComing,
		"previous": wPrevious, "prior": wPrevious, "following": wFollowing, "ago": wAgo, "earlier": wEarlier, "later": wLater,
		"before": wBefore, "after": wAfter, "early": wEarly, "late": wLate, "mid": wMid, "the": wThe, "a": wA, "an": wA,
		"of": wOf, "and": wAnd, "every": wEvery, "each": wEach, "fiscal": wFiscal, "today": wToday, "yesterday": wYesterday,
		"tomorrow": wTomorrow, "tonight": wTonight, "now": wNow, "recent": wRecent, "recently": wRecently, "current": wCurrent,
		"currently": wCurrent, "future": wFuture, "soon": wSoon, "end": wEnd, "beginning": wBeginning, "start": wStart,
		"middle": wMiddle, "few": wFew, "several": wSeveral, "many": wMany, "some": wSome, "half": wHalf, "couple": wCouple,
		"about": wAbout, "around": wAbout, "approximately": wAbout, "roughly": wAbout, "nearly": wNearly, "almost": wNearly,
		"more": wMore, "less": wLess, "fewer": wLess, "than": wThan, "least": wLeast, "at": wAt, "up": wUp, "to": wTo,
		"over": wOver, "from": wFrom, "latest": wLatest, "same": wSame, "that": wThat, "am": wAm, "pm": wPm, "noon": wNoon, "midday": wNoon,
		"midnight": wMidnight, "whole": wWhole, "full": wFull, "entire": wWhole, "times": wTimes, "per": wPer, "once": wOnce,
		"twice": wTwice, "present": wPresent, "season": wSeason, "nowadays": wNowadays, "these": wThese, "those": wThose,
		"in": wIn, "yet": wYet}
	for k, v := range words {
		set(k, func(l *lex) { l.w = v })
	}
	set("first", func(l *lex) { l.w = wFirst })
	for _, a := range []string{"mr", "mrs", "ms", "dr", "st", "gen", "gov", "sen", "rep", "inc", "corp", "co", "ltd", "jr", "sr", "no", "vs", "etc", "lt", "col", "capt", "prof"} {
		set(a, func(l *lex) { l.abbr = true })
	}
	return m
}

// holiday is a fixed-date holiday.
type holiday struct {
	month, day int
}

// holidays maps lower-cased holiday names (first word → rest) to fixed dates.
// Only fixed-date holidays are listed; movable feasts are left out.
var holidays = map[string]holiday{
	"christmas":        {12, 25},
	"christmas day":    {12, 25},
	"christmas eve":    {12, 24},
	"new year's day":   {1, 1},
	"new year's eve":   {12, 31},
	"halloween":        {10, 31},
	"independence day": {7, 4},
	"valentine's day":  {2, 14},
}
