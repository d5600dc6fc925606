package link

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"time"
)

// group is a cluster of articles or a story of clusters: a centroid over
// its members' feature vectors, indexed under its heaviest terms.
type group struct {
	id      string
	seq     int // Linker sequence of the last member added
	first   time.Time
	last    time.Time // dates of the earliest and latest dated member
	docs    int
	reports int // members that are not near-duplicates
	// the centroid: terms sorted, with their weights (parallel)
	keys     []term
	wts      []float64
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
	members  []member    // active clusters: their articles, for Refine
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
	return &group{id: id, ents: map[string]int{}, names: map[string]string{}}
}

// renorm recomputes the norms of the centroid and of its entity part.
func (g *group) renorm(isEnt []bool) {
	// Sum in term order: a float sum in map order differs from run to run.
	var n, ne float64
	for i, t := range g.keys {
		w := g.wts[i]
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
	g.join(v, func(x tw, c float64) {
		if isEnt[x.t] {
			s += float64(x.w) * c
		}
	})
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
	g.join(v, func(x tw, c float64) {
		if !isEnt[x.t] {
			s += float64(x.w) * c
		}
	})
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
	g.join(v, func(x tw, c float64) {
		p := float64(x.w) * c
		s += p
		if !isEnt[x.t] {
			sw += p
		} else {
			se += p
		}
	})
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
	var s float64
	g.join(v, func(x tw, c float64) { s += float64(x.w) * c })
	return s / g.norm
}

// add folds a member's vector, date and entities into g.
func (g *group) add(v vec, date time.Time, seq int, ents map[string]string, dup bool, isEnt []bool) {
	g.include(v, date, dup, isEnt)
	g.seq = seq
	for id, name := range ents {
		g.ents[id]++
		if _, ok := g.names[id]; !ok {
			g.names[id] = name
		}
	}
	g.capEnts()
}

// include folds a member's vector into the centroid and counts it, with
// its date: what add and addMember share.
func (g *group) include(v vec, date time.Time, dup bool, isEnt []bool) {
	g.fold(v)
	if len(g.keys) > 2*maxCentroid {
		g.prune(maxCentroid)
	}
	g.renorm(isEnt)
	g.docs++
	if !dup {
		g.reports++
	}
	g.spanDates(date)
}

// spanDates widens the group's first and last dates to include date.
func (g *group) spanDates(date time.Time) {
	if date.IsZero() {
		return
	}
	if g.first.IsZero() || date.Before(g.first) {
		g.first = date
	}
	if date.After(g.last) {
		g.last = date
	}
}

// capEnts keeps the maxGroupEnts entities most members name once the
// group counts twice as many.
func (g *group) capEnts() {
	if len(g.ents) <= 2*maxGroupEnts {
		return
	}
	for _, id := range g.entsByCount()[maxGroupEnts:] {
		delete(g.ents, id)
		delete(g.names, id)
	}
}

// entsByCount returns g's entity ids, those most members name first (ties
// by id).
func (g *group) entsByCount() []string {
	ids := make([]string, 0, len(g.ents))
	for id := range g.ents {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := g.ents[ids[i]], g.ents[ids[j]]
		return a > b || a == b && ids[i] < ids[j]
	})
	return ids
}

// join calls fn, in v's (term) order, with each entry of v whose term
// the centroid has and the centroid's weight for it: v and the centroid
// are both sorted by term.
func (g *group) join(v vec, fn func(x tw, c float64)) {
	i, keys := 0, g.keys
	for _, x := range v {
		for i < len(keys) && keys[i] < x.t {
			i++
		}
		if i == len(keys) {
			return
		}
		if keys[i] == x.t {
			fn(x, g.wts[i])
		}
	}
}

// fold adds v (sorted by term) to the centroid.
func (g *group) fold(v vec) {
	k, w := g.keys, g.wts
	if len(v) == 0 {
		return
	}
	nk := make([]term, 0, len(k)+len(v))
	nw := make([]float64, 0, len(k)+len(v))
	i := 0
	for _, x := range v {
		for i < len(k) && k[i] < x.t {
			nk, nw = append(nk, k[i]), append(nw, w[i])
			i++
		}
		if i < len(k) && k[i] == x.t {
			nk, nw = append(nk, k[i]), append(nw, w[i]+float64(x.w))
			i++
			continue
		}
		nk, nw = append(nk, x.t), append(nw, float64(x.w))
	}
	g.keys, g.wts = append(nk, k[i:]...), append(nw, w[i:]...)
}

// foldGroup adds h's centroid to g's.
func (g *group) foldGroup(h *group) {
	k, w := g.keys, g.wts
	nk := make([]term, 0, len(k)+len(h.keys))
	nw := make([]float64, 0, len(k)+len(h.keys))
	i, j := 0, 0
	for i < len(k) || j < len(h.keys) {
		switch {
		case j == len(h.keys) || i < len(k) && k[i] < h.keys[j]:
			nk, nw = append(nk, k[i]), append(nw, w[i])
			i++
		case i == len(k) || h.keys[j] < k[i]:
			nk, nw = append(nk, h.keys[j]), append(nw, h.wts[j])
			j++
		default:
			nk, nw = append(nk, k[i]), append(nw, w[i]+h.wts[j])
			i++
			j++
		}
	}
	g.keys, g.wts = nk, nw
}

// weight returns the centroid's weight of t (0 when absent).
func (g *group) weight(t term) float64 {
	if i, ok := slices.BinarySearch(g.keys, t); ok {
		return g.wts[i]
	}
	return 0
}

// prune keeps the n heaviest terms of the centroid (ties by term).
func (g *group) prune(n int) {
	type kv struct {
		t term
		w float64
	}
	all := make([]kv, len(g.keys))
	for i, t := range g.keys {
		all[i] = kv{t, g.wts[i]}
	}
	selectFirst(all, n, func(a, b kv) bool { return a.w > b.w || a.w == b.w && a.t < b.t })
	all = all[:n]
	slices.SortFunc(all, func(a, b kv) int { return cmp.Compare(a.t, b.t) })
	g.keys, g.wts = make([]term, n), make([]float64, n)
	for i, e := range all {
		g.keys[i], g.wts[i] = e.t, e.w
	}
}

// heaviest returns the n heaviest centroid terms, heaviest first (ties by
// term; weights compared as float32).
func (g *group) heaviest(n int) []term {
	h := make([]tw, len(g.keys))
	for i, t := range g.keys {
		h[i] = tw{t, float32(g.wts[i])}
	}
	selectFirst(h, n, heavier)
	h = h[:min(n, len(h))]
	slices.SortFunc(h, byWeight)
	out := make([]term, len(h))
	for i, x := range h {
		out[i] = x.t
	}
	return out
}

// heavier orders entries heaviest first, ties by term.
func heavier(a, b tw) bool { return a.w > b.w || a.w == b.w && a.t < b.t }

// byWeight is heavier as a comparison function.
func byWeight(a, b tw) int {
	switch {
	case heavier(a, b):
		return -1
	case heavier(b, a):
		return 1
	}
	return 0
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
	more := func(g, h *group) bool {
		a, b := hits[g], hits[h]
		return a > b || a == b && g.seq > h.seq
	}
	if len(out) > limit {
		selectFirst(out, limit, more)
		out = out[:limit]
	}
	sort.Slice(out, func(i, j int) bool { return more(out[i], out[j]) })
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
		w := g.weight(t)
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
	slices.SortFunc(out, func(a, b tw) int { return cmp.Compare(a.t, b.t) })
	return out
}

// absorb folds h into g: centroid, counts, dates, entities, member
// clusters and events. h leaves the index and points to g.
func (g *group) absorb(h *group, isEnt []bool) {
	g.foldGroup(h)
	if len(g.keys) > 2*maxCentroid {
		g.prune(maxCentroid)
	}
	g.renorm(isEnt)
	g.docs += h.docs
	g.reports += h.reports
	g.seq = max(g.seq, h.seq)
	g.spanDates(h.first)
	g.spanDates(h.last)
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
	g.members = append(g.members, h.members...)
	h.members = nil
	g.events = append(g.events, h.events...)
	g.gone = append(g.gone, h.gone...)
	h.into = g
	h.evicted = true
}
