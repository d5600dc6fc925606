package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func newServeTestEnv(ctx context.Context, db string) (*env, *bytes.Buffer) {
	var errb bytes.Buffer
	return &env{ctx: ctx, stdin: strings.NewReader(""), stdout: io.Discard, stderr: &errb,
		log: slog.New(slog.DiscardHandler), cli: &cli{DB: db}}, &errb
}

// freeAddr returns a loopback address with a port free a moment ago.
func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestServeAnswersAndShutsDown(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	if _, errOut, code := storyline(t, "--db", db, "ingest", "--no-progress", "../../examples"); code != 0 {
		t.Fatalf("ingest: %s", errOut)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e, _ := newServeTestEnv(ctx, db)
	addr := freeLoopbackAddr(t)
	cmd := &serveCmd{Addr: addr, MaxBody: 1 << 20, ShutdownTimeout: 5 * time.Second}
	done := make(chan error, 1)
	go func() { done <- cmd.Run(e) }()
	var resp *http.Response
	var err error
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if resp, err = http.Get("http://" + addr + "/api/v1/stats"); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("server never answered: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"articles":5`) {
		t.Errorf("stats: %d %s", resp.StatusCode, body)
	}
	cancel() // as SIGTERM does through main's context
	awaitStop(t, "serve", done)
}

func TestServeRefusesOpenAddressWithoutToken(t *testing.T) {
	e, _ := newServeTestEnv(context.Background(), filepath.Join(t.TempDir(), "s.db"))
	err := (&serveCmd{Addr: "0.0.0.0:0"}).Run(e)
	if err == nil || !strings.Contains(err.Error(), "token") {
		t.Errorf("serve on 0.0.0.0 without a token: %v", err)
	}
}

// TestServeReadOnly: a read-only server (distributed mode) serves the
// archive, answers an ingest with 503 and links nothing; it refuses to
// poll feeds.
func TestServeReadOnly(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	if _, errOut, code := storyline(t, "--db", db, "ingest", "--no-progress", "--no-link", "../../examples"); code != 0 {
		t.Fatalf("ingest: %s", errOut)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e, _ := newServeTestEnv(ctx, db)
	addr := freeLoopbackAddr(t)
	cmd := &serveCmd{Addr: addr, MaxBody: 1 << 20, ShutdownTimeout: 5 * time.Second, ReadOnly: true}
	done := make(chan error, 1)
	go func() { done <- cmd.Run(e) }()
	var resp *http.Response
	var err error
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if resp, err = http.Get("http://" + addr + "/api/v1/stories"); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("server never answered: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || strings.Contains(string(body), `"id":"st-`) {
		t.Errorf("stories of an unlinked archive served read-only: %d %s", resp.StatusCode, body)
	}
	resp, err = http.Post("http://"+addr+"/api/v1/articles", "text/plain", strings.NewReader("Leaders met on Friday."))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("POST to a read-only server: %d", resp.StatusCode)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve: %v", err)
	}

	feeds := filepath.Join(t.TempDir(), "feeds.txt")
	if err := os.WriteFile(feeds, []byte("http://127.0.0.1:1/feed.xml\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := storyline(t, "--db", db, "serve", "--read-only", "--watch", feeds); code != 1 || !strings.Contains(errOut, "--read-only") {
		t.Errorf("serve --read-only --watch: exit %d: %s", code, errOut)
	}
}

// awaitStop waits for a command started in a goroutine to return on done
// after its context was cancelled (as SIGTERM does), failing the test when
// it returns an error or takes more than ten seconds.
func awaitStop(t *testing.T, name string, done <-chan error) {
	t.Helper()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("%s returned %v after shutdown", name, err)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("%s did not shut down", name)
	}
}
