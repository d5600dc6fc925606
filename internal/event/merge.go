package event

import (
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/entity"
)

type evt struct {
	Event
	first    *mention
	keys     string
	fam      string
	placeEnt *partPlace
	last     int // index of latest mention in text order
}

type partPlace struct{ country, admin, name string }

// merge turns mentions, in text order, into events: a mention naming its
// participants joins an earlier event of the same kind family with the same
// participants and a compatible time, else starts one; a mention naming
// fewer ("the meeting", "a meeting with Xi") joins the event it refers back
// to, or is dropped.
func (d *doc) merge(ms []*mention) []Event {
	var evs []*evt
	owner := make(map[*mention]*evt, len(ms))
	for idx, m := range ms {
		fam := family(m.kind)
		if !m.partial {
			var hit *evt
			for _, e := range evs {
				if e.fam != fam || e.keys != m.keys() {
					continue
				}
				if m.tx != nil && !compatible(e.When, m.tx.Value, d.date) {
					continue
				}
				if fam == KindVisit && m.place != "" && e.Place != "" && !samePlace(e.placeEnt, m) {
					continue
				}
				hit = e
			}
			if hit == nil {
				hit = d.newEvt(m, idx)
				evs = append(evs, hit)
			} else {
				d.join(hit, m, idx, false)
			}
			owner[m] = hit
			continue
		}
		var best *evt
		bestScore := -1
		for _, e := range evs {
			if e.fam != fam {
				continue
			}
			ok := true
			for _, p := range m.parts {
				found := false
				for _, q := range e.Participants {
					if q.EntityKey == p.ent.Key {
						found = true
					}
				}
				if !found {
					ok = false
				}
			}
			if !ok {
				continue
			}
			// "a meeting" with no one named refers back only to an event
			// still to come, and only when the mention says so ("to land a
			// meeting" does not, "a potential meeting" does).
			if len(m.parts) == 0 && m.indef && (e.Status == StatusHappened || !m.cued || m.status == StatusHappened) {
				continue
			}
			// A bare mass noun ("ensure continued dialogue") names no
			// particular event.
			if len(m.parts) == 0 && m.bare {
				continue
			}
			// Nor do talks said to be under way refer to a meeting that
			// is only in prospect: they are the talks about it ("had
			// slowed progress in the talks").
			if len(m.parts) == 0 && !m.cued && e.Kind != m.kind && e.Status != StatusHappened {
				continue
			}
			if m.tx != nil && m.tx.Value != "PRESENT_REF" && !compatible(e.When, m.tx.Value, d.date) {
				continue
			}
			if m.place != "" && e.Place != "" && !samePlace(e.placeEnt, m) {
				continue
			}
			score := e.last
			if (e.Status == StatusHappened) == (m.status == StatusHappened) {
				score += 1000
			}
			if e.Kind == m.kind {
				score += 500 // "the talks" are the talks
			}
			if m.present && !d.date.IsZero() && e.When == d.date.Format("2006-01-02") {
				score += 2000
			}
			if m.tx != nil && e.When == m.tx.Value {
				score += 4000
			}
			if score > bestScore {
				best, bestScore = e, score
			}
		}
		if best != nil {
			d.join(best, m, idx, true)
			owner[m] = best
		}
	}
	// "Shortly before his meeting with X": on that meeting's day.
	for _, e := range evs {
		if o := owner[e.first.nextTo]; e.When == "" && o != nil && dayValue(o.When) {
			e.When, e.Mod, e.WhenFrom, e.WhenEvidence = o.When, o.Mod, WhenEvent, e.first.nextToEv
		}
	}
	d.tripPlaces(evs)
	out := make([]Event, 0, len(evs))
	for _, e := range evs {
		d.finish(e)
		out = append(out, e.Event)
	}
	return out
}

func samePlace(p *partPlace, m *mention) bool {
	if p == nil || m.placeEnt == nil {
		return true
	}
	q := m.placeEnt
	return p.name == q.Name || p.country == q.Name || q.Country == p.name || p.admin == q.Name || q.Admin == p.name
}

func (d *doc) mentionOf(m *mention, anaphoric bool) Mention {
	s := d.sents[m.sent]
	return Mention{
		Trigger:   d.tokSpan(m.trig[0], m.trig[1]),
		Sentence:  d.span(s.Start, s.End),
		Status:    m.status,
		Negated:   m.negated,
		Anaphoric: anaphoric,
	}
}

func (d *doc) newEvt(m *mention, idx int) *evt {
	e := &evt{first: m, keys: m.keys(), fam: family(m.kind), last: idx}
	mm := d.mentionOf(m, false)
	e.Kind, e.Plover = m.kind, PloverConsult
	e.Trigger, e.Sentence = mm.Trigger, mm.Sentence
	for _, p := range m.parts {
		e.Participants = append(e.Participants, Participant{Name: p.ent.Name, Type: p.ent.Type, EntityKey: p.ent.Key, Evidence: p.ev})
	}
	e.Status, e.StatusEvidence, e.Negated = m.status, m.statusEv, m.negated
	e.Mentions = []Mention{mm}
	d.setPlace(e, m)
	d.setWhen(e, m)
	return e
}

func (d *doc) setPlace(e *evt, m *mention) {
	if m.place == "" {
		return
	}
	e.Place, e.PlaceEvidence = m.place, m.placeEv
	e.placeEnt = &partPlace{country: m.placeEnt.Country, admin: m.placeEnt.Admin, name: m.placeEnt.Name}
}

func (d *doc) setWhen(e *evt, m *mention) {
	if m.tx == nil {
		return
	}
	e.When, e.Mod, e.WhenFrom = m.tx.Value, m.tx.Mod, WhenTimex
	s := d.span(m.tx.Start, m.txEnd)
	e.WhenText, e.WhenEvidence = s.Text, &s
}

// join adds mention m to event e, filling a missing place or time and
// preferring a more specific one (a city in the named region, a month in
// the named season).
func (d *doc) join(e *evt, m *mention, idx int, anaphoric bool) {
	mm := d.mentionOf(m, anaphoric)
	if !m.cued && !m.negated {
		// A mention without a status cue of its own ("the meeting")
		// reports the event as the article does.
		mm.Status = e.Status
	}
	e.Mentions = append(e.Mentions, mm)
	e.last = idx
	if m.place != "" {
		if e.Place == "" {
			d.setPlace(e, m)
		} else if e.placeEnt != nil && m.placeEnt != nil && (m.placeEnt.Admin == e.placeEnt.name || m.placeEnt.Country == e.placeEnt.name) && m.placeEnt.Name != e.placeEnt.name {
			d.setPlace(e, m)
		}
	}
	if m.tx != nil {
		if e.When == "" || narrower(m.tx.Value, e.When, d.date) || (strings.HasSuffix(e.When, "_REF") && !strings.HasSuffix(m.tx.Value, "_REF")) {
			d.setWhen(e, m)
		}
	}
	if !anaphoric && len(e.Participants) > 0 {
		// Participants the later mention names by name replace pronoun
		// evidence.
		for _, p := range m.parts {
			for k := range e.Participants {
				if e.Participants[k].EntityKey == p.ent.Key && isPronounEvidence(e.Participants[k].Evidence.Text) && !isPronounEvidence(p.ev.Text) {
					e.Participants[k].Evidence = p.ev
				}
			}
		}
	}
}

func isPronounEvidence(s string) bool {
	s = strings.ToLower(s)
	return pronounsSing[s] || pronounsPlural[s] || strings.HasPrefix(s, "the two")
}

// finish fills a missing time from the article date for an event reported
// in the present tense, else marks it unknown (WhenNone), and a missing
// place from the dateline for same-day events.
func (d *doc) finish(e *evt) {
	if e.When == "" {
		e.WhenFrom = WhenNone
		if !d.date.IsZero() && e.first.presentEv != nil && e.Status == StatusHappened {
			e.When, e.WhenFrom, e.WhenEvidence = d.date.Format("2006-01-02"), WhenArticleDate, e.first.presentEv
		}
	}
	if e.Place == "" && d.dateline != "" && !d.date.IsZero() && e.When == d.date.Format("2006-01-02") {
		e.Place = titleCase(d.dateline)
	}
}

func titleCase(s string) string {
	if strings.ToUpper(s) != s {
		return s
	}
	ws := strings.Fields(strings.ToLower(s))
	for i, w := range ws {
		if w != "" {
			ws[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(ws, " ")
}

// tripDays is how far around a trip's own date its meetings are taken to
// lie within it: "will meet X on Monday, the final day of a trip to
// Beijing" also covers "met Y on Sunday".
const tripDays = 4

// tripPlaces gives an event of the meeting family that names no place the
// place of a trip one of its persons is making at the time (a visit that
// happened or is planned, dated to at most a month): "will meet X on
// Monday, the final day of a trip to Beijing" → Beijing. A meeting whose
// other persons are all known, from their roles, to be of another country
// than the trip's place is left alone ("his Indian counterpart").
func (d *doc) tripPlaces(evs []*evt) {
	for _, v := range evs {
		if v.fam != KindVisit || v.Place == "" || v.placeEnt == nil || v.Negated || v.Status != StatusHappened && v.Status != StatusPlanned {
			continue
		}
		vs, ve, ok := txRange(v.When, d.date)
		if !ok || ve.Sub(vs) > 31*24*time.Hour {
			continue
		}
		// An arrival opens a trip: meetings follow it. A visit or trip
		// otherwise dated is known to last up to that date: meetings
		// precede it ("Monday, the final day of a trip"), and one after
		// it may be back home ("on his visit to the Gulf Coast, he said
		// he would press BP executives at a White House meeting on
		// Wednesday").
		if t := strings.ToLower(v.Trigger.Text); strings.HasPrefix(t, "arriv") || strings.HasPrefix(t, "travel") || t == "flight" {
			ve = ve.AddDate(0, 0, tripDays)
		} else {
			vs = vs.AddDate(0, 0, -tripDays)
		}
		for _, e := range evs {
			if e.fam != "meet" || e.Place != "" || e.When == "" {
				continue
			}
			es, ee, ok := txRange(e.When, d.date)
			if !ok || es.Before(vs) || ee.After(ve) {
				continue
			}
			visitor, hosts, foreign := false, 0, 0
			for _, p := range e.Participants {
				if p.Type != "PER" {
					continue
				}
				if hasParticipant(v, p.EntityKey) {
					visitor = true
					continue
				}
				hosts++
				if c := d.personCountry(p.EntityKey); c != "" && c != v.placeEnt.country && c != v.placeEnt.name {
					foreign++
				}
			}
			if !visitor || hosts > 0 && foreign == hosts {
				continue
			}
			e.Place, e.PlaceEvidence, e.placeEnt = v.Place, v.PlaceEvidence, v.placeEnt
		}
	}
}

func hasParticipant(e *evt, key string) bool {
	for _, p := range e.Participants {
		if p.EntityKey == key {
			return true
		}
	}
	return false
}

// personCountry returns the country a person's roles name ("Indian
// counterpart" → India), "" when none or several.
func (d *doc) personCountry(key string) string {
	var e *entity.Entity
	for i := range d.ents {
		if d.ents[i].Key == key {
			e = &d.ents[i]
			break
		}
	}
	if e == nil {
		return ""
	}
	found := ""
	for _, r := range e.Roles {
		for _, w := range strings.FieldsFunc(strings.ToLower(r), func(r rune) bool { return r == ' ' || r == '-' || r == '\'' || r == '’' }) {
			c := d.country[strings.TrimSuffix(w, "s")]
			if c == "" {
				c = d.country[w]
			}
			if c == "" {
				continue
			}
			if found != "" && found != c {
				return ""
			}
			found = c
		}
	}
	return found
}
