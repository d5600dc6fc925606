package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/storyline-news/storyline/internal/queue"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/pgtest"
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
	for _, want := range []string{"read 5, new 5, updated 0, renamed 0, duplicate 0, failed 0", "read 5, new 0, updated 0, renamed 0, duplicate 5, failed 0"} {
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

// startProc starts `storyline CMD --queue URL` (worker or linker) as its
// own process on the archive db, serving its metrics at the returned
// address.
func startProc(t *testing.T, db, command, url string, extra ...string) (*exec.Cmd, string, *syncBuilder) {
	t.Helper()
	addr := freeAddr(t)
	args := append([]string{"--db", db, command, "--queue", url, "--metrics-addr", addr, "--log-level", "info"}, extra...)
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "STORYLINE_TEST_MAIN=1")
	stderr := &syncBuilder{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd, addr, stderr
}

// startWorker starts `storyline worker` (startProc).
func startWorker(t *testing.T, db, url string, extra ...string) (*exec.Cmd, string, *syncBuilder) {
	t.Helper()
	return startProc(t, db, "worker", url, extra...)
}

// syncBuilder is a strings.Builder safe for a process writing while a test
// reads.
type syncBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuilder) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuilder) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// metric returns the value of the first sample of name in a worker's
// metrics, or -1 when it cannot be read.
func metric(addr, name string) int {
	body, err := httpGet("http://" + addr + "/metrics")
	if err != nil {
		return -1
	}
	for line := range strings.Lines(body) {
		if strings.HasPrefix(line, name+"{") {
			var v int
			if _, err := fmt.Sscan(line[strings.LastIndexByte(line, ' ')+1:], &v); err == nil {
				return v
			}
		}
	}
	return -1
}

// TestWorkerKilledMidRun is the workers' fault test: two worker processes
// share the queue, one is killed with SIGKILL in the middle of the run and
// started again; at the end every article is stored exactly once and
// nothing is left unacknowledged.
func TestWorkerKilledMidRun(t *testing.T) {
	url := startNATS(t)
	dir := t.TempDir()
	const n = 240
	for i := range n {
		body := fmt.Sprintf("Report %d\n\nDelegates from %d countries met in Geneva on Tuesday to discuss the accord, officials said.\n", i, i+2)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%03d.txt", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(t.TempDir(), "f.db")
	flags := []string{"--ack-wait", "2s", "--batch", "4", "--workers", "1"}
	a, addrA, errA := startWorker(t, db, url, flags...)
	b, addrB, errB := startWorker(t, db, url, flags...)
	if out, errOut, code := storyline(t, "ingest", "--queue", url, "--metrics-addr", "off", dir); code != 0 {
		t.Fatalf("ingest --queue: exit %d\n%s%s", code, out, errOut)
	}
	// Kill whichever worker gets going first (on a loaded machine one may
	// take every batch before the other starts), once it is mid-run.
	deadline := time.Now().Add(60 * time.Second)
	for metric(addrA, "storyline_queue_processed_total") < 8 && metric(addrB, "storyline_queue_processed_total") < 8 {
		if time.Now().After(deadline) {
			t.Fatalf("no worker processed anything\nA: %s\nB: %s", errA.String(), errB.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	victim, survivor := a, addrB
	if metric(addrA, "storyline_queue_processed_total") < 8 {
		victim, survivor = b, addrA
	}
	if err := victim.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	victim.Wait()
	_, restarted, _ := startWorker(t, db, url, flags...)
	if victim == a {
		addrA = restarted
	} else {
		addrB = restarted
	}

	for metric(survivor, "storyline_queue_lag") != 0 || metric(survivor, "storyline_queue_ack_pending") != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("queue not drained: lag %d, ack pending %d\n%s", metric(survivor, "storyline_queue_lag"), metric(survivor, "storyline_queue_ack_pending"), errB.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	done := metric(addrA, "storyline_queue_processed_total") + metric(addrB, "storyline_queue_processed_total")
	if redelivered := metric(addrA, "storyline_queue_redeliveries_total") + metric(addrB, "storyline_queue_redeliveries_total"); redelivered == 0 {
		t.Logf("the killed worker held no unacknowledged batch")
	}
	if dead := metric(addrA, "storyline_queue_dead_lettered_total") + metric(addrB, "storyline_queue_dead_lettered_total"); dead != 0 {
		t.Errorf("%d dead letters", dead)
	}
	out, errOut, code := storyline(t, "--db", db, "articles", "--format", "jsonl")
	if code != 0 || strings.Count(out, "\n") != n {
		t.Fatalf("archive: exit %d, %d articles, want %d\n%s", code, strings.Count(out, "\n"), n, errOut)
	}
	st, err := store.OpenSQLite(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if stats, _ := st.Stats(context.Background()); stats.Articles != n || stats.Versions != n {
		t.Errorf("stored %+v, want %d articles once each", stats, n)
	}
	t.Logf("after the kill: restarted worker and the other processed %d", done)
}

// TestQueueLinkerMatchesSingleProcess runs the distributed mode in this
// process (ingest --queue, a worker, a linker), drains it as SIGTERM
// would, and checks that the archive's clusters, stories and events are
// those of a single-process ingest of the same samples.
func TestQueueLinkerMatchesSingleProcess(t *testing.T) {
	url := startNATS(t)
	db := filepath.Join(t.TempDir(), "q.db")
	if out, errOut, code := storyline(t, "ingest", "--queue", url, "--metrics-addr", "off", "../../examples"); code != 0 {
		t.Fatalf("ingest --queue: exit %d\n%s%s", code, out, errOut)
	}
	type proc struct {
		cancel context.CancelFunc
		code   chan int
		stderr *strings.Builder
	}
	start := func(args ...string) proc {
		ctx, cancel := context.WithCancel(context.Background())
		p := proc{cancel: cancel, code: make(chan int, 1), stderr: &strings.Builder{}}
		go func() {
			p.code <- run(ctx, append([]string{"--db", db}, args...), strings.NewReader(""), io.Discard, p.stderr, false)
		}()
		t.Cleanup(cancel)
		return p
	}
	worker := start("worker", "--queue", url, "--metrics-addr", "off")
	linker := start("linker", "--queue", url, "--metrics-addr", "off", "--lease-ttl", "1s")

	ctx := context.Background()
	c, err := queue.Connect(ctx, queue.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	deadline := time.Now().Add(60 * time.Second)
	for {
		cons, err := c.JetStream().Consumer(ctx, c.Stream(), queue.DefaultLinkerConsumer)
		if err == nil {
			info, err := cons.Info(ctx)
			if err == nil && info.NumPending == 0 && info.NumAckPending == 0 && info.Delivered.Stream >= 5 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("linker did not link the samples\nworker: %s\nlinker: %s", worker.stderr, linker.stderr)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for name, p := range map[string]proc{"worker": worker, "linker": linker} {
		p.cancel() // SIGTERM
		if code := <-p.code; code != 0 {
			t.Errorf("%s exited %d after the drain\n%s", name, code, p.stderr)
		}
	}

	single := filepath.Join(t.TempDir(), "s.db")
	if out, errOut, code := storyline(t, "--db", single, "ingest", "../../examples"); code != 0 {
		t.Fatalf("single-process ingest: exit %d\n%s%s", code, out, errOut)
	}
	for _, cmd := range [][]string{{"clusters", "--format", "jsonl"}, {"stories", "--format", "jsonl"}, {"events", "--format", "jsonl"}} {
		want, _, code := storyline(t, append([]string{"--db", single}, cmd...)...)
		if code != 0 || want == "" {
			t.Fatalf("%v on the single-process archive: exit %d, %q", cmd, code, want)
		}
		got, errOut, code := storyline(t, append([]string{"--db", db}, cmd...)...)
		if code != 0 || got != want {
			t.Errorf("%v: distributed run differs (exit %d)\ngot:\n%s\nwant:\n%s%s", cmd, code, got, want, errOut)
		}
	}
}

// uniqueT17 writes the Timeline17 articles into a temporary directory with
// the topic prefixed to each record's uid (T17 numbers its articles per
// topic), or skips the test when ../shared/data is absent.
func uniqueT17(t *testing.T) string {
	t.Helper()
	src, _ := filepath.Glob("../../../shared/data/t17/*/articles.json")
	if len(src) == 0 {
		t.Skip("../shared/data/t17 not present")
	}
	dir := t.TempDir()
	for _, f := range src {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var recs []map[string]any
		if err := json.Unmarshal(data, &recs); err != nil {
			t.Fatal(err)
		}
		topic := filepath.Base(filepath.Dir(f))
		for _, r := range recs {
			r["uid"] = fmt.Sprintf("%s-%v", topic, r["uid"])
		}
		if data, err = json.Marshal(recs); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, topic+".json"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestQueueFaultT17 is the distributed mode's fault test: the 2,304
// Timeline17 articles go through the queue to two worker processes and a
// linker with a standby; midway one worker and the active linker are
// killed with SIGKILL and the worker is started again. At the end every
// article is stored exactly once, nothing is left unacknowledged, and the
// clusters, stories and events equal those of a single-process ingest.
func TestQueueFaultT17(t *testing.T) {
	if testing.Short() {
		t.Skip("long: the whole Timeline17 set, twice")
	}
	dir := uniqueT17(t)
	url := startNATS(t)
	// The distributed run writes to PostgreSQL when a test server is
	// configured (as in CI), else to a SQLite file; the single-process run
	// it is compared with writes to SQLite.
	db := filepath.Join(t.TempDir(), "dist.db")
	if pgtest.Enabled() {
		db = pgtest.DSN(t)
	}
	wf := []string{"--ack-wait", "3s", "--workers", "1"}
	// The replay must be linked in one round, at its end, as ingest links
	// it (a round forced by --max-delay midway would refine twice).
	lf := []string{"--ack-wait", "3s", "--lease-ttl", "2s", "--log-level", "info", "--max-delay", "1h"}
	w1, addrW1, _ := startProc(t, db, "worker", url, wf...)
	_, addrW2, errW2 := startProc(t, db, "worker", url, wf...)
	la, addrA, errA := startProc(t, db, "linker", url, lf...)
	waitFor(t, "the first linker takes the lease", func() bool { return strings.Contains(errA.String(), "lease acquired") })
	_, addrB, errB := startProc(t, db, "linker", url, lf...)
	if out, errOut, code := storyline(t, "ingest", "--queue", url, "--metrics-addr", "off", dir); code != 2 || !strings.Contains(out, "read 2286, new 2286") {
		t.Fatalf("ingest --queue: exit %d\n%s%s", code, out, errOut)
	}
	waitFor(t, "worker 1 is midway", func() bool { return metric(addrW1, "storyline_queue_processed_total") >= 300 })
	ackedByA := metric(addrA, "storyline_queue_processed_total")
	for _, p := range []*exec.Cmd{w1, la} {
		if err := p.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		p.Wait()
	}
	_, addrW1, _ = startProc(t, db, "worker", url, wf...)
	waitFor(t, "the standby takes over and links everything", func() bool {
		return metric(addrB, "storyline_queue_linked_total") == 2286
	})
	if metric(addrW2, "storyline_queue_dead_lettered_total") != 0 || metric(addrW1, "storyline_queue_dead_lettered_total") != 0 {
		t.Errorf("dead letters\n%s", errW2)
	}
	t.Logf("killed worker 1 after %d+ articles and linker A after it acknowledged %d; worker 2 processed %d, restarted worker 1 %d, standby acknowledged %d",
		300, ackedByA, metric(addrW2, "storyline_queue_processed_total"), metric(addrW1, "storyline_queue_processed_total"), metric(addrB, "storyline_queue_processed_total"))

	ctx := context.Background()
	c, err := queue.Connect(ctx, queue.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, name := range []string{queue.DefaultWorkersConsumer, queue.DefaultLinkerConsumer} {
		cons, err := c.JetStream().Consumer(ctx, c.Stream(), name)
		if err != nil {
			t.Fatal(err)
		}
		info, err := cons.Info(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if info.NumPending != 0 || info.NumAckPending != 0 {
			t.Errorf("consumer %s: %d pending, %d unacknowledged", name, info.NumPending, info.NumAckPending)
		}
	}
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	stats, err := st.Stats(ctx)
	st.Close()
	if err != nil || stats.Articles != 2286 || stats.Versions != 2286 {
		t.Errorf("stored %+v (%v), want 2,286 articles once each", stats, err)
	}
	if !strings.Contains(errB.String(), "lease acquired") {
		t.Errorf("the standby never took the lease:\n%s", errB)
	}

	single := filepath.Join(t.TempDir(), "single.db")
	if out, errOut, code := storyline(t, "--db", single, "ingest", "--no-progress", dir); code != 2 {
		t.Fatalf("single-process ingest: exit %d\n%s%s", code, out, errOut)
	}
	for _, cmd := range [][]string{{"clusters", "--format", "jsonl"}, {"stories", "--format", "jsonl"}, {"events", "--format", "jsonl"}} {
		want, _, _ := storyline(t, append([]string{"--db", single}, cmd...)...)
		got, _, _ := storyline(t, append([]string{"--db", db}, cmd...)...)
		if got != want || want == "" {
			t.Errorf("%v: the distributed run differs from the single-process one (%d and %d lines)", cmd, strings.Count(got, "\n"), strings.Count(want, "\n"))
		}
	}
}

// waitFor polls cond until it holds, for at most five minutes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
