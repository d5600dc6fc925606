package article

import (
	"strconv"
	"strings"
	"time"

	"github.com/araddon/dateparse"
)

// dateLayouts are tried, in order, before the general date parser.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02T15:04:05-0700",
	"2006-01-02T15:04:05.000-0700",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"January 2, 2006",
	"Jan 2, 2006",
	"2 January 2006",
	"20060102",
}

// parseDate parses a publication date written in one of many common forms
// (RFC 3339, "2006-01-02", "2006-01-02 15:04:05", RFC 1123, "June 19,
// 2023", ...). Dates without a zone are taken as UTC. It reports false for
// text it cannot read and for years outside 1800–2200.
func parseDate(s string) (t time.Time, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}, false
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return plausible(t)
		}
	}
	defer func() {
		if recover() != nil { // the general parser has panicked on odd input before
			t, ok = time.Time{}, false
		}
	}()
	t, err := dateparse.ParseIn(s, time.UTC)
	if err != nil {
		return time.Time{}, false
	}
	return plausible(t)
}

// parseEpoch reads a Unix time in seconds or, when too large for that,
// milliseconds.
func parseEpoch(s string) (time.Time, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f <= 0 {
		return time.Time{}, false
	}
	if f > 1e11 {
		f /= 1000
	}
	if f > 1e11 {
		return time.Time{}, false
	}
	return plausible(time.Unix(int64(f), 0).UTC())
}

func plausible(t time.Time) (time.Time, bool) {
	if y := t.Year(); y < 1800 || y > 2200 {
		return time.Time{}, false
	}
	return t, true
}
