package link

import (
	"fmt"
	"hash/fnv"
	"os"
	"sort"
	"strconv"
	"testing"

	"github.com/storyline-news/storyline/internal/evaluate"
	"github.com/storyline-news/storyline/internal/store"
)

// streamOrder shuffles documents deterministically (by a hash of their
// ids), so that ECB+ topics interleave as stories do in a feed.
func streamOrder(docs []*store.Doc) []*store.Doc {
	out := append([]*store.Doc(nil), docs...)
	key := func(d *store.Doc) uint64 {
		h := fnv.New64a()
		h.Write([]byte(d.Article.ID))
		return h.Sum64()
	}
	sort.Slice(out, func(i, j int) bool { return key(out[i]) < key(out[j]) })
	return out
}

func linkECB(docs []*store.Doc, opts Options) (cl, st map[string]string) {
	return linkAll(New(opts), streamOrder(docs))
}

// linkAll adds docs in order and returns the final cluster and story of
// each, following merges.
func linkAll(l *Linker, docs []*store.Doc) (cl, st map[string]string) {
	return linkRefined(l, docs, false)
}

// linkRefined is linkAll followed by Refine when refine is set.
func linkRefined(l *Linker, docs []*store.Doc, refine bool) (cl, st map[string]string) {
	cl, st = map[string]string{}, map[string]string{}
	alias := map[string]string{}
	for _, d := range docs {
		r := l.Add(d, nil)
		cl[r.Doc], st[r.Doc] = r.Cluster, r.Story
		for _, m := range r.Moves {
			cl[m.Doc] = m.Into
		}
		for _, m := range r.Merges {
			alias[m.From] = m.Into
		}
	}
	if refine {
		ref := l.Refine()
		for _, m := range ref.Moves {
			cl[m.Doc] = m.Into
		}
		for _, m := range ref.Merges {
			alias[m.From] = m.Into
		}
	}
	resolve := func(id string) string {
		for n := 0; alias[id] != "" && n < len(alias); n++ {
			id = alias[id]
		}
		return id
	}
	for d := range cl {
		cl[d], st[d] = resolve(cl[d]), resolve(st[d])
	}
	return cl, st
}

func goldMaps(gold map[string][2]string) (ev, st map[string]string) {
	ev, st = map[string]string{}, map[string]string{}
	for d, g := range gold {
		ev[d], st[d] = g[0], g[1]
	}
	return ev, st
}

// TestECB scores article clusters against ECB+ events and stories against
// ECB+ topics (982 undated articles, interleaved). Run with
// STORYLINE_ECB=1 (it analyses the whole corpus, about a minute).
func TestECB(t *testing.T) {
	if os.Getenv("STORYLINE_ECB") == "" {
		t.Skip("set STORYLINE_ECB=1 to score ECB+")
	}
	docs, gold := ecbDocs(t)
	gev, gst := goldMaps(gold)
	cl, st := linkECB(docs, Options{})
	se, ss := evaluate.ScoreClusters(gev, cl), evaluate.ScoreClusters(gst, st)
	report := func(name string, s evaluate.ClusterScore) {
		t.Logf("%-22s B3 P %.3f R %.3f F %.3f | pair P %.3f R %.3f F %.3f | V %.3f ARI %.3f | gold %d pred %d",
			name, s.BCubed.P, s.BCubed.R, s.BCubed.F(), s.Pairwise.P, s.Pairwise.R, s.Pairwise.F(), s.VMeasure, s.ARI, s.Gold, s.Predicted)
	}
	report("event", se)
	report("story", ss)
	{
		cl, st := linkAll(New(Options{}), docs) // corpus order: topic by topic
		report("event (corpus order)", evaluate.ScoreClusters(gev, cl))
		report("story (corpus order)", evaluate.ScoreClusters(gst, st))
	}
	{
		cl, st := linkRefined(New(Options{}), streamOrder(docs), true)
		report("event refined", evaluate.ScoreClusters(gev, cl))
		report("story refined", evaluate.ScoreClusters(gst, st))
		cl, st = linkRefined(New(Options{}), docs, true)
		report("event refined (corpus)", evaluate.ScoreClusters(gev, cl))
		report("story refined (corpus)", evaluate.ScoreClusters(gst, st))
		cl, _ = linkRefined(New(Options{SplitMin: -1}), docs, true)
		report("event refined, no split", evaluate.ScoreClusters(gev, cl))
	}
	if os.Getenv("STORYLINE_ECB_CONFUSION") != "" {
		confusion(t, gev, cl)
	}
	if os.Getenv("STORYLINE_ECB_CV") != "" {
		crossValidate(t, docs, gold)
	}
	_ = strconv.Itoa
}

// confusion logs, per gold label, how its documents were split.
func confusion(t *testing.T, gold, pred map[string]string) {
	by := map[string]map[string]int{}
	for d, g := range gold {
		if by[g] == nil {
			by[g] = map[string]int{}
		}
		by[g][pred[d]]++
	}
	owner := map[string]map[string]int{}
	for d, p := range pred {
		if owner[p] == nil {
			owner[p] = map[string]int{}
		}
		owner[p][gold[d]]++
	}
	var keys []string
	for g := range by {
		keys = append(keys, g)
	}
	sort.Strings(keys)
	for _, g := range keys {
		var parts []string
		for p, n := range by[g] {
			parts = append(parts, fmt.Sprintf("%d%v", n, owner[p]))
		}
		sort.Strings(parts)
		t.Logf("%s: %v", g, parts)
	}
}

// crossValidate chooses the cluster and story thresholds on the odd
// topics and scores them on the even ones, and the other way round.
func crossValidate(t *testing.T, docs []*store.Doc, gold map[string][2]string) {
	fold := func(odd bool) []*store.Doc {
		var out []*store.Doc
		for _, d := range docs {
			n, _ := strconv.Atoi(gold[d.Article.ID][1])
			if n%2 == 1 == odd {
				out = append(out, d)
			}
		}
		return out
	}
	gev, gst := goldMaps(gold)
	for _, train := range []bool{true, false} {
		tr, te := fold(train), fold(!train)
		bestCt, bestSt, bestE, bestS := 0.0, 0.0, -1.0, -1.0
		for _, ct := range []float64{0.15, 0.2, 0.25, 0.3, 0.35} {
			cl, _ := linkECB(tr, Options{ClusterThreshold: ct})
			if f := evaluate.ScoreClusters(sub(gev, tr), cl).BCubed.F(); f > bestE {
				bestCt, bestE = ct, f
			}
		}
		for _, stt := range []float64{0.1, 0.15, 0.2, 0.25, 0.3} {
			_, st := linkECB(tr, Options{ClusterThreshold: bestCt, StoryThreshold: stt})
			if f := evaluate.ScoreClusters(sub(gst, tr), st).BCubed.F(); f > bestS {
				bestSt, bestS = stt, f
			}
		}
		cl, st := linkECB(te, Options{ClusterThreshold: bestCt, StoryThreshold: bestSt})
		t.Logf("CV train odd=%v: cluster %.2f (train F %.3f), story %.2f (train F %.3f) -> test event F %.3f story F %.3f",
			train, bestCt, bestE, bestSt, bestS, evaluate.ScoreClusters(sub(gev, te), cl).BCubed.F(), evaluate.ScoreClusters(sub(gst, te), st).BCubed.F())
	}
}

func sub(gold map[string]string, docs []*store.Doc) map[string]string {
	out := map[string]string{}
	for _, d := range docs {
		out[d.Article.ID] = gold[d.Article.ID]
	}
	return out
}
