package timeline

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/storyline-news/storyline/internal/text"
	"github.com/storyline-news/storyline/internal/timex"
)

// Defaults of Options.
const (
	DefaultDates   = 10
	DefaultPerDate = 1
)

// backgroundDays is how long before a story's first article a linked event
// may have ended and still be placed on its timeline (without From).
const backgroundDays = 31

// granularity of a date mention.
const (
	gDay = iota
	gMonth
	gYear
)

// mention is one normalised date a sentence refers to.
type mention struct {
	day  int // first day of the span, days since the epoch
	gran int
}

// sent is one sentence of the story prepared for selection.
type sent struct {
	doc      int
	pos      int // index of the sentence in its document
	start    int
	end      int
	mentions []mention
	vec      vector
	words    int
	event    bool // overlaps an event mention of its document
	clock    bool // holds a clock time (a TIME expression): a timestamp, often of a comment
}

// story is the prepared input of Build.
type story struct {
	docs  []Doc
	pub   []int // publication day per doc, -1 when unknown
	sents []sent
	// byDay lists, per mentioned day, the sentences mentioning it.
	byDay map[int][]int32
	// byPub lists, per publication day, the sentences of docs published then.
	byPub map[int][]int32
	idf   []float64
	// centroid is the unit sum of all sentence vectors: what the story is about.
	centroid vector
	// byID maps document ids to indexes in docs, built on first use.
	byID map[string]int
}

func dayOf(t time.Time) int {
	t = t.UTC()
	return int(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func dayTime(d int) time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// mentionOf returns the date a timex refers to, at its own granularity.
func mentionOf(t timex.Timex) (mention, bool) {
	if t.Type != "DATE" {
		return mention{}, false
	}
	switch t.Mod {
	case "BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER", "LESS_THAN", "MORE_THAN":
		return mention{}, false
	}
	start, end, ok := timex.ValueRange(t.Value)
	if !ok {
		return mention{}, false
	}
	days := end.Sub(start).Hours() / 24
	m := mention{day: dayOf(start)}
	switch {
	case days <= 1:
		m.gran = gDay
	case days >= 28 && days <= 31:
		m.gran = gMonth
	case days >= 365:
		m.gran = gYear
	default:
		return mention{}, false
	}
	return m, true
}

func prepare(docs []Doc) *story {
	st := &story{docs: docs, pub: make([]int, len(docs)), byDay: map[int][]int32{}, byPub: map[int][]int32{}}
	voc := vocab{}
	var df []int
	for i := range docs {
		d := &docs[i]
		st.pub[i] = -1
		if !d.Date.IsZero() {
			st.pub[i] = dayOf(d.Date)
		}
		tx := d.Timexes
		k := 0
		for pos, sp := range text.Sentences(d.Text) {
			s := sent{doc: i, pos: pos, start: sp.Start, end: sp.End}
			for k < len(tx) && tx[k].Start < sp.Start {
				k++
			}
			for j := k; j < len(tx) && tx[j].Start < sp.End; j++ {
				if tx[j].Type == "TIME" {
					s.clock = true
				}
				if m, ok := mentionOf(tx[j]); ok && !slices.Contains(s.mentions, m) {
					s.mentions = append(s.mentions, m)
				}
			}
			for _, ev := range d.Events {
				if ev.Start < sp.End && ev.End > sp.Start {
					s.event = true
					// An event dated by the events stage dates its sentence.
					if m, ok := mentionOf(timex.Timex{Type: "DATE", Value: ev.When}); ok && !slices.Contains(s.mentions, m) {
						s.mentions = append(s.mentions, m)
					}
				}
			}
			words := tokens(d.Text[sp.Start:sp.End])
			s.words = len(words)
			s.vec = termCounts(words, voc)
			for len(df) < len(voc) {
				df = append(df, 0)
			}
			for _, t := range s.vec {
				df[t.id]++
			}
			idx := int32(len(st.sents))
			st.sents = append(st.sents, s)
			for _, m := range s.mentions {
				if m.gran == gDay {
					st.byDay[m.day] = append(st.byDay[m.day], idx)
				}
			}
			if st.pub[i] >= 0 {
				st.byPub[st.pub[i]] = append(st.byPub[st.pub[i]], idx)
			}
		}
	}
	n := float64(len(st.sents) + 1)
	st.idf = make([]float64, len(df))
	for id, c := range df {
		st.idf[id] = math.Log(n / float64(c))
	}
	vs := make([]vector, len(st.sents))
	for i := range st.sents {
		st.sents[i].vec.weight(st.idf)
		vs[i] = st.sents[i].vec
	}
	st.centroid = sum(vs)
	return st
}

// Build selects dates and sentences for the story made of docs and returns
// the timeline in date order. It never modifies docs.
func Build(docs []Doc, opts Options) []Entry {
	if opts.Dates <= 0 {
		opts.Dates = DefaultDates
	}
	if opts.PerDate <= 0 {
		opts.PerDate = DefaultPerDate
	}
	st := prepare(docs)
	days := st.rankDates(opts, &defaultDateWeights)
	var out []Entry
	used := map[string]bool{} // sentence texts already in the timeline
	for _, ds := range days {
		e := st.summarise(ds.day, opts, used)
		if len(e.Sentences) == 0 {
			continue
		}
		e.Score = ds.score
		out = append(out, e)
		if len(out) == opts.Dates {
			break
		}
	}
	if len(opts.Events) > 0 {
		// Without --from, events that ended well before the story's first
		// article are its background, not its timeline.
		from := opts.From
		if from.IsZero() && len(st.pub) > 0 {
			if first := slices.MinFunc(st.pub, func(a, b int) int {
				return cmp.Compare(uint(a), uint(b)) // -1 (undated) last
			}); first >= 0 {
				from = dayTime(first - backgroundDays)
			}
		}
		var evs []placedEvent
		for i := range opts.Events {
			ev := &opts.Events[i]
			p, ok := st.place(ev)
			if !ok || !opts.To.IsZero() && dayTime(p.day).After(opts.To) {
				continue
			}
			if !from.IsZero() {
				if _, end, ok := timex.ValueRange(ev.When); ok && !end.After(from) {
					continue
				}
			}
			evs = append(evs, placedEvent{ev, p})
		}
		out = st.addStoryEvents(out, evs, opts.PerDate, used)
	}
	slices.SortStableFunc(out, func(a, b Entry) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return cmp.Compare(len(a.Label), len(b.Label)) // a day before a period starting on it
	})
	return out
}

type dayScore struct {
	day   int
	score float64
}

// rankDates scores every candidate day inside the options' bounds and
// returns them best first.
func (st *story) rankDates(opts Options, w *dateWeights) []dayScore {
	from, to := math.MinInt, math.MaxInt
	if !opts.From.IsZero() {
		from = dayOf(opts.From)
	}
	if !opts.To.IsZero() {
		to = dayOf(opts.To)
	}
	feats := st.dateFeatures()
	var out []dayScore
	for d, f := range feats {
		if d < from || d > to {
			continue
		}
		out = append(out, dayScore{d, f.score(w)})
	}
	sortDays(out)
	return out
}

// sortDays orders days best first, earlier first on ties.
func sortDays(ds []dayScore) {
	slices.SortFunc(ds, func(a, b dayScore) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.day, b.day)
	})
}
