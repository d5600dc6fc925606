package store

import (
	"context"
	"strings"
)

// IsPostgresDSN reports whether dsn names a PostgreSQL database: a
// postgres:// or postgresql:// URL.
func IsPostgresDSN(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the archive named by dsn, choosing the backend from it: a
// postgres:// or postgresql:// URL opens that PostgreSQL database
// (OpenPostgres), anything else is the path of a SQLite file (OpenSQLite).
// Either way the schema is brought up to date. The returned Store also has
// the optional capabilities both backends share: ListFiltered and the feed
// state of storyline watch.
func Open(ctx context.Context, dsn string) (Store, error) {
	if IsPostgresDSN(dsn) {
		return OpenPostgres(ctx, dsn)
	}
	return OpenSQLite(ctx, dsn)
}
