package article

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkReadT17 reads the Timeline17 articles (about 12 MB of JSON in
// ten files) and reports MB/s.
func BenchmarkReadT17(b *testing.B) {
	dir := needData(b, "t17")
	files, _ := filepath.Glob(filepath.Join(dir, "*", "articles.json"))
	var size int64
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			b.Fatal(err)
		}
		size += fi.Size()
	}
	b.SetBytes(size)
	r := NewReader(Options{})
	ctx := context.Background()
	n := 0
	for b.Loop() {
		n = 0
		for _, f := range files {
			err := r.Read(ctx, Source{Path: f}, nil, func(it Item) error {
				if it.Err == nil {
					n++
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
