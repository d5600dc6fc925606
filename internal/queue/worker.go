package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/clean"
	"github.com/storyline-news/storyline/internal/store"
)

// DefaultWorkersConsumer is the durable consumer the workers share.
const DefaultWorkersConsumer = "workers"

// Analyse is the per-article analysis a worker runs on a cleaned article
// before storing it (pipeline.Analyser.Analyse). It must be safe for
// concurrent use.
type Analyse func(ctx context.Context, d *store.Doc) error

// WorkerOptions configure a Worker. The zero value is usable.
type WorkerOptions struct {
	// Consumer is the durable consumer's name (default
	// DefaultWorkersConsumer); every worker of one deployment uses the same.
	Consumer string
	// Concurrency is the number of articles analysed at once (default one
	// per core).
	Concurrency int
	// Batch is the number of messages fetched at once and stored in one
	// transaction (default 32).
	Batch int
	// MaxDeliver is the number of attempts after which a failing message
	// is dead-lettered (default 5). A message delivered more often than
	// that without an outcome (its workers died on it) is dead-lettered on
	// arrival.
	MaxDeliver int
	// AckWait is how long the server waits for an ack before redelivering
	// (default 30s); a worker busy on a batch tells the server so before it
	// expires.
	AckWait time.Duration
	// Backoff is the delay before a failed message is redelivered, times
	// its number of deliveries (default 1s).
	Backoff time.Duration
	// PollWait bounds one fetch from the server, and so how soon a drain is
	// noticed when the queue is idle (default 1s).
	PollWait time.Duration
	// Logger receives failures and dead letters; nil discards.
	Logger *slog.Logger
	// Metrics, when not nil, counts what the worker does.
	Metrics *Metrics
}

// Worker consumes read articles, cleans, analyses and stores them, and
// announces each stored article on SubjectAnalysed.
type Worker struct {
	conn    *Conn
	cons    jetstream.Consumer
	st      store.Store
	cleaner *clean.Cleaner
	analyse Analyse
	opts    WorkerOptions
}

// NewWorker creates (or joins) the workers' durable consumer on
// SubjectRaw. Articles are cleaned with c, which keeps the furniture
// statistics of the articles this worker has seen, analysed with analyse
// and stored in st.
func NewWorker(ctx context.Context, conn *Conn, st store.Store, c *clean.Cleaner, analyse Analyse, opts WorkerOptions) (*Worker, error) {
	if analyse == nil {
		return nil, errors.New("new worker: no analysis")
	}
	if opts.Consumer == "" {
		opts.Consumer = DefaultWorkersConsumer
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = runtime.GOMAXPROCS(0)
	}
	if opts.Batch <= 0 {
		opts.Batch = 32
	}
	if opts.MaxDeliver <= 0 {
		opts.MaxDeliver = 5
	}
	if opts.AckWait <= 0 {
		opts.AckWait = 30 * time.Second
	}
	if opts.Backoff <= 0 {
		opts.Backoff = time.Second
	}
	if opts.PollWait <= 0 {
		opts.PollWait = time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	cons, err := conn.js.CreateOrUpdateConsumer(ctx, conn.stream, jetstream.ConsumerConfig{
		Durable:       opts.Consumer,
		Description:   "storyline analysis workers",
		FilterSubject: SubjectRaw,
		DeliverPolicy: jetstream.DeliverAllPolicy,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       opts.AckWait,
		// Delivery attempts are counted here, not by the server, so that a
		// message past its attempts is dead-lettered rather than dropped.
		MaxDeliver:    -1,
		MaxAckPending: 64 * opts.Batch,
	})
	if err != nil {
		return nil, fmt.Errorf("create consumer %s on %s: %w", opts.Consumer, conn.stream, err)
	}
	if opts.Metrics != nil {
		opts.Metrics.setLag(cons)
		opts.Metrics.setHealth(conn.Connected)
	}
	return &Worker{conn: conn, cons: cons, st: st, cleaner: c, analyse: analyse, opts: opts}, nil
}

// Run consumes until drain is closed or ctx is done.
//
// Closing drain is the graceful stop (SIGTERM): the worker fetches no
// more, finishes, stores and acknowledges the batches in hand, and Run
// returns nil. Cancelling ctx is the hard stop: work in hand is abandoned
// unacknowledged (the server redelivers it to another worker after the ack
// wait) and Run returns ctx's error. A fetch error that is not a timeout
// is retried after a pause; only ctx ends Run with an error.
//
// Two stages overlap: while one batch is stored and acknowledged, the
// next is fetched and analysed.
func (w *Worker) Run(ctx context.Context, drain <-chan struct{}) error {
	prepared := make(chan *batch, 1)
	finished := make(chan error, 1)
	go func() {
		var err error
		for b := range prepared {
			if err == nil {
				err = w.finish(ctx, b)
			}
			b.stop()
		}
		finished <- err
	}()
	err := w.fetch(ctx, drain, prepared)
	close(prepared)
	if ferr := <-finished; err == nil {
		err = ferr
	}
	return err
}

// fetch fetches and prepares batches and sends them to out until drain is
// closed (nil) or ctx is done (its error).
func (w *Worker) fetch(ctx context.Context, drain <-chan struct{}, out chan<- *batch) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-drain:
			return nil
		default:
		}
		mb, err := w.cons.Fetch(w.opts.Batch, jetstream.FetchMaxWait(w.opts.PollWait))
		if err != nil {
			w.opts.Logger.Warn("fetch failed", "consumer", w.opts.Consumer, "err", err)
			if !sleep(ctx, w.opts.PollWait) {
				return ctx.Err()
			}
			continue
		}
		var msgs []jetstream.Msg
		for m := range mb.Messages() {
			msgs = append(msgs, m)
		}
		if err := mb.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) && !errors.Is(err, jetstream.ErrNoMessages) {
			w.opts.Logger.Warn("fetch ended with an error", "consumer", w.opts.Consumer, "got", len(msgs), "err", err)
		}
		if len(msgs) == 0 {
			continue
		}
		b := w.prepare(ctx, msgs)
		if err := ctx.Err(); err != nil {
			b.stop()
			return err
		}
		select {
		case out <- b:
		case <-ctx.Done():
			b.stop()
			return ctx.Err()
		}
	}
}

// item is one fetched message on its way through a batch.
type item struct {
	msg   jetstream.Msg
	meta  *jetstream.MsgMetadata
	doc   *store.Doc
	err   error
	out   store.Outcome
	stage string // what failed: "decode", "analyse", "store", "notify"
}

// batch is the messages of one fetch, analysed, on their way to the store.
type batch struct {
	items []*item
	stop  func() // stops telling the server they are in progress
	start time.Time
}

// prepare decodes, cleans and analyses the messages of one fetch.
// Messages past their attempts are dead-lettered here and left out.
func (w *Worker) prepare(ctx context.Context, msgs []jetstream.Msg) *batch {
	m := w.opts.Metrics
	b := &batch{stop: w.keepAlive(ctx, msgs), start: time.Now()}
	for _, msg := range msgs {
		it := &item{msg: msg}
		meta, err := msg.Metadata()
		if err != nil {
			it.err, it.stage = fmt.Errorf("message metadata: %w", err), "decode"
			meta = &jetstream.MsgMetadata{NumDelivered: 1}
		}
		it.meta = meta
		if meta.NumDelivered > 1 {
			m.add(redeliveries, 1)
		}
		if meta.NumDelivered > uint64(w.opts.MaxDeliver) {
			// Its earlier deliveries ended with no answer: a worker died
			// on it, or it outlasted the ack wait every time.
			w.deadLetter(ctx, it, fmt.Errorf("delivered %d times without an outcome", meta.NumDelivered))
			continue
		}
		if it.err == nil {
			var a article.Article
			if err := json.Unmarshal(msg.Data(), &a); err != nil {
				it.err, it.stage = fmt.Errorf("decode article: %w", err), "decode"
			} else if a.ID == "" {
				it.err, it.stage = errors.New("decode article: no document id"), "decode"
			} else {
				it.doc = &store.Doc{Article: &a}
			}
		}
		b.items = append(b.items, it)
	}

	// Observe every article of the batch before cleaning any, as the
	// single-process pipeline observes a window.
	for _, it := range b.items {
		if it.err == nil {
			w.cleaner.Observe(it.doc.Article)
		}
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(w.opts.Concurrency, len(b.items)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(b.items) {
					return
				}
				it := b.items[i]
				if it.err != nil {
					continue
				}
				w.cleaner.Clean(it.doc.Article)
				if err := w.analyse(ctx, it.doc); err != nil {
					it.err, it.stage = fmt.Errorf("analyse %s: %w", it.doc.Article.ID, err), "analyse"
				}
			}
		})
	}
	wg.Wait()
	return b
}

// finish takes a prepared batch to its outcome: every message is acked
// (stored and announced), nakked for a later attempt, or dead-lettered.
// It returns an error only when ctx is done, leaving the rest unanswered.
func (w *Worker) finish(ctx context.Context, b *batch) error {
	m := w.opts.Metrics
	t0 := time.Now()
	w.store(ctx, b.items)
	if err := ctx.Err(); err != nil {
		return err
	}
	t1 := time.Now()
	for _, it := range b.items {
		if it.err == nil {
			it.err = w.notify(ctx, it)
			if it.err != nil {
				it.stage = "notify"
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if it.err != nil {
			w.fail(ctx, it)
			continue
		}
		if err := it.msg.DoubleAck(ctx); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			// The server redelivers it; storing it again is harmless.
			w.opts.Logger.Warn("ack failed", "doc", it.doc.Article.ID, "err", err)
			continue
		}
		m.add(processed, 1)
	}
	w.opts.Logger.Debug("batch done", "messages", len(b.items), "prepare", t0.Sub(b.start), "store", t1.Sub(t0), "ack", time.Since(t1))
	return nil
}

// store writes the analysed articles of a batch in one transaction. When
// the batch fails, each article is stored on its own so that one bad
// article fails alone.
func (w *Worker) store(ctx context.Context, items []*item) {
	var ok []*item
	var docs []*store.Doc
	for _, it := range items {
		if it.err == nil {
			ok = append(ok, it)
			docs = append(docs, it.doc)
		}
	}
	if len(docs) == 0 {
		return
	}
	outs, err := w.st.Put(ctx, docs)
	if err == nil {
		for i, it := range ok {
			it.out = outs[i]
		}
		return
	}
	if ctx.Err() != nil {
		return
	}
	w.opts.Logger.Warn("store batch failed; storing one by one", "articles", len(docs), "err", err)
	for _, it := range ok {
		outs, err := w.st.Put(ctx, []*store.Doc{it.doc})
		if err != nil {
			it.err, it.stage = fmt.Errorf("store %s: %w", it.doc.Article.ID, err), "store"
			continue
		}
		it.out = outs[0]
	}
}

// notify announces a stored article on SubjectAnalysed.
func (w *Worker) notify(ctx context.Context, it *item) error {
	rec, err := w.st.Get(ctx, it.doc.Article.ID)
	if err != nil {
		return fmt.Errorf("read back %s: %w", it.doc.Article.ID, err)
	}
	return w.conn.publishAnalysed(ctx, Analysed{
		Doc:     rec.ID,
		Hash:    rec.Hash,
		Version: rec.Version,
		Outcome: it.out.String(),
		RawSeq:  it.meta.Sequence.Stream,
	})
}

// fail answers a message whose attempt failed: a later attempt after a
// backoff, or the dead-letter subject once it has had MaxDeliver.
func (w *Worker) fail(ctx context.Context, it *item) {
	m := w.opts.Metrics
	m.add(failed, 1)
	id := it.msg.Headers().Get(jetstream.MsgIDHeader)
	if it.meta.NumDelivered >= uint64(w.opts.MaxDeliver) {
		w.deadLetter(ctx, it, it.err)
		return
	}
	w.opts.Logger.Info("article failed; will retry", "msg", id, "stage", it.stage, "delivery", it.meta.NumDelivered, "err", it.err)
	if err := it.msg.NakWithDelay(time.Duration(it.meta.NumDelivered) * w.opts.Backoff); err != nil {
		w.opts.Logger.Warn("nak failed", "msg", id, "err", err)
	}
}

// deadLetter dead-letters a worker's message (Conn.deadLetter).
func (w *Worker) deadLetter(ctx context.Context, it *item, cause error) {
	w.conn.deadLetter(ctx, it.msg, it.meta, cause, w.opts.Logger, w.opts.Metrics)
}

// deadLetter publishes a message with its error to SubjectDead and
// terminates it, so it is never delivered again. When the dead letter
// cannot be published the message is left to be redelivered.
func (c *Conn) deadLetter(ctx context.Context, msg jetstream.Msg, meta *jetstream.MsgMetadata, cause error, log *slog.Logger, m *Metrics) {
	id := msg.Headers().Get(jetstream.MsgIDHeader)
	seq := strconv.FormatUint(meta.Sequence.Stream, 10)
	dl := nats.NewMsg(SubjectDead)
	dl.Data = msg.Data()
	dl.Header.Set(HeaderError, cause.Error())
	dl.Header.Set(HeaderDeliveries, strconv.FormatUint(meta.NumDelivered, 10))
	dl.Header.Set(HeaderOrigSeq, seq)
	dl.Header.Set(HeaderOrigSubject, msg.Subject())
	if id != "" {
		dl.Header.Set(HeaderOrigMsgID, id)
	}
	if _, err := c.js.PublishMsg(ctx, dl, jetstream.WithMsgID("dead:"+seq), jetstream.WithExpectStream(c.stream)); err != nil {
		log.Warn("dead-letter publish failed; leaving the message for redelivery", "msg", id, "err", err)
		return
	}
	if err := msg.TermWithReason(cause.Error()); err != nil {
		log.Warn("terminate failed", "msg", id, "err", err)
	}
	m.add(dead, 1)
	log.Warn("message dead-lettered", "msg", id, "seq", seq, "deliveries", meta.NumDelivered, "err", cause)
}

// keepAlive tells the server, every third of the ack wait, that the
// messages in hand are still being worked on, until the returned stop is
// called or ctx is done.
func (w *Worker) keepAlive(ctx context.Context, msgs []jetstream.Msg) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(w.opts.AckWait / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				for _, m := range msgs {
					_ = m.InProgress()
				}
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

// sleep waits d or until ctx is done, and reports whether ctx is still live.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
