package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/storyline-news/storyline/internal/store"
)

// BenchmarkIngestT17 measures ingesting the 2,304 Timeline17 development
// articles into a fresh archive, and reports articles/s alongside MB/s:
// "archive" is read + clean + store (FTS5 included); "analyse" adds the
// per-article analysis (document dates, TIMEX3, entities).
func BenchmarkIngestT17(b *testing.B) {
	b.Run("archive", func(b *testing.B) { benchIngestT17(b, true) })
	b.Run("analyse", func(b *testing.B) { benchIngestT17(b, false) })
}

func benchIngestT17(b *testing.B, skipAnalysis bool) {
	data := "../../../shared/data/t17"
	files, _ := filepath.Glob(filepath.Join(data, "*", "articles.json"))
	if len(files) == 0 {
		b.Skip("../shared/data/t17 not present")
	}
	var size int64
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			b.Fatal(err)
		}
		size += fi.Size()
	}
	b.SetBytes(size)
	b.ReportAllocs()
	ctx := context.Background()
	articles := 0
	for b.Loop() {
		b.StopTimer()
		st, err := store.OpenSQLite(ctx, filepath.Join(b.TempDir(), "b.db"))
		if err != nil {
			b.Fatal(err)
		}
		in := New(newReader(), newCleaner(), st, Options{SkipAnalysis: skipAnalysis})
		b.StartTimer()
		sum, err := in.Ingest(ctx, files, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		// 18 of the 2,304 records have an empty text and fail as such.
		if sum.Read+sum.Failed != 2304 && sum.Sources == 10 {
			b.Fatalf("read %d, failed %d of 2,304 records", sum.Read, sum.Failed)
		}
		articles += sum.Read + sum.Failed
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(articles)/b.Elapsed().Seconds(), "articles/s")
}
