package link

import (
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/event"
	"github.com/storyline-news/storyline/internal/timex"
)

// span is the interval an event mention may lie in. A hard span comes from
// a calendar TIMEX3 value (a day, a month, a season); a soft one from the
// article date and the tense (PAST_REF, FUTURE_REF, "will meet", "met").
type span struct {
	start, end time.Time
	hard, ok   bool
}

const day = 24 * time.Hour

// eventSpan returns the span of e reported in an article of date (zero when
// unknown).
func eventSpan(e event.Event, date time.Time) span {
	if s, end, ok := timex.ValueRange(e.When); ok {
		hard := e.Mod != "BEFORE" && e.Mod != "AFTER"
		return span{s, end, hard, true}
	}
	if date.IsZero() {
		return span{}
	}
	d := date.Truncate(day)
	soft := func(from, to time.Duration) span { return span{d.Add(from), d.Add(to), false, true} }
	switch e.When {
	case "FUTURE_REF":
		return soft(0, 90*day)
	case "PAST_REF":
		return soft(-730*day, day)
	case "PRESENT_REF":
		return soft(-7*day, 8*day)
	}
	switch {
	case e.Mod == "BEFORE":
		return soft(-30*day, day)
	case e.Mod == "AFTER":
		return soft(0, 60*day)
	case e.Status == event.StatusHappened:
		return soft(-7*day, day)
	case e.Status == event.StatusPlanned, e.Status == event.StatusPossible, e.Status == event.StatusPostponed:
		return soft(0, 60*day)
	}
	return soft(-30*day, 60*day)
}

// compatible reports whether a and b may be the same time: two calendar
// spans when one holds the other (a day inside its month, April inside the
// spring), otherwise when they overlap. Spans that are not known are never
// compatible here (see Linker for the in-cluster rule).
func (a span) compatible(b span) bool {
	if !a.ok || !b.ok {
		return false
	}
	if a.hard && b.hard {
		return !a.start.Before(b.start) && !a.end.After(b.end) || !b.start.Before(a.start) && !b.end.After(a.end)
	}
	return a.start.Before(b.end) && b.start.Before(a.end)
}

// narrower reports whether a is a better (more specific) span than b.
func (a span) narrower(b span) bool {
	if !b.ok {
		return a.ok
	}
	if a.hard != b.hard {
		return a.hard
	}
	return a.ok && a.end.Sub(a.start) < b.end.Sub(b.start)
}

// family groups kinds that may name the same event (as in package event).
func family(kind string) string {
	switch kind {
	case event.KindMeeting, event.KindTalks, event.KindSummit:
		return "meet"
	}
	return kind
}

func normPlace(p string) string {
	p = strings.ToLower(strings.TrimSpace(p))
	if i := strings.IndexByte(p, ','); i > 0 {
		p = strings.TrimSpace(p[:i])
	}
	return p
}

// placeCompatible: unknown is compatible with anything; else equal.
func placeCompatible(a, b string) bool {
	return a == "" || b == "" || a == b
}

// participantsCompatible: the two sets share at least min(|a|, |b|, 2)
// canonical entities, and at least one.
func participantsCompatible(a, b []string) (shared int, ok bool) {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				shared++
				break
			}
		}
	}
	need := min(len(a), len(b), 2)
	return shared, shared >= 1 && shared >= need
}

// linkedEvent is one real-world event: the event mentions of every article
// that reports it.
type linkedEvent struct {
	id       string
	kind     string
	family   string
	parts    []string // canonical ids, first seen first
	names    map[string]string
	place    string // normalised
	placeRaw string
	when     string
	whenText string
	span     span
	status   string
	statusAt time.Time // date of the report that gave status
	statusSq int
	cluster  *group
	story    *group
	mentions []Mention
	seq      int
	seq0     int       // Linker sequence of the first report
	ord      int       // creation number (1 for the first event)
	last     time.Time // latest article date
	evicted  bool
}
