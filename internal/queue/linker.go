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

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/linkstage"
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
	// Batch is the number of notifications fetched, linked (in stream
	// order, then by date within the batch) and acknowledged at once
	// (default 64). Every linker of one archive must use the same, so that
	// a standby repeats the active one's decisions.
	Batch int
	// AckWait is how long the server waits before redelivering
	// notifications a dead linker held (default 30s).
	AckWait time.Duration
	// PollWait bounds one fetch (default 1s).
	PollWait time.Duration
	// Holder names this process in the lease (default host:pid).
	Holder string
	// Lease configures the lease (its TTL bounds the takeover time).
	Lease LeaseOptions
	// Link configures the link stage; NoCatchUp is always set: the linker
	// links in the order of the analysed notifications.
	Link linkstage.Options
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
// linked after the snapshot) and consumes SubjectAnalysed in stream order
// with one durable consumer: each batch of notifications is linked
// (articles already linked at the notified version are skipped, so a
// redelivery after a crash changes nothing) and acknowledged after the
// links are stored. A standby that takes over resumes from the durable
// consumer's position.
//
// Closing drain stops it gracefully: the batch in hand is finished, a
// snapshot stored, the lease released (a standby takes over at once) and
// RunLinker returns nil. Cancelling ctx stops it at once, as a process
// that dies: nothing more is acknowledged and the lease expires after its
// TTL. It returns ErrLeaseLost when the lease was taken from it.
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

	l := &linker{conn: conn, st: st, opts: opts}
	err = l.run(wctx, drain)
	switch {
	case err == nil: // drained
		if err := l.stage.Snapshot(context.WithoutCancel(ctx)); err != nil {
			opts.Logger.Warn("snapshot at drain failed", "err", err)
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
}

// run opens the stage and links until drain (nil) or ctx's end (its
// error) or a failure to link or store.
func (l *linker) run(ctx context.Context, drain <-chan struct{}) error {
	o := l.opts
	stage, err := linkstage.Open(ctx, l.st, o.Link)
	if err != nil {
		return fmt.Errorf("open linker: %w", err)
	}
	l.stage = stage
	l.cons, err = l.conn.js.CreateOrUpdateConsumer(ctx, l.conn.stream, jetstream.ConsumerConfig{
		Durable:       o.Consumer,
		Description:   "storyline linker",
		FilterSubject: SubjectAnalysed,
		DeliverPolicy: jetstream.DeliverAllPolicy,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       o.AckWait,
		MaxDeliver:    -1,
		// Only the batch in hand is outstanding: notifications are
		// linked in stream order.
		MaxAckPending: o.Batch,
	})
	if err != nil {
		return fmt.Errorf("create consumer %s on %s: %w", o.Consumer, l.conn.stream, err)
	}
	if o.Metrics != nil {
		o.Metrics.setLag(l.cons)
	}
	o.Logger.Info("linker active", "holder", o.Holder, "linked", stage.Stats().Docs)
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
		var msgs []jetstream.Msg
		for m := range mb.Messages() {
			msgs = append(msgs, m)
		}
		if err := mb.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) && !errors.Is(err, jetstream.ErrNoMessages) {
			o.Logger.Warn("fetch ended with an error", "consumer", o.Consumer, "got", len(msgs), "err", err)
		}
		if len(msgs) == 0 {
			continue
		}
		if err := l.link(ctx, msgs); err != nil {
			return err
		}
	}
}

// link links the articles of one batch of notifications that are not
// linked yet at their current version, stores the links, and
// acknowledges the batch.
func (l *linker) link(ctx context.Context, msgs []jetstream.Msg) error {
	m := l.opts.Metrics
	var docs []*store.Doc
	seen := map[string]bool{}
	for _, msg := range msgs {
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
			continue
		}
		if seen[n.Doc] {
			continue
		}
		seen[n.Doc] = true
		d, err := l.pending(ctx, n.Doc)
		if err != nil {
			return err
		}
		if d != nil {
			docs = append(docs, d)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(docs) > 0 {
		if err := l.stage.Link(ctx, docs); err != nil {
			return fmt.Errorf("link %d articles: %w", len(docs), err)
		}
	}
	for _, msg := range msgs {
		if err := msg.DoubleAck(ctx); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			l.opts.Logger.Warn("ack failed; the notification comes again and is skipped", "err", err)
			continue
		}
		m.add(processed, 1)
	}
	return nil
}

// pending returns the stored document id with its analysis when its
// current version is not linked yet, or nil when it is (a redelivered or
// repeated notification).
func (l *linker) pending(ctx context.Context, id string) (*store.Doc, error) {
	d, err := linkstage.LoadDoc(ctx, l.st, id)
	if err != nil {
		return nil, fmt.Errorf("read %s to link: %w", id, err)
	}
	dl, err := l.st.DocLink(ctx, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return d, nil
	case err != nil:
		return nil, fmt.Errorf("read links of %s: %w", id, err)
	case dl.Hash == article.ContentHash(d.Article):
		return nil, nil
	}
	return d, nil
}
