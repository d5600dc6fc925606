package timeline

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/timex"
)

// BenchmarkBuild300 builds a 10-date, 2-sentence timeline for a story of
// 300 real articles (Timeline17 bpoil BBC and Guardian articles, tagged by
// package timex). It skips when the development data is absent.
func BenchmarkBuild300(b *testing.B) {
	tagger := timex.New()
	var docs []Doc
	for _, src := range []string{"bpoil_bbc", "bpoil_guardian"} {
		raw, err := os.ReadFile("../../../shared/data/t17/" + src + "/articles.json")
		if err != nil {
			b.Skip("no development data")
		}
		var recs []struct{ DCT, Text string }
		if err := json.Unmarshal(raw, &recs); err != nil {
			b.Fatal(err)
		}
		for i, r := range recs {
			d, err := time.Parse(time.DateOnly, r.DCT)
			if err != nil || len(docs) == 300 {
				continue
			}
			docs = append(docs, Doc{ID: fmt.Sprint(src, i), Source: src, Date: d, Text: r.Text, Timexes: tagger.Tag(r.Text, d)})
		}
	}
	if len(docs) < 300 {
		b.Skipf("only %d articles", len(docs))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Build(docs, Options{Dates: 10, PerDate: 2})
	}
}

// BenchmarkBuildFixture300 builds a timeline for the fixture story repeated
// to 300 articles; it needs no external data.
func BenchmarkBuildFixture300(b *testing.B) {
	base := loadFixture(b, "testdata/story.json")
	var docs []Doc
	for i := 0; len(docs) < 300; i++ {
		for _, d := range base {
			d.ID = fmt.Sprintf("%s%d", d.ID, i)
			d.Date = d.Date.AddDate(0, 0, i%30)
			docs = append(docs, d)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Build(docs[:300], Options{Dates: 10, PerDate: 2})
	}
}
