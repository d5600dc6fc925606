// Package pgtest gives tests a PostgreSQL schema of their own on the server
// named by the STORYLINE_TEST_POSTGRES environment variable, so that tests
// against PostgreSQL run in parallel and repeat without seeing each other's
// data. It is imported by tests only, and depends on nothing of storyline.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvVar names the environment variable holding the DSN (a postgres:// URL)
// of the database tests may create schemas in. Tests skip PostgreSQL when
// it is unset.
const EnvVar = "STORYLINE_TEST_POSTGRES"

// DSN creates a new, empty schema in the database named by $EnvVar and
// returns a DSN whose search_path is that schema; the schema and all it
// holds are dropped when tb ends (after the cleanups registered later, such
// as closing a store opened on it). It skips tb when $EnvVar is unset and
// fails it when the database cannot be reached.
func DSN(tb testing.TB) string {
	tb.Helper()
	base := strings.TrimSpace(os.Getenv(EnvVar))
	if base == "" {
		tb.Skip(EnvVar + " not set: PostgreSQL tests skipped")
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		tb.Fatalf("%s must be a postgres:// URL, got %q", EnvVar, base)
	}
	var rnd [6]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		tb.Fatal(err)
	}
	schema := "t_" + hex.EncodeToString(rnd[:])
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		tb.Fatalf("connect to %s: %v", EnvVar, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		tb.Fatalf("create schema %s: %v", schema, err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			tb.Errorf("connect to drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Enabled reports whether $EnvVar is set, for tests and benchmarks that
// choose their sub-tests up front.
func Enabled() bool { return strings.TrimSpace(os.Getenv(EnvVar)) != "" }
