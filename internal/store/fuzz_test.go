package store

import (
	"context"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/article"
)

// searchSeeds are queries that are not plain words: FTS5 syntax, broken
// syntax, operators of other engines.
var searchSeeds = []string{"Munich", `"shot down"`, "US-China (", "a OR", "NEAR(", "title:x", "*", `"`, "^x", "x AND NOT", "{a b}: c", "-", "AND"}

// FuzzSearch checks that no user query makes SQLite's Search fail: a query
// that is not valid FTS5 syntax falls back to its quoted words. The
// conformance suite runs the seeds on every backend.
func FuzzSearch(f *testing.F) {
	for _, q := range searchSeeds {
		f.Add(q)
	}
	ctx := context.Background()
	s, err := OpenSQLite(ctx, filepath.Join(f.TempDir(), "f.db"))
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Put(ctx, []*Doc{{Article: &article.Article{ID: "1", Title: "Talks", Text: "Blinken met Wang Yi in Munich."}}}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if !utf8.ValidString(q) {
			return
		}
		if _, err := s.Search(ctx, q, 5); err != nil {
			t.Errorf("Search(%q): %v", q, err)
		}
	})
}
