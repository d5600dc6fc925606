package timex

import (
	"regexp"
	"strconv"
	"time"
)

var (
	reDateValue = regexp.MustCompile(`^(?:PRESENT_REF|PAST_REF|FUTURE_REF|` +
		`(?:[0-9X]{4}(?:-(?:(?:0[1-9]|1[0-2]|XX)(?:-(?:0[1-9]|[12][0-9]|3[01]|XX))?|W(?:0[1-9]|[1-4][0-9]|5[0-3]|XX)(?:-(?:[1-7X]|WE))?|Q[1-4X]|H[12X]|SP|SU|FA|WI))?` +
		`(?:T(?:MO|AF|EV|NI|DT|(?:[01][0-9]|2[0-4])(?::[0-5][0-9](?::[0-5][0-9])?)?))?)` +
		`|[0-9X]{2,3})$`)
	reDurValue = regexp.MustCompile(`^P(?:(?:[0-9]+(?:\.[0-9]+)?|X)(?:Y|M|W|D|DE|CE|Q|H|WE))*(?:T(?:(?:[0-9]+(?:\.[0-9]+)?|X)[HMS])+)?$`)
)

// ValidValue reports whether v is a well-formed TIMEX3 value for the given
// type (DATE, TIME, DURATION or SET), following TimeML 1.2.1: calendar
// values ("2024", "2024-02", "2024-02-16", "2024-W07", "2024-W07-WE",
// "2024-Q1", "2024-H1", "2024-SP", "199" decade, "19" century, with X for
// unknown digits, optionally with a time "T14:30" or part of day "TMO"), the
// reference tokens PRESENT_REF, PAST_REF, FUTURE_REF, and durations ("P5Y",
// "PT7.5H", "PXD"). SET values may be either form.
func ValidValue(typ, v string) bool {
	switch typ {
	case "DATE", "TIME":
		return validCalendar(v)
	case "DURATION":
		return validDuration(v)
	case "SET":
		return validCalendar(v) || validDuration(v)
	}
	return false
}

func validDuration(v string) bool {
	return len(v) > 1 && reDurValue.MatchString(v)
}

func validCalendar(v string) bool {
	if !reDateValue.MatchString(v) {
		return false
	}
	// Day must exist in its month when fully specified.
	if len(v) >= 10 && v[4] == '-' && v[7] == '-' {
		y, e1 := strconv.Atoi(v[:4])
		m, e2 := strconv.Atoi(v[5:7])
		d, e3 := strconv.Atoi(v[8:10])
		if e1 == nil && e2 == nil && e3 == nil && d > daysIn(y, m) {
			return false
		}
	}
	return true
}

// ValueRange returns the calendar interval [start, end) that a fully
// specified DATE value covers: "2024" the year, "2024-02" the month,
// "2024-02-16" the day, "2024-W07" the ISO week, "2024-W07-WE" its
// Saturday and Sunday, "2024-Q1", "2024-H1", "2024-SP" (meteorological
// seasons; winter is December to February). ok is false for other values.
func ValueRange(v string) (start, end time.Time, ok bool) {
	if len(v) < 4 {
		return
	}
	y, err := strconv.Atoi(v[:4])
	if err != nil {
		return
	}
	date := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	if i := indexByte(v, 'T'); i > 0 {
		v = v[:i]
	}
	switch {
	case len(v) == 4:
		return date(y, 1, 1), date(y+1, 1, 1), true
	case len(v) == 7 && v[4] == '-' && v[5] >= '0' && v[5] <= '9':
		m, err := strconv.Atoi(v[5:7])
		if err != nil || m < 1 || m > 12 {
			return
		}
		return date(y, m, 1), date(y, m+1, 1), true
	case len(v) == 10 && v[4] == '-' && v[7] == '-':
		m, e1 := strconv.Atoi(v[5:7])
		d, e2 := strconv.Atoi(v[8:10])
		if e1 != nil || e2 != nil || !validYMD(y, m, d) {
			return
		}
		return date(y, m, d), date(y, m, d+1), true
	case len(v) >= 8 && v[5] == 'W':
		w, err := strconv.Atoi(v[6:8])
		if err != nil || w < 1 || w > 53 {
			return
		}
		// ISO week 1 contains January 4th.
		jan4 := date(y, 1, 4)
		wd := int(jan4.Weekday())
		if wd == 0 {
			wd = 7
		}
		mon := jan4.AddDate(0, 0, 1-wd+7*(w-1))
		if len(v) == 11 && v[8:] == "-WE" {
			return mon.AddDate(0, 0, 5), mon.AddDate(0, 0, 7), true
		}
		if len(v) == 8 {
			return mon, mon.AddDate(0, 0, 7), true
		}
	case len(v) == 7 && v[5] == 'Q' && v[6] >= '1' && v[6] <= '4':
		q := int(v[6] - '0')
		return date(y, 3*q-2, 1), date(y, 3*q+1, 1), true
	case len(v) == 7 && v[5] == 'H' && (v[6] == '1' || v[6] == '2'):
		h := int(v[6] - '0')
		return date(y, 6*h-5, 1), date(y, 6*h+1, 1), true
	case len(v) == 7:
		switch v[5:] {
		case "SP":
			return date(y, 3, 1), date(y, 6, 1), true
		case "SU":
			return date(y, 6, 1), date(y, 9, 1), true
		case "FA":
			return date(y, 9, 1), date(y, 12, 1), true
		case "WI":
			return date(y, 12, 1), date(y+1, 3, 1), true
		}
	}
	return
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}
