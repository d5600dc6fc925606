package store

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/store/pgtest"
)

// loadT17 reads the Timeline17 development articles, or skips.
func loadT17(tb testing.TB) []*article.Article {
	tb.Helper()
	files, _ := filepath.Glob("../../../shared/data/t17/*/articles.json")
	if len(files) == 0 {
		tb.Skip("../shared/data/t17 not present")
	}
	var out []*article.Article
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		var recs []struct{ UID, DCT, Text string }
		if err := json.Unmarshal(data, &recs); err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		for _, r := range recs {
			out = append(out, &article.Article{ID: filepath.Base(filepath.Dir(f)) + "/" + r.UID, Text: r.Text})
		}
	}
	return out
}

// BenchmarkPutT17 measures storing the 2,304 Timeline17 articles into a
// fresh archive in batches of 256 (one transaction each), full-text index
// included: a SQLite file, and a PostgreSQL schema when
// STORYLINE_TEST_POSTGRES is set.
func BenchmarkPutT17(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchPutT17(b, sqliteDSN) })
	b.Run("postgres", func(b *testing.B) { benchPutT17(b, pgtest.DSN) })
}

func benchPutT17(b *testing.B, fresh newDSN) {
	arts := loadT17(b)
	var size int64
	for _, a := range arts {
		size += int64(len(a.Text))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		s, err := Open(ctx, fresh(b))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for i := 0; i < len(arts); i += 256 {
			if _, err := s.Put(ctx, docs(arts[i:min(i+256, len(arts))])); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(arts)*b.N)/b.Elapsed().Seconds(), "articles/s")
}
