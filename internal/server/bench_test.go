package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/storyline-news/storyline/internal/store"
)

// BenchmarkListing measures the main listing page and list API in
// process (no network), over 10,000 articles.
func BenchmarkListing(b *testing.B) {
	ctx := context.Background()
	st, err := store.OpenSQLite(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	fillArchive(b, st, 10000)
	srv, err := New(st, Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, path := range []string{"/articles", "/api/v1/articles", "/"} {
		b.Run(path, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
				if rec.Code != http.StatusOK {
					b.Fatal(rec.Code)
				}
			}
		})
	}
}
