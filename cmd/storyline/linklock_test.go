package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSecondLinkerRefused runs `serve` (which links the archive's
// ingests) and, while it runs, the commands that would link the same
// archive from another process: each exits 1 at once, before reading any
// input, with the reason and what to do; `ingest --no-link` and the
// reading commands still work. Once serve has stopped, `link` links what
// was stored meanwhile.
func TestSecondLinkerRefused(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	ex := func(name string) string { return filepath.Join("../../examples", name) }
	if _, errOut, code := storyline(t, "--db", db, "ingest", "--no-progress", ex("000_6394e120e0103872.txt"), ex("001_ce929a0f18dc0e62.txt")); code != 0 {
		t.Fatalf("ingest: %s", errOut)
	}
	feeds := filepath.Join(dir, "feeds.txt")
	if err := os.WriteFile(feeds, []byte("http://127.0.0.1:1/feed.xml\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e, _ := newServeTestEnv(ctx, db)
	addr := freeLoopbackAddr(t)
	done := make(chan error, 1)
	go func() {
		done <- (&serveCmd{Addr: addr, MaxBody: 1 << 20, ShutdownTimeout: 5 * time.Second}).Run(e)
	}()
	up := false
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline) && !up; time.Sleep(20 * time.Millisecond) {
		if resp, err := http.Get("http://" + addr + "/api/v1/stats"); err == nil {
			resp.Body.Close()
			up = true
		}
	}
	if !up {
		t.Fatal("serve never answered")
	}

	for _, args := range [][]string{
		{"ingest", "--no-progress", ex("002_51946f49cf6bceed.txt")},
		{"run", "--no-progress", ex("002_51946f49cf6bceed.txt")},
		{"link"},
		{"link", "--rebuild"},
		{"watch", "--feeds", feeds},
	} {
		// Bounded: without the lock, watch would poll until stopped.
		var outb, errb bytes.Buffer
		cctx, ccancel := context.WithTimeout(context.Background(), 15*time.Second)
		code := run(cctx, append([]string{"--db", db}, args...), strings.NewReader(""), &outb, &errb, false)
		ccancel()
		out, errOut := outb.String(), errb.String()
		if code != exitFatal {
			t.Errorf("%s while serve links: exit %d, want %d\nstdout: %s\nstderr: %s", args, code, exitFatal, out, errOut)
			continue
		}
		for _, want := range []string{"another process is linking this archive", "(pid ", "ingest with --no-link"} {
			if !strings.Contains(errOut, want) {
				t.Errorf("%s while serve links: stderr lacks %q:\n%s", args, want, errOut)
			}
		}
		if strings.Contains(out, "read ") || strings.Contains(errOut, "read ") {
			t.Errorf("%s read its inputs before it was refused:\n%s%s", args, out, errOut)
		}
	}
	out, _, _ := storyline(t, "--db", db, "articles", "--format", "jsonl")
	if n := strings.Count(out, "\n"); n != 2 {
		t.Errorf("%d articles stored after the refusals, want 2", n)
	}

	// Storing without linking needs no lock; the readers show what is linked.
	if out, errOut, code := storyline(t, "--db", db, "ingest", "--no-progress", "--no-link", ex("002_51946f49cf6bceed.txt")); code != 0 || !strings.Contains(out, "new 1") {
		t.Fatalf("ingest --no-link while serve links: exit %d\n%s%s", code, out, errOut)
	}
	if _, errOut, code := storyline(t, "--db", db, "stories"); code != 0 || !strings.Contains(errOut, "another process is linking this archive") {
		t.Errorf("stories while serve links: exit %d, want 0 with a warning\n%s", code, errOut)
	}

	cancel() // as SIGTERM does: serve snapshots and releases the lock
	awaitStop(t, "serve", done)
	out, errOut, code := storyline(t, "--db", db, "link")
	if code != 0 || !strings.Contains(out, "archive: 3 articles linked") {
		t.Errorf("link after serve stopped: exit %d\n%s%s", code, out, errOut)
	}
}
