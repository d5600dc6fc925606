package clean

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/article"
)

// headerDate mimics what the text reader removes before cleaning: a
// leading "date YYYY-MM-DD" metadata line or prefix.
var headerDate = regexp.MustCompile(`^\s*date \d{4}-\d{2}-\d{2}\s*`)

// loadSeeds reads the five sample articles from ../../examples or
// /work/shared/data/seeds, as the text reader would hand them over.
func loadSeeds(t testing.TB) map[string]*article.Article {
	t.Helper()
	var dir string
	for _, d := range []string{filepath.Join("..", "..", "examples"), filepath.Join("..", "..", "..", "shared", "data", "seeds")} {
		if m, _ := filepath.Glob(filepath.Join(d, "00*.txt")); len(m) >= 5 {
			dir = d
			break
		}
	}
	if dir == "" {
		t.Skip("sample articles absent")
	}
	m, _ := filepath.Glob(filepath.Join(dir, "00*.txt"))
	out := map[string]*article.Article{}
	for _, p := range m {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		id := strings.TrimSuffix(filepath.Base(p), ".txt")
		text := strings.ReplaceAll(string(b), "\r\n", "\n")
		text = headerDate.ReplaceAllString(text, "")
		out[id[:3]] = &article.Article{ID: id, Text: text, Format: "text", Source: "sample-" + id[:3]}
	}
	return out
}

func TestSeedsLog(t *testing.T) {
	if os.Getenv("SEEDLOG") == "" {
		t.Skip()
	}
	c := New(Options{})
	for k, a := range loadSeeds(t) {
		rep := c.Clean(a)
		t.Logf("=== %s title=%q place=%q rep=%+v\n%s", k, a.Title, a.Place, rep, a.Text)
	}
}
