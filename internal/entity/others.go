package entity

import "strings"

// groupOthers groups the mentions not yet assigned (organisations, places,
// other names, sources) by normalised name, an acronym with the name it
// abbreviates (findAcronyms). The group's type is LOC when
// the name is a known place and not a source, else its most frequent
// tagged type (the first on ties).
func (a *analysis) groupOthers() {
	alias := a.findAcronyms()
	byName := map[string]*group{}
	for _, m := range a.ms {
		if m.ent >= 0 {
			continue
		}
		if g := a.singles[m.norm]; g != nil && !m.source {
			a.join(g, m) // "Twitter" tagged PER once and ORG twice: one entity
			continue
		}
		k := m.norm
		if full, ok := alias[k]; ok {
			k = full
		}
		if m.source {
			k = "source:" + k
		}
		g := byName[k]
		if g == nil {
			g = a.newGroup(m.typ)
			g.source = m.source
			byName[k] = g
		}
		a.join(g, m)
	}
	for _, g := range a.singles {
		// a one-word name tagged PER less often than otherwise is not a
		// person
		if t := majorityTagged(g.ms); t != "PER" {
			g.typ = t
			for _, m := range g.ms {
				m.typ = t
			}
		}
	}
	for _, g := range byName {
		if g.source {
			g.typ = "ORG"
			continue
		}
		if _, ok := a.gaz.lookup(g.ms[0].name, nil, nil); ok && g.typ != "MISC" {
			g.typ = "LOC"
		} else if _, ok := a.gaz.demonym(g.ms[0].norm); ok {
			g.typ = "MISC"
		} else {
			g.typ = majorityType(g.ms)
		}
		for _, m := range g.ms {
			m.typ = g.typ
		}
	}
}

// majorityTagged returns the type the tagger gave most often to ms, PER
// on ties, or PER when the tagger gave none (mentions added by rules).
func majorityTagged(ms []*mention) string {
	n := map[string]int{}
	for _, m := range ms {
		if m.tagged != "" {
			n[m.tagged]++
		}
	}
	best := "PER"
	for _, t := range [...]string{"ORG", "LOC", "MISC"} {
		if n[t] > n[best] {
			best = t
		}
	}
	return best
}

func majorityType(ms []*mention) string {
	n := map[string]int{}
	best := ms[0].typ
	for _, m := range ms {
		n[m.typ]++
		if n[m.typ] > n[best] {
			best = m.typ
		}
	}
	return best
}

// countriesInArticle returns the ISO codes of the countries the article
// names or whose demonyms it uses.
func (a *analysis) countriesInArticle() map[string]bool {
	cs := map[string]bool{}
	for _, m := range a.ms {
		switch m.typ {
		case "LOC":
			if p, ok := a.gaz.country(m.name); ok {
				cs[p.CountryCode] = true
			}
		case "MISC":
			if p, ok := a.gaz.demonym(m.norm); ok {
				cs[p.CountryCode] = true
			}
		}
	}
	return cs
}

// linkPlace links a place entity to the place table: a country, a United
// States state, or a city, using a following ", State" or ", Country"
// ("Woodside, California") and the countries the article names to choose
// between cities of one name.
func (a *analysis) linkPlace(g *group, inArticle map[string]bool) (place, bool) {
	for _, m := range g.ms {
		if w, ok := a.regionAfter(m); ok {
			return a.gaz.lookup(m.name, &w, inArticle)
		}
	}
	return a.gaz.lookup(g.ms[0].name, nil, inArticle)
}

// regionAfter returns the state or country named right after m, as in
// "Woodside, California".
func (a *analysis) regionAfter(m *mention) (place, bool) {
	i := m.t1
	if i+1 >= len(a.toks) || a.toks[i].Text != "," {
		return place{}, false
	}
	j := i + 1
	k := j
	for k < len(a.toks) && k-j < 3 && isCapitalised(a.toks[k].Text) {
		k++
		if p, ok := a.gaz.region(a.txt[a.toks[j].Start:a.toks[k-1].End]); ok {
			if k == len(a.toks) || !isCapitalised(a.toks[k].Text) {
				return p, true
			}
		}
	}
	return place{}, false
}

// demonymCountry returns the country of a MISC entity that is a demonym,
// or of a hyphenated or plain nationality form.
func (a *analysis) demonymCountry(g *group) (place, bool) {
	for _, m := range g.ms {
		if p, ok := a.gaz.demonym(m.norm); ok {
			return p, true
		}
		if strings.HasSuffix(m.norm, "s") {
			if p, ok := a.gaz.demonym(strings.TrimSuffix(m.norm, "s")); ok {
				return p, true
			}
		}
	}
	return place{}, false
}
