package link

import (
	"maps"
	"math"
	"slices"
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
	normEnt  float64 // norm of the entity features of the centroid
	indexed  []term
	story    *group         // clusters: the story they belong to
	clusters []string       // stories: member cluster ids, in order
	ents     map[string]int // canonical entity id -> members naming it
	names    map[string]string
	events   []*linkedEvent // stories: real-world events, in link order
	gone     []goneEvent    // stories: events evicted from events (without KeepHistory)
	evicted  bool
	born     int         // Linker sequence of the first member
	into     *group      // the group this one was merged into
	owner    *group      // documents (neighbour index): their cluster
	years    map[int]int // year of each dated member -> members
}

// goneEvent is what a story keeps of an event evicted from the working
// set: its id and the start of its span, to list it in date order.
type goneEvent struct {
	id    string
	start time.Time
	ok    bool
}

// maxCentroid bounds the terms a centroid keeps.
const maxCentroid = 256

// maxGroupEnts bounds the entities a group counts.
const maxGroupEnts = 64

func newGroup(id string) *group {
	return &group{id: id, centroid: map[term]float64{}, ents: map[string]int{}, names: map[string]string{}}
}

// renorm recomputes the norms of the centroid and of its entity part.
func (g *group) renorm(isEnt []bool) {
	// Sum in term order: a float sum in map order differs from run to run.
	var n, ne float64
	for _, t := range slices.Sorted(maps.Keys(g.centroid)) {
		w := g.centroid[t]
		n += w * w
		if isEnt[t] {
			ne += w * w
		}
	}
	g.norm, g.normEnt = math.Sqrt(n), math.Sqrt(ne)
}

// simEnt is the cosine of the entity part of v (of norm ne) with the
// entity part of the centroid; ok is false when either has none.
func (g *group) simEnt(v vec, ne float64, isEnt []bool) (s float64, ok bool) {
	if ne == 0 || g.normEnt == 0 {
		return 0, false
	}
	for _, x := range v {
		if isEnt[x.t] {
			s += float64(x.w) * g.centroid[x.t]
		}
	}
	return s / (ne * g.normEnt), true
}

// simWords is the cosine of the word part of v (of norm nw) with the word
// part of the centroid: topic similarity, blind to which entities, dates
// and events make the instance.
func (g *group) simWords(v vec, nw float64, isEnt []bool) float64 {
	nc := math.Sqrt(max(0, g.norm*g.norm-g.normEnt*g.normEnt))
	if nw == 0 || nc == 0 {
		return 0
	}
	var s float64
	for _, x := range v {
		if !isEnt[x.t] {
			s += float64(x.w) * g.centroid[x.t]
		}
	}
	return s / (nw * nc)
}

// sims returns in one pass the cosines of v with the centroid (sim), of
// their word parts (simWords) and of their instance parts (simEnt); nw and
// ne are the norms of v's parts.
func (g *group) sims(v vec, nw, ne float64, isEnt []bool) (all, words, ents float64, entsOK bool) {
	if g.norm == 0 {
		return 0, 0, 0, false
	}
	var s, sw, se float64
	for _, x := range v {
		c, ok := g.centroid[x.t]
		if !ok {
			continue
		}
		p := float64(x.w) * c
		s += p
		if !isEnt[x.t] {
			sw += p
		} else {
			se += p
		}
	}
	all = s / g.norm
	if ne > 0 && g.normEnt > 0 {
		ents, entsOK = se/(ne*g.normEnt), true
	}
	if nc := math.Sqrt(max(0, g.norm*g.norm-g.normEnt*g.normEnt)); nw > 0 && nc > 0 {
		words = sw / (nw * nc)
	}
	return all, words, ents, entsOK
}

// sim is the cosine of a unit vector with the centroid.
func (g *group) sim(v vec) float64 {
	if g.norm == 0 {
		return 0
	}
	return dot(v, g.centroid) / g.norm
}

// add folds a member's vector, date and entities into g.
func (g *group) add(v vec, date time.Time, seq int, ents map[string]string, dup bool, isEnt []bool) {
	for _, x := range v {
		g.centroid[x.t] += float64(x.w)
	}
	if len(g.centroid) > 2*maxCentroid {
		prune(g.centroid, maxCentroid)
	}
	g.renorm(isEnt)
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

// heaviest returns the n heaviest centroid terms, heaviest first (ties by
// term), selecting with a bounded min-heap.
func (g *group) heaviest(n int) []term {
	less := func(a, b tw) bool { return a.w < b.w || a.w == b.w && a.t > b.t } // a lighter than b
	h := make([]tw, 0, n+1)
	for t, w := range g.centroid {
		x := tw{t, float32(w)}
		if len(h) == n {
			if !less(h[0], x) {
				continue
			}
			h[0] = x
			siftDown(h, 0, less)
			continue
		}
		h = append(h, x)
		for i := len(h) - 1; i > 0; {
			p := (i - 1) / 2
			if !less(h[i], h[p]) {
				break
			}
			h[i], h[p] = h[p], h[i]
			i = p
		}
	}
	sort.Slice(h, func(i, j int) bool { return less(h[j], h[i]) })
	out := make([]term, len(h))
	for i, x := range h {
		out[i] = x.t
	}
	return out
}

func siftDown(h []tw, i int, less func(a, b tw) bool) {
	for {
		l, m := 2*i+1, i
		if l < len(h) && less(h[l], h[m]) {
			m = l
		}
		if r := l + 1; r < len(h) && less(h[r], h[m]) {
			m = r
		}
		if m == i {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

// due reports whether g's heaviest terms are worth recomputing after
// its docs-th member: always while it is young, then at every 8th member.
func (g *group) due() bool { return g.docs <= 8 || g.docs%8 == 0 }

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
		sort.Slice(all, func(i, j int) bool {
			return all[i].seq < all[j].seq || all[i].seq == all[j].seq && all[i].id < all[j].id
		})
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

// root returns the group g was (transitively) merged into, g itself when
// it was not.
func (g *group) root() *group {
	for g.into != nil {
		g = g.into
	}
	return g
}

// vector returns g's centroid as a unit vector of its n heaviest terms.
func (g *group) vector(n int) vec {
	ts := g.heaviest(n)
	out := make(vec, 0, len(ts))
	var norm float64
	for _, t := range ts {
		w := g.centroid[t]
		norm += w * w
		out = append(out, tw{t, float32(w)})
	}
	if norm == 0 {
		return nil
	}
	k := float32(1 / math.Sqrt(norm))
	for i := range out {
		out[i].w *= k
	}
	sort.Slice(out, func(i, j int) bool { return out[i].t < out[j].t })
	return out
}

// absorb folds h into g: centroid, counts, dates, entities, member
// clusters and events. h leaves the index and points to g.
func (g *group) absorb(h *group, isEnt []bool) {
	for t, w := range h.centroid {
		g.centroid[t] += w
	}
	if len(g.centroid) > 2*maxCentroid {
		prune(g.centroid, maxCentroid)
	}
	g.renorm(isEnt)
	g.docs += h.docs
	g.reports += h.reports
	g.seq = max(g.seq, h.seq)
	if !h.first.IsZero() && (g.first.IsZero() || h.first.Before(g.first)) {
		g.first = h.first
	}
	if h.last.After(g.last) {
		g.last = h.last
	}
	for id, k := range h.ents {
		g.ents[id] += k
		if _, ok := g.names[id]; !ok {
			g.names[id] = h.names[id]
		}
	}
	for y, k := range h.years {
		if g.years == nil {
			g.years = map[int]int{}
		}
		g.years[y] += k
	}
	g.clusters = append(g.clusters, h.clusters...)
	g.events = append(g.events, h.events...)
	g.gone = append(g.gone, h.gone...)
	h.into = g
	h.evicted = true
}
