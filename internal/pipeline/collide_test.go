package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/store"
)

// TestIngestCollidingIDs ingests two sources whose records reuse each
// other's ids (testdata/collide: ids are unique only within a source): the
// unrelated articles are all stored, the later ones under derived ids, the
// one version of an article updates it, and a second run of the source
// changes nothing.
func TestIngestCollidingIDs(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	var logs bytes.Buffer
	lk := &recordingLinker{store: st}
	in := newIngester(t, st, Options{Link: lk, Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))})
	rounds := []struct {
		name, path                                    string
		read, added, updated, renamed, duplicate, ids int
	}{
		{"bbc", "testdata/collide/bbc", 3, 3, 0, 0, 0, 0},
		// reuters/1004 and 1008 are not the articles bbc/1004 and 1008;
		// reuters/1012 is bbc/1012 with a sentence added.
		{"reuters", "testdata/collide/reuters", 4, 1, 1, 2, 0, 2},
		{"reuters again", "testdata/collide/reuters", 4, 0, 0, 0, 4, 2},
	}
	var derived []string
	for _, r := range rounds {
		sum, err := in.Ingest(ctx, []string{r.path}, nil)
		if err != nil {
			t.Fatalf("%s: %v", r.name, err)
		}
		if sum.Read != r.read || sum.Failed != 0 || sum.Added != r.added || sum.Updated != r.updated ||
			sum.Renamed != r.renamed || sum.Duplicate != r.duplicate || len(sum.IDs) != r.read {
			t.Errorf("%s: summary %+v", r.name, sum)
		}
		var got []string
		for _, id := range sum.IDs {
			if strings.Contains(id, "~") {
				got = append(got, id)
			}
		}
		slices.Sort(got)
		if len(got) != r.ids || (len(derived) > 0 && !slices.Equal(got, derived)) {
			t.Errorf("%s: derived ids %v, want %d, the same in every run (before: %v)", r.name, got, r.ids, derived)
		}
		if len(got) > 0 {
			derived = got
		}
	}
	if len(derived) != 2 {
		t.Fatalf("derived ids %v", derived)
	}
	if n := strings.Count(logs.String(), "stored_as="); n != 2 {
		t.Errorf("%d renames logged, want one per renamed article:\n%s", n, logs.String())
	}
	// Linking got the new, updated and renamed articles, under the ids
	// they are stored as.
	if linked := lk.linked(); len(linked) != 7 || !slices.Contains(linked, derived[0]) || !slices.Contains(linked, derived[1]) {
		t.Errorf("linked %v, want 7 including %v", linked, derived)
	}
	stats, err := st.Stats(ctx)
	if err != nil || stats.Articles != 6 || stats.Versions != 7 {
		t.Errorf("stats %+v, %v; want 6 articles, 7 versions", stats, err)
	}
	var texts []string
	if err := st.List(ctx, store.ListOptions{Order: store.ByID}, func(r *store.Record) error {
		texts = append(texts, r.Text)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	all := strings.Join(texts, "\n")
	for _, phrase := range []string{"powerful earthquake", "Rescue teams", "first ships", "roads out of the city",
		"Thick oil", "steel containment dome", "tube inserted"} {
		if !strings.Contains(all, phrase) {
			t.Errorf("no stored article holds %q", phrase)
		}
	}
}

// TestIngestInputOrder reads many sources on several workers, every source
// an article under one id: whatever the workers' interleaving, the first
// input keeps the id, the others are stored under derived ids, and the
// stored ids come out in input order, run after run.
func TestIngestInputOrder(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	const n = 24
	var paths []string
	for i := range n {
		// different stories (no shared words), so none is a version of another
		text := fmt.Sprintf("Story number %s about %s: %s", words[i%len(words)], words[(i*7+3)%len(words)],
			strings.Repeat(words[(i*5+1)%len(words)]+" "+words[(i*11+2)%len(words)]+" ", 10+i))
		rec, _ := json.Marshal([]map[string]string{{"uid": "same", "dct": "2010-01-13", "text": text}})
		p := filepath.Join(dir, fmt.Sprintf("src%02d", i), "articles.json")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, rec, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	var first []string
	for run := range 4 {
		st := openStore(t)
		in := newIngester(t, st, Options{Workers: 4})
		sum, err := in.Ingest(ctx, []string{dir}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Added+sum.Renamed != n {
			t.Fatalf("run %d: summary %+v, want %d articles stored", run, sum, n)
		}
		rec, err := st.Get(ctx, "same")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(rec.Origin, "src00") {
			t.Errorf("run %d: id %q went to %s, want the first input", run, "same", rec.Origin)
		}
		if run == 0 {
			first = sum.IDs
		} else if !slices.Equal(sum.IDs, first) {
			t.Errorf("run %d: stored ids %v, want %v as in the first run", run, sum.IDs, first)
		}
	}
}

// words are distinct content words for TestIngestInputOrder's stories.
var words = strings.Fields(`harbour glacier violin orchard meteor lantern canyon saddle
	pepper quartz falcon marble tundra compass velvet anchor lagoon thistle bamboo ember
	walnut beacon prairie cobalt`)
