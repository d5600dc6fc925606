package event

import (
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/timex"
)

// Answers are the who, when and where of an article's main event, as
// Giveme5W1H asks them. Empty fields mean no answer.
type Answers struct {
	// Who are participant names, most important first.
	Who []string `json:"who,omitempty"`
	// When is a TIMEX3 value and WhenText the words that gave it.
	When     string `json:"when,omitempty"`
	WhenText string `json:"when_text,omitempty"`
	// Where is a place name.
	Where string `json:"where,omitempty"`
	// Event is the contact event the answers come from, nil when the
	// article reports none and the answers come from its lead.
	Event *Event `json:"event,omitempty"`
}

// Main returns the article's main event among evs: the most reported one
// (most mentions), the first on a tie; ok is false when evs is empty.
func Main(evs []Event) (ev Event, ok bool) {
	best := -1
	for i, e := range evs {
		if best < 0 || len(e.Mentions) > len(evs[best].Mentions) {
			best = i
		}
	}
	if best < 0 {
		return Event{}, false
	}
	return evs[best], true
}

// MainAnswers answers who, when and where for one article: from its main
// contact event (Main of evs) when it reports one, else from its lead, the
// title and first two sentences: who is the first person named (else the
// first organisation, else the first country), when the first date, where
// the dateline or the first place named after "in" or "at". Arguments are
// as for Extract, with evs its result and title the headline ("" if none).
func MainAnswers(txt, title string, date time.Time, place string, ents []entity.Entity, tx []timex.Timex, evs []Event) Answers {
	var a Answers
	if ev, ok := Main(evs); ok {
		a.Event = &ev
		for _, p := range ev.Participants {
			a.Who = append(a.Who, p.Name)
		}
		if ev.WhenText != "" {
			a.When, a.WhenText = ev.When, ev.WhenText
		}
		a.Where = ev.Place
	}
	sents, toks := split(txt)
	d := newDoc(txt, sents, toks, date, place, ents, tx)
	lead := 0
	if len(d.sents) > 0 {
		lead = d.sents[0].End
		if len(d.sents) > 1 {
			lead = d.sents[1].End
		}
	}
	if len(a.Who) == 0 {
		a.Who = leadWho(title, txt, lead, ents)
	}
	if a.WhenText == "" {
		for _, t := range d.tx {
			if t.Start >= lead {
				break
			}
			// Only a day or a time of day answers when; a bare year or
			// month in the lead is most often background.
			if dayValue(t.Value) && strings.ToUpper(t.Text) != t.Text {
				a.When, a.WhenText = t.Value, t.Text
				break
			}
		}
	}
	if a.Where == "" {
		a.Where = d.leadWhere(title, lead)
	}
	return a
}

// leadWho returns the actor of the lead: the persons named in the title
// (by any of their names), else the first person of the lead, else the first
// organisation or country.
func leadWho(title, txt string, lead int, ents []entity.Entity) []string {
	tl := strings.ToLower(title)
	var who []string
	if tl != "" {
		for _, e := range ents {
			if e.Type != "PER" || e.Source {
				continue
			}
			for _, n := range append([]string{e.Name}, e.Aliases...) {
				if len(n) > 2 && containsWord(tl, strings.ToLower(n)) {
					who = append(who, e.Name)
					break
				}
			}
		}
		if len(who) > 0 {
			return who
		}
	}
	if tl != "" {
		for _, e := range ents {
			if e.Type == "ORG" && !e.Source && len(e.Name) > 2 && containsWord(tl, strings.ToLower(e.Name)) {
				return []string{e.Name}
			}
		}
	}
	// Else a salient person of the lead: named there and at least twice
	// more in the article.
	first := func(ok func(e *entity.Entity) bool) []string {
		bestAt, best := -1, ""
		for i := range ents {
			e := &ents[i]
			if e.Source || !ok(e) || len(e.Mentions) < 3 {
				continue
			}
			if at := e.Mentions[0].Start; at < lead && (bestAt < 0 || at < bestAt) {
				bestAt, best = at, e.Name
			}
		}
		if bestAt < 0 {
			return nil
		}
		return []string{best}
	}
	return first(func(e *entity.Entity) bool { return e.Type == "PER" })
}

// dayValue reports whether a TIMEX3 value names a day or a time of day.
func dayValue(v string) bool {
	if len(v) < 10 || v[4] != '-' || v[7] != '-' {
		return false
	}
	for _, c := range v[8:10] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func containsWord(s, w string) bool {
	for i := 0; ; {
		k := strings.Index(s[i:], w)
		if k < 0 {
			return false
		}
		k += i
		before := k == 0 || !isLetter(s[k-1])
		after := k+len(w) == len(s) || !isLetter(s[k+len(w)])
		if before && after {
			return true
		}
		i = k + 1
	}
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80 }

// leadWhere returns the dateline, else the first place named after "in" or
// "at" in the lead (a city before its country), else "".
func (d *doc) leadWhere(title string, lead int) string {
	if d.dateline != "" {
		return titleCase(d.dateline)
	}
	// A place below country level named in the title.
	if tl := strings.ToLower(title); tl != "" {
		for i := range d.ents {
			e := &d.ents[i]
			if e.Type == "LOC" && !d.isCountry(e) && e.Country != "" && len(e.Name) > 2 && containsWord(tl, strings.ToLower(e.Name)) {
				return e.Name
			}
		}
	}
	for k := 0; k+1 < len(d.toks) && d.toks[k].Start < lead; k++ {
		if d.low[k] != "in" && d.low[k] != "at" && d.low[k] != "near" {
			continue
		}
		for q := k + 1; q < len(d.toks) && q < k+4; q++ {
			if ei := d.tokEnt[q]; ei >= 0 {
				if p := d.placeOf(d.ems[ei].ent); p != nil && !d.ems[ei].ent.Source && !d.isCountry(p) {
					return p.Name
				}
				break
			}
		}
	}
	return ""
}
