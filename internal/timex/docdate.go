package timex

import (
	"math"
	"strings"
	"time"
)

// DocDate is the creation date of a document and where it came from.
type DocDate struct {
	// Date is the calendar date (UTC midnight); zero when unknown.
	Date time.Time `json:"date"`
	// Source is "metadata" (given by the reader), "header" (a date line at
	// the top of the text), "inferred" (from evidence in the text) or
	// "unknown".
	Source string `json:"source"`
	// Confidence is in [0, 1]: 1 for metadata, lower for inference.
	Confidence float64 `json:"confidence"`
}

// ResolveDocDate returns the document date: meta when it is set (the date a
// reader found in the document's metadata), else a date inferred from text
// with InferDocDate when its confidence reaches MinInferredConfidence, else
// an unknown DocDate. It never uses the current time.
func (t *Tagger) ResolveDocDate(meta time.Time, text string) DocDate {
	return t.ResolveDocDateWith(meta, text, nil)
}

// ResolveDocDateWith is ResolveDocDate with an inference that also uses
// what mem remembers of the events text mentions (see InferDocDateWith);
// a nil mem is allowed.
func (t *Tagger) ResolveDocDateWith(meta time.Time, text string, mem *EventMemory) DocDate {
	if !meta.IsZero() {
		return DocDate{Date: time.Date(meta.Year(), meta.Month(), meta.Day(), 0, 0, 0, 0, time.UTC), Source: "metadata", Confidence: 1}
	}
	if d, ok := headerDate(text); ok {
		return DocDate{Date: d, Source: "header", Confidence: 0.95}
	}
	if d, c, ok := t.InferDocDateWith(text, mem); ok && c >= MinInferredConfidence {
		return DocDate{Date: d, Source: "inferred", Confidence: c}
	}
	return DocDate{Source: "unknown"}
}

// MinInferredConfidence is the confidence below which ResolveDocDate does
// not take an inferred date: such a text fixes a month or a season but
// leaves the year open, and a wrong year on a timeline is worse than no
// date. InferDocDate still returns the guess.
const MinInferredConfidence = 0.3

// recurringEvent is an event that recurs every year on a known rule, named
// by phrases that identify it in news text. base is the year of the first
// occurrence for anniversaries ("75 years of Communist Party rule"), or 0.
type recurringEvent struct {
	keys []string
	// start returns the first day of the event in year y; days is its length.
	start func(y int) time.Time
	days  int
	base  int
	// head is the noun later sentences use to refer back to the event
	// ("the conference"), or "".
	head string
}

// fridayBetween returns the Friday of month m in year y whose day lies in
// [from, from+6].
func fridayBetween(y int, m time.Month, from int) time.Time {
	d := time.Date(y, m, from, 0, 0, 0, 0, time.UTC)
	for d.Weekday() != time.Friday {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

func fixedDay(m time.Month, d int) func(int) time.Time {
	return func(y int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
}

// recurringEvents is a small table of annual events that date news reports
// about them. Keep it short, general and sourced:
//   - Munich Security Conference: annually Friday–Sunday in mid-February
//     (2022-02-18, 2023-02-17, 2024-02-16, 2025-02-14).
//   - Founding of the People's Republic of China: National Day, October 1,
//     since 1949 (also the anniversary of Communist Party rule).
//   - US Independence Day: July 4, since 1776.
var recurringEvents = []recurringEvent{
	{keys: []string{"Munich Security Conference"}, start: func(y int) time.Time { return fridayBetween(y, time.February, 13) }, days: 3, head: "conference"},
	{keys: []string{"Communist Party rule", "founding of the People's Republic", "People's Republic of China's founding", "China's National Day"}, start: fixedDay(time.October, 1), days: 1, base: 1949},
	{keys: []string{"Independence Day", "Fourth of July"}, start: fixedDay(time.July, 4), days: 1, base: 1776},
}

// datedEvent is a one-off event often referred to without its date.
type datedEvent struct {
	keys []string
	date time.Time
}

// datedEvents lists a few one-off events of global reach that news refers
// back to for years ("since Russia's full-scale invasion"). Dates are public
// record. Keep it to events of that reach: events of one story are dated
// from the story's own dated reports, not from this table.
var datedEvents = []datedEvent{
	{keys: []string{"Russia's full-scale invasion"}, date: time.Date(2022, 2, 24, 0, 0, 0, 0, time.UTC)}, // of Ukraine
	{keys: []string{"September 11 attacks", "9/11 attacks"}, date: time.Date(2001, 9, 11, 0, 0, 0, 0, time.UTC)},
}

// officeTerm is a well-known office holder whose title-and-name mention
// dates a report to the term of office.
type officeTerm struct {
	keys       []string
	start, end time.Time
}

func ymd(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// officeTerms lists US presidents, whose terms date much of international
// news; a mention with the title ("President Joe Biden") but
// not "former" implies the report falls in the term.
var officeTerms = []officeTerm{
	{keys: []string{"President Joe Biden", "President Biden", "Biden administration"}, start: ymd(2021, 1, 20), end: ymd(2025, 1, 20)},
	{keys: []string{"President Barack Obama", "President Obama", "Obama administration"}, start: ymd(2009, 1, 20), end: ymd(2017, 1, 20)},
	{keys: []string{"President George W. Bush"}, start: ymd(2001, 1, 20), end: ymd(2009, 1, 20)},
	{keys: []string{"President Bill Clinton", "President Clinton", "Clinton administration"}, start: ymd(1993, 1, 20), end: ymd(2001, 1, 20)},
}

// constraint is one piece of evidence about the document date.
type constraint struct {
	w  float64
	ok func(d time.Time) bool
}

// InferDocDate infers the creation date of an undated news text from its
// content: fully specified dates mentioned in past-tense context bound it
// from below; known recurring events (with "today", "this week"...),
// anniversaries ("75 years of Communist Party rule"), widely reported one-off
// events referred to relatively ("a week ago", "last November") and terms of
// office of prominent office holders narrow it down. Relative expressions
// near a known event must, when resolved against the candidate date, cover
// the event. The earliest best-scoring day is returned with a confidence in
// (0, 1); ok is false when the text carries no usable evidence. It never
// looks at the current time.
func (t *Tagger) InferDocDate(text string) (time.Time, float64, bool) {
	return t.InferDocDateWith(text, nil)
}

// InferDocDateWith is InferDocDate with the archive's event memory: an
// event mem remembers (from dated articles) that text refers to with a
// relative expression ("the spy balloon shot down a week ago") must fall
// where that expression, resolved against the candidate date, puts it;
// events recalled in several sentences that agree bound the date. This
// picks the year when the text's own evidence (a month from a recurring
// event or explicit dates, a term of office, weekdays) leaves it open. A
// nil or empty mem adds nothing.
func (t *Tagger) InferDocDateWith(text string, mem *EventMemory) (time.Time, float64, bool) {
	if d, ok := headerDate(text); ok {
		return d, 0.95, true
	}
	var cheap, costly []constraint
	minY, maxY := 0, 0
	note := func(y int) {
		if minY == 0 || y < minY {
			minY = y
		}
		if y > maxY {
			maxY = y
		}
	}
	p := parser{text: text}
	p.toks, _ = tokenize(text, nil, nil)
	p.run()
	tx := p.out
	// Absolute dates in past or neutral context bound the date from below.
	for _, x := range tx {
		if x.Type != "DATE" {
			continue
		}
		i := p.tokenAt(x.Start)
		dir := p.tense(i, i+1)
		if len(x.Value) == 10 && x.Value[:5] == "XXXX-" {
			// A month and day without a year: the report is written within
			// weeks after it (or before it in future context).
			m, ok1 := atoiSafe(x.Value[5:7])
			dd, ok2 := atoiSafe(x.Value[8:10])
			if !ok1 || !ok2 || m < 1 || m > 12 {
				continue
			}
			fut := dir == dirFuture
			cheap = append(cheap, constraint{w: 0.5, ok: func(d time.Time) bool {
				for _, y := range [...]int{d.Year(), d.Year() - 1, d.Year() + 1} {
					e := ymd(y, time.Month(m), dd)
					diff := d.Sub(e)
					if fut && diff <= 0 && diff > -90*24*time.Hour || !fut && diff >= 0 && diff < 45*24*time.Hour {
						return true
					}
				}
				return false
			}})
			continue
		}
		s, e, ok := ValueRange(x.Value)
		if !ok {
			continue
		}
		note(s.Year())
		if dir == dirFuture {
			continue
		}
		if len(x.Value) == 4 {
			y := s.Year()
			cheap = append(cheap, constraint{w: 0.3, ok: func(d time.Time) bool { return d.Year() == y || d.Year() == y+1 }})
		}
		cheap = append(cheap, constraint{w: 1, ok: func(d time.Time) bool { return !d.Before(e) || (len(x.Value) == 10 && !d.Before(s)) }})
		if len(x.Value) >= 7 {
			cheap = append(cheap, constraint{w: 0.5, ok: func(d time.Time) bool { return !d.Before(s) && d.Before(e.AddDate(0, 2, 0)) }})
		}
	}
	// "Monday, Oct. 26" without a year: the nearest such date must fall on
	// that weekday.
	for i := range p.toks {
		wd := int(p.toks[i].lx.wday)
		if wd == 0 || !p.toks[i].upper || p.toks[i].lx.plural {
			continue
		}
		c := i + 1
		if p.isPunct(c, ".") {
			c++
		}
		if p.isPunct(c, ",") {
			c++
		}
		m, k, ok := p.monthAt(c)
		if !ok {
			continue
		}
		dd, k2, ok := p.dayNum(k)
		if !ok || p.t(k2).kind == kNum || p.isPunct(k2, ",") && p.t(k2+1).kind == kNum {
			continue
		}
		want := time.Weekday(wd % 7)
		lo, hi := -60*24*time.Hour, 60*24*time.Hour
		switch p.tense(i, k2) {
		case dirPast:
			lo = -24 * time.Hour
		case dirFuture:
			hi = 24 * time.Hour
		}
		cheap = append(cheap, constraint{w: 2, ok: func(d time.Time) bool {
			for _, y := range [...]int{d.Year(), d.Year() - 1, d.Year() + 1} {
				e := ymd(y, time.Month(m), dd)
				if diff := d.Sub(e); diff > lo && diff < hi {
					return e.Weekday() == want
				}
			}
			return false
		}})
	}
	// Terms of office.
	for _, o := range officeTerms {
		for _, k := range o.keys {
			if i := strings.Index(text, k); i >= 0 && !strings.HasSuffix(strings.TrimSpace(text[max(0, i-10):i]), "former") {
				o := o
				note(o.start.Year())
				note(o.end.Year())
				cheap = append(cheap, constraint{w: 1, ok: func(d time.Time) bool { return !d.Before(o.start) && d.Before(o.end) }})
				break
			}
		}
	}
	if strings.Contains(text, "election year") && (strings.Contains(text, "United States") || strings.Contains(text, "US ") || strings.Contains(text, "U.S.")) {
		cheap = append(cheap, constraint{w: 1, ok: func(d time.Time) bool { return d.Year()%4 == 0 }})
	}
	// Events.
	for _, ev := range recurringEvents {
		for _, k := range ev.keys {
			pos := strings.Index(text, k)
			if pos < 0 {
				continue
			}
			ev := ev
			sent := sentenceAround(text, pos)
			rel := t.Tag(sent, time.Time{})
			if ev.base > 0 {
				// "75 years of Communist Party rule", "the 75th anniversary of ..."
				for _, x := range rel {
					if x.Type == "DURATION" && strings.HasSuffix(x.Value, "Y") && strings.HasPrefix(x.Value, "P") {
						if n, ok := atoiSafe(x.Value[1 : len(x.Value)-1]); ok && n > 0 {
							y := ev.base + n
							note(y)
							cheap = append(cheap, constraint{w: 3, ok: func(d time.Time) bool { return d.Year() == y }})
						}
					}
				}
			}
			span := func(y int) (time.Time, time.Time) {
				s := ev.start(y)
				return s, s.AddDate(0, 0, ev.days)
			}
			costly = append(costly, t.eventConstraint(sent, span, rel, true))
			if ev.head != "" {
				costly = append(costly, t.anaphorConstraints(text, pos+len(k), " the "+ev.head, span)...)
			}
			break
		}
	}
	for _, ev := range datedEvents {
		for _, k := range ev.keys {
			pos := strings.Index(text, k)
			if pos < 0 {
				continue
			}
			ev := ev
			note(ev.date.Year())
			sent := sentenceAround(text, pos)
			rel := t.Tag(sent, time.Time{})
			cheap = append(cheap, constraint{w: 1, ok: func(d time.Time) bool { return !d.Before(ev.date) }})
			costly = append(costly, t.eventConstraint(sent, func(int) (time.Time, time.Time) {
				return ev.date, ev.date.AddDate(0, 0, 1)
			}, rel, false))
			break
		}
	}
	if mem != nil {
		c1, c2, ys := t.memoryConstraints(text, mem)
		cheap = append(cheap, c1...)
		costly = append(costly, c2...)
		for _, y := range ys {
			note(y)
		}
	}
	if len(cheap) == 0 && len(costly) == 0 || minY == 0 {
		return time.Time{}, 0, false
	}
	// Candidate days: the years evidence points at, one year either side.
	from := ymd(minY-1, 1, 1)
	to := ymd(maxY+2, 1, 1)
	if to.Sub(from) > 60*365*24*time.Hour {
		from = to.AddDate(-60, 0, 0)
	}
	type cand struct {
		d time.Time
		s float64
	}
	var cands []cand
	best := math.Inf(-1)
	for d := from; d.Before(to); d = d.AddDate(0, 0, 1) {
		s := 0.0
		for _, c := range cheap {
			if c.ok(d) {
				s += c.w
			}
		}
		cands = append(cands, cand{d, s})
		if s > best {
			best = s
		}
	}
	// Costly constraints re-tag a sentence per candidate: evaluate them on
	// the near-best candidates only, and on the best ones when those are
	// too many.
	margin, near := 2.5, 0
	for _, c := range cands {
		if c.s >= best-margin {
			near++
		}
	}
	if near > 4000 {
		margin = 0
	}
	var bestD time.Time
	bestS, n := math.Inf(-1), 0
	for _, c := range cands {
		if c.s < best-margin {
			continue
		}
		s := c.s
		for _, k := range costly {
			if k.ok(c.d) {
				s += k.w
			}
		}
		switch {
		case s > bestS:
			bestS, bestD, n = s, c.d, 1
		case s == bestS:
			n++
		}
	}
	if bestS < 1 {
		return time.Time{}, 0, false
	}
	conf := bestS / (bestS + 4)
	conf /= 1 + math.Log10(float64(n))
	return bestD, math.Round(conf*100) / 100, true
}

// eventConstraint builds the constraint that relative expressions in the
// sentence of an event mention, resolved against the candidate date, cover
// the event (span returns the event days in a year). Without such an
// expression, a recurring event mentioned with present-tense cues ("opened",
// "is taking place") must be under way; otherwise the constraint is weak.
func (t *Tagger) eventConstraint(sent string, span func(y int) (time.Time, time.Time), rel []Timex, recurring bool) constraint {
	var relIdx []int
	for i, x := range rel {
		if x.Type == "DATE" || x.Type == "TIME" {
			if _, _, ok := ValueRange(x.Value); !ok {
				relIdx = append(relIdx, i)
			}
		}
	}
	if len(relIdx) == 0 {
		if !recurring {
			return constraint{w: 0, ok: func(time.Time) bool { return false }}
		}
		return constraint{w: 0.5, ok: func(d time.Time) bool {
			s, _ := span(d.Year())
			return !d.Before(s.AddDate(0, 0, -30)) && d.Before(s.AddDate(0, 0, 30))
		}}
	}
	return constraint{w: 2, ok: func(d time.Time) bool {
		xs := t.Tag(sent, d)
		for _, i := range relIdx {
			if i >= len(xs) {
				continue
			}
			s, e, ok := ValueRange(xs[i].Value)
			if !ok {
				// "a week ago" resolves to a day; allow vague distances
				continue
			}
			for _, y := range [...]int{d.Year() - 1, d.Year(), d.Year() + 1} {
				es, ee := span(y)
				slack := 0
				if strings.Contains(strings.ToLower(xs[i].Text), "ago") {
					slack = 6
				}
				if es.Before(e.AddDate(0, 0, slack)) && s.AddDate(0, 0, -slack).Before(ee) {
					return true
				}
			}
		}
		return false
	}}
}

// anaphorConstraints finds later sentences that refer back to an event with
// its head noun ("the conference, which opened Friday and continues through
// Sunday") and adds, for each relative date in them, a constraint that it
// covers the event when resolved against the candidate date.
func (t *Tagger) anaphorConstraints(text string, from int, ref string, span func(y int) (time.Time, time.Time)) []constraint {
	var cs []constraint
	for n := 0; n < 3 && from < len(text); n++ {
		j := strings.Index(text[from:], ref)
		if j < 0 {
			break
		}
		pos := from + j
		sent := sentenceAround(text, pos)
		from = pos + len(ref)
		for i, x := range t.Tag(sent, time.Time{}) {
			if x.Type != "DATE" {
				continue
			}
			if _, _, ok := ValueRange(x.Value); ok {
				continue
			}
			i := i
			cs = append(cs, constraint{w: 0.75, ok: func(d time.Time) bool {
				xs := t.Tag(sent, d)
				if i >= len(xs) {
					return false
				}
				s, e, ok := ValueRange(xs[i].Value)
				if !ok {
					return false
				}
				for _, y := range [...]int{d.Year() - 1, d.Year(), d.Year() + 1} {
					if es, ee := span(y); es.Before(e) && s.Before(ee) {
						return true
					}
				}
				return false
			}})
		}
	}
	return cs
}

// headerDate finds a metadata-like date line at the very top of a text
// ("date 2023-06-19", "Published: 2024-02-16").
func headerDate(text string) (time.Time, bool) {
	head := text
	if len(head) > 120 {
		head = head[:120]
	}
	if i := strings.IndexByte(strings.TrimLeft(head, " \t\r\n"), '\n'); i >= 0 {
		head = strings.TrimLeft(head, " \t\r\n")[:i]
	}
	low := strings.ToLower(head)
	k := -1
	for _, w := range []string{"date", "published", "posted", "updated"} {
		if j := strings.Index(low, w); j >= 0 && j < 20 {
			k = j + len(w)
			break
		}
	}
	if k < 0 {
		return time.Time{}, false
	}
	rest := head[k:]
	for i := 0; i+10 <= len(rest); i++ {
		if rest[i] >= '0' && rest[i] <= '9' {
			if d, err := time.Parse("2006-01-02", rest[i:i+10]); err == nil {
				return d, true
			}
			return time.Time{}, false
		}
	}
	return time.Time{}, false
}

// sentenceAround returns the sentence containing byte offset pos: it is
// bounded by line breaks and by sentence ends (sentenceEnd: "the U.S. shot
// down" and "Mr. Blinken" stay whole).
func sentenceAround(text string, pos int) string {
	s := pos
	for s > 0 && text[s-1] != '\n' && !sentenceEnd(text, s-1) {
		s--
	}
	e := pos
	for e < len(text) && text[e] != '\n' && !sentenceEnd(text, e) {
		e++
	}
	return strings.TrimSpace(text[s:e])
}

func atoiSafe(s string) (int, bool) {
	n := 0
	if s == "" || len(s) > 6 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// tokenAt returns the index of the token starting at or containing byte
// offset off.
func (p *parser) tokenAt(off int) int {
	lo, hi := 0, len(p.toks)
	for lo < hi {
		m := (lo + hi) / 2
		if p.toks[m].end <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
