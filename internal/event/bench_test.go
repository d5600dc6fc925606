package event

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/clean"
)

// BenchmarkExtract measures event extraction alone (entities and TIMEX3s
// precomputed) over the five samples; one op is one article.
func BenchmarkExtract(b *testing.B) {
	arts := readArticles(b, "../../examples")
	x := NewExtractor()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		an := arts[i%len(arts)]
		x.Extract(an.a.Text, an.a.Date, an.a.Place, an.ents, an.tx)
	}
}

// BenchmarkArticle measures the whole per-article analysis (clean, TIMEX3s,
// entities, events; one tokenisation shared by entities and events, as
// internal/pipeline does it) on Timeline17 articles with one worker per core and
// reports articles per second. Skipped without ../shared/data.
func BenchmarkArticle(b *testing.B) {
	files, _ := filepath.Glob("../../../shared/data/t17/*/articles.json")
	if len(files) == 0 {
		b.Skip("Timeline17 absent")
	}
	var texts []article.Article
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		var recs []struct {
			UID  string `json:"uid"`
			DCT  string `json:"dct"`
			Text string `json:"text"`
		}
		if err := json.Unmarshal(raw, &recs); err != nil {
			b.Fatal(err)
		}
		for _, r := range recs {
			d, _ := time.Parse("2006-01-02", r.DCT)
			texts = append(texts, article.Article{ID: r.UID, Text: r.Text, Date: d})
		}
	}
	res := getResolver(b)
	cl := clean.New(clean.Options{})
	x := NewExtractor()
	b.ReportAllocs()
	b.ResetTimer()
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				a := texts[i%len(texts)]
				cl.Clean(&a)
				tx := tagger.Tag(a.Text, a.Date)
				sents, toks := split(a.Text) // one tokenisation, as the pipeline
				ents := res.ArticleTokens(a.Text, toks)
				x.ExtractSplit(a.Text, sents, toks, a.Date, a.Place, ents, tx)
			}
		}()
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "articles/s")
	_ = context.Background
}
