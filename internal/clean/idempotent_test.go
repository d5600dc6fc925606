package clean

import (
	"context"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/storyline-news/storyline/internal/article"
)

// TestIdempotentCorpus cleans glued TimeBank documents twice: the second
// Clean must change nothing.
func TestIdempotentCorpus(t *testing.T) {
	dir := dataDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "tempeval3", "TimeBank", "*.tml"))
	if len(files) > 60 {
		files = files[:60]
	}
	rng := rand.New(rand.NewSource(7))
	c := New(Options{})
	for _, f := range files {
		if err := context.Background().Err(); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		glued, _, _ := glueText(timeMLText(string(b)), rng, 0.05)
		a := &article.Article{ID: f, Text: glued, Source: "tb"}
		c.Clean(a)
		once := *a
		rep := c.Clean(a)
		if *a != once {
			t.Errorf("%s: second Clean changed the article: %+v", filepath.Base(f), rep)
		}
	}
}
