package pipeline

import (
	"context"
	"testing"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/pgtest"
)

// BenchmarkIngestT17Postgres is BenchmarkIngestT17 into PostgreSQL: each
// round ingests into a fresh schema of the database named by
// STORYLINE_TEST_POSTGRES (skipped when unset), tsvector and GIN index
// included.
func BenchmarkIngestT17Postgres(b *testing.B) {
	open := func(b *testing.B) (store.Store, error) {
		return store.OpenPostgres(context.Background(), pgtest.DSN(b))
	}
	b.Run("archive", func(b *testing.B) { benchIngestT17(b, true, open) })
	b.Run("analyse", func(b *testing.B) { benchIngestT17(b, false, open) })
}
