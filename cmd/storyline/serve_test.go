package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
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
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after shutdown", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not shut down")
	}
}

func TestServeRefusesOpenAddressWithoutToken(t *testing.T) {
	e, _ := newServeTestEnv(context.Background(), filepath.Join(t.TempDir(), "s.db"))
	err := (&serveCmd{Addr: "0.0.0.0:0"}).Run(e)
	if err == nil || !strings.Contains(err.Error(), "token") {
		t.Errorf("serve on 0.0.0.0 without a token: %v", err)
	}
}
