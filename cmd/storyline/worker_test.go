package main

import (
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// startNATS runs a real NATS server with JetStream in the test process on
// a random port of 127.0.0.1.
func startNATS(t *testing.T) string {
	t.Helper()
	ns, err := server.NewServer(&server.Options{
		Host: "127.0.0.1", Port: server.RANDOM_PORT,
		JetStream: true, StoreDir: t.TempDir(), NoLog: true, NoSigs: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	go ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats-server not ready")
	}
	t.Cleanup(func() { ns.Shutdown(); ns.WaitForShutdown() })
	return ns.ClientURL()
}

// freeAddr returns a loopback address with a port free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestQueueIngestWorkerAndDrain publishes the samples through the queue
// (twice: the second time the stream drops them as duplicates), runs a
// worker as its own process until its metrics show them all processed,
// stops it with SIGTERM and expects a clean exit and the archive complete.
func TestQueueIngestWorkerAndDrain(t *testing.T) {
	url := startNATS(t)
	db := filepath.Join(t.TempDir(), "w.db")
	for _, want := range []string{"read 5, new 5, updated 0, duplicate 0, failed 0", "read 5, new 0, updated 0, duplicate 5, failed 0"} {
		out, errOut, code := storyline(t, "ingest", "--queue", url, "--metrics-addr", "off", "../../examples")
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("ingest --queue: exit %d, out %q, want %q\nstderr: %s", code, out, want, errOut)
		}
	}

	addr := freeAddr(t)
	cmd := exec.Command(os.Args[0], "--db", db, "worker", "--queue", url, "--metrics-addr", addr, "--log-level", "info")
	cmd.Env = append(os.Environ(), "STORYLINE_TEST_MAIN=1")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })

	deadline := time.Now().Add(60 * time.Second)
	var metrics string
	for !strings.Contains(metrics, `storyline_queue_processed_total{role="worker"} 5`) {
		if time.Now().After(deadline) {
			t.Fatalf("worker did not process the 5 articles; metrics:\n%s\nstderr: %s", metrics, stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
		metrics, _ = httpGet("http://" + addr + "/metrics")
	}
	for _, want := range []string{
		`storyline_queue_lag{role="worker",consumer="workers"} 0`,
		`storyline_queue_ack_pending{role="worker",consumer="workers"} 0`,
		`storyline_queue_dead_lettered_total{role="worker"} 0`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %q:\n%s", want, metrics)
		}
	}
	if h, err := httpGet("http://" + addr + "/healthz"); err != nil || h != "ok\n" {
		t.Errorf("healthz %q, %v", h, err)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("worker after SIGTERM: %v\nstderr: %s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "draining") {
		t.Errorf("worker did not log its drain:\n%s", stderr.String())
	}
	out, errOut, code := storyline(t, "--db", db, "articles", "--format", "jsonl")
	if code != 0 || strings.Count(out, "\n") != 5 {
		t.Errorf("archive after the worker: exit %d, %d lines\n%s%s", code, strings.Count(out, "\n"), out, errOut)
	}
}

func httpGet(url string) (string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}
