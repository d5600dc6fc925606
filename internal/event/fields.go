package event

import (
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/timex"
)

// ---- place ----

type placeCand struct {
	ent *entity.Entity
	ev  Span
	at  int
}

// place finds where the mention's event takes place: "in"/"at"/"on the
// sidelines of" a place or a venue, "to" a place for a visit, or a place
// right before a noun trigger ("a Munich meeting").
func (d *doc) place(m *mention, L, R int) {
	var cands []placeCand
	i, j := m.trig[0], m.trig[1]
	isVisit := m.kind == KindVisit
	consider := func(k int, prep string) {
		// Skip determiners and times to the entity.
		for q := k; q < R && q < k+5; q++ {
			if ei := d.tokEnt[q]; ei >= 0 {
				em := d.ems[ei]
				if em.ent.Source || em.ent.Type == "PER" {
					return
				}
				if p := d.placeOf(em.ent); p != nil {
					cands = append(cands, placeCand{p, d.span(em.m.Start, em.m.End), q})
				}
				return
			}
			switch d.low[q] {
			case "the", "this", "last", "next", "weekend", "'s", "week", "year", "annual", "ancient", "state", "a":
				continue
			case "conference", "summit", "forum", "sidelines":
				if v := d.venue(); v != nil {
					cands = append(cands, placeCand{v, d.tokSpan(q, q+1), q})
				}
				return
			}
			if d.tokTx[q] >= 0 {
				continue
			}
			return
		}
	}
	// Places after the trigger, and a fronted "In Beijing, ..." clause.
	from := j
	if st := d.sentTok[m.sent][0]; L == st && (d.low[st] == "in" || d.low[st] == "at") {
		from = st
	}
	for k := from; k < R; k++ {
		if k >= i && k < j {
			continue
		}
		w := d.low[k]
		switch {
		case w == "in" || w == "at":
			consider(k+1, w)
		case w == "sidelines" && k+1 < R && d.low[k+1] == "of":
			consider(k+2, w)
		case (w == "to" || w == "for" && d.low[i] == "flight") && isVisit && k == j:
			consider(k+1, w)
		}
	}
	if isVisit && j < R {
		if ei := d.tokEnt[j]; ei >= 0 && d.low[i] != "trip" {
			em := d.ems[ei]
			if p := d.placeOf(em.ent); p != nil && em.ent.Type == "LOC" {
				cands = append([]placeCand{{p, d.span(em.m.Start, em.m.End), j}}, cands...)
			}
		}
	}
	if i > 0 && !isVisit {
		if ei := d.tokEnt[i-1]; ei >= 0 {
			em := d.ems[ei]
			if em.ent.Type == "LOC" {
				if p := d.placeOf(em.ent); p != nil {
					cands = append(cands, placeCand{p, d.span(em.m.Start, em.m.End), i - 1})
				}
			}
		}
	}
	if len(cands) == 0 {
		return
	}
	best := cands[0]
	if !isVisit {
		for _, c := range cands {
			if !d.isCountry(c.ent) {
				best = c
				break
			}
		}
	}
	m.place, m.placeEnt = best.ent.Name, best.ent
	ev := best.ev
	m.placeEv = &ev
}

// placeOf returns the place an entity stands for: a LOC itself, or for a
// venue (an ORG or LOC whose name contains a place of the article, "Munich
// Security Conference") that place. Countries named as places stay places.
func (d *doc) placeOf(e *entity.Entity) *entity.Entity {
	if e.Type == "LOC" && (e.Country != "" || e.GeoID != 0) {
		return e
	}
	if e.Type == "ORG" || e.Type == "LOC" || e.Type == "MISC" {
		for _, w := range strings.Fields(e.Name) {
			w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
			for ei := range d.ents {
				p := &d.ents[ei]
				if p != e && p.Type == "LOC" && p.Name == w && !d.isCountry(p) {
					return p
				}
			}
		}
		if e.Type == "LOC" {
			return e
		}
	}
	return nil
}

// venue returns the place of the article's one named venue ("the
// conference" → the Munich Security Conference → Munich).
func (d *doc) venue() *entity.Entity {
	var found *entity.Entity
	for ei := range d.ents {
		e := &d.ents[ei]
		if !isVenue(e.Name) || e.Source {
			continue
		}
		if p := d.placeOf(e); p != nil {
			if found != nil && found != p {
				return nil
			}
			found = p
		}
	}
	return found
}

// ---- time ----

// when attaches the TIMEX3 of the trigger's clause: the first after the
// trigger, else the nearest before it, else the sentence's when the
// sentence has one trigger only.
func (d *doc) when(m *mention, L, R int, only bool, st, en int) {
	pick := -1
	for k := m.trig[1]; k < R; k++ {
		if t := d.tokTx[k]; t >= 0 {
			pick = t
			break
		}
	}
	if pick < 0 {
		for k := m.trig[0] - 1; k >= L; k-- {
			if t := d.tokTx[k]; t >= 0 {
				pick = t
				break
			}
		}
	}
	if pick < 0 && only {
		best := 1 << 30
		for k := st; k < en; k++ {
			if t := d.tokTx[k]; t >= 0 && !d.reported(min(k, m.trig[0]), max(k, m.trig[1])) {
				dist := k - m.trig[0]
				if dist < 0 {
					dist = -dist
				}
				if dist < best {
					best, pick = dist, t
				}
			}
		}
	}
	if pick < 0 {
		return
	}
	// The second date of a range "Feb. 5-6" stands for the range.
	if pick > 0 {
		p := d.tx[pick-1]
		if g := d.txt[min(p.End, d.tx[pick].Start):d.tx[pick].Start]; p.End <= d.tx[pick].Start && (g == "-" || g == "–") {
			pick--
		}
	}
	t := d.tx[pick]
	m.tx = &t
	m.txEnd = t.End
	// A range "Feb. 5-6" is one expression per date: keep the first value
	// and the whole extent.
	if pick+1 < len(d.tx) {
		n := d.tx[pick+1]
		gap := d.txt[t.End:n.Start]
		if n.Start >= t.End && (gap == "-" || gap == "–" || gap == " to " || gap == " and ") {
			m.txEnd = n.End
		}
	}
}

// txRange returns the interval of a TIMEX3 value, reference values taken
// relative to date.
func txRange(v string, date time.Time) (time.Time, time.Time, bool) {
	if s, e, ok := timex.ValueRange(v); ok {
		return s, e, true
	}
	if date.IsZero() {
		return time.Time{}, time.Time{}, false
	}
	far := 100 * 365 * 24 * time.Hour
	switch v {
	case "PAST_REF":
		return date.Add(-far), date, true
	case "FUTURE_REF":
		return date.Add(24 * time.Hour), date.Add(far), true
	case "PRESENT_REF":
		return date.Add(-7 * 24 * time.Hour), date.Add(8 * 24 * time.Hour), true
	}
	return time.Time{}, time.Time{}, false
}

// compatible reports whether two TIMEX3 values may name the same time.
func compatible(a, b string, date time.Time) bool {
	if a == "" || b == "" || a == b {
		return true
	}
	as, ae, ok1 := txRange(a, date)
	bs, be, ok2 := txRange(b, date)
	if !ok1 || !ok2 {
		return true
	}
	return as.Before(be) && bs.Before(ae)
}

// narrower reports whether value a is strictly inside value b.
func narrower(a, b string, date time.Time) bool {
	as, ae, ok1 := txRange(a, date)
	bs, be, ok2 := txRange(b, date)
	if !ok1 || !ok2 {
		return false
	}
	return !as.Before(bs) && !ae.After(be) && ae.Sub(as) < be.Sub(bs)
}

// reported reports whether tokens [a, b) cross a reporting clause
// ("reported on Monday that ..."), whose time is not the event's.
func (d *doc) reported(a, b int) bool {
	for k := a; k < b; k++ {
		switch d.low[k] {
		case "said", "says", "told", "reported", "according", "that", "which", "who", "whose", "\"", ";":
			return true
		}
	}
	return false
}

// closeBy are the words that put "before"/"after" within the same day.
var closeBy = map[string]bool{"shortly": true, "just": true, "hours": true, "minutes": true, "moments": true, "right": true, "immediately": true, "soon": true}

// nextTo records an earlier mention of the sentence that m's clause says
// it came right before or after ("Shortly before his meeting with the
// Chinese minister, Blinken also met ..."): m then lies on its day.
func (d *doc) nextTo(m *mention, st int, same []*mention) {
	for k := st + 1; k < m.trig[0]; k++ {
		if (d.low[k] != "before" && d.low[k] != "after") || !closeBy[d.low[k-1]] {
			continue
		}
		for _, o := range same {
			if o.trig[0] > k && o.trig[0] <= k+3 {
				m.nextTo = o
				s := d.tokSpan(k-1, o.trig[1])
				m.nextToEv = &s
				return
			}
		}
	}
}
