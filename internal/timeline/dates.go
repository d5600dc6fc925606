package timeline

import "math"

// Features of a candidate day, indexes into a feature vector.
const (
	fMentionDocs    = iota // distinct articles with a sentence dated to the day
	fLaterDocs             // of those, articles published more than a week after the day
	fMentionSents          // sentences dated to the day
	fPubDocs               // articles published on the day
	fNextPubDocs           // articles published the day after
	fSources               // distinct outlets mentioning or publishing on the day
	fMonthMentions         // articles mentioning the day's month as a month
	fLogMentionDocs        // log(1+mentionDocs)
	fLogPubDocs            // log(1+pubDocs)
	fEventSents            // sentences dated to the day that state an event
	fCoverage              // log(1+sentences that may summarise the day): a tie-breaker
	nFeatures
)

// features is the evidence for one candidate day.
type features [nFeatures]float64

// dateWeights are the weights of the linear date ranker.
type dateWeights [nFeatures]float64

// defaultDateWeights rank days by the distinct outlets (articles, when the
// outlet is unknown) that date a sentence to them or publish on them, plus
// a point per article that refers back to the day more than a week
// after the fact, plus a tenth of a point per article mentioning the day's
// month as a whole; among days so scored alike (small stories), the day
// with more sentences to tell goes first. Chosen on the Timeline17
// development topics among a handful of simple combinations, cross-validated
// by story (see TestTuneCandidates), not fitted per topic.
var defaultDateWeights = dateWeights{
	fSources:       1,
	fLaterDocs:     1,
	fMonthMentions: 0.1,
	fCoverage:      0.01,
	// A day's contact-event sentences add a quarter point each. On the
	// Timeline17 development topics, whose stories are mostly not contacts,
	// date F1 was 0.726 at 0.5, 0.731 at 0.25 and 0.739 at 0; a quarter
	// keeps events as a tie-breaker for diplomatic stories while costing
	// little where contacts are incidental.
	fEventSents: 0.25,
}

// score combines the features into one importance score.
func (f *features) score(w *dateWeights) float64 {
	var s float64
	for i, x := range f {
		s += w[i] * x
	}
	return s
}

// dateFeatures gathers the features of every day that some sentence
// mentions or some article was published on.
func (st *story) dateFeatures() map[int]*features {
	feats := map[int]*features{}
	get := func(d int) *features {
		f := feats[d]
		if f == nil {
			f = &features{}
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
			f[fMentionSents]++
			if s.event {
				f[fEventSents]++
			}
			if s.doc != last {
				f[fMentionDocs]++
				if p := st.pub[s.doc]; p >= 0 && p > d+7 {
					f[fLaterDocs]++
				}
				addSrc(d, s.doc)
				last = s.doc
			}
		}
	}
	pubs := map[int]float64{}
	for i, p := range st.pub {
		if p >= 0 {
			pubs[p]++
			get(p)
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
	undated := map[int]float64{}
	for i := range st.sents {
		s := &st.sents[i]
		if p := st.pub[s.doc]; p >= 0 && len(s.mentions) == 0 {
			undated[p]++
		}
	}
	for d, f := range feats {
		f[fCoverage] = math.Log1p(f[fMentionSents] + undated[d])
		f[fPubDocs] = pubs[d]
		f[fNextPubDocs] = pubs[d+1]
		f[fSources] = float64(len(srcs[d]))
		t := dayTime(d)
		first := dayOf(t.AddDate(0, 0, 1-t.Day()))
		f[fMonthMentions] = float64(len(months[first]))
		f[fLogMentionDocs] = math.Log1p(f[fMentionDocs])
		f[fLogPubDocs] = math.Log1p(f[fPubDocs])
	}
	return feats
}
