package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/clean"
	"github.com/storyline-news/storyline/internal/store"
)

func newIngester(t *testing.T, st store.Store, opts Options) *Ingester {
	t.Helper()
	return New(article.NewReader(article.Options{}), clean.New(clean.Options{}), st, opts)
}

func openStore(t *testing.T) *store.SQLite {
	t.Helper()
	st, err := store.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// writeArticles writes n small text articles into dir.
func writeArticles(t *testing.T, dir string, n int) {
	t.Helper()
	for i := range n {
		body := fmt.Sprintf("Report %d\n\nDelegates from %d countries met in Geneva on Tuesday to discuss the accord.\n", i, i+2)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%03d.txt", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestIngestCountsAndFailures(t *testing.T) {
	dir := t.TempDir()
	writeArticles(t, dir, 40)
	os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644)
	os.WriteFile(filepath.Join(dir, "bad.json"), []byte(`{"id": "x", "text": `), 0o644)

	tests := []struct {
		name string
		opts Options
	}{
		{"defaults", Options{}},
		{"tiny batches and windows", Options{Workers: 3, BatchSize: 3, Window: 7}},
		{"one worker", Options{Workers: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := openStore(t)
			in := newIngester(t, st, tc.opts)
			for round, wantNew := range []int{40, 0} {
				sum, err := in.Ingest(context.Background(), []string{dir}, nil)
				if err != nil {
					t.Fatal(err)
				}
				if sum.Read != 40 || sum.Added != wantNew || sum.Duplicate != 40-wantNew || sum.Failed != 2 {
					t.Errorf("round %d: summary %+v", round, sum)
				}
				var names []string
				for _, f := range sum.Failures {
					names = append(names, filepath.Base(f.Origin))
				}
				got := strings.Join(names, ",")
				if !strings.Contains(got, "empty.txt") || !strings.Contains(got, "bad.json") {
					t.Errorf("failures %q do not name both bad inputs", got)
				}
			}
			stats, _ := st.Stats(context.Background())
			if stats.Articles != 40 {
				t.Errorf("%d articles stored, want 40", stats.Articles)
			}
		})
	}
}

func TestAnalyseFailureFailsOneArticle(t *testing.T) {
	dir := t.TempDir()
	writeArticles(t, dir, 10)
	st := openStore(t)
	in := newIngester(t, st, Options{Analyse: func(_ context.Context, d *store.Doc) error {
		if d.Article.ID == "a004" {
			return errors.New("cannot analyse")
		}
		return nil
	}})
	sum, err := in.Ingest(context.Background(), []string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 9 || sum.Failed != 1 || !strings.Contains(sum.Failures[0].Err, "cannot analyse") {
		t.Errorf("summary %+v", sum)
	}
}

// failingStore fails every Put.
type failingStore struct{ store.Store }

func (failingStore) Put(context.Context, []*store.Doc) ([]store.Outcome, error) {
	return nil, errors.New("disk full")
}

func TestStoreFailureStopsTheRun(t *testing.T) {
	dir := t.TempDir()
	writeArticles(t, dir, 20)
	in := newIngester(t, failingStore{openStore(t)}, Options{BatchSize: 4})
	_, err := in.Ingest(context.Background(), []string{dir}, nil)
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want the store's error", err)
	}
}

func TestCancelledRunLeavesConsistentArchive(t *testing.T) {
	dir := t.TempDir()
	writeArticles(t, dir, 200)
	st := openStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	in := newIngester(t, st, Options{Workers: 1, BatchSize: 8, Window: 16, Analyse: func(context.Context, *store.Doc) error {
		n++
		if n == 50 {
			cancel()
		}
		return nil
	}})
	sum, err := in.Ingest(ctx, []string{dir}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	stats, _ := st.Stats(context.Background())
	if stats.Articles != sum.Added {
		t.Errorf("archive holds %d, summary says %d stored", stats.Articles, sum.Added)
	}
	// A rerun completes the archive without doubling anything.
	sum2, err := newIngester(t, st, Options{}).Ingest(context.Background(), []string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	stats, _ = st.Stats(context.Background())
	if stats.Articles != 200 || sum2.Added+sum2.Duplicate != 200 || sum2.Duplicate != sum.Added {
		t.Errorf("after rerun: %d stored; first run %+v; rerun %+v", stats.Articles, sum, sum2)
	}
}

func newReader() *article.Reader { return article.NewReader(article.Options{}) }
func newCleaner() *clean.Cleaner { return clean.New(clean.Options{}) }
