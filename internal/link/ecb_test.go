package link

import (
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
	l := New(opts)
	cl, st = map[string]string{}, map[string]string{}
	for _, d := range streamOrder(docs) {
		r := l.Add(d, nil)
		cl[r.Doc], st[r.Doc] = r.Cluster, r.Story
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
		t.Logf("%-6s B3 P %.3f R %.3f F %.3f | pair P %.3f R %.3f F %.3f | V %.3f ARI %.3f | gold %d pred %d",
			name, s.BCubed.P, s.BCubed.R, s.BCubed.F(), s.Pairwise.P, s.Pairwise.R, s.Pairwise.F(), s.VMeasure, s.ARI, s.Gold, s.Predicted)
	}
	report("event", se)
	report("story", ss)
	if th := os.Getenv("STORYLINE_ECB_SWEEP"); th != "" {
		for _, ct := range []float64{0.2, 0.25, 0.3, 0.35, 0.4, 0.45} {
			for _, stt := range []float64{0.08, 0.1, 0.12, 0.15, 0.2} {
				cl, st := linkECB(docs, Options{ClusterThreshold: ct, StoryThreshold: stt})
				se, ss := evaluate.ScoreClusters(gev, cl), evaluate.ScoreClusters(gst, st)
				t.Logf("ct %.2f st %.2f event F %.3f story F %.3f", ct, stt, se.BCubed.F(), ss.BCubed.F())
			}
		}
	}
	_ = strconv.Itoa
}
