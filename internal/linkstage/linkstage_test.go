package linkstage

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/clean"
	"github.com/storyline-news/storyline/internal/link"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
)

const t17 = "../../../shared/data/t17/H1N1_reuters/articles.json"

// inputs are the test archives: the five samples, and a Timeline17 topic
// (about a hundred dated articles) when the development data is present.
func inputs(t *testing.T) map[string][]string {
	in := map[string][]string{"examples": {"../../examples"}}
	if _, err := os.Stat(t17); err == nil {
		in["t17"] = []string{t17}
	} else {
		t.Logf("%s absent: the Timeline17 cases are skipped", t17)
	}
	return in
}

// ingest stores and analyses paths into the archive file at path, linking
// through the stage that stage returns for it (none when stage is nil).
func ingest(t *testing.T, path string, stage func(store.Store) pipeline.Linker, paths ...string) *store.SQLite {
	t.Helper()
	ctx := context.Background()
	st, err := store.OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var lk pipeline.Linker = noLinker{}
	if stage != nil {
		lk = stage(st)
	}
	in := pipeline.New(article.NewReader(article.Options{}), clean.New(clean.Options{}), st, pipeline.Options{Workers: 2, Link: lk})
	if _, err := in.Ingest(ctx, paths, nil); err != nil {
		t.Fatal(err)
	}
	return st
}

// noLinker stores nothing: a crash between storing a batch and linking it.
type noLinker struct{}

func (noLinker) Open(context.Context) error               { return nil }
func (noLinker) Link(context.Context, []*store.Doc) error { return nil }

// dump is everything the archive holds of linking, as JSON lines in a
// fixed order, for comparisons.
type dump struct {
	Docs, Events, Stories []string
}

func dumpLinks(t *testing.T, st store.Store) dump {
	t.Helper()
	ctx := context.Background()
	var d dump
	enc := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	err := st.DocLinks(ctx, "", func(l store.DocLink) error {
		d.Docs = append(d.Docs, enc(l))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = st.LinkedEvents(ctx, store.LinkFilter{}, func(ev store.LinkedEvent) error {
		d.Events = append(d.Events, enc(ev))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = st.Stories(ctx, func(s store.Story) error {
		d.Stories = append(d.Stories, enc(s))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(d.Docs)
	sort.Strings(d.Events)
	sort.Strings(d.Stories)
	return d
}

func sameDump(t *testing.T, what string, got, want dump) {
	t.Helper()
	for _, c := range []struct {
		name      string
		got, want []string
	}{{"doc links", got.Docs, want.Docs}, {"events", got.Events, want.Events}, {"stories", got.Stories, want.Stories}} {
		if len(c.got) != len(c.want) {
			t.Errorf("%s: %d %s, want %d", what, len(c.got), c.name, len(c.want))
			continue
		}
		for i := range c.got {
			if c.got[i] != c.want[i] {
				t.Errorf("%s: %s differ:\n%s\nwant\n%s", what, c.name, c.got[i], c.want[i])
				break
			}
		}
	}
}

// replayDump is what link.ReplayStore (batch linking in memory, with
// history, refined when refine is set) decides for the archive, in the
// form dumpLinks reads.
func replayDump(t *testing.T, st store.Store, refine bool) (dump, int) {
	t.Helper()
	rp, err := link.ReplayStore(context.Background(), st, refine)
	if err != nil {
		t.Fatal(err)
	}
	mem, err := store.OpenSQLite(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	var b store.LinkBatch
	merges := 0
	for i, id := range rp.Order {
		r := rp.Results[id]
		merges += len(r.Merges)
		b.Docs = append(b.Docs, store.DocLink{Doc: id, Cluster: r.Cluster, Story: r.Story, DuplicateOf: r.DuplicateOf, Events: r.Events, Seq: i + 1})
	}
	for _, ev := range rp.Linker.Events() {
		ev.Names = rp.Participants(ev)
		b.Mentions = append(b.Mentions, ev.Mentions...)
		b.Events = append(b.Events, ev)
	}
	b.Stories = rp.Linker.Stories()
	if err := mem.PutLinks(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	return dumpLinks(t, mem), merges
}

// TestRelinkEqualsReplay checks that Relink stores exactly what batch
// linking in memory (link.ReplayStore) decides: every article's cluster,
// story, duplicate and events, every real-world event with its mentions
// and canonical names, every story, merges applied to the stored rows.
func TestRelinkEqualsReplay(t *testing.T) {
	for name, paths := range inputs(t) {
		t.Run(name, func(t *testing.T) {
			st := ingest(t, filepath.Join(t.TempDir(), "a.db"), nil, paths...)
			n, err := Relink(context.Background(), st, Options{})
			if err != nil {
				t.Fatal(err)
			}
			want, merges := replayDump(t, st, true)
			if n == 0 || len(want.Docs) != n || len(want.Events) == 0 {
				t.Fatalf("relinked %d articles, replay %d, %d events", n, len(want.Docs), len(want.Events))
			}
			t.Logf("%d articles, %d events, %d stories, %d merges", n, len(want.Events), len(want.Stories), merges)
			sameDump(t, "relink vs replay", dumpLinks(t, st), want)
		})
	}
}

// linkInChunks links the archive's articles in publication order through
// x, chunk articles per Link call.
func linkInChunks(t *testing.T, x *Stage, st store.Store, chunk int) {
	t.Helper()
	ctx := context.Background()
	docs, err := link.LoadDocs(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	for lo := 0; lo < len(docs); lo += chunk {
		if err := x.Link(ctx, docs[lo:min(lo+chunk, len(docs))]); err != nil {
			t.Fatal(err)
		}
	}
}

// TestIncrementalEqualsReplay checks linking in small batches, with
// snapshots between some of them: what is stored equals batch linking of
// the same order, so the merges of later batches rewrite the rows of
// earlier ones correctly.
func TestIncrementalEqualsReplay(t *testing.T) {
	for name, paths := range inputs(t) {
		t.Run(name, func(t *testing.T) {
			st := ingest(t, filepath.Join(t.TempDir(), "a.db"), nil, paths...)
			x := New(st, Options{SnapshotEvery: 5})
			x.l = link.New(link.Options{}) // opened on an archive not linked yet
			linkInChunks(t, x, st, 3)
			want, _ := replayDump(t, st, false)
			sameDump(t, "incremental vs replay", dumpLinks(t, st), want)
		})
	}
}

// TestRecovery checks the crashes the stage recovers from when it opens:
// articles stored but never linked, and links stored after the last
// snapshot (the articles are linked again in the same order).
func TestRecovery(t *testing.T) {
	ctx := context.Background()
	for name, paths := range inputs(t) {
		t.Run(name+"/unlinked", func(t *testing.T) {
			st := ingest(t, filepath.Join(t.TempDir(), "a.db"), nil, paths...)
			n := 0
			if err := st.Unlinked(ctx, func(string) error { n++; return nil }); err != nil || n == 0 {
				t.Fatalf("unlinked before: %d, %v", n, err)
			}
			x, err := Open(ctx, st, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			n = 0
			if err := st.Unlinked(ctx, func(string) error { n++; return nil }); err != nil || n != 0 {
				t.Fatalf("unlinked after: %d, %v", n, err)
			}
			want, _ := replayDump(t, st, false)
			sameDump(t, "recovered vs replay", dumpLinks(t, st), want)
		})
		t.Run(name+"/after snapshot", func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "a.db")
			st := ingest(t, path, nil, paths...)
			if err := st.ClearLinks(ctx); err != nil {
				t.Fatal(err)
			}
			// snapshots while the first half is linked, none after
			x := New(st, Options{SnapshotEvery: 2})
			x.l = link.New(link.Options{})
			docs, err := link.LoadDocs(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			for i, d := range docs {
				if i == len(docs)/2 {
					x.opts.SnapshotEvery = 1 << 30
				}
				if err := x.Link(ctx, []*store.Doc{d}); err != nil {
					t.Fatal(err)
				}
			}
			state, err := st.LinkState(ctx)
			if err != nil {
				t.Fatal(err)
			}
			since := 0
			if err := st.LinkedSince(ctx, state.Seq, func(store.DocLink) error { since++; return nil }); err != nil {
				t.Fatal(err)
			}
			if state.Data == nil || since == 0 {
				t.Fatalf("snapshot at %d, %d linked after it: nothing to recover", state.Seq, since)
			}
			before := dumpLinks(t, st)
			y, err := Open(ctx, st, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer y.Close()
			if s := y.Stats().Docs; s != len(before.Docs) {
				t.Errorf("restored linker has linked %d articles, want %d", s, len(before.Docs))
			}
			sameDump(t, "recovered vs before", dumpLinks(t, st), before)
			want, _ := replayDump(t, st, false)
			sameDump(t, "recovered vs replay", dumpLinks(t, st), want)
		})
	}
}

// TestPipelineLinks checks that an ingest links as it stores: every
// article has its links, equal to batch linking when the whole input is
// one batch, and a second ingest of new articles links them into the
// same archive.
func TestPipelineLinks(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a.db")
	var x *Stage
	stage := func(st store.Store) pipeline.Linker {
		x = New(st, Options{})
		return x
	}
	st := ingest(t, path, stage, "../../examples")
	if err := x.Snapshot(ctx); err != nil {
		t.Fatal(err)
	}
	want, _ := replayDump(t, st, false)
	sameDump(t, "ingest vs replay", dumpLinks(t, st), want)
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	st.Close()

	st = ingest(t, path, stage, "testdata/later.json")
	if err := x.Snapshot(ctx); err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	d, err := st.DocLink(ctx, "later-1")
	if err != nil {
		t.Fatalf("the later article is not linked: %v", err)
	}
	if d.Seq != 6 {
		t.Errorf("later article linked %d-th, want 6th", d.Seq)
	}
	state, err := st.LinkState(ctx)
	if err != nil || state.Seq != 6 {
		t.Errorf("snapshot covers %d articles (%v), want 6", state.Seq, err)
	}
	var stories int
	if err := st.Stories(ctx, func(s store.Story) error { stories++; return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Story(ctx, d.Story); err != nil {
		t.Errorf("story %s of the later article: %v", d.Story, err)
	}
	t.Logf("later-1: cluster %s story %s; %d stories", d.Cluster, d.Story, stories)
}

// TestWorkingSetBounded checks that linking an archive that keeps
// growing keeps a bounded working set: Timeline17 articles replayed round
// after round (ScaleLoad), the largest working set (clusters, stories,
// events, near-duplicate fingerprints) seen in the fourth round is no
// larger than in the second, beyond the articles since the last eviction,
// and every article is linked and stored.
func TestWorkingSetBounded(t *testing.T) {
	if _, err := os.Stat(t17); err != nil {
		t.Skipf("%s absent", t17)
	}
	ctx := context.Background()
	mem, _, err := pipeline.IngestInMemory(ctx, []string{t17}, nil)
	if err != nil {
		t.Fatal(err)
	}
	docs, err := link.LoadDocs(ctx, mem)
	mem.Close()
	if err != nil {
		t.Fatal(err)
	}
	load, err := NewScaleLoad(docs)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.OpenSQLite(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	round := len(load.docs)
	var at []int
	for n := 16; n <= 4*round; n += 16 {
		at = append(at, n)
	}
	peak := make([]link.Stats, 4) // per round, the largest of each count
	err = Scale(ctx, st, load, 4*round, 16, at, func(p ScalePoint) {
		r, w := &peak[min((p.Articles-1)/round, 3)], p.Working
		r.Clusters, r.Stories = max(r.Clusters, w.Clusters), max(r.Stories, w.Stories)
		r.Events, r.Duplicates = max(r.Events, w.Events), max(r.Duplicates, w.Duplicates)
	})
	if err != nil {
		t.Fatal(err)
	}
	two, four := peak[1], peak[3]
	t.Logf("round 2 peak: %+v; round 4 peak: %+v", two, four)
	const slack = 64 // the linker evicts every 64 articles
	if four.Clusters > two.Clusters+slack || four.Stories > two.Stories+slack || four.Events > two.Events+slack ||
		four.Duplicates > two.Duplicates+slack {
		t.Errorf("the working set grew with the archive: round 2 peak %+v, round 4 peak %+v", two, four)
	}
	n := 0
	if err := st.DocLinks(ctx, "", func(store.DocLink) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if n != 4*round {
		t.Errorf("%d articles linked, want %d", n, 4*round)
	}
}
