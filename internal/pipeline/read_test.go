package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/store"
)

func TestSendReadsLikeIngest(t *testing.T) {
	dir := t.TempDir()
	writeArticles(t, dir, 30)
	os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644)
	os.WriteFile(filepath.Join(dir, "bad.json"), []byte(`{"id": "x", "text": `), 0o644)

	tests := []struct {
		name    string
		sinkErr error // returned for the 10th article
		wantErr string
	}{
		{"every article sent", nil, ""},
		{"a sink error stops the run", errors.New("queue down"), "queue down"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := New(article.NewReader(article.Options{}), nil, nil, Options{Workers: 3})
			var mu sync.Mutex
			seen := map[string]int{}
			sum, err := in.Send(context.Background(), []string{dir}, nil, func(_ context.Context, a *article.Article) (store.Outcome, error) {
				mu.Lock()
				defer mu.Unlock()
				seen[a.ID]++
				if tc.sinkErr != nil && len(seen) == 10 {
					return 0, tc.sinkErr
				}
				if a.Text == "" || a.Origin == "" {
					t.Errorf("article %s sent without text or origin", a.ID)
				}
				if strings.HasSuffix(a.ID, "7") {
					return store.Duplicate, nil
				}
				return store.Added, nil
			})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				if len(seen) != 10 {
					t.Errorf("sink called for %d articles after its error, want it to stop at 10", len(seen))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if sum.Read != 30 || sum.Added != 27 || sum.Duplicate != 3 || sum.Failed != 2 || len(seen) != 30 {
				t.Errorf("summary %+v, %d distinct articles sent", sum, len(seen))
			}
			for id, n := range seen {
				if n != 1 {
					t.Errorf("%s sent %d times", id, n)
				}
			}
			var names []string
			for _, f := range sum.Failures {
				names = append(names, filepath.Base(f.Origin))
			}
			sort.Strings(names)
			if strings.Join(names, ",") != "bad.json,empty.txt" {
				t.Errorf("failures %v, want both bad inputs named", names)
			}
		})
	}
}
