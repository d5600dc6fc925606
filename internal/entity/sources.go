package entity

import (
	"sort"
	"strings"
)

// findSources marks mentions of news outlets and agencies as sources (type
// ORG) and adds outlet names the tagger missed.
//
// A mention is a source when its name is a known outlet, unless it is an
// ambiguous one ("Bloomberg", "Guardian", "Atlantic") or tagged as a place
// and no reporting cue stands next to it; a name in capitals ("AFP,
// BLOOMBERG") counts as a credit, which is a cue; or when its name ends or opens with an outlet word
// ("Times", "News", "Daily", "Agency") and a reporting cue stands next to it
// ("according to", "told", "reported"). An untagged outlet name is added
// when it is unambiguous and spelt as a name, or when a reporting cue
// stands next to it.
func (a *analysis) findSources() {
	for _, m := range a.ms {
		// a name in capitals is a credit ("AFP, BLOOMBERG"), not a person
		raw := a.txt[m.start:m.end]
		caps := len(raw) >= 3 && strings.ToUpper(raw) == raw
		if isOutletMention(m, caps || a.reportingContext(m.t0, m.t1)) {
			m.typ, m.source, m.role = "ORG", true, ""
		}
	}
	var added []*mention
	for i := 0; i < len(a.toks); i++ {
		if !outletFirstWords[a.low[i]] || !isCapitalised(a.toks[i].Text) || a.covered(i) != nil {
			continue
		}
		for n := 4; n >= 1; n-- {
			j := i + n
			if j > len(a.toks) || a.anyCovered(i, j) {
				continue
			}
			k := normName(a.txt[a.toks[i].Start:a.toks[j-1].End])
			if !outletSet[k] {
				continue
			}
			upper := strings.ToUpper(a.toks[i].Text) == a.toks[i].Text && len(a.toks[i].Text) >= 3
			if (!ambiguousOutlets[k] && (n > 1 || upper)) || a.reportingContext(i, j) {
				m := &mention{typ: "ORG", source: true, ent: -1}
				a.setSpan(m, i, j)
				added = append(added, m)
				i = j - 1
				break
			}
		}
	}
	if len(added) > 0 {
		a.ms = append(a.ms, added...)
		sort.Slice(a.ms, func(x, y int) bool { return a.ms[x].t0 < a.ms[y].t0 })
	}
}

func (a *analysis) anyCovered(i, j int) bool {
	for k := i; k < j; k++ {
		if a.covered(k) != nil {
			return true
		}
	}
	return false
}

// isOutletMention decides whether a tagged mention names an outlet.
func isOutletMention(m *mention, cue bool) bool {
	if outletSet[m.norm] {
		if ambiguousOutlets[m.norm] || m.typ == "LOC" {
			return cue // "the Atlantic", "Bloomberg" the person
		}
		return true
	}
	if len(m.toks) >= 2 && outletSet[m.toks[0]] && !ambiguousOutlets[m.toks[0]] && outletWords[m.toks[len(m.toks)-1]] {
		return true // "BBC News", "Reuters TV"
	}
	if !cue || len(m.toks) < 2 || m.typ == "LOC" {
		return false
	}
	return outletWords[m.toks[len(m.toks)-1]] || outletWords[m.toks[0]]
}

// reportingContext reports whether a reporting cue stands just before
// tokens [i, j) ("according to", "told", "state broadcaster"; a determiner
// may stand between) or just after them ("reported", "first reported"),
// within the sentence.
func (a *analysis) reportingContext(i, j int) bool {
	end := i
	if end > 0 && (a.low[end-1] == "the" || a.low[end-1] == "a") {
		end--
	}
	for _, c := range cueBefore {
		if a.tokensMatch(end-len(c), c) {
			return true
		}
	}
	for _, c := range cueAfter {
		if a.tokensMatch(j, c) {
			return true
		}
	}
	return false
}

// tokensMatch reports whether the lower-case tokens from i on are words,
// within one sentence.
func (a *analysis) tokensMatch(i int, words []string) bool {
	if i < 0 || i+len(words) > len(a.low) {
		return false
	}
	for k, w := range words {
		if a.low[i+k] != w || k < len(words)-1 && a.sentEnd[i+k] {
			return false
		}
	}
	return true
}

var cueBefore, cueAfter = splitCues(reportBefore), splitCues(reportAfter)

func splitCues(cues []string) [][]string {
	out := make([][]string, len(cues))
	for i, c := range cues {
		out[i] = strings.Fields(c)
	}
	return out
}
