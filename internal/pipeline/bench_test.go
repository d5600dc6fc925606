package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/storyline-news/storyline/internal/store"
)

// uniqueT17 writes the Timeline17 articles into a temporary directory with
// the topic folder prefixed to each record's uid: T17 numbers its articles
// per topic, so the raw files share ids across topics, which the archive
// would (rightly) store as new versions of one document.
func uniqueT17(b *testing.B) []string {
	b.Helper()
	src, _ := filepath.Glob("../../../shared/data/t17/*/articles.json")
	if len(src) == 0 {
		b.Skip("../shared/data/t17 not present")
	}
	dir := b.TempDir()
	var out []string
	for _, f := range src {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		var recs []map[string]any
		if err := json.Unmarshal(data, &recs); err != nil {
			b.Fatal(err)
		}
		topic := filepath.Base(filepath.Dir(f))
		for _, r := range recs {
			r["uid"] = fmt.Sprintf("%s-%v", topic, r["uid"])
		}
		data, err = json.Marshal(recs)
		if err != nil {
			b.Fatal(err)
		}
		path := filepath.Join(dir, topic+".json")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			b.Fatal(err)
		}
		out = append(out, path)
	}
	return out
}

// BenchmarkIngestT17 measures ingesting the 2,304 Timeline17 development
// articles into a fresh archive, and reports articles/s alongside MB/s:
// "archive" is read + clean + store (FTS5 included); "analyse" adds the
// per-article analysis (document dates, TIMEX3, entities).
func BenchmarkIngestT17(b *testing.B) {
	b.Run("archive", func(b *testing.B) { benchIngestT17(b, true, openBenchSQLite) })
	b.Run("analyse", func(b *testing.B) { benchIngestT17(b, false, openBenchSQLite) })
}

// openBenchSQLite opens a fresh SQLite archive for one benchmark round.
func openBenchSQLite(b *testing.B) (store.Store, error) {
	return store.OpenSQLite(context.Background(), filepath.Join(b.TempDir(), "b.db"))
}

// benchIngestT17 ingests the T17 articles into a fresh archive made by
// open for each round.
func benchIngestT17(b *testing.B, skipAnalysis bool, open func(*testing.B) (store.Store, error)) {
	files := uniqueT17(b)
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
		st, err := open(b)
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
		if sum.Read+sum.Failed != 2304 || sum.Updated > 0 {
			b.Fatalf("read %d, updated %d, failed %d of 2,304 records", sum.Read, sum.Updated, sum.Failed)
		}
		articles += sum.Read + sum.Failed
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(articles)/b.Elapsed().Seconds(), "articles/s")
}
