package timeline

import (
	"github.com/storyline-news/storyline/internal/timex"
	"slices"
	"strings"
	"time"
)

// Sentence selection parameters.
const (
	minWords      = 6    // sentences with fewer content words are not selected
	maxWords      = 30   // nor those with more
	mmrLambda     = 0.7  // relevance against redundancy in MMR
	maxRedundancy = 0.5  // a sentence this similar to a selected one is skipped
	eventBonus    = 0.15 // for a sentence stating a structured event
	storyWeight   = 2.0  // weight of the similarity to the whole story
	clockPenalty  = 0.5  // for a sentence holding a clock time
	soleDateBonus = 0.1  // for a sentence dated to the day and no other
)

// candidates returns the sentences that may summarise day d: those dated
// to it by their own temporal expression, and those of articles published
// that day that date nothing themselves (the sentence then takes its
// article's date, as in news-tls's DATEWISE).
func (st *story) candidates(d int) []int32 {
	var out []int32
	ok := func(id int32) bool {
		s := &st.sents[id]
		return s.words >= minWords && s.words <= maxWords
	}
	for _, id := range st.byDay[d] {
		if ok(id) {
			out = append(out, id)
		}
	}
	for _, id := range st.byPub[d] {
		if len(st.sents[id].mentions) == 0 && ok(id) {
			out = append(out, id)
		}
	}
	return out
}

// summarise selects the sentences of day d.
// Sentences whose text is in used are skipped; the selected ones are added.
func (st *story) summarise(d int, opts Options, used map[string]bool) Entry {
	e := Entry{Date: dayTime(d)}
	cands := st.candidates(d)
	cands = slices.DeleteFunc(cands, func(id int32) bool { return used[st.text(id)] })
	if len(cands) == 0 {
		return e
	}
	vs := make([]vector, len(cands))
	for i, id := range cands {
		vs[i] = st.sents[id].vec
	}
	centroid := sum(vs)
	rel := make([]float64, len(cands))
	for i, id := range cands {
		s := &st.sents[id]
		rel[i] = dot(s.vec, centroid) + storyWeight*dot(s.vec, st.centroid)
		if s.clock {
			rel[i] -= clockPenalty
		}
		if len(s.mentions) == 1 {
			rel[i] += soleDateBonus
		}
		if s.event {
			rel[i] += eventBonus
		}
		if opts.SentenceBoost != nil {
			rel[i] += opts.SentenceBoost(&st.docs[s.doc], st.sentence(id))
		}
	}
	var picked []int32
	done := make([]bool, len(cands))
	for len(picked) < opts.PerDate {
		best, bestScore := -1, 0.0
		for i, id := range cands {
			if done[i] {
				continue
			}
			red := 0.0
			for _, p := range picked {
				red = max(red, dot(st.sents[id].vec, st.sents[p].vec))
			}
			if red > maxRedundancy {
				done[i] = true
				continue
			}
			sc := mmrLambda*rel[i] - (1-mmrLambda)*red
			if best < 0 || sc > bestScore {
				best, bestScore = i, sc
			}
		}
		if best < 0 {
			break
		}
		done[best] = true
		used[st.text(cands[best])] = true
		picked = append(picked, cands[best])
		s := st.sentence(cands[best])
		s.Score = rel[best]
		e.Sentences = append(e.Sentences, s)
	}
	for _, id := range picked {
		s := &st.sents[id]
		doc := &st.docs[s.doc]
		if !slices.Contains(e.Sources, doc.ID) {
			e.Sources = append(e.Sources, doc.ID)
		}
		for _, ev := range doc.Events {
			if !onDay(ev.When, e.Date) {
				continue // a sentence may also mention an event of another day
			}
			if ev.Start < s.end && ev.End > s.start && !slices.ContainsFunc(e.Events, func(x Event) bool {
				return x.ID != "" && x.ID == ev.ID
			}) {
				ev.Doc = doc.ID
				e.Events = append(e.Events, ev)
			}
		}
	}
	return e
}

// onDay reports whether an event dated by the TIMEX3 value when can be on
// day: its period holds the day, or it has no calendar date.
func onDay(when string, day time.Time) bool {
	start, end, ok := timex.ValueRange(when)
	if !ok {
		return true
	}
	return !day.Before(start) && day.Before(end)
}

// text returns a sentence's text with its white space collapsed.
func (st *story) text(id int32) string {
	s := &st.sents[id]
	return strings.Join(strings.Fields(st.docs[s.doc].Text[s.start:s.end]), " ")
}

// sentence returns the public view of a prepared sentence.
func (st *story) sentence(id int32) Sentence {
	s := &st.sents[id]
	doc := &st.docs[s.doc]
	return Sentence{
		Doc:    doc.ID,
		Source: doc.Source,
		URL:    doc.URL,
		Text:   st.text(id),
		Start:  s.start,
		End:    s.end,
	}
}
