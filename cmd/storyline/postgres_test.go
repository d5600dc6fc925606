package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/store"
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
		awaitStop(t, "serve", done)
	}
}

// TestKillDuringIngestPostgres kills an ingest into PostgreSQL with SIGKILL
// once some batches are committed, and checks that a rerun completes the
// archive with every record stored exactly once.
func TestKillDuringIngestPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	pg := pgtest.DSN(t)
	const n = 20000
	var buf bytes.Buffer
	for i := range n {
		fmt.Fprintf(&buf, `{"id":"r%05d","title":"Record %d","text":"Delegates met in city %d to discuss trade and security."}`+"\n", i, i, i)
	}
	input := filepath.Join(t.TempDir(), "many.jsonl")
	if err := os.WriteFile(input, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "--db", pg, "ingest", "--skip-analysis", input)
	cmd.Env = append(os.Environ(), "STORYLINE_TEST_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var stored int
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline) && stored == 0; time.Sleep(5 * time.Millisecond) {
		st, err := store.Open(ctx, pg)
		if err != nil {
			continue
		}
		if s, err := st.Stats(ctx); err == nil {
			stored = s.Articles
		}
		st.Close()
	}
	cmd.Process.Kill()
	cmd.Wait()
	summary, errOut, code := storyline(t, "--db", pg, "ingest", "--skip-analysis", input)
	if code != 0 {
		t.Fatalf("rerun: exit %d: %s %s", code, summary, errOut)
	}
	t.Logf("killed after %d articles; rerun: %s", stored, strings.TrimSpace(summary))
	st, err := store.Open(ctx, pg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if s, err := st.Stats(ctx); err != nil || s.Articles != n || s.Versions != n {
		t.Errorf("after kill and rerun: %+v, %v; want %d articles, %d versions", s, err, n, n)
	}
}
