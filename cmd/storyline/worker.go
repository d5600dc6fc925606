package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/clean"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/queue"
	"github.com/storyline-news/storyline/internal/store"
)

// queueFlags are the flags of every process of the distributed mode.
type queueFlags struct {
	Stream string `help:"JetStream stream name (with --queue)." default:"STORYLINE"`
}

// workerCmd is `storyline worker`: analyse the articles published by
// `ingest --queue` and store them, until SIGTERM or Ctrl-C.
type workerCmd struct {
	queueFlags
	Queue        string        `help:"NATS server address." required:"" placeholder:"nats://HOST:PORT"`
	Workers      int           `help:"Articles analysed at once (0: one per core)." default:"0"`
	Batch        int           `help:"Messages fetched at once and stored in one transaction." default:"32"`
	MaxDeliver   int           `help:"Attempts before a failing article goes to the dead-letter subject." default:"5"`
	AckWait      time.Duration `help:"How long the server waits for an ack before redelivering." default:"30s"`
	Consumer     string        `help:"Durable consumer shared by the workers." default:"workers"`
	DrainTimeout time.Duration `help:"How long work in hand may run on after SIGTERM before it is abandoned (and redelivered)." default:"60s"`
	MetricsAddr  string        `help:"Address of /healthz and /metrics, or off." default:"127.0.0.1:9464"`
}

func (c *workerCmd) Run(e *env) error {
	conn, err := e.connectQueue(c.Queue, c.Stream, "storyline worker")
	if err != nil {
		return err
	}
	defer conn.Close()
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	m := queue.NewMetrics("worker")
	// The process runs on after the signal (e.ctx) until the batch in hand
	// is stored and acknowledged, or DrainTimeout passes.
	ctx, cancel := e.drainContext(c.DrainTimeout, "drain timed out; abandoning work in hand for redelivery")
	defer cancel()
	// Load the analysis models now rather than on the first message, so
	// the first batch is not late for its ack.
	an := pipeline.NewAnalyser()
	if err := an.Analyse(ctx, &store.Doc{Article: &article.Article{ID: "warm-up", Text: "Warm-up."}}); err != nil {
		return fmt.Errorf("load analysis models: %w", err)
	}
	w, err := queue.NewWorker(ctx, conn, st, clean.New(clean.Options{}), an.Analyse, queue.WorkerOptions{
		Consumer:    c.Consumer,
		Concurrency: c.Workers,
		Batch:       c.Batch,
		MaxDeliver:  c.MaxDeliver,
		AckWait:     c.AckWait,
		Logger:      e.log,
		Metrics:     m,
	})
	if err != nil {
		return err
	}
	stopMetrics, err := e.serveMetrics(c.MetricsAddr, m)
	if err != nil {
		return err
	}
	defer stopMetrics()
	e.log.Info("worker started", "queue", c.Queue, "stream", conn.Stream(), "consumer", c.Consumer)
	if err := w.Run(ctx, e.ctx.Done()); err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	return nil
}

// drainContext returns a context that outlives the process's signal
// (e.ctx) by at most timeout, so that work in hand can finish: when the
// signal comes it logs that it drains, and when timeout passes after it,
// it logs onTimeout and cancels. Call cancel when done.
func (e *env) drainContext(timeout time.Duration, onTimeout string) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(e.ctx))
	go func() {
		select {
		case <-e.ctx.Done():
		case <-ctx.Done():
			return
		}
		e.log.Info("draining: finishing the batch in hand", "timeout", timeout)
		select {
		case <-time.After(timeout):
			e.log.Warn(onTimeout)
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}

// connectQueue connects to the NATS server at url and verifies the
// stream, waiting for the server until the process is stopped.
func (e *env) connectQueue(url, stream, name string) (*queue.Conn, error) {
	conn, err := queue.Connect(e.ctx, queue.Config{URL: url, Stream: stream, Name: name})
	if err != nil {
		return nil, fmt.Errorf("open queue: %w", err)
	}
	return conn, nil
}

// serveMetrics serves m's /healthz and /metrics on addr until stop is
// called; addr "off" serves nothing.
func (e *env) serveMetrics(addr string, m *queue.Metrics) (stop func(), err error) {
	if addr == "off" {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen for metrics (choose another --metrics-addr, or off): %w", err)
	}
	srv := &http.Server{Handler: m.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			e.log.Warn("metrics server stopped", "err", err)
		}
	}()
	e.log.Info("metrics", "url", "http://"+ln.Addr().String()+"/metrics")
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, nil
}

// publishInputs is `ingest --queue`: read the inputs as ingest does and
// publish every article to the stream instead of analysing and storing it.
func (c *ingestCmd) publishInputs(e *env) (pipeline.Summary, error) {
	if c.SkipAnalysis {
		return pipeline.Summary{}, errors.New("--skip-analysis does not apply to --queue: the workers analyse")
	}
	conn, err := e.connectQueue(c.Queue, c.Stream, "storyline ingest")
	if err != nil {
		return pipeline.Summary{}, err
	}
	defer conn.Close()
	m := queue.NewMetrics("ingest")
	m.SetConn(conn)
	stopMetrics, err := e.serveMetrics(c.MetricsAddr, m)
	if err != nil {
		return pipeline.Summary{}, err
	}
	defer stopMetrics()
	// Publishing stores and links nothing here: no store.
	in := e.ingesterWith(nil, c.inputFlags, pipeline.Options{})
	sum, err := in.Send(e.ctx, c.Paths, e.stdin, func(ctx context.Context, a *article.Article) (store.Outcome, error) {
		dup, err := conn.PublishRaw(ctx, a)
		if err != nil {
			return 0, err
		}
		m.CountPublished(dup)
		if dup {
			return store.Duplicate, nil
		}
		return store.Added, nil
	})
	for range sum.Failed {
		m.CountFailed()
	}
	e.log.Log(e.ctx, slog.LevelInfo, "published", "new", sum.Added, "duplicate", sum.Duplicate, "failed", sum.Failed)
	return sum, err
}
