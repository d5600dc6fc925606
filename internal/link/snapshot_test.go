package link

import (
	"bytes"
	"compress/flate"
	"io"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/storyline-news/storyline/internal/store"
)

// linkRun is what a sequence of Add calls produced: each Result, each
// Flush's changes, and the Linker's Events and Stories at the end.
type linkRun struct {
	Results []Result
	Changes []Changes
	Events  []Event
	Stories []Story
	Stats   Stats
}

// runLinker adds docs[from:to] to l, flushing every flushEvery documents
// and at the end.
func runLinker(l *Linker, docs []*store.Doc, from, to, flushEvery int, out *linkRun) {
	for i := from; i < to; i++ {
		out.Results = append(out.Results, l.Add(docs[i], nil))
		if (i+1)%flushEvery == 0 || i+1 == to {
			out.Changes = append(out.Changes, l.Flush())
		}
	}
}

// TestSnapshotRestore checks that linking documents 1..n in one Linker
// decides exactly what linking 1..k, encoding the Linker, restoring it and
// linking k+1..n decides: the same Results, the same changes flushed, the
// same events and stories, for several k.
func TestSnapshotRestore(t *testing.T) {
	small := Options{MaxClusters: 12, MaxStories: 6, MaxEvents: 24, ClusterWindow: 5 * day, StoryWindow: 20 * day, EventWindow: 20 * day}
	tests := []struct {
		name  string
		paths func(t *testing.T) []string
		opts  Options
		flush int
	}{
		{"examples", func(t *testing.T) []string { return []string{"../../examples"} }, Options{KeepHistory: true}, 2},
		{"examples without history", func(t *testing.T) []string { return []string{"../../examples"} }, Options{}, 1},
		{"t17 small working set", func(t *testing.T) []string {
			p := filepath.Join(dataDir, "t17", "H1N1_reuters", "articles.json")
			dataPresent(t, p)
			return []string{p}
		}, small, 7},
		{"t17 history", func(t *testing.T) []string {
			p := filepath.Join(dataDir, "t17", "H1N1_reuters", "articles.json")
			dataPresent(t, p)
			return []string{p}
		}, Options{KeepHistory: true}, 16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs := ingestDocs(t, tt.paths(t)...)
			n := len(docs)
			if n < 3 {
				t.Fatalf("%d documents", n)
			}
			var whole linkRun
			l := New(tt.opts)
			runLinker(l, docs, 0, n, tt.flush, &whole)
			whole.Events, whole.Stories, whole.Stats = l.Events(), l.Stories(), l.Stats()
			if len(whole.Events) == 0 && tt.opts.KeepHistory {
				t.Fatal("no events linked: the test would prove nothing")
			}
			for _, k := range []int{1, n / 3, n / 2, n - 1} {
				k = k - k%tt.flush // split where the whole run flushed
				if k == 0 {
					k = tt.flush
				}
				var split linkRun
				l1 := New(tt.opts)
				runLinker(l1, docs, 0, k, tt.flush, &split)
				data, err := l1.MarshalBinary()
				if err != nil {
					t.Fatal(err)
				}
				l2, err := Restore(data, tt.opts)
				if err != nil {
					t.Fatal(err)
				}
				runLinker(l2, docs, k, n, tt.flush, &split)
				split.Events, split.Stories, split.Stats = l2.Events(), l2.Stories(), l2.Stats()
				for i := range whole.Results {
					if i < len(split.Results) && !reflect.DeepEqual(whole.Results[i], split.Results[i]) {
						t.Fatalf("k=%d: result %d: %+v, want %+v", k, i, split.Results[i], whole.Results[i])
					}
				}
				if !reflect.DeepEqual(whole.Changes, split.Changes) {
					t.Errorf("k=%d: flushed changes differ", k)
				}
				if !reflect.DeepEqual(whole.Events, split.Events) {
					t.Errorf("k=%d: events differ:\n%+v\nwant\n%+v", k, split.Events, whole.Events)
				}
				if !reflect.DeepEqual(whole.Stories, split.Stories) {
					t.Errorf("k=%d: stories differ:\n%+v\nwant\n%+v", k, split.Stories, whole.Stories)
				}
				if whole.Stats != split.Stats {
					t.Errorf("k=%d: stats %+v, want %+v", k, split.Stats, whole.Stats)
				}
				// the restored Linker kept every cluster's articles: it
				// refines as the one never encoded
				if k == n/2 {
					w, s := l.Refine(), l2.Refine()
					if !reflect.DeepEqual(w, s) || !reflect.DeepEqual(l.Flush(), l2.Flush()) {
						t.Errorf("k=%d: refined %+v, want %+v", k, s, w)
					}
					if tt.name == "t17 history" && len(w.Moves) == 0 {
						t.Errorf("k=%d: Refine moved nothing: the check proves nothing", k)
					}
					l, l2 = New(tt.opts), nil
					var again linkRun
					runLinker(l, docs, 0, n, tt.flush, &again)
				}
			}
		})
	}
}

// TestRestoreRejectsGarbage checks that a corrupt snapshot is an error.
func TestRestoreRejectsGarbage(t *testing.T) {
	for _, data := range [][]byte{nil, []byte("not a snapshot"), {0x1f, 0x8b, 0, 0}} {
		if _, err := Restore(data, Options{}); err == nil {
			t.Errorf("Restore(%q) = nil error", data)
		}
	}
}

// TestRestoreDeflateSnapshot checks that a snapshot written before
// snapshots were compressed with zstd (a deflate stream) still restores,
// and links on as one restored from a current snapshot.
func TestRestoreDeflateSnapshot(t *testing.T) {
	docs := ingestDocs(t, "../../examples")
	k := len(docs) / 2
	l := New(Options{KeepHistory: true})
	var head linkRun
	runLinker(l, docs, 0, k, 1, &head)
	data, err := l.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, zstdMagic) {
		t.Fatalf("snapshot starts % x, not a zstd frame", data[:4])
	}
	raw, err := decompress(data)
	if err != nil {
		t.Fatal(err)
	}
	var old bytes.Buffer
	zw, _ := flate.NewWriter(&old, flate.BestSpeed)
	if _, err := io.Copy(zw, raw); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	var runs [2]linkRun
	for i, snap := range [][]byte{data, old.Bytes()} {
		r, err := Restore(snap, Options{KeepHistory: true})
		if err != nil {
			t.Fatalf("restore snapshot %d: %v", i, err)
		}
		runLinker(r, docs, k, len(docs), 1, &runs[i])
		runs[i].Events, runs[i].Stories = r.Events(), r.Stories()
	}
	if len(runs[0].Results) == 0 {
		t.Fatal("nothing linked after the restore: the test would prove nothing")
	}
	if !reflect.DeepEqual(runs[0], runs[1]) {
		t.Errorf("linking after a deflate snapshot differs:\n%+v\nwant\n%+v", runs[1], runs[0])
	}
}
