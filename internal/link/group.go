package link

import (
	"math"
	"sort"
	"time"
)

// group is a cluster of articles or a story of clusters: a centroid over
// its members' feature vectors, indexed under its heaviest terms.
type group struct {
	id       string
	seq      int // Linker sequence of the last member added
	first    time.Time
	last     time.Time // dates of the earliest and latest dated member
	docs     int
	reports  int // members that are not near-duplicates
	centroid map[term]float64
	norm     float64
	indexed  []term
	story    *group         // clusters: the story they belong to
	clusters []string       // stories: member cluster ids, in order
	ents     map[string]int // canonical entity id -> members naming it
	names    map[string]string
	events   []*linkedEvent // stories: real-world events, in link order
	evicted  bool
}

// maxCentroid bounds the terms a centroid keeps.
const maxCentroid = 256

// maxGroupEnts bounds the entities a group counts.
const maxGroupEnts = 64

func newGroup(id string) *group {
	return &group{id: id, centroid: map[term]float64{}, ents: map[string]int{}, names: map[string]string{}}
}

// sim is the cosine of a unit vector with the centroid.
func (g *group) sim(v vec) float64 {
	if g.norm == 0 {
		return 0
	}
	return dot(v, g.centroid) / g.norm
}

// add folds a member's vector, date and entities into g.
func (g *group) add(v vec, date time.Time, seq int, ents map[string]string, dup bool) {
	for _, x := range v {
		g.centroid[x.t] += float64(x.w)
	}
	if len(g.centroid) > 2*maxCentroid {
		prune(g.centroid, maxCentroid)
	}
	var n float64
	for _, w := range g.centroid {
		n += w * w
	}
	g.norm = math.Sqrt(n)
	g.docs++
	if !dup {
		g.reports++
	}
	g.seq = seq
	if !date.IsZero() {
		if g.first.IsZero() || date.Before(g.first) {
			g.first = date
		}
		if date.After(g.last) {
			g.last = date
		}
	}
	for id, name := range ents {
		g.ents[id]++
		if _, ok := g.names[id]; !ok {
			g.names[id] = name
		}
	}
	if len(g.ents) > 2*maxGroupEnts {
		type kv struct {
			k string
			n int
		}
		var all []kv
		for k, n := range g.ents {
			all = append(all, kv{k, n})
		}
		sort.Slice(all, func(i, j int) bool { return all[i].n > all[j].n || all[i].n == all[j].n && all[i].k < all[j].k })
		for _, e := range all[maxGroupEnts:] {
			delete(g.ents, e.k)
			delete(g.names, e.k)
		}
	}
}

// prune keeps the n heaviest terms of c (ties by term).
func prune(c map[term]float64, n int) {
	type kv struct {
		t term
		w float64
	}
	all := make([]kv, 0, len(c))
	for t, w := range c {
		all = append(all, kv{t, w})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].w > all[j].w || all[i].w == all[j].w && all[i].t < all[j].t })
	for _, e := range all[n:] {
		delete(c, e.t)
	}
}

// heaviest returns the n heaviest centroid terms, heaviest first.
func (g *group) heaviest(n int) []term {
	out := make([]term, 0, len(g.centroid))
	for t := range g.centroid {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := g.centroid[out[i]], g.centroid[out[j]]
		return a > b || a == b && out[i] < out[j]
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// groupIndex is an inverted index from terms to the active groups whose
// heaviest terms they are.
type groupIndex struct {
	post   map[term][]*group
	active map[*group]bool
	// per group, terms to index and posting lists cap
	keys, maxPost int
}

func newGroupIndex(keys, maxPost int) *groupIndex {
	return &groupIndex{post: map[term][]*group{}, active: map[*group]bool{}, keys: keys, maxPost: maxPost}
}

// reindex puts g under its current heaviest terms.
func (x *groupIndex) reindex(g *group) {
	x.unindex(g)
	x.active[g] = true
	g.indexed = g.heaviest(x.keys)
	for _, t := range g.indexed {
		x.post[t] = append(x.post[t], g)
	}
}

func (x *groupIndex) unindex(g *group) {
	for _, t := range g.indexed {
		p := x.post[t]
		for i, h := range p {
			if h == g {
				p = append(p[:i], p[i+1:]...)
				break
			}
		}
		if len(p) == 0 {
			delete(x.post, t)
		} else {
			x.post[t] = p
		}
	}
	g.indexed = nil
	delete(x.active, g)
}

// candidates returns the active groups indexed under the query's heaviest
// terms, most shared terms first, at most limit. Terms whose posting list
// is longer than maxPost are too common to select anything and are skipped.
func (x *groupIndex) candidates(v vec, queryTerms, limit int) []*group {
	hits := map[*group]float64{}
	for _, q := range top(v, queryTerms) {
		p := x.post[q.t]
		if len(p) > x.maxPost {
			continue
		}
		for _, g := range p {
			hits[g] += float64(q.w)
		}
	}
	out := make([]*group, 0, len(hits))
	for g := range hits {
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := hits[out[i]], hits[out[j]]
		return a > b || a == b && out[i].seq > out[j].seq
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// evict unindexes groups that are older than window before newest (dated
// groups, when window > 0) and, beyond max active groups, the least
// recently updated; it returns them.
func (x *groupIndex) evict(newest time.Time, window time.Duration, max int) []*group {
	var out []*group
	if window > 0 && !newest.IsZero() {
		for g := range x.active {
			if !g.last.IsZero() && newest.Sub(g.last) > window {
				out = append(out, g)
			}
		}
	}
	for _, g := range out {
		x.unindex(g)
	}
	if len(x.active) > max {
		all := make([]*group, 0, len(x.active))
		for g := range x.active {
			all = append(all, g)
		}
		sort.Slice(all, func(i, j int) bool { return all[i].seq < all[j].seq })
		for _, g := range all[:len(all)-max] {
			x.unindex(g)
			out = append(out, g)
		}
	}
	for _, g := range out {
		g.evicted = true
	}
	return out
}
