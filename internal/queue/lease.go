package queue

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// LeaseBucket is the JetStream key-value bucket that holds leases.
const LeaseBucket = "storyline_leases"

// LeaseOptions configure a lease. The zero value is usable.
type LeaseOptions struct {
	// TTL is how long a lease outlives its holder's last refresh
	// (default 10s): a standby takes over at most about TTL after the
	// holder died. Every holder and standby of one lease must use the
	// same TTL (it is the bucket's).
	TTL time.Duration
	// Poll is how often a standby tries to take the lease (default TTL/4).
	Poll time.Duration
	// Logger receives takeovers and losses; nil discards.
	Logger *slog.Logger
	// GiveUp, when closed while standing by, makes AcquireLease return
	// ErrNotAcquired (a standby asked to stop).
	GiveUp <-chan struct{}
}

// ErrNotAcquired is returned by AcquireLease when it gave up waiting.
var ErrNotAcquired = errors.New("lease not acquired")

// Lease is the exclusive right of one process to do a job (the linker):
// a key in the LeaseBucket bucket, whose messages expire after TTL, that
// its holder keeps refreshing. A holder that dies stops refreshing; the
// key then expires and a standby's Create succeeds.
type Lease struct {
	kv     jetstream.KeyValue
	key    string
	holder string
	ttl    time.Duration
	log    *slog.Logger

	lost     chan struct{} // closed when the lease is no longer held
	stop     chan struct{} // closed by Release
	done     chan struct{} // closed when the refresher has returned
	mu       sync.Mutex
	rev      uint64 // revision of our last write
	lostOnce sync.Once
	stopOnce sync.Once
}

// AcquireLease blocks until holder holds the lease named key, or ctx is
// done. While held it is refreshed every TTL/3 until Release (which gives
// it up at once, for a standby to take over) or until ctx is done (which
// stops refreshing without giving it up, as a process that dies: the
// lease then expires after TTL). Lost is closed when the lease is no
// longer held: after Release, ctx's end, or a failed refresh (another
// holder took it, or the server could not be reached for a TTL); a holder
// must stop its exclusive work then.
func AcquireLease(ctx context.Context, conn *Conn, key, holder string, opts LeaseOptions) (*Lease, error) {
	if opts.TTL <= 0 {
		opts.TTL = 10 * time.Second
	}
	if opts.Poll <= 0 {
		opts.Poll = opts.TTL / 4
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	kv, err := conn.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket:      LeaseBucket,
		Description: "storyline leases: one active linker",
		History:     1,
		TTL:         opts.TTL,
		Storage:     jetstream.FileStorage,
	})
	if err != nil {
		return nil, fmt.Errorf("lease bucket %s: %w", LeaseBucket, err)
	}
	waiting := false
	for {
		rev, err := kv.Create(ctx, key, []byte(holder))
		if err == nil {
			l := &Lease{kv: kv, key: key, holder: holder, ttl: opts.TTL, log: opts.Logger, rev: rev,
				lost: make(chan struct{}), stop: make(chan struct{}), done: make(chan struct{})}
			opts.Logger.Info("lease acquired", "key", key, "holder", holder)
			go l.refresh(ctx)
			return l, nil
		}
		if !errors.Is(err, jetstream.ErrKeyExists) {
			opts.Logger.Warn("lease: cannot reach the bucket", "key", key, "err", err)
		} else if !waiting {
			waiting = true
			if e, err := kv.Get(ctx, key); err == nil {
				opts.Logger.Info("lease held by another; standing by", "key", key, "holder", string(e.Value()))
			}
		}
		t := time.NewTimer(opts.Poll)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("acquire lease %s: %w", key, ctx.Err())
		case <-opts.GiveUp:
			t.Stop()
			return nil, fmt.Errorf("acquire lease %s: %w", key, ErrNotAcquired)
		case <-t.C:
		}
	}
}

// refresh rewrites the key every TTL/3 (each write restarts its TTL) with
// the revision it last wrote, so that it fails if anyone else wrote since.
func (l *Lease) refresh(ctx context.Context) {
	defer close(l.done)
	defer l.markLost()
	t := time.NewTicker(l.ttl / 3)
	defer t.Stop()
	lastOK := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-l.stop:
			return
		case <-t.C:
		}
		l.mu.Lock()
		rev := l.rev
		l.mu.Unlock()
		rctx, cancel := context.WithTimeout(ctx, l.ttl/3)
		newRev, err := l.kv.Update(rctx, l.key, []byte(l.holder), rev)
		cancel()
		if err == nil {
			l.mu.Lock()
			l.rev = newRev
			l.mu.Unlock()
			lastOK = time.Now()
			continue
		}
		if errors.Is(err, jetstream.ErrKeyExists) || errors.Is(err, jetstream.ErrKeyNotFound) {
			l.log.Warn("lease lost: another holder took it or it expired", "key", l.key, "err", err)
			return
		}
		// Give up well before the key can expire, so that a standby never
		// links while this holder still believes it holds the lease.
		if time.Since(lastOK) >= l.ttl/2 {
			l.log.Warn("lease lost: not refreshed within its TTL", "key", l.key, "err", err)
			return
		}
		l.log.Warn("lease refresh failed; retrying", "key", l.key, "err", err)
	}
}

func (l *Lease) markLost() { l.lostOnce.Do(func() { close(l.lost) }) }

// Lost is closed when the lease is no longer held.
func (l *Lease) Lost() <-chan struct{} { return l.lost }

// Release stops refreshing and deletes the key if it is still ours, so a
// standby takes over without waiting for the TTL.
func (l *Lease) Release(ctx context.Context) error {
	l.stopOnce.Do(func() { close(l.stop) })
	<-l.done
	l.mu.Lock()
	rev := l.rev
	l.mu.Unlock()
	if err := l.kv.Delete(ctx, l.key, jetstream.LastRevision(rev)); err != nil {
		return fmt.Errorf("release lease %s: %w", l.key, err)
	}
	return nil
}
