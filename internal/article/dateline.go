package article

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// datelineWords are the words a dateline may hold besides its date and
// time: weekdays, the markers pages put before it, clock and zone words.
var datelineWords = map[string]bool{
	"posted": true, "updated": true, "published": true, "last": true, "found": true,
	"created": true, "modified": true, "date": true, "on": true, "at": true,
	"am": true, "pm": true, "a.m.": true, "p.m.": true, "a.m": true, "p.m": true,
	"gmt": true, "utc": true, "bst": true, "cet": true, "cest": true, "ist": true,
	"et": true, "est": true, "edt": true, "ct": true, "cst": true, "cdt": true,
	"mt": true, "mst": true, "mdt": true, "pt": true, "pst": true, "pdt": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "mon": true, "tue": true, "tues": true, "wed": true,
	"thu": true, "thur": true, "thurs": true, "fri": true, "sat": true, "sun": true,
}

// datelineMonths maps month names and abbreviations to months.
var datelineMonths = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
	"april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
	"august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "october": 10,
	"oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

var (
	// datelineToken is a number, a clock time, an ordinal or punctuation.
	datelineToken = regexp.MustCompile(`^(?:\d{1,4}(?:st|nd|rd|th)?|\d{1,2}[:.]\d{2}(?:[ap]m)?|\d{1,2}(?:[ap]m)|[,:/.|@()\-–—;]+)$`)
	// datelineNumeric is a numeric date (month/day/year, or day/month/year
	// when the first number cannot be a month) in a respaced dateline.
	datelineNumeric = regexp.MustCompile(`\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b`)
	// datelineNamed is a day and year around a month name.
	datelineNamed = regexp.MustCompile(`(?:\b(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?\s*[,\-]?\s*(\d{4})\b|\b([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s*[,\-]?\s*(\d{4})\b)`)
)

// maxDatelineTokens bounds the tokens of a dateline.
const maxDatelineTokens = 16

// isDateline reports whether s is a dateline (see datelineDate).
func isDateline(s string) bool {
	_, ok := datelineDate(s)
	return ok
}

// datelineDate reports whether s is a dateline, a line that holds nothing
// but a publication date and time ("May 2 , 2013 , 1 : 12 PM", "Posted
// 11 / 27 / 2005 7 : 21 AM", "Sunday , 21 July 2013"), and returns its
// date (UTC midnight of the day; a numeric date is read as month/day/year
// unless its first number cannot be a month).
func datelineDate(s string) (time.Time, bool) {
	toks := strings.Fields(strings.ToLower(s))
	if len(toks) == 0 || len(toks) > maxDatelineTokens {
		return time.Time{}, false
	}
	for _, t := range toks {
		t = strings.Trim(t, ",;|")
		if t == "" || datelineWords[t] || datelineMonths[strings.TrimSuffix(t, ".")] != 0 || datelineToken.MatchString(t) {
			continue
		}
		return time.Time{}, false
	}
	// undo the tokeniser's spacing around separators
	j := strings.Join(toks, " ")
	for _, sep := range []string{" / ", " : "} {
		j = strings.ReplaceAll(j, sep, strings.TrimSpace(sep))
	}
	if m := datelineNamed.FindStringSubmatch(j); m != nil {
		day, mon, year := m[1], m[2], m[3]
		if m[4] != "" {
			day, mon, year = m[5], m[4], m[6]
		}
		if month := datelineMonths[mon]; month != 0 {
			if t, ok := datelineYMD(year, int(month), day); ok {
				return t, true
			}
		}
	}
	if m := datelineNumeric.FindStringSubmatch(j); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		month, day := a, strconv.Itoa(b)
		if a > 12 {
			month, day = b, m[1]
		}
		if t, ok := datelineYMD(m[3], month, day); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

// datelineYMD builds a date from a year (two digits: 1970–2069), a month
// and a day, reporting false when they name no calendar day.
func datelineYMD(year string, month int, day string) (time.Time, bool) {
	y, err1 := strconv.Atoi(year)
	dd, err2 := strconv.Atoi(day)
	if err1 != nil || err2 != nil || month < 1 || month > 12 || dd < 1 || dd > 31 {
		return time.Time{}, false
	}
	if len(year) == 2 {
		y += 1900
		if y < 1970 {
			y += 100
		}
	}
	t := time.Date(y, time.Month(month), dd, 0, 0, 0, 0, time.UTC)
	if t.Day() != dd {
		return time.Time{}, false
	}
	return plausible(t)
}
