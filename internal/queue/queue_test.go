package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/clean"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
)

// startNATS runs a real NATS server with JetStream in the test process,
// on a random port of 127.0.0.1, storing in a temporary directory.
func startNATS(t testing.TB) string {
	t.Helper()
	ns, err := server.NewServer(&server.Options{
		Host:      "127.0.0.1",
		Port:      server.RANDOM_PORT,
		JetStream: true,
		StoreDir:  t.TempDir(),
		NoLog:     true,
		NoSigs:    true,
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

func connect(t testing.TB, url string) *Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := Connect(ctx, Config{URL: url, Name: t.Name()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func openStore(t testing.TB, path string) *store.SQLite {
	t.Helper()
	st, err := store.OpenSQLite(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// analyser is the real per-article analysis, loaded once for the package.
var analyser = sync.OnceValue(pipeline.NewAnalyser)

func newWorker(t testing.TB, c *Conn, st store.Store, analyse Analyse, opts WorkerOptions) *Worker {
	t.Helper()
	if analyse == nil {
		analyse = analyser().Analyse
	}
	w, err := NewWorker(context.Background(), c, st, clean.New(clean.Options{}), analyse, opts)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// publish reads paths with the pipeline's reader stage and publishes
// every article, in the order of the inputs.
func publish(t testing.TB, c *Conn, paths ...string) pipeline.Summary {
	t.Helper()
	// One reading worker: the stream's order is the inputs' order.
	in := pipeline.New(article.NewReader(article.Options{}), nil, nil, pipeline.Options{Workers: 1})
	sum, err := in.Send(context.Background(), paths, nil, func(ctx context.Context, a *article.Article) (store.Outcome, error) {
		dup, err := c.PublishRaw(ctx, a)
		if dup {
			return store.Duplicate, err
		}
		return store.Added, err
	})
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// writeArticles writes n small distinct text articles into a new
// directory and returns it.
func writeArticles(t testing.TB, n int) string {
	t.Helper()
	dir := t.TempDir()
	for i := range n {
		body := fmt.Sprintf("Report %d\n\nDelegates from %d countries met in Geneva on Tuesday to discuss the accord, officials said.\n", i, i+2)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%03d.txt", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// drained waits until the consumer has nothing pending and nothing
// unacknowledged.
func drained(t testing.TB, c *Conn, consumer string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		cons, err := c.js.Consumer(context.Background(), c.stream, consumer)
		if errors.Is(err, jetstream.ErrConsumerNotFound) && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond) // not created yet
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		info, err := cons.Info(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if info.NumPending == 0 && info.NumAckPending == 0 && info.NumRedelivered == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("consumer %s not drained: pending %d, ack pending %d, redelivered %d", consumer, info.NumPending, info.NumAckPending, info.NumRedelivered)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func consumerInfo(t testing.TB, c *Conn, consumer string) *jetstream.ConsumerInfo {
	t.Helper()
	cons, err := c.js.Consumer(context.Background(), c.stream, consumer)
	if err != nil {
		t.Fatal(err)
	}
	info, err := cons.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// subjectMsgs returns every message stored on subject, in stream order.
func subjectMsgs(t testing.TB, c *Conn, subject string) []jetstream.Msg {
	t.Helper()
	ctx := context.Background()
	cons, err := c.js.OrderedConsumer(ctx, c.stream, jetstream.OrderedConsumerConfig{FilterSubjects: []string{subject}})
	if err != nil {
		t.Fatal(err)
	}
	stream, err := c.js.Stream(ctx, c.stream)
	if err != nil {
		t.Fatal(err)
	}
	info, err := stream.Info(ctx, jetstream.WithSubjectFilter(subject))
	if err != nil {
		t.Fatal(err)
	}
	var out []jetstream.Msg
	for range info.State.Subjects[subject] {
		m, err := cons.Next(jetstream.FetchMaxWait(5 * time.Second))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// runWorker runs w in the background until the test ends or stop is
// called, and returns stop, which waits for Run and returns its error.
func runWorker(t testing.TB, w *Worker) (cancel context.CancelFunc, drain func() error) {
	t.Helper()
	ctx, cancelCtx := context.WithCancel(context.Background())
	drainCh := make(chan struct{})
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx, drainCh) }()
	var once sync.Once
	var err error
	wait := func() error {
		once.Do(func() { err = <-done })
		return err
	}
	t.Cleanup(func() { cancelCtx(); wait() })
	cancel = func() { cancelCtx(); wait() }
	drain = func() error { close(drainCh); return wait() }
	return cancel, drain
}

func TestPublishTwiceStoresOnce(t *testing.T) {
	url := startNATS(t)
	c := connect(t, url)
	st := openStore(t, filepath.Join(t.TempDir(), "q.db"))

	first := publish(t, c, "../../examples")
	second := publish(t, c, "../../examples")
	if first.Read != 5 || first.Added != 5 || first.Failed != 0 {
		t.Fatalf("first publish: %+v", first)
	}
	if second.Read != 5 || second.Duplicate != 5 || second.Added != 0 {
		t.Fatalf("second publish: %+v, want 5 duplicates", second)
	}
	// A re-publish the stream cannot see as one (a new message id, as
	// after the duplicate window): the store sees it instead.
	var again *article.Article
	r := article.NewReader(article.Options{})
	err := r.Read(context.Background(), article.Source{Path: "../../examples/003_265e0c7a51896b9a.txt"}, nil, func(it article.Item) error {
		again = it.Article
		return it.Err
	})
	if err != nil || again == nil {
		t.Fatalf("read sample: %v", err)
	}
	data, err := json.Marshal(again)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.js.Publish(context.Background(), SubjectRaw, data, jetstream.WithMsgID("replayed")); err != nil {
		t.Fatal(err)
	}

	m := NewMetrics("worker")
	w := newWorker(t, c, st, nil, WorkerOptions{Metrics: m, Batch: 4})
	runWorker(t, w)
	drained(t, c, DefaultWorkersConsumer)

	stats, err := st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if stats.Articles != 5 || stats.Versions != 5 {
		t.Errorf("stored %+v, want 5 articles in 5 versions", stats)
	}
	if got := m.get(processed); got != 6 {
		t.Errorf("processed %d messages, want 6", got)
	}
	notes := subjectMsgs(t, c, SubjectAnalysed)
	if len(notes) != 5 {
		t.Fatalf("%d analysed notifications, want 5 (one per stored version)", len(notes))
	}
	for _, n := range notes {
		var a Analysed
		if err := json.Unmarshal(n.Data(), &a); err != nil {
			t.Fatal(err)
		}
		rec, err := st.Get(context.Background(), a.Doc)
		if err != nil {
			t.Fatalf("notified %s: %v", a.Doc, err)
		}
		if a.Hash != rec.Hash || a.Version != 1 || a.Outcome != "added" || a.RawSeq == 0 {
			t.Errorf("notification %+v, stored hash %s", a, rec.Hash)
		}
		if n.Headers().Get(jetstream.MsgIDHeader) != "analysed:"+a.Doc+":"+rec.Hash {
			t.Errorf("notification msg id %q", n.Headers().Get(jetstream.MsgIDHeader))
		}
	}
	// The analysis ran: events and entities of the sample are stored.
	ents, err := st.Entities(context.Background(), "003_265e0c7a51896b9a")
	if err != nil || len(ents) == 0 {
		t.Errorf("no entities stored for the sample (%v)", err)
	}
}

func TestTwoWorkersShareTheQueue(t *testing.T) {
	url := startNATS(t)
	c := connect(t, url)
	path := filepath.Join(t.TempDir(), "q.db")
	sum := publish(t, c, writeArticles(t, 60))
	if sum.Added != 60 {
		t.Fatalf("published %+v", sum)
	}
	var ms []*Metrics
	for i := range 2 {
		// Each worker has its own connection and its own store handle, as
		// two processes would.
		m := NewMetrics("worker")
		ms = append(ms, m)
		w := newWorker(t, connect(t, url), openStore(t, path), nil, WorkerOptions{Metrics: m, Batch: 3, Concurrency: 1 + i})
		runWorker(t, w)
	}
	drained(t, c, DefaultWorkersConsumer)
	st := openStore(t, path)
	stats, _ := st.Stats(context.Background())
	if stats.Articles != 60 || stats.Versions != 60 {
		t.Errorf("stored %+v, want 60 articles once each", stats)
	}
	a, b := ms[0].get(processed), ms[1].get(processed)
	if a+b != 60 || a == 0 || b == 0 {
		t.Errorf("workers processed %d and %d, want 60 shared by both", a, b)
	}
	if n := len(subjectMsgs(t, c, SubjectAnalysed)); n != 60 {
		t.Errorf("%d analysed notifications, want 60", n)
	}
}

func TestPoisonMessageIsDeadLettered(t *testing.T) {
	url := startNATS(t)
	c := connect(t, url)
	st := openStore(t, filepath.Join(t.TempDir(), "q.db"))
	ctx := context.Background()
	if _, err := c.js.Publish(ctx, SubjectRaw, []byte(`{"id": "p1", "text": `), jetstream.WithMsgID("p1:x")); err != nil {
		t.Fatal(err)
	}
	publish(t, c, writeArticles(t, 3))

	m := NewMetrics("worker")
	w := newWorker(t, c, st, nil, WorkerOptions{Metrics: m, MaxDeliver: 3, Backoff: 10 * time.Millisecond})
	runWorker(t, w)
	drained(t, c, DefaultWorkersConsumer)

	letters := subjectMsgs(t, c, SubjectDead)
	if len(letters) != 1 {
		t.Fatalf("%d dead letters, want 1", len(letters))
	}
	h := letters[0].Headers()
	if !strings.Contains(h.Get(HeaderError), "decode article") || h.Get(HeaderDeliveries) != "3" ||
		h.Get(HeaderOrigMsgID) != "p1:x" || h.Get(HeaderOrigSubject) != SubjectRaw {
		t.Errorf("dead letter headers %v", h)
	}
	if string(letters[0].Data()) != `{"id": "p1", "text": ` {
		t.Errorf("dead letter payload %q", letters[0].Data())
	}
	if got := m.get(failed); got != 3 {
		t.Errorf("failed attempts %d, want 3", got)
	}
	if got := m.get(dead); got != 1 {
		t.Errorf("dead-lettered %d, want 1", got)
	}
	if got := m.get(redeliveries); got != 2 {
		t.Errorf("redeliveries %d, want 2", got)
	}
	stats, _ := st.Stats(ctx)
	if stats.Articles != 3 {
		t.Errorf("stored %d good articles, want 3", stats.Articles)
	}
}

// gate is an analysis that reports when it starts and waits to be let
// through, around the real analysis.
type gate struct {
	started chan struct{} // receives once per article started
	release chan struct{} // closed to let every article through
}

func newGate() *gate {
	return &gate{started: make(chan struct{}, 1024), release: make(chan struct{})}
}

func (g *gate) analyse(ctx context.Context, d *store.Doc) error {
	g.started <- struct{}{}
	select {
	case <-g.release:
	case <-ctx.Done():
		return ctx.Err()
	}
	return analyser().Analyse(ctx, d)
}

func TestKilledWorkersMessagesGoToAnother(t *testing.T) {
	url := startNATS(t)
	c := connect(t, url)
	path := filepath.Join(t.TempDir(), "q.db")
	publish(t, c, writeArticles(t, 20))
	opts := WorkerOptions{Batch: 5, AckWait: time.Second}

	// The first worker takes a batch and dies in the middle of it.
	g := newGate()
	ma := NewMetrics("worker")
	oa := opts
	oa.Metrics = ma
	killA, _ := runWorker(t, newWorker(t, connect(t, url), openStore(t, path), g.analyse, oa))
	<-g.started
	if info := consumerInfo(t, c, DefaultWorkersConsumer); info.NumAckPending != 5 {
		t.Fatalf("ack pending %d, want the killed worker's batch of 5", info.NumAckPending)
	}
	killA()

	mb := NewMetrics("worker")
	ob := opts
	ob.Metrics = mb
	runWorker(t, newWorker(t, connect(t, url), openStore(t, path), nil, ob))
	drained(t, c, DefaultWorkersConsumer)

	st := openStore(t, path)
	stats, _ := st.Stats(context.Background())
	if stats.Articles != 20 || stats.Versions != 20 {
		t.Errorf("stored %+v, want 20 articles once each", stats)
	}
	if ma.get(processed) != 0 || mb.get(processed) != 20 {
		t.Errorf("processed: killed worker %d, other %d; want 0 and 20", ma.get(processed), mb.get(processed))
	}
	if got := mb.get(redeliveries); got != 5 {
		t.Errorf("other worker saw %d redeliveries, want the 5 abandoned", got)
	}
}

func TestDrainFinishesInFlightWork(t *testing.T) {
	url := startNATS(t)
	c := connect(t, url)
	st := openStore(t, filepath.Join(t.TempDir(), "q.db"))
	publish(t, c, writeArticles(t, 10))

	g := newGate()
	m := NewMetrics("worker")
	_, drain := runWorker(t, newWorker(t, c, st, g.analyse, WorkerOptions{Metrics: m, Batch: 4, Concurrency: 2}))
	<-g.started
	done := make(chan error, 1)
	go func() { done <- drain() }()
	// The drain waits for the batch in hand.
	select {
	case err := <-done:
		t.Fatalf("drain returned %v before the batch in hand was finished", err)
	case <-time.After(200 * time.Millisecond):
	}
	close(g.release)
	if err := <-done; err != nil {
		t.Fatalf("drain: %v", err)
	}
	info := consumerInfo(t, c, DefaultWorkersConsumer)
	if info.NumAckPending != 0 || info.NumPending != 6 {
		t.Errorf("after drain: ack pending %d, pending %d; want 0 and 6", info.NumAckPending, info.NumPending)
	}
	stats, _ := st.Stats(context.Background())
	if stats.Articles != 4 || m.get(processed) != 4 {
		t.Errorf("stored %d, processed %d; want the 4 in hand", stats.Articles, m.get(processed))
	}
}

func TestMetricsEndpoint(t *testing.T) {
	url := startNATS(t)
	c := connect(t, url)
	st := openStore(t, filepath.Join(t.TempDir(), "q.db"))
	publish(t, c, writeArticles(t, 7))
	m := NewMetrics("worker")
	w := newWorker(t, c, st, nil, WorkerOptions{Metrics: m})
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()

	// Before any work: the lag is the whole queue.
	body := get(t, srv.URL+"/metrics")
	if !strings.Contains(body, `storyline_queue_lag{role="worker",consumer="workers"} 7`) {
		t.Errorf("metrics before work:\n%s", body)
	}
	runWorker(t, w)
	drained(t, c, DefaultWorkersConsumer)
	body = get(t, srv.URL+"/metrics")
	for _, want := range []string{
		`storyline_queue_lag{role="worker",consumer="workers"} 0`,
		`storyline_queue_processed_total{role="worker"} 7`,
		`storyline_queue_dead_lettered_total{role="worker"} 0`,
		"# TYPE storyline_queue_redeliveries_total counter",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q:\n%s", want, body)
		}
	}
	if got := get(t, srv.URL+"/healthz"); got != "ok\n" {
		t.Errorf("healthz %q", got)
	}
}

func get(t testing.TB, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	return string(b)
}

func TestConnectFailsWhenNoServer(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := Connect(ctx, Config{URL: "nats://127.0.0.1:1"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the deadline", err)
	}
}
