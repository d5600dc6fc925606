package clean

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/storyline-news/storyline/internal/article"
)

// benchArticles returns Timeline17 texts when the development data is
// present, else the sample articles.
func benchArticles(b testing.TB) []article.Article {
	b.Helper()
	var arts []article.Article
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "data", "t17", "*", "articles.json"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		var recs []struct {
			UID  string `json:"uid"`
			Text string `json:"text"`
		}
		if err := json.Unmarshal(data, &recs); err != nil {
			b.Fatal(err)
		}
		src := filepath.Base(filepath.Dir(f))
		for _, r := range recs {
			arts = append(arts, article.Article{ID: r.UID, Text: r.Text, Source: src})
		}
	}
	if len(arts) == 0 {
		for _, a := range loadSeeds(b) {
			arts = append(arts, *a)
		}
	}
	return arts
}

// BenchmarkClean measures Clean (after Observe) over Timeline17 (2,304
// articles, ~12 MB) or the samples.
func BenchmarkClean(b *testing.B) {
	arts := benchArticles(b)
	c := New(Options{})
	var size int64
	for i := range arts {
		c.Observe(&arts[i])
		size += int64(len(arts[i].Text))
	}
	c.table() // load the table outside the timing
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := range arts {
			a := arts[j]
			c.Clean(&a)
		}
	}
}
