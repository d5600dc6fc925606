package linkstage

import (
	"context"
	"testing"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/pgtest"
)

// BenchmarkLinkPersistPostgres is BenchmarkLinkPersist into a PostgreSQL
// schema of its own on the server named by STORYLINE_TEST_POSTGRES
// (skipped when unset).
func BenchmarkLinkPersistPostgres(b *testing.B) {
	benchLinkPersist(b, func(ctx context.Context) (store.Store, error) {
		return store.OpenPostgres(ctx, pgtest.DSN(b))
	})
}
