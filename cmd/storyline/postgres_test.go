package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/store/pgtest"
)

// ingestedAt matches the instants that differ between two ingests.
var ingestedAt = regexp.MustCompile(`"ingested_at": ?"[^"]*"`)

// TestPostgresMatchesSQLite ingests the examples into a SQLite file and
// into a PostgreSQL schema (when STORYLINE_TEST_POSTGRES is set) and checks
// that the commands print the same archive from both, and that a search
// finds the same articles. One worker makes the ingest order, which the
// listings and the cross-article identities follow, the same in both.
func TestPostgresMatchesSQLite(t *testing.T) {
	pg := pgtest.DSN(t)
	lite := filepath.Join(t.TempDir(), "s.db")
	for _, db := range []string{lite, pg} {
		if _, errOut, code := storyline(t, "--db", db, "ingest", "--no-progress", "--workers", "1", "../../examples"); code != 0 {
			t.Fatalf("ingest into %s: exit %d: %s", db, code, errOut)
		}
	}
	// A second ingest stores nothing new in either.
	out, _, code := storyline(t, "--db", pg, "ingest", "--no-progress", "--workers", "1", "../../examples")
	if code != 0 || !strings.Contains(out, "duplicate") {
		t.Errorf("second ingest into PostgreSQL: exit %d: %s", code, out)
	}
	for _, args := range [][]string{
		{"articles", "--format", "jsonl", "--order", "date"},
		{"articles", "--format", "jsonl", "--order", "ingest"},
		{"show", "--format", "json", "003_265e0c7a51896b9a"},
		{"entities", "--format", "jsonl"},
		{"events", "--format", "jsonl"},
		{"events", "--format", "jsonl", "--per-article"},
		{"clusters", "--format", "jsonl"},
		{"stories", "--format", "jsonl"},
		{"timeline", "--format", "json"},
	} {
		want, errLite, codeLite := storyline(t, append([]string{"--db", lite}, args...)...)
		got, errPG, codePG := storyline(t, append([]string{"--db", pg}, args...)...)
		if codeLite != 0 || codePG != 0 {
			t.Errorf("%v: exit %d (SQLite: %s), %d (PostgreSQL: %s)", args, codeLite, errLite, codePG, errPG)
			continue
		}
		want, got = ingestedAt.ReplaceAllString(want, ""), ingestedAt.ReplaceAllString(got, "")
		if got != want || strings.TrimSpace(got) == "" {
			t.Errorf("%v differs:\nSQLite:\n%s\nPostgreSQL:\n%s", args, want, got)
		}
	}
	// Ranking and snippets are each engine's own; the articles found agree.
	for _, q := range []string{"Diaoyutai", "Blinken Wang", "Munich"} {
		if l, p := searchIDs(t, lite, q), searchIDs(t, pg, q); !slices.Equal(l, p) || len(l) == 0 {
			t.Errorf("search %q: SQLite finds %v, PostgreSQL %v", q, l, p)
		}
	}
}

// searchIDs returns the sorted ids `storyline search` finds in db.
func searchIDs(t *testing.T, db, q string) []string {
	t.Helper()
	out, errOut, code := storyline(t, "--db", db, "search", "--format", "jsonl", q)
	if code != 0 {
		t.Fatalf("search %q in %s: exit %d: %s", q, db, code, errOut)
	}
	var ids []string
	for line := range strings.Lines(out) {
		var h struct{ ID string }
		if err := json.Unmarshal([]byte(line), &h); err != nil {
			t.Fatalf("search %q: %v: %q", q, err, line)
		}
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	return ids
}

// TestServePostgres runs `storyline serve --db postgres://...` unchanged and
// checks that its API answers as the same server on SQLite does.
func TestServePostgres(t *testing.T) {
	pg := pgtest.DSN(t)
	lite := filepath.Join(t.TempDir(), "s.db")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addrs := map[string]string{}
	done := make(chan error, 2)
	for _, db := range []string{lite, pg} {
		if _, errOut, code := storyline(t, "--db", db, "ingest", "--no-progress", "--workers", "1", "../../examples"); code != 0 {
			t.Fatalf("ingest into %s: %s", db, errOut)
		}
		e, _ := newServeTestEnv(ctx, db)
		addrs[db] = freeLoopbackAddr(t)
		cmd := &serveCmd{Addr: addrs[db], MaxBody: 1 << 20, ShutdownTimeout: 5 * time.Second}
		go func() { done <- cmd.Run(e) }()
	}
	get := func(db, path string) string {
		t.Helper()
		var resp *http.Response
		var err error
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if resp, err = http.Get("http://" + addrs[db] + path); err == nil {
				break
			}
		}
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s from %s: %d %s %v", path, db, resp.StatusCode, body, err)
		}
		return ingestedAt.ReplaceAllString(string(body), "")
	}
	if body := get(pg, "/api/v1/stats"); !strings.Contains(body, `"articles":5`) {
		t.Errorf("stats: %s", body)
	}
	for _, path := range []string{
		"/api/v1/articles?order=date&limit=3&offset=1",
		"/api/v1/articles?from=2023-06-19",
		"/api/v1/articles?source=xinhua",
		"/api/v1/articles/003_265e0c7a51896b9a",
		"/api/v1/events",
		"/api/v1/entities",
		"/api/v1/stories",
		"/api/v1/timeline",
	} {
		if want, got := get(lite, path), get(pg, path); got != want {
			t.Errorf("GET %s differs:\nSQLite:     %s\nPostgreSQL: %s", path, want, got)
		}
	}
	if body := get(pg, "/api/v1/search?q=Diaoyutai"); !strings.Contains(body, "003_265e0c7a51896b9a") {
		t.Errorf("search: %s", body)
	}
	cancel()
	for range 2 {
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v after shutdown", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("serve did not shut down")
		}
	}
}
