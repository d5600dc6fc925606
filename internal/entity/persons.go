package entity

import "strings"

// groupPersons builds the person entities of the article.
//
// Names after a courtesy title that the tagger missed are added
// ("Mr Tanaka"). Then full names (two words or more), in text order: a full name
// joins the person whose full name it matches (matchNames, spelling
// variants included), else starts a person. A one-word mention then joins
// the person one of whose full names ends with that word (a surname:
// "Blinken"), else one whose full name starts with it (a surname written
// first: "Xi", "Wang"). When several persons qualify, those the article
// also calls by given name alone ("Melania") are passed over, then the
// one mentioned last before it wins, else the one mentioned first after
// it. This also applies to one-word mentions tagged ORG or MISC, and LOC
// when the word names no known place: the tagger mistypes short forms. A
// one-word mention naming a nation ("Jordan") joins only a person named
// before it, else it is a nation, not a person. A multi-word mention of
// another type equal to a person's full name joins that person. One-word
// person mentions left over group by word. Finally,
// capitalised words the tagger missed that equal a person's surname (or a
// short form the article already uses for the person) become mentions.
func (a *analysis) groupPersons() {
	a.findCourtesyNames()
	var persons []*group
	for _, m := range a.ms {
		if m.typ != "PER" || m.source || len(m.toks) < 2 {
			continue
		}
		var best *group
		bestScore := noMatch
		for _, g := range persons {
			for _, f := range g.full {
				if s := matchNames(m.toks, f); s > bestScore {
					best, bestScore = g, s
				}
			}
		}
		if best == nil {
			best = a.newGroup("PER")
			persons = append(persons, best)
		}
		a.join(best, m)
		if !hasName(best.full, m.toks) {
			best.full = append(best.full, m.toks)
		}
	}
	singles := map[string]*group{}
	a.singles = singles
	for _, m := range a.ms {
		if m.ent >= 0 || m.source {
			continue
		}
		switch {
		case len(m.toks) == 1 && (m.typ == "PER" || a.couldBePerson(m)):
			if g := a.personFor(persons, m); g != nil && (!a.isNation(m) || g.mentionedBefore(m)) {
				a.join(g, m)
				continue
			}
			if m.typ != "PER" {
				continue
			}
			// "Chinese", "China": a nation is not a person, unless it is
			// the surname of one ("Jordan")
			if a.isNation(m) {
				m.typ = "LOC"
				if isNationality(m.norm) {
					m.typ = "MISC"
				}
				continue
			}
			g := singles[m.norm]
			if g == nil {
				g = a.newGroup("PER")
				singles[m.norm] = g
			}
			a.join(g, m)
		case len(m.toks) > 1 && m.typ != "PER":
			for _, g := range persons {
				if hasName(g.full, m.toks) {
					a.join(g, m)
					break
				}
			}
		}
	}
	a.findMissedNames()
}

func (a *analysis) newGroup(typ string) *group {
	g := &group{typ: typ, idx: len(a.ents)}
	a.ents = append(a.ents, g)
	return g
}

// join adds m to g and makes m's type g's type.
func (a *analysis) join(g *group, m *mention) {
	m.ent = g.idx
	m.typ = g.typ
	g.ms = append(g.ms, m)
}

func hasName(names [][]string, toks []string) bool {
	for _, f := range names {
		if equalWords(f, toks) {
			return true
		}
	}
	return false
}

func equalWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// isNation reports whether a mention names a nation, a country, a state
// or region, or a city of a million people.
func (a *analysis) isNation(m *mention) bool {
	if isNationality(m.norm) {
		return true
	}
	if _, ok := a.gaz.country(m.name); ok {
		return true
	}
	if _, ok := a.gaz.state(m.name); ok {
		return true
	}
	p, ok := a.gaz.lookup(m.name, nil, nil)
	return ok && p.Population >= 1_000_000
}

// mentionedBefore reports whether g has a mention before m.
func (g *group) mentionedBefore(m *mention) bool {
	for _, o := range g.ms {
		if o.start < m.start {
			return true
		}
	}
	return false
}

// couldBePerson reports whether a one-word mention of another type may be
// a mistyped short form of a person's name.
func (a *analysis) couldBePerson(m *mention) bool {
	if m.typ == "PER" {
		return true
	}
	if _, ok := a.gaz.demonym(m.norm); ok {
		return false
	}
	if m.typ == "LOC" {
		if _, ok := a.gaz.lookup(m.name, nil, nil); ok {
			return false
		}
	}
	if _, ok := a.gaz.country(m.name); ok {
		return false
	}
	return true
}

// personFor returns the person a one-word mention shortens, or nil.
func (a *analysis) personFor(persons []*group, m *mention) *group {
	w := m.toks[0]
	for _, pos := range []int{-1, 0} { // surname last, then surname first
		var cands []*group
		for _, g := range persons {
			for _, f := range g.full {
				i := pos
				if i < 0 {
					i = len(f) - 1
				}
				if f[i] == w {
					cands = append(cands, g)
					break
				}
			}
		}
		if len(cands) > 1 {
			// a person the article calls by given name ("Melania") is
			// not the one it calls by surname
			var byName []*group
			for _, g := range cands {
				if !a.givenNameUsed(g, w) {
					byName = append(byName, g)
				}
			}
			if len(byName) > 0 {
				cands = byName
			}
		}
		if len(cands) > 0 {
			return nearest(cands, m)
		}
	}
	return nil
}

// givenNameUsed reports whether the article mentions person g by the
// first word of a full name alone, that word not being surname.
func (a *analysis) givenNameUsed(g *group, surname string) bool {
	for _, f := range g.full {
		if f[0] == surname {
			continue
		}
		for _, m := range a.ms {
			if len(m.toks) == 1 && m.toks[0] == f[0] {
				return true
			}
		}
	}
	return false
}

// nearest returns the group with the last mention before m, else the one
// with the first mention after it.
func nearest(cands []*group, m *mention) *group {
	if len(cands) == 1 {
		return cands[0]
	}
	var before, after *group
	bestBefore, bestAfter := -1, int(^uint(0)>>1)
	for _, g := range cands {
		for _, o := range g.ms {
			if o.start < m.start && o.start > bestBefore {
				before, bestBefore = g, o.start
			}
			if o.start > m.start && o.start < bestAfter {
				after, bestAfter = g, o.start
			}
		}
	}
	if before != nil {
		return before
	}
	if after != nil {
		return after
	}
	return cands[0]
}

// findMissedNames adds mentions for capitalised words the tagger missed
// that are the surname of a person of the article, or a one-word short form
// the article uses for that person elsewhere; surnames that are also
// common words ("May", "Rice") are left to the tagger.
func (a *analysis) findMissedNames() {
	short := map[string][]*group{}
	for _, g := range a.ents {
		if g.typ != "PER" {
			continue
		}
		for _, f := range g.full {
			short[f[len(f)-1]] = appendGroup(short[f[len(f)-1]], g)
		}
		for _, m := range g.ms {
			if len(m.toks) == 1 {
				short[m.toks[0]] = appendGroup(short[m.toks[0]], g)
			}
		}
	}
	if len(short) == 0 {
		return
	}
	var added []*mention
	for i, t := range a.toks {
		if !isCapitalised(t.Text) || a.covered(i) != nil {
			continue
		}
		w := normName(t.Text)
		cands := short[w]
		if len(cands) == 0 || strings.ToUpper(t.Text) == t.Text && len(t.Text) > 1 || wordSurnames[w] {
			continue
		}
		m := &mention{typ: "PER", ent: -1}
		a.setSpan(m, i, i+1)
		a.join(nearest(cands, m), m)
		added = append(added, m)
	}
	for _, m := range added {
		a.insert(m)
	}
}

func appendGroup(gs []*group, g *group) []*group {
	for _, x := range gs {
		if x == g {
			return gs
		}
	}
	return append(gs, g)
}

// findCourtesyNames adds person mentions the tagger missed after a
// courtesy title: "Mr Blinken", "Mrs. May", "Dr Jill Biden" (up to three
// capitalised words).
func (a *analysis) findCourtesyNames() {
	var added []*mention
	for i := 0; i+1 < len(a.toks); i++ {
		l := a.low[i]
		if !courtesy[l] || l == "lord" || l == "lady" || !isCapitalised(a.toks[i].Text) {
			continue
		}
		j := i + 1
		for j < len(a.toks) && j-i <= 3 && isCapitalised(a.toks[j].Text) && isWordToken(a.toks[j].Text) && a.covered(j) == nil {
			j++
		}
		if j == i+1 || a.bareTitle(i+1, j) {
			continue
		}
		m := &mention{typ: "PER", ent: -1}
		a.setSpan(m, i+1, j)
		added = append(added, m)
		i = j - 1
	}
	for _, m := range added {
		a.insert(m)
	}
}
