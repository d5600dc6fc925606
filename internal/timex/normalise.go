package timex

import (
	"strconv"
	"time"
)

// Direction of an underspecified expression relative to the anchor.
const (
	dirNone   = 0
	dirPast   = -1
	dirFuture = 1
	// dirPresent is a cue that stops the search for a tense (is, are, says).
	dirPresent = 2
)

func itoa4(y int) string {
	if y < 0 || y > 9999 {
		return "XXXX"
	}
	var b [4]byte
	put4(b[:], y)
	return string(b[:])
}

// put4 writes 0 <= n <= 9999 as four digits into b[:4].
func put4(b []byte, n int) {
	b[0] = byte('0' + n/1000)
	b[1] = byte('0' + n/100%10)
	b[2] = byte('0' + n/10%10)
	b[3] = byte('0' + n%10)
}

// two holds the two-digit strings "00" to "99", so that pad2 need not
// allocate.
var two = func() (t [100]string) {
	for i := range t {
		t[i] = string([]byte{byte('0' + i/10), byte('0' + i%10)})
	}
	return t
}()

func pad2(n int) string {
	if n >= 0 && n < 100 {
		return two[n]
	}
	return strconv.Itoa(n)
}

func fmtDate(t time.Time) string {
	if y := t.Year(); y <= 0 {
		return itoa4(y) + "-" + pad2(int(t.Month())) + "-" + pad2(t.Day())
	}
	return fmtYMD(t.Year(), int(t.Month()), t.Day())
}

// fmtYMD formats YYYY-MM-DD in one allocation; y <= 0 gives XXXX.
func fmtYMD(y, m, d int) string {
	if y > 9999 || m < 0 || m > 99 || d < 0 || d > 99 {
		return itoa4(y) + "-" + pad2(m) + "-" + pad2(d)
	}
	b := [10]byte{'X', 'X', 'X', 'X', '-', 0, 0, '-', 0, 0}
	if y > 0 {
		put4(b[:4], y)
	}
	b[5], b[6] = byte('0'+m/10), byte('0'+m%10)
	b[8], b[9] = byte('0'+d/10), byte('0'+d%10)
	return string(b[:])
}

// fmtYM formats YYYY-MM in one allocation; y <= 0 gives XXXX.
func fmtYM(y, m int) string {
	if y > 9999 || m < 0 || m > 99 {
		return itoa4(y) + "-" + pad2(m)
	}
	b := [7]byte{'X', 'X', 'X', 'X', '-', 0, 0}
	if y > 0 {
		put4(b[:4], y)
	}
	b[5], b[6] = byte('0'+m/10), byte('0'+m%10)
	return string(b[:])
}

func fmtWeek(t time.Time) string {
	y, w := t.ISOWeek()
	return itoa4(y) + "-W" + pad2(w)
}

var seasonCode = [...]string{"", "SP", "SU", "FA", "WI"}

// seasonOf returns the season (1 SP .. 4 WI) of a month and the year the
// season is labelled with (winter belongs to the year of its December).
func seasonOf(y int, m time.Month) (int, int) {
	switch {
	case m >= 3 && m <= 5:
		return 1, y
	case m >= 6 && m <= 8:
		return 2, y
	case m >= 9 && m <= 11:
		return 3, y
	case m == 12:
		return 4, y
	}
	return 4, y - 1
}

// resolveWeekday returns the date of weekday wd (1 Monday .. 7 Sunday)
// relative to anchor a: dirPast → on or before a, dirFuture → on or after a,
// dirNone → nearest. strict excludes the anchor day itself.
func resolveWeekday(a time.Time, wd int, dir int, strict bool) time.Time {
	cur := int(a.Weekday())
	if cur == 0 {
		cur = 7
	}
	back := (cur - wd + 7) % 7 // days back to the previous (or same) wd
	fwd := (wd - cur + 7) % 7
	if strict {
		if back == 0 {
			back = 7
		}
		if fwd == 0 {
			fwd = 7
		}
	}
	switch dir {
	case dirPast:
		return a.AddDate(0, 0, -back)
	case dirFuture:
		return a.AddDate(0, 0, fwd)
	}
	if back <= fwd {
		return a.AddDate(0, 0, -back)
	}
	return a.AddDate(0, 0, fwd)
}

// resolveMonth returns the year of month m relative to anchor a. rel is -1
// for "last", +1 for "next", 2 for "this", 0 for a bare month whose
// direction is dir. News refers back more often than forward, so a bare
// month without a tense cue is taken as the coming one only when it is at
// most four months ahead; a past-tense month may still be the next one ("the
// offer was extended to Nov. 16" at the end of October).
func resolveMonth(a time.Time, m int, rel, dir int) int {
	y, am := a.Year(), int(a.Month())
	switch rel {
	case -1:
		if m < am-1 {
			return y
		}
		return y - 1
	case 1:
		if m > am {
			return y
		}
		return y + 1
	case 2: // "this"
		return y
	}
	fd := (m - am + 12) % 12 // months ahead
	ahead := false
	switch dir {
	case dirPast:
		ahead = fd == 1
	case dirFuture:
		ahead = true
	default:
		ahead = fd <= 4
	}
	if fd == 0 {
		return y
	}
	if ahead {
		if m > am {
			return y
		}
		return y + 1
	}
	if m < am {
		return y
	}
	return y - 1
}

// resolveSeason returns the year label of season s relative to anchor a.
func resolveSeason(a time.Time, s int, rel, dir int) int {
	cs, cy := seasonOf(a.Year(), a.Month())
	// Order seasons within a "season year" starting with winter of the
	// previous December: WI(4)=0, SP=1, SU=2, FA=3.
	idx := func(s int) int {
		if s == 4 {
			return 0
		}
		return s
	}
	// Absolute index counting seasons.
	cur := cy*4 + idx(cs)
	if cs == 4 {
		cur = (cy+1)*4 + 0
	}
	cand := func(y int) int { // index of season s in season-year y
		return y*4 + idx(s)
	}
	label := func(i int) int { // year label of absolute index i
		y := i / 4
		if i%4 == 0 {
			return y - 1
		}
		return y
	}
	base := cur / 4
	// candidates around the current season
	prev, next := -1, -1
	for y := base - 1; y <= base+1; y++ {
		c := cand(y)
		if c < cur {
			prev = c
		}
		if c > cur && next < 0 {
			next = c
		}
	}
	same := idx(s) == cur%4
	switch rel {
	case -1:
		if s == 4 {
			return label(prev)
		}
		return a.Year() - 1
	case 1:
		return label(next)
	case 2:
		if same {
			return label(cur)
		}
		// "this spring": the one in the current calendar year
		return a.Year()
	}
	if same {
		return label(cur)
	}
	switch dir {
	case dirPast:
		return label(prev)
	case dirFuture:
		return label(next)
	}
	if cur-prev <= next-cur {
		return label(prev)
	}
	return label(next)
}

func quarterOf(m time.Month) int { return (int(m)-1)/3 + 1 }
