package clean

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/storyline-news/storyline/internal/article"
)

func TestG5Log(t *testing.T) {
	if os.Getenv("G5LOG") == "" {
		t.Skip()
	}
	files, _ := filepath.Glob("../../../shared/data/giveme5w1h-gold/*.json")
	c := New(Options{})
	var arts []*article.Article
	for _, f := range files {
		b, _ := os.ReadFile(f)
		var d struct {
			Title, Text, Publisher string
		}
		json.Unmarshal(b, &d)
		arts = append(arts, &article.Article{ID: f, Title: d.Title, Text: d.Text, Source: d.Publisher})
	}
	for _, a := range arts {
		c.Observe(a)
	}
	for _, a := range arts {
		rep := c.Clean(a)
		for _, l := range rep.RemovedLines {
			t.Logf("REMOVED %q", l)
		}
		for _, s := range rep.Splits {
			t.Logf("SPLIT %q", s.Original)
		}
		if rep.DatelineFound {
			t.Logf("DATELINE %q", rep.Dateline)
		}
	}
}
