package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/storyline-news/storyline/internal/store"
)

// recordingLinker records what the ingest hands to linking; it fails Link
// with err when set.
type recordingLinker struct {
	mu      sync.Mutex
	opens   int
	batches [][]string
	err     error
	store   store.Store
}

func (r *recordingLinker) Open(context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.opens++
	return nil
}

func (r *recordingLinker) Link(ctx context.Context, batch []*store.Doc) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	var ids []string
	for _, d := range batch {
		// linking sees only what is stored already
		if _, err := r.store.Get(ctx, d.Article.ID); err != nil {
			return err
		}
		ids = append(ids, d.Article.ID)
	}
	r.batches = append(r.batches, ids)
	return r.err
}

func (r *recordingLinker) linked() []string {
	var all []string
	for _, b := range r.batches {
		all = append(all, b...)
	}
	sort.Strings(all)
	return all
}

// writeDated writes n small dated text articles into dir, a000.txt on.
func writeDated(t *testing.T, dir string, n int) {
	t.Helper()
	for i := range n {
		body := fmt.Sprintf("Date: 2024-03-%02d\n\nReport %d\n\nDelegates from %d countries met in Geneva on Tuesday to discuss the accord.\n", i+1, i, i+2)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%03d.txt", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestIngestLinks checks the ingest's side of linking: every stored batch
// goes to the Linker after it is stored, new and updated articles only,
// undated ones with their batch, the Linker opened first, and a linking failure is the run's error while the articles stay
// stored.
func TestIngestLinks(t *testing.T) {
	dir := t.TempDir()
	writeDated(t, dir, 7)
	write := func(name, body string) func(t *testing.T) {
		return func(t *testing.T) {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		name       string
		prepare    func(t *testing.T)
		err        error
		wantLinked []string
		wantErr    bool
	}{
		{"new articles", func(*testing.T) {}, nil, []string{"a000", "a001", "a002", "a003", "a004", "a005", "a006"}, false},
		{"duplicates are not linked again", func(*testing.T) {}, nil, nil, false},
		{"an updated article is", write("a003.txt", "Date: 2024-03-04\n\nReport 3\n\nDelegates from 5 countries met in Geneva on Tuesday to discuss the accord. They meet again on Wednesday.\n"), nil, []string{"a003"}, false},
		{"an undated article is linked with its batch", write("u001.txt", "Undated\n\nThe delegates met in Geneva.\n"), nil, []string{"u001"}, false},
		{"a linking failure is the run's error", write("a007.txt", "Date: 2024-03-08\n\nReport 7\n\nNothing happened in Geneva.\n"), errors.New("disk full"), []string{"a007"}, true},
	}
	st := openStore(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.prepare(t)
			lk := &recordingLinker{store: st, err: tt.err}
			sum, err := newIngester(t, st, Options{BatchSize: 3, Workers: 2, Link: lk}).Ingest(context.Background(), []string{dir}, nil)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), "disk full") {
				t.Errorf("err = %v, want the linker's", err)
			}
			if got := lk.linked(); !slices.Equal(got, tt.wantLinked) {
				t.Errorf("linked %v, want %v", got, tt.wantLinked)
			}
			if lk.opens != 1 {
				t.Errorf("opened %d times, want 1", lk.opens)
			}
			for _, b := range lk.batches {
				if len(b) > 3 {
					t.Errorf("batch of %d articles linked at once, stored by 3", len(b))
				}
			}
			if want := len(tt.wantLinked); !tt.wantErr && sum.Linked != want {
				t.Errorf("summary counts %d linked, want %d", sum.Linked, want)
			}
		})
	}
}
