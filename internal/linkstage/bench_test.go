package linkstage

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/storyline-news/storyline/internal/link"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
)

// BenchmarkLinkPersist measures storing and linking per article, as the
// ingest pipeline does it (Put a batch, then Link it: Add, Flush, PutLinks,
// snapshots): Timeline17 articles replayed with new ids and shifted dates
// (ScaleLoad) into a SQLite archive file. It reports articles/s of wall
// time, articles per CPU-second of the linking goroutine, and the live
// heap at the end.
func BenchmarkLinkPersist(b *testing.B) {
	benchLinkPersist(b, func(ctx context.Context) (store.Store, error) {
		return store.OpenSQLite(ctx, filepath.Join(b.TempDir(), "bench.db"))
	})
}

// benchLinkPersist runs BenchmarkLinkPersist on the archive open makes.
func benchLinkPersist(b *testing.B, open func(context.Context) (store.Store, error)) {
	paths, _ := filepath.Glob(filepath.Join("../../../shared/data/t17", "*_reuters", "articles.json"))
	if len(paths) == 0 {
		b.Skip("T17 data absent")
	}
	ctx := context.Background()
	mem, _, err := pipeline.IngestInMemory(ctx, paths, nil)
	if err != nil {
		b.Fatal(err)
	}
	docs, err := link.LoadDocs(ctx, mem)
	mem.Close()
	if err != nil {
		b.Fatal(err)
	}
	load, err := NewScaleLoad(docs)
	if err != nil {
		b.Fatal(err)
	}
	st, err := open(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	var last ScalePoint
	b.ReportAllocs()
	b.ResetTimer()
	if err := Scale(ctx, st, load, b.N, 256, nil, func(p ScalePoint) { last = p }); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	if last.Articles != b.N {
		b.Fatalf("reported %d articles, want %d", last.Articles, b.N)
	}
	b.ReportMetric(last.WallRate, "articles/s")
	b.ReportMetric(last.LinkRate, "link-articles/cpu-s")
	b.ReportMetric(last.StoreRate, "store-articles/s")
	b.ReportMetric(float64(last.HeapLive)/(1<<20), "heapMB")
}
