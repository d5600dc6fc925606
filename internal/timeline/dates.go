package timeline

// dateFeatures are the evidence for one candidate day.
type dateFeatures struct {
	mentionDocs   float64 // distinct articles with a sentence dated to the day
	laterDocs     float64 // of those, articles published after the day
	mentionSents  float64 // sentences dated to the day
	pubDocs       float64 // articles published on the day
	sources       float64 // distinct outlets mentioning or publishing on the day
	eventSents    float64 // sentences dated to the day that state an event
	monthMentions float64 // articles mentioning the day's month as a month
}

// score combines the features into one importance score.
func (f dateFeatures) score() float64 {
	return f.mentionDocs + 0.5*f.pubDocs
}

// dateFeatures gathers the features of every day that some sentence
// mentions or some article was published on.
func (st *story) dateFeatures() map[int]*dateFeatures {
	feats := map[int]*dateFeatures{}
	get := func(d int) *dateFeatures {
		f := feats[d]
		if f == nil {
			f = &dateFeatures{}
			feats[d] = f
		}
		return f
	}
	srcs := map[int]map[string]bool{}
	addSrc := func(d int, doc int) {
		s := st.docs[doc].Source
		if s == "" {
			s = "#" + st.docs[doc].ID
		}
		m := srcs[d]
		if m == nil {
			m = map[string]bool{}
			srcs[d] = m
		}
		m[s] = true
	}
	for d, ids := range st.byDay {
		f := get(d)
		last := -1
		for _, id := range ids {
			s := &st.sents[id]
			f.mentionSents++
			if s.event {
				f.eventSents++
			}
			if s.doc != last {
				f.mentionDocs++
				if p := st.pub[s.doc]; p >= 0 && p > d {
					f.laterDocs++
				}
				addSrc(d, s.doc)
				last = s.doc
			}
		}
	}
	for i, p := range st.pub {
		if p >= 0 {
			get(p).pubDocs++
			addSrc(p, i)
		}
	}
	months := map[int]map[int]bool{} // first day of month -> docs
	for i := range st.sents {
		s := &st.sents[i]
		for _, m := range s.mentions {
			if m.gran == gMonth {
				if months[m.day] == nil {
					months[m.day] = map[int]bool{}
				}
				months[m.day][s.doc] = true
			}
		}
	}
	for d, f := range feats {
		f.sources = float64(len(srcs[d]))
		t := dayTime(d)
		first := dayOf(t.AddDate(0, 0, 1-t.Day()))
		f.monthMentions = float64(len(months[first]))
	}
	return feats
}
