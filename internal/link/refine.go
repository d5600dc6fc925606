package link

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/storyline-news/storyline/internal/store"
)

// member is one article of an active cluster as Refine needs it: its
// feature vector and what it brought to the cluster's counts. Clusters
// keep their members while they are in the working set.
type member struct {
	doc  string
	v    vec
	date time.Time
	dup  bool
	ents []string // canonical entity ids
	year int
}

// Move says that Refine moved article Doc from cluster From to cluster
// Into (of the same story).
type Move = store.LinkMove

// Refinement is what Refine changed: the articles it moved, and the
// clusters it emptied, each merged into the cluster that took most of its
// articles (callers rewrite stored rows From → Into, as for Add's merges).
type Refinement struct {
	Moves  []Move
	Merges []Merge
}

// refineMargin is how much closer (cosine) an article must be to another
// cluster of its story than to the rest of its own for Refine to move it.
const refineMargin = 0.01

// Refine revisits the clustering of the working set: the batch step that
// single-pass linking cannot take, where an article that joined a cluster
// before the better one existed moves to it. Within each active story:
//
//   - a cluster whose articles fall in two parts of SplitMin or more,
//     whose centroids' cosine is below ClusterMerge (2-means over the
//     articles' features), is split in two (the same kind of event in two
//     instances, merged early on shared words);
//   - then, for RefineRounds passes, every article goes to the cluster of
//     its story whose centroid is most similar to its features (its own
//     cluster's without the article itself), when that beats its own by
//     refineMargin and reaches ClusterThreshold. A cluster left empty is
//     merged into the cluster that took most of its articles.
//
// Stories keep their articles: only clusters change. Refine is
// deterministic: the same Add and Refine calls in the same order give
// the same state. Call Flush afterwards as after Add: the stories whose
// clusters changed are among its changes.
func (l *Linker) Refine() Refinement {
	var ref Refinement
	byStory := map[*group][]*group{}
	for c := range l.clusters.active {
		if c.into == nil && len(c.members) > 0 {
			s := c.story.root()
			byStory[s] = append(byStory[s], c)
		}
	}
	stories := make([]*group, 0, len(byStory))
	for s := range byStory {
		stories = append(stories, s)
	}
	sort.Slice(stories, func(i, j int) bool { return stories[i].born < stories[j].born })
	for _, s := range stories {
		cs := byStory[s]
		sort.Slice(cs, func(i, j int) bool { return cs[i].born < cs[j].born })
		if l.opts.SplitMin > 0 && l.opts.ClusterMerge > 0 {
			for i := 0; i < len(cs); i++ {
				if nc := l.bisect(cs[i], l.opts.SplitMin, l.opts.ClusterMerge); nc != nil {
					cs = append(cs, nc)
					s.clusters = append(s.clusters, nc.id)
					l.clusters.reindex(cs[i])
					l.clusters.reindex(nc)
					for _, m := range nc.members {
						ref.Moves = append(ref.Moves, Move{Doc: m.doc, From: cs[i].id, Into: nc.id})
					}
					l.dirtyStory[s] = true
					i-- // the rest may split again
				}
			}
		}
		if len(cs) > 1 {
			l.refineStory(s, cs, l.opts.RefineRounds, &ref)
		}
	}
	return ref
}

// refineStory runs Refine's passes over the clusters cs of story s.
func (l *Linker) refineStory(s *group, cs []*group, rounds int, ref *Refinement) {
	from := map[string]*group{} // doc -> its cluster before Refine
	for range rounds {
		moved := 0
		for _, c := range cs {
			for i := 0; i < len(c.members); i++ {
				m := c.members[i]
				own := c.simWithout(m.v)
				best, bestS := c, own+refineMargin
				for _, d := range cs {
					if d == c || len(d.members) == 0 {
						continue
					}
					sim := d.sim(m.v) / l.decay(m.date, d.last, 1)
					if sim > bestS && sim >= l.opts.ClusterThreshold {
						best, bestS = d, sim
					}
				}
				if best == c {
					continue
				}
				if _, ok := from[m.doc]; !ok {
					from[m.doc] = c
				}
				c.removeMember(i, l.voc.ent)
				i--
				best.addMember(m, l.voc.ent)
				l.memberOf[m.doc] = best
				moved++
			}
		}
		if moved == 0 {
			break
		}
	}
	if len(from) == 0 {
		return
	}
	// where each article went, in a fixed order
	docs := make([]string, 0, len(from))
	to := map[string]*group{}
	for _, c := range cs {
		for _, m := range c.members {
			if _, ok := from[m.doc]; ok {
				docs = append(docs, m.doc)
				to[m.doc] = c
			}
		}
	}
	sort.Strings(docs)
	took := map[*group]map[*group]int{} // emptied cluster -> where its articles went
	for _, d := range docs {
		if from[d] == to[d] {
			continue
		}
		ref.Moves = append(ref.Moves, Move{Doc: d, From: from[d].id, Into: to[d].id})
		if len(from[d].members) == 0 {
			if took[from[d]] == nil {
				took[from[d]] = map[*group]int{}
			}
			took[from[d]][to[d]]++
		}
	}
	emptied := map[string]bool{}
	for _, c := range cs {
		if len(c.members) == 0 {
			emptied[c.id] = true
		}
	}
	s.clusters = slices.DeleteFunc(s.clusters, func(id string) bool { return emptied[id] })
	for _, c := range cs {
		if len(c.members) == 0 {
			// an emptied cluster lives on as an alias of the cluster that
			// took most of its articles
			var into *group
			for d, n := range took[c] {
				if into == nil || n > took[c][into] || n == took[c][into] && d.born < into.born {
					into = d
				}
			}
			if into == nil {
				continue
			}
			l.clusters.unindex(c)
			c.evicted = true
			c.into = into
			ref.Merges = append(ref.Merges, Merge{From: c.id, Into: into.id})
		} else {
			l.clusters.reindex(c)
		}
	}
	l.dirtyStory[s] = true
}

// simWithout is the cosine of unit vector v with the centroid less v
// itself (leave-one-out: how well a member fits the rest of its cluster);
// 0 for a cluster of one.
func (g *group) simWithout(v vec) float64 {
	var dot, self, overlap float64
	g.join(v, func(x tw, c float64) {
		w := float64(x.w)
		dot += w * c
		overlap += w * w
	})
	self = g.norm*g.norm - 2*dot + overlap
	if self <= 1e-12 {
		return 0
	}
	return (dot - overlap) / math.Sqrt(self)
}

// addMember folds an article moved in by Refine into the cluster.
func (g *group) addMember(m member, isEnt []bool) {
	g.include(m.v, m.date, m.dup, isEnt)
	for _, id := range m.ents {
		g.ents[id]++
	}
	g.capEnts()
	if m.year != 0 {
		if g.years == nil {
			g.years = map[int]int{}
		}
		g.years[m.year]++
	}
	g.members = append(g.members, m)
}

// removeMember takes member i out of the cluster: its vector out of the
// centroid (terms the centroid pruned stay out), its counts, entities and
// year; the cluster's dates span its remaining members.
func (g *group) removeMember(i int, isEnt []bool) {
	m := g.members[i]
	g.members = slices.Delete(g.members, i, i+1)
	g.subtract(m, isEnt)
	if m.year != 0 {
		if g.years[m.year]--; g.years[m.year] <= 0 {
			delete(g.years, m.year)
		}
	}
	g.first, g.last = time.Time{}, time.Time{}
	for _, o := range g.members {
		g.spanDates(o.date)
	}
}

// bisect splits cluster c in two by 2-means over its members' vectors
// (seeded by the member farthest from the rest and the member farthest
// from that one) when both parts have minPart members or more and their
// centroids' cosine is below maxCos; it returns the new cluster (of the
// part without c's first member), nil when c stays whole.
func (l *Linker) bisect(c *group, minPart int, maxCos float64) *group {
	n := len(c.members)
	if n < 2*minPart {
		return nil
	}
	a, worst := 0, math.Inf(1)
	for i, m := range c.members {
		if s := c.simWithout(m.v); s < worst {
			a, worst = i, s
		}
	}
	b, far := -1, math.Inf(1)
	for i, m := range c.members {
		if i == a {
			continue
		}
		if s := dotVec(c.members[a].v, m.v); s < far {
			b, far = i, s
		}
	}
	side := make([]bool, n) // true: with seed b
	cents := [2]map[term]float64{}
	cent := func(want bool) map[term]float64 {
		out := map[term]float64{}
		for i, m := range c.members {
			if side[i] == want {
				for _, x := range m.v {
					out[x.t] += float64(x.w)
				}
			}
		}
		return out
	}
	for i := range side {
		side[i] = dotVec(c.members[i].v, c.members[b].v) > dotVec(c.members[i].v, c.members[a].v)
	}
	for range 8 {
		cents[0], cents[1] = cent(false), cent(true)
		n0, n1 := normMap(cents[0]), normMap(cents[1])
		changed := false
		for i, m := range c.members {
			s0, s1 := dotMap(m.v, cents[0])/n0, dotMap(m.v, cents[1])/n1
			if nb := s1 > s0; nb != side[i] {
				side[i], changed = nb, true
			}
		}
		if !changed {
			break
		}
	}
	cents[0], cents[1] = cent(false), cent(true)
	var k int
	for _, s := range side {
		if s {
			k++
		}
	}
	if k < minPart || n-k < minPart || l.partsCos(cents[0], cents[1]) >= maxCos {
		return nil
	}
	// the part with the cluster's first member keeps the cluster
	if side[0] {
		for i := range side {
			side[i] = !side[i]
		}
	}
	var out *group
	for i := n - 1; i >= 0; i-- {
		if !side[i] {
			continue
		}
		m := c.members[i]
		c.removeMember(i, l.voc.ent)
		if out == nil {
			l.splits++
			out = newGroup(hashID("cl-", "split:"+strconv.Itoa(l.splits)+":"+m.doc))
			out.born = l.seq
			out.story = c.story
		}
		out.addMember(m, l.voc.ent)
		l.memberOf[m.doc] = out
	}
	slices.Reverse(out.members)
	for _, m := range out.members {
		if out.names == nil {
			out.names = map[string]string{}
		}
		for _, id := range m.ents {
			if name, ok := c.names[id]; ok {
				out.names[id] = name
			}
		}
	}
	out.seq = c.seq
	return out
}

// dotVec is the dot product of two sparse vectors sorted by term.
func dotVec(a, b vec) float64 {
	var s float64
	i := 0
	for _, x := range a {
		for i < len(b) && b[i].t < x.t {
			i++
		}
		if i == len(b) {
			break
		}
		if b[i].t == x.t {
			s += float64(x.w) * float64(b[i].w)
		}
	}
	return s
}

// dotMap is the dot product of v with the centroid m.
func dotMap(v vec, m map[term]float64) float64 {
	var dot float64
	for _, x := range v {
		dot += float64(x.w) * m[x.t]
	}
	return dot
}

// normMap is the norm of centroid m (1 when m is empty, to divide by).
func normMap(m map[term]float64) float64 {
	var n float64
	for _, w := range m {
		n += w * w
	}
	if n == 0 {
		return 1
	}
	return math.Sqrt(n)
}

// cosMaps is the cosine of two centroids.
func cosMaps(a, b map[term]float64) float64 {
	var dot, na, nb float64
	for t, w := range a {
		dot += w * b[t]
		na += w * w
	}
	for _, w := range b {
		nb += w * w
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

// partsCos is how alike two parts of a cluster are: the cosine of their
// centroids' entity features (who and where: the same kind of event with
// other actors falls apart here while its words agree), or of the whole
// centroids when either part names no entity.
func (l *Linker) partsCos(a, b map[term]float64) float64 {
	ea, eb := map[term]float64{}, map[term]float64{}
	for t, w := range a {
		if l.voc.ent[t] {
			ea[t] = w
		}
	}
	for t, w := range b {
		if l.voc.ent[t] {
			eb[t] = w
		}
	}
	if len(ea) == 0 || len(eb) == 0 {
		return cosMaps(a, b)
	}
	return cosMaps(ea, eb)
}

// subtract takes an article's vector out of the centroid (terms the
// centroid pruned stay out) and its counts and entities out of the
// group's: the reverse of add, for a cluster or a story.
func (g *group) subtract(m member, isEnt []bool) {
	j, keys, wts := 0, g.keys[:0], g.wts[:0]
	for k, t := range g.keys {
		w := g.wts[k]
		for j < len(m.v) && m.v[j].t < t {
			j++
		}
		if j < len(m.v) && m.v[j].t == t {
			w -= float64(m.v[j].w)
		}
		if w > 1e-9 {
			keys, wts = append(keys, t), append(wts, w)
		}
	}
	g.keys, g.wts = keys, wts
	g.renorm(isEnt)
	g.docs--
	if !m.dup {
		g.reports--
	}
	for _, id := range m.ents {
		if g.ents[id]--; g.ents[id] <= 0 {
			delete(g.ents, id)
		}
	}
}

// dropMember takes an earlier version of article doc out of active
// cluster c and its story, before the new version is added.
func (l *Linker) dropMember(c *group, doc string) {
	delete(l.memberOf, doc)
	if c.evicted {
		return
	}
	for i, m := range c.members {
		if m.doc != doc {
			continue
		}
		c.removeMember(i, l.voc.ent)
		l.clusters.reindex(c)
		if s := c.story.root(); !s.evicted {
			s.subtract(m, l.voc.ent)
			l.stories.reindex(s)
			l.dirtyStory[s] = true
		}
		return
	}
}
