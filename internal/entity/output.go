package entity

import (
	"sort"
	"strconv"
	"strings"
)

// entities turns the groups into Entities ordered by first mention.
func (a *analysis) entities() []Entity {
	for _, g := range a.ents {
		sort.Slice(g.ms, func(i, j int) bool { return g.ms[i].start < g.ms[j].start })
	}
	inArticle := a.countriesInArticle()
	a.linkPlaces(inArticle)
	gs := make([]*group, 0, len(a.ents))
	for _, g := range a.ents {
		if len(g.ms) > 0 {
			gs = append(gs, g)
		}
	}
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].ms[0].start < gs[j].ms[0].start })
	out := make([]Entity, 0, len(gs))
	for _, g := range gs {
		e := Entity{Key: "e" + strconv.Itoa(len(out)+1), Type: g.typ, Source: g.source}
		e.Name = bestName(g)
		if p := g.place; p != nil && (p.Kind == "country" || strings.ToUpper(e.Name) == e.Name && normName(e.Name) == normName(p.Name)) {
			e.Name = p.Name // "United States" for "US"; "London" for a dateline's "LONDON"
		}
		seenAlias := map[string]bool{normName(e.Name): true}
		seenRole := map[string]bool{}
		for _, m := range g.ms {
			e.Mentions = append(e.Mentions, Mention{Start: m.start, End: m.end, Text: a.txt[m.start:m.end], Role: m.role, RoleOnly: m.roleOnly})
			if !m.roleOnly && !seenAlias[m.norm] && m.norm != "" {
				seenAlias[m.norm] = true
				e.Aliases = append(e.Aliases, m.name)
			}
			if k := normName(m.role); m.role != "" && !seenRole[k] {
				seenRole[k] = true
				e.Roles = append(e.Roles, m.role)
			}
		}
		switch g.typ {
		case "LOC":
			if p := g.place; p != nil {
				e.Country, e.Admin, e.GeoID = p.Country, p.Admin, p.GeoID
			}
		case "MISC":
			if p, ok := a.demonymCountry(g); ok {
				e.Country = p.Country
			}
		}
		if g.source {
			e.Name = outletName(e.Name)
		}
		out = append(out, e)
	}
	return out
}

// bestName returns the group's fullest name: among its names with the most
// words, the most frequent, the first on ties. Role-only mentions do not
// count.
func bestName(g *group) string {
	count := map[string]int{}
	best, bestWords := "", 0
	for _, m := range g.ms {
		if m.roleOnly {
			continue
		}
		count[m.norm]++
	}
	for _, m := range g.ms {
		if m.roleOnly {
			continue
		}
		n := len(m.toks)
		if best == "" || n > bestWords || n == bestWords && count[m.norm] > count[normName(best)] {
			best, bestWords = m.name, n
		}
	}
	if best == "" && len(g.ms) > 0 {
		best = g.ms[0].name
	}
	return best
}

// outletName returns the usual name of an outlet ("BLOOMBERG" →
// "Bloomberg", "Associated Press" → "AP"), so that one outlet has one name
// across articles.
func outletName(name string) string {
	k := normName(name)
	if c, ok := outletCanonical[k]; ok {
		return c
	}
	for _, o := range outletNames {
		if normName(o) == k {
			return strings.TrimPrefix(o, "The ")
		}
	}
	return name
}

// linkPlaces links the article's place groups to the place table and
// merges groups that name one place ("US" and "United States",
// "Washington" and "Washington, D.C.") into the first.
func (a *analysis) linkPlaces(inArticle map[string]bool) {
	byGeo := map[int]*group{}
	for _, g := range a.ents {
		if g.typ != "LOC" || len(g.ms) == 0 {
			continue
		}
		p, ok := a.linkPlace(g, inArticle)
		if !ok {
			continue
		}
		g.place = &p
		if p.GeoID == 0 {
			continue
		}
		if first := byGeo[p.GeoID]; first != nil {
			first.ms = append(first.ms, g.ms...)
			for _, m := range g.ms {
				m.ent = first.idx
			}
			g.ms = nil
			sort.Slice(first.ms, func(i, j int) bool { return first.ms[i].start < first.ms[j].start })
			continue
		}
		byGeo[p.GeoID] = g
	}
}
