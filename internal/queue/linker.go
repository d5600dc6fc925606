package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/storyline-news/storyline/internal/linkstage"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
)

// DefaultLinkerConsumer is the durable consumer of the linker.
const DefaultLinkerConsumer = "linker"

// linkerLease is the lease key held by the active linker.
const linkerLease = "linker"

// LinkerOptions configure RunLinker. The zero value is usable.
type LinkerOptions struct {
	// Consumer is the durable consumer's name (default
	// DefaultLinkerConsumer); the active linker and its standbys share it.
	Consumer string
	// Batch is the number of notifications fetched and acknowledged at
	// once (default 64).
	Batch int
	// AckWait is how long the server waits before redelivering
	// notifications a dead linker held (default 30s).
	AckWait time.Duration
	// PollWait bounds one fetch, and so how long the queue must be quiet
	// before what arrived is linked (default 1s).
	PollWait time.Duration
	// MaxDelay bounds how long an announced article may wait to be linked
	// while the queue never falls quiet (default 30s).
	MaxDelay time.Duration
	// Workers is the workers' durable consumer (default
	// DefaultWorkersConsumer): the queue is quiet only when the workers,
	// too, have nothing pending and nothing in hand, so that a replay is
	// linked once, at its end.
	Workers string
	// Holder names this process in the lease (default host:pid).
	Holder string
	// Lease configures the lease (its TTL bounds the takeover time).
	Lease LeaseOptions
	// Link configures the link stage; NoCatchUp is always set: articles
	// are linked when the queue falls quiet.
	Link linkstage.Options
	// NoRefine skips the batch refinement (linkstage.Stage.Refine) that
	// ends each round that linked anything, as it ends an ingest run.
	NoRefine bool
	// Analyser, when not nil, runs the re-dating pass (Analyser.Redate)
	// over the archive before each round of linking, as ingest does before
	// it links.
	Analyser *pipeline.Analyser
	// Logger receives takeovers and progress; nil discards.
	Logger *slog.Logger
	// Metrics, when not nil, counts notifications processed.
	Metrics *Metrics
}

// ErrLeaseLost is returned by RunLinker when another process took the
// lease: this one must not link any more.
var ErrLeaseLost = errors.New("linker lease lost")

// RunLinker runs one linker process: it stands by until it holds the
// linker lease (one active linker at a time), then restores the archive's
// linker from its stored snapshot (linkstage, which relinks what was
// linked after the snapshot) and consumes SubjectAnalysed with one
// durable consumer. It acknowledges each notification as it comes (the
// article is stored, and the archive remembers it is not linked yet), and
// whenever the queue falls quiet (or MaxDelay has passed) it links a
// round, as a single-process ingest does at the end of its run: the
// re-dating pass over the archive, then every stored article not linked
// yet in publication order (linkstage.Stage.CatchUp), then a snapshot. A
// replay published at once is therefore linked exactly as `storyline
// ingest` links it. A standby that takes over resumes from the durable
// consumer's position; the articles its predecessor acknowledged but did
// not link are linked in its first round.
//
// While it holds the lease the linker also holds the archive's link lock
// (store.LinkLocker, taken by linkstage.Stage.Open): a plain `storyline
// ingest`, `link` or `serve` on the same archive is then refused with
// store.ErrLinkLocked instead of linking beside it. When such a process
// holds the lock as the linker takes the lease, the linker logs a warning
// and waits for it (trying again every PollWait), holding the lease, so
// that the standbys keep standing by; it releases the lock whenever it
// stops.
//
// Closing drain stops it gracefully: the notifications in hand are
// acknowledged, a last round linked, the link lock and the lease released
// (a standby takes over at once) and RunLinker returns nil. Cancelling ctx stops it at
// once, as a process that dies: the lease expires after its TTL. It
// returns ErrLeaseLost when the lease was taken from it.
func RunLinker(ctx context.Context, drain <-chan struct{}, conn *Conn, st store.Store, opts LinkerOptions) error {
	if opts.Consumer == "" {
		opts.Consumer = DefaultLinkerConsumer
	}
	if opts.Batch <= 0 {
		opts.Batch = 64
	}
	if opts.AckWait <= 0 {
		opts.AckWait = 30 * time.Second
	}
	if opts.PollWait <= 0 {
		opts.PollWait = time.Second
	}
	if opts.MaxDelay <= 0 {
		opts.MaxDelay = 30 * time.Second
	}
	if opts.Workers == "" {
		opts.Workers = DefaultWorkersConsumer
	}
	if opts.Holder == "" {
		host, _ := os.Hostname()
		opts.Holder = host + ":" + strconv.Itoa(os.Getpid())
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Lease.Logger == nil {
		opts.Lease.Logger = opts.Logger
	}
	opts.Link.NoCatchUp = true
	if opts.Link.Logger == nil {
		opts.Link.Logger = opts.Logger
	}
	if opts.Metrics != nil {
		opts.Metrics.setHealth(conn.Connected)
	}

	// Stand by until the lease is ours, or until drained.
	opts.Lease.GiveUp = drain
	lease, err := AcquireLease(ctx, conn, linkerLease, opts.Holder, opts.Lease)
	if errors.Is(err, ErrNotAcquired) {
		return nil
	}
	if err != nil {
		return err
	}
	// Work stops at once when the lease is lost.
	wctx, stopWork := context.WithCancel(ctx)
	defer stopWork()
	go func() {
		select {
		case <-lease.Lost():
			stopWork()
		case <-wctx.Done():
		}
	}()

	l := &linker{conn: conn, st: st, opts: opts, stage: linkstage.New(st, opts.Link)}
	// The archive's link lock goes with the work, however it ends (a
	// killed process loses it with its file or session).
	defer l.stage.Close()
	err = l.run(wctx, drain)
	switch {
	case err == nil: // drained
		// Link what was acknowledged since the last round.
		if !l.waiting.IsZero() {
			if err := l.round(wctx); err != nil {
				opts.Logger.Warn("linking at drain failed; the next linker links the rest", "err", err)
			}
		}
		// The lock before the lease: the standby taking over finds it free.
		if err := l.stage.Close(); err != nil {
			opts.Logger.Warn("releasing the link lock failed", "err", err)
		}
		if err := lease.Release(context.WithoutCancel(ctx)); err != nil {
			opts.Logger.Warn("releasing the lease failed; a standby takes over after its TTL", "err", err)
		}
		return nil
	case ctx.Err() != nil:
		return ctx.Err()
	case wctx.Err() != nil:
		return ErrLeaseLost
	default:
		return err
	}
}

// linker is the active linker's state while it holds the lease.
type linker struct {
	conn  *Conn
	st    store.Store
	opts  LinkerOptions
	stage *linkstage.Stage
	cons  jetstream.Consumer
	// waiting is when the oldest acknowledged, not yet linked article
	// arrived (zero when none waits).
	waiting time.Time
}

// open opens the stage, waiting (every PollWait) while another process
// holds the archive's link lock; it returns false, with ctx's error or nil
// when drained, if it stopped before.
func (l *linker) open(ctx context.Context, drain <-chan struct{}) (bool, error) {
	o := l.opts
	warned := false
	for {
		err := l.stage.Open(ctx)
		if err == nil {
			if warned {
				o.Logger.Warn("the archive's link lock is free: linking")
			}
			return true, nil
		}
		if !errors.Is(err, store.ErrLinkLocked) {
			return false, err
		}
		if !warned {
			o.Logger.Warn("another process (ingest, link, run, watch or serve) is linking this archive: waiting for it to stop", "err", err)
			warned = true
		}
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-drain:
			return false, nil
		case <-time.After(o.PollWait):
		}
	}
}

// run opens the stage and consumes until drain (nil) or ctx's end (its
// error) or a failure to link or store.
func (l *linker) run(ctx context.Context, drain <-chan struct{}) error {
	o := l.opts
	if ok, err := l.open(ctx, drain); !ok {
		return err
	}
	stage := l.stage
	var err error
	l.cons, err = l.conn.js.CreateOrUpdateConsumer(ctx, l.conn.stream, jetstream.ConsumerConfig{
		Durable:       o.Consumer,
		Description:   "storyline linker",
		FilterSubject: SubjectAnalysed,
		DeliverPolicy: jetstream.DeliverAllPolicy,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       o.AckWait,
		MaxDeliver:    -1,
		MaxAckPending: o.Batch,
	})
	if err != nil {
		return fmt.Errorf("create consumer %s on %s: %w", o.Consumer, l.conn.stream, err)
	}
	if o.Metrics != nil {
		o.Metrics.setLag(l.cons)
	}
	o.Logger.Info("linker active", "holder", o.Holder, "linked", stage.Stats().Docs)
	// A predecessor may have left acknowledged articles unlinked: the
	// first quiet moment links them.
	l.waiting = time.Now()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-drain:
			return nil
		default:
		}
		mb, err := l.cons.Fetch(o.Batch, jetstream.FetchMaxWait(o.PollWait))
		if err != nil {
			o.Logger.Warn("fetch failed", "consumer", o.Consumer, "err", err)
			if !sleep(ctx, o.PollWait) {
				return ctx.Err()
			}
			continue
		}
		n := 0
		for msg := range mb.Messages() {
			n++
			if err := l.take(ctx, msg); err != nil {
				return err
			}
		}
		if err := mb.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) && !errors.Is(err, jetstream.ErrNoMessages) {
			o.Logger.Warn("fetch ended with an error", "consumer", o.Consumer, "got", n, "err", err)
		}
		if l.waiting.IsZero() {
			continue
		}
		quiet := n < o.Batch && l.quiet(ctx)
		if quiet || time.Since(l.waiting) >= o.MaxDelay {
			err := l.round(ctx)
			if errors.Is(err, store.ErrLinkLockLost) {
				// Another process may be linking: wait for the lock as
				// at the start; what this round did not store is linked
				// from the archive once it is back.
				o.Logger.Warn("the archive's link lock was lost: waiting to take it again", "err", err)
				if ok, err := l.open(ctx, drain); !ok {
					return err
				}
				l.waiting = time.Now()
				continue
			}
			if err != nil {
				return err
			}
		}
	}
}

// quiet reports whether nothing is on its way to the linker: nothing left
// to deliver and nothing held unacknowledged, neither on the linker's
// consumer (a dead predecessor's notifications are redelivered after the
// ack wait) nor on the workers' (articles not yet stored and announced).
func (l *linker) quiet(ctx context.Context) bool {
	idle := func(c jetstream.Consumer) bool {
		info, err := c.Info(ctx)
		return err == nil && info.NumPending == 0 && info.NumAckPending == 0
	}
	if !idle(l.cons) {
		return false
	}
	w, err := l.conn.js.Consumer(ctx, l.conn.stream, l.opts.Workers)
	if errors.Is(err, jetstream.ErrConsumerNotFound) {
		return true // no workers yet: nothing on its way
	}
	return err == nil && idle(w)
}

// take acknowledges one notification: its article is stored and, until
// linked, listed by the archive as unlinked.
func (l *linker) take(ctx context.Context, msg jetstream.Msg) error {
	m := l.opts.Metrics
	meta, err := msg.Metadata()
	if err != nil {
		return fmt.Errorf("notification metadata: %w", err)
	}
	if meta.NumDelivered > 1 {
		m.add(redeliveries, 1)
	}
	var n Analysed
	if err := json.Unmarshal(msg.Data(), &n); err != nil || n.Doc == "" {
		l.conn.deadLetter(ctx, msg, meta, fmt.Errorf("decode notification: %v", err), l.opts.Logger, m)
		return nil
	}
	if err := msg.DoubleAck(ctx); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		l.opts.Logger.Warn("ack failed; the notification comes again", "doc", n.Doc, "err", err)
		return nil
	}
	m.add(processed, 1)
	if l.waiting.IsZero() {
		l.waiting = time.Now()
	}
	return nil
}

// round links what is waiting: the re-dating pass, then every stored
// article not linked yet, in publication order, then a snapshot, then
// (unless NoRefine) the batch refinement with its own snapshot.
func (l *linker) round(ctx context.Context) error {
	if l.opts.Analyser != nil {
		sum, err := l.opts.Analyser.Redate(ctx, l.st, l.opts.Logger)
		if err != nil {
			return fmt.Errorf("re-date undated articles: %w", err)
		}
		if sum.Redated > 0 {
			l.opts.Logger.Info("re-dated articles before linking", "redated", sum.Redated, "undated", sum.Undated)
		}
	}
	before := l.stage.Stats().Docs
	if err := l.stage.CatchUp(ctx); err != nil {
		return fmt.Errorf("link stored articles: %w", err)
	}
	linked := l.stage.Stats().Docs - before
	l.opts.Metrics.add(linkedDocs, int64(linked))
	if linked > 0 {
		l.opts.Logger.Info("linked a round", "articles", linked, "waited", time.Since(l.waiting).Round(time.Millisecond))
		if !l.opts.NoRefine {
			if _, err := l.stage.Refine(ctx); err != nil {
				return fmt.Errorf("refine links: %w", err)
			}
		}
	}
	l.waiting = time.Time{}
	return nil
}
