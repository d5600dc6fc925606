package clean

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/storyline-news/storyline/internal/article"
)

// TestDiagnostics logs what Clean removes, infers and splits on real
// scraped news (Timeline17 and Giveme5W1H), for inspection by a person:
//
//	STORYLINE_DIAG=1 go test -count=1 -run TestDiagnostics -v ./internal/clean/
func TestDiagnostics(t *testing.T) {
	if os.Getenv("STORYLINE_DIAG") == "" {
		t.Skip("set STORYLINE_DIAG=1")
	}
	dir := dataDir(t)
	var arts []*article.Article
	for _, a := range benchArticles(t) {
		arts = append(arts, &a)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "giveme5w1h-gold", "*.json"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var d struct{ Title, Text, Publisher string }
		if err := json.Unmarshal(b, &d); err != nil {
			t.Fatal(err)
		}
		arts = append(arts, &article.Article{ID: f, Title: d.Title, Text: d.Text, Source: d.Publisher})
	}
	c := New(Options{})
	for _, a := range arts {
		c.Observe(a)
	}
	var titles, datelines, removed, splits int
	for _, a := range arts {
		rep := c.Clean(a)
		if rep.TitleInferred {
			titles++
			t.Logf("TITLE %q", a.Title)
		}
		if rep.DatelineFound {
			datelines++
			t.Logf("DATELINE %q", rep.Dateline)
		}
		for _, l := range rep.RemovedLines {
			removed++
			t.Logf("REMOVED %q", l)
		}
		for _, s := range rep.Splits {
			splits++
			t.Logf("SPLIT %q -> %q", s.Original, s.Replacement)
		}
	}
	t.Logf("articles=%d titles=%d datelines=%d removed=%d splits=%d", len(arts), titles, datelines, removed, splits)
}
