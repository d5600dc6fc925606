// Package linkstage owns incremental linking of an archive: it runs the
// one Linker (package link) of the archive over stored articles, batch by
// batch in publication order, and stores what it decides (store.Store's
// PutLinks: doc links, mentions, real-world events, stories, entity names,
// and periodic snapshots of the linker's state), so that readers never
// relink. On open it restores the stored snapshot, links again, in the
// same order, the articles linked after it (which repeats every decision),
// and links whatever is stored but not linked: a crash anywhere between
// storing a batch and storing its links is recovered.
//
// One process links an archive at a time: an open Stage holds the
// archive's link lock (store.LinkLocker) from Open to Close, and Open
// fails at once, with an error wrapping store.ErrLinkLocked, when another
// process (or another Stage) holds it.
//
// Data flows store → link → store: the pipeline hands each stored batch to
// Stage.Link (pipeline.Linker), commands and the server read the stored
// links.
package linkstage

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/link"
	"github.com/storyline-news/storyline/internal/store"
)

// DefaultSnapshotEvery is how many linked articles may pass between two
// stored linker snapshots when Options.SnapshotEvery is zero.
const DefaultSnapshotEvery = 4096

// Options configure a Stage.
type Options struct {
	// Linker tunes the linker (link.DefaultOptions when zero).
	Linker link.Options
	// SnapshotEvery is how many articles may be linked between two stored
	// snapshots of the linker's state (DefaultSnapshotEvery when 0; 1
	// stores one with every batch). Links are stored with every batch
	// regardless; after a crash the articles linked since the snapshot
	// are linked again, in the same order, which repeats every decision.
	SnapshotEvery int
	// Logger receives progress lines; nil discards.
	Logger *slog.Logger
	// NoCatchUp makes Open stop after restoring the snapshot and relinking
	// the articles linked after it, leaving the articles stored but never
	// linked to the caller's next CatchUp (the distributed linker links
	// them when its queue falls quiet, after the re-dating pass).
	NoCatchUp bool
}

// Stage links stored articles incrementally (package link) and stores
// what it decides (store.Store.PutLinks). It owns the one Linker of an
// archive: one Stage per archive at a time, which the archive's link lock
// enforces across processes (Lock, Open, Close). Its methods are safe for
// concurrent use (they serialise).
type Stage struct {
	openMu sync.Mutex // held by Lock, Open and Close
	mu     sync.Mutex
	st     store.Store
	// lock is the archive's link lock, while held: set with openMu and mu
	// both held, read with either
	lock      store.LinkLock
	l         *link.Linker
	opts      Options
	sinceSnap int
	linked    int // articles linked since New
	// cpu is the time spent linking (Add, Flush, snapshots), without
	// storing; storeWall the wall time of storing the links.
	cpu, storeWall time.Duration
	// snapBytes is the size of the latest snapshot taken.
	snapBytes int
}

// New returns the link stage of the archive st; it reads nothing until
// Open (which Link calls when needed).
func New(st store.Store, opts Options) *Stage {
	if opts.SnapshotEvery <= 0 {
		opts.SnapshotEvery = DefaultSnapshotEvery
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Stage{st: st, opts: opts}
}

// Open returns the opened link stage of the archive st (New, then Open).
func Open(ctx context.Context, st store.Store, opts Options) (*Stage, error) {
	x := New(st, opts)
	if err := x.Open(ctx); err != nil {
		return nil, err
	}
	return x, nil
}

// ErrClosed is returned by a Link or Refine that found its stage closed
// (Close) while it was running.
var ErrClosed = errors.New("link stage closed")

// lockTimeout bounds how long Close waits for the archive to release the
// link lock (a PostgreSQL round trip); the lock ends with the process, or
// its connection, regardless.
const lockTimeout = 10 * time.Second

// Lock takes the archive's link lock (store.LinkLocker) without opening
// the linker, so that a command fails before doing work that would end in
// linking (ingest reads and stores everything before it links); Open
// takes it when Lock was not called. It does not wait: when another
// process, or another Stage, holds the lock it returns at once an error
// wrapping store.ErrLinkLocked. Failing fast is the choice because the
// holder is often a long-running process (serve, watch, the distributed
// linker) that would keep a waiting command waiting indefinitely; callers
// that should wait (the distributed linker) retry. Locking a stage that
// holds the lock does nothing. A store that is no store.LinkLocker is not
// locked.
func (x *Stage) Lock(ctx context.Context) error {
	x.openMu.Lock()
	defer x.openMu.Unlock()
	return x.takeLock(ctx)
}

// takeLock is Lock with openMu held.
func (x *Stage) takeLock(ctx context.Context) error {
	if x.lock != nil {
		x.mu.Lock()
		err := x.lock.Held(ctx)
		x.mu.Unlock()
		if err == nil {
			return nil
		}
		// lost: take it again, or fail as any other taker would
		x.opts.Logger.Warn("the link lock was lost: taking it again", "err", err)
		if err := x.unlock(); err != nil {
			x.opts.Logger.Warn("releasing the lost link lock failed", "err", err)
		}
	}
	ll, ok := x.st.(store.LinkLocker)
	if !ok {
		return nil
	}
	lock, err := ll.LockLinks(ctx)
	if err != nil {
		return fmt.Errorf("open linker: %w", err)
	}
	x.mu.Lock()
	x.lock = lock
	x.mu.Unlock()
	return nil
}

// put stores b (store.Store.PutLinks) under the stage's link lock, with
// mu held: b carries the lock's generation (store.LinkLock.Fence), and the
// store refuses it, in the write's own transaction, once a later lock was
// taken (the session holding this one ended and another process locked the
// archive). Then the linker is dropped, as its state no longer speaks for
// the archive; nothing was written, and what it linked is not lost: the
// articles stay stored, and the next Open (which finds the lock gone and
// takes it again, or fails with store.ErrLinkLocked) links them from the
// archive's latest snapshot.
func (x *Stage) put(ctx context.Context, b store.LinkBatch) error {
	if x.lock != nil {
		b.Fence = x.lock.Fence()
	}
	err := x.st.PutLinks(ctx, b)
	if errors.Is(err, store.ErrLinkLockLost) {
		x.l, x.sinceSnap = nil, 0
	}
	return err
}

// Close releases the archive's link lock and forgets the linker's state;
// it does not snapshot it (Snapshot does, and callers snapshot before
// they close; nothing is lost without it). A closed stage may be opened
// again (Open, Link and Refine do): it restores the stored snapshot, as
// a new one would. Closing a stage that is not open does nothing.
// Whoever opens or locks a stage closes it when done linking; a Link or
// Refine running concurrently with Close fails with ErrClosed or opens
// the stage again.
func (x *Stage) Close() error {
	x.openMu.Lock()
	defer x.openMu.Unlock()
	x.mu.Lock()
	x.l, x.sinceSnap = nil, 0
	x.mu.Unlock()
	return x.unlock()
}

// unlock releases the link lock, with openMu held.
func (x *Stage) unlock() error {
	if x.lock == nil {
		return nil
	}
	lock := x.lock
	x.mu.Lock()
	x.lock = nil
	x.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), lockTimeout)
	defer cancel()
	err := lock.Unlock(ctx)
	if err != nil {
		return fmt.Errorf("close linker: %w", err)
	}
	return nil
}

// Open takes the archive's link lock (Lock; at once an error wrapping
// store.ErrLinkLocked when another process links the archive), restores
// the archive's linker from its stored snapshot (a new one when there is
// none or it cannot be read, after clearing the stored links), links
// again the articles linked after the snapshot, in their order, and then
// links the articles stored but never linked (or updated since), in
// publication order: after it the archive is fully linked. Opening an
// open stage does nothing. When Open fails the stage is left closed, its
// lock released.
func (x *Stage) Open(ctx context.Context) (err error) {
	x.openMu.Lock()
	defer x.openMu.Unlock()
	x.mu.Lock()
	opened := x.l != nil
	x.mu.Unlock()
	if opened {
		return nil
	}
	if err := x.takeLock(ctx); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			x.mu.Lock()
			x.l, x.sinceSnap = nil, 0
			x.mu.Unlock()
			if uerr := x.unlock(); uerr != nil {
				x.opts.Logger.Warn("releasing the link lock failed", "err", uerr)
			}
		}
	}()
	st, opts := x.st, x.opts
	state, err := st.LinkState(ctx)
	if err != nil {
		return fmt.Errorf("open linker: %w", err)
	}
	var l *link.Linker
	if state.Data != nil {
		if l, err = link.Restore(state.Data, opts.Linker); err != nil {
			opts.Logger.Warn("linker snapshot unreadable: relinking the archive", "err", err)
			if err := st.ClearLinks(ctx); err != nil {
				return fmt.Errorf("open linker: %w", err)
			}
			l = nil
		}
	}
	if l == nil {
		l = link.New(opts.Linker)
		state.Seq = 0
	}
	x.mu.Lock()
	x.l = l
	x.mu.Unlock()
	// Articles linked after the snapshot: again, in the same order.
	var again []string
	err = st.LinkedSince(ctx, state.Seq, func(d store.DocLink) error {
		again = append(again, d.Doc)
		return nil
	})
	if err != nil {
		return fmt.Errorf("open linker: %w", err)
	}
	if len(again) > 0 {
		opts.Logger.Info("relinking articles linked after the snapshot", "articles", len(again))
		if err := x.linkIDs(ctx, again, false); err != nil {
			return err
		}
	}
	if opts.NoCatchUp {
		return nil
	}
	return x.CatchUp(ctx)
}

// CatchUp links the articles stored but not linked (store.Unlinked), in
// publication order (on an archive never linked, exactly what Relink
// does), and stores a snapshot.
func (x *Stage) CatchUp(ctx context.Context) error {
	var ids []string
	err := x.st.Unlinked(ctx, func(id string) error {
		ids = append(ids, id)
		return nil
	})
	if err != nil {
		return fmt.Errorf("link stored articles: %w", err)
	}
	if len(ids) > 0 {
		x.opts.Logger.Info("linking stored articles", "articles", len(ids))
		if err := x.linkIDs(ctx, ids, true); err != nil {
			return err
		}
	}
	return x.Snapshot(ctx)
}

// linkIDs reads the articles (with their stored analysis) and links them
// in chunks, sorted by publication date when sorted.
func (x *Stage) linkIDs(ctx context.Context, ids []string, sorted bool) error {
	const chunk = 1024
	for lo := 0; lo < len(ids); lo += chunk {
		var docs []*store.Doc
		for _, id := range ids[lo:min(lo+chunk, len(ids))] {
			d, err := LoadDoc(ctx, x.st, id)
			if err != nil {
				return fmt.Errorf("link stored articles: %w", err)
			}
			docs = append(docs, d)
		}
		if sorted {
			link.SortDocs(docs)
		}
		if err := x.link(ctx, docs); err != nil {
			return err
		}
	}
	return nil
}

// LoadDoc reads an article's current version with its stored analysis.
func LoadDoc(ctx context.Context, st store.Store, id string) (*store.Doc, error) {
	r, err := st.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	a := r.Article
	d := &store.Doc{Article: &a}
	if d.Timexes, err = st.Timexes(ctx, id); err != nil {
		return nil, err
	}
	if d.Entities, err = st.Entities(ctx, id); err != nil {
		return nil, err
	}
	err = st.Events(ctx, store.EventFilter{Doc: id}, func(se store.StoredEvent) error {
		d.Events = append(d.Events, se.Event)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// Link links a batch of stored documents, in publication order (it sorts
// a copy of the batch: undated first, then dated by date), and stores the
// results, with a snapshot when one is due. It opens the stage first when
// needed (Open).
func (x *Stage) Link(ctx context.Context, batch []*store.Doc) error {
	if err := x.Open(ctx); err != nil {
		return err
	}
	docs := make([]*store.Doc, len(batch))
	for i, d := range batch {
		// Link what the store holds: its dates are whole seconds in UTC.
		a := *d.Article
		if !a.Date.IsZero() {
			a.Date = a.Date.UTC().Truncate(time.Second)
		}
		docs[i] = &store.Doc{Article: &a, Timexes: d.Timexes, Entities: d.Entities, Events: d.Events}
	}
	link.SortDocs(docs)
	return x.link(ctx, docs)
}

func (x *Stage) link(ctx context.Context, docs []*store.Doc) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if len(docs) == 0 {
		return nil
	}
	if x.l == nil {
		return ErrClosed
	}
	unlock := lockThread()
	t0 := threadCPU()
	b := store.LinkBatch{Docs: make([]store.DocLink, 0, len(docs))}
	for _, d := range docs {
		r := x.l.Add(d, nil)
		b.Docs = append(b.Docs, store.DocLink{Doc: r.Doc, Cluster: r.Cluster, Story: r.Story, DuplicateOf: r.DuplicateOf,
			Events: r.Events, Seq: x.l.Stats().Docs, Hash: article.ContentHash(d.Article)})
		b.Merges = append(b.Merges, r.Merges...)
		b.Moves = append(b.Moves, r.Moves...)
	}
	ch := x.l.Flush()
	b.Events, b.Stories, b.Mentions, b.Names = ch.Events, ch.Stories, ch.Mentions, ch.Names
	x.sinceSnap += len(docs)
	x.linked += len(docs)
	if x.sinceSnap >= x.opts.SnapshotEvery {
		if err := x.snapshotInto(&b); err != nil {
			unlock()
			return err
		}
	}
	x.cpu += threadCPU() - t0
	unlock()
	t1 := time.Now()
	if err := x.put(ctx, b); err != nil {
		return fmt.Errorf("store links: %w", err)
	}
	x.storeWall += time.Since(t1)
	if b.State != nil {
		x.sinceSnap = 0
	}
	return nil
}

func (x *Stage) snapshotInto(b *store.LinkBatch) error {
	data, err := x.l.MarshalBinary()
	if err != nil {
		return fmt.Errorf("snapshot linker: %w", err)
	}
	b.State, b.Seq = data, x.l.Stats().Docs
	x.snapBytes = len(data)
	return nil
}

// Snapshot stores the linker's state now, when it linked anything since
// the last snapshot (nothing before Open). Callers snapshot before they
// exit, so that the next start restores without linking again; a stage
// that is not snapshotted loses nothing (Open links again what came after
// the last snapshot).
func (x *Stage) Snapshot(ctx context.Context) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.l == nil || x.sinceSnap == 0 {
		return nil
	}
	var b store.LinkBatch
	if err := x.snapshotInto(&b); err != nil {
		return err
	}
	if err := x.put(ctx, b); err != nil {
		return fmt.Errorf("store linker snapshot: %w", err)
	}
	x.sinceSnap = 0
	return nil
}

// Linked returns how many articles the stage linked since New (Open's
// catching up included; not the articles a restored snapshot covers).
func (x *Stage) Linked() int {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.linked
}

// Refine runs the linker's batch refinement (link.Linker.Refine: clusters
// split and articles moved between the clusters of their story) and
// stores its moves, merges and changed stories together with a snapshot
// of the linker's state, in one PutLinks: after a crash the archive is
// either refined, snapshot included, or untouched. It opens the stage
// first when needed.
func (x *Stage) Refine(ctx context.Context) (link.Refinement, error) {
	if err := x.Open(ctx); err != nil {
		return link.Refinement{}, err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.l == nil {
		return link.Refinement{}, ErrClosed
	}
	unlock := lockThread()
	t0, w0 := threadCPU(), time.Now()
	ref := x.l.Refine()
	ch := x.l.Flush()
	b := store.LinkBatch{Moves: ref.Moves, Merges: ref.Merges, Events: ch.Events, Stories: ch.Stories,
		Mentions: ch.Mentions, Names: ch.Names}
	err := x.snapshotInto(&b)
	x.cpu += threadCPU() - t0
	unlock()
	if err != nil {
		return link.Refinement{}, err
	}
	if err := x.put(ctx, b); err != nil {
		return link.Refinement{}, fmt.Errorf("store refined links: %w", err)
	}
	x.sinceSnap = 0
	x.opts.Logger.Info("refined links", "moved", len(ref.Moves), "emptied", len(ref.Merges),
		"elapsed", time.Since(w0).Round(time.Millisecond))
	return ref, nil
}

// Stats describes the linker's working set.
func (x *Stage) Stats() link.Stats {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.l == nil {
		return link.Stats{}
	}
	return x.l.Stats()
}

// CPU returns the CPU time the stage's goroutine spent linking (Add,
// Flush and snapshots, not storing), when the platform measures thread
// time; 0 otherwise.
func (x *Stage) CPU() time.Duration {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.cpu
}

// Relink links the whole archive again from scratch in publication order
// (link.SortDocs over every article: the batch mode), refines the result
// (Stage.Refine) and stores it in place of the old links; it returns the
// number of articles linked.
//
// It holds the archive's link lock throughout (failing at once, with an
// error wrapping store.ErrLinkLocked, when another process links the
// archive) and releases it before it returns.
func Relink(ctx context.Context, st store.Store, opts Options) (n int, err error) {
	x := New(st, opts)
	if err := x.Lock(ctx); err != nil {
		return 0, err
	}
	defer func() {
		if cerr := x.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	docs, err := link.LoadDocs(ctx, st)
	if err != nil {
		return 0, err
	}
	if err := st.ClearLinks(ctx); err != nil {
		return 0, err
	}
	x.l = link.New(opts.Linker)
	const chunk = 1024
	for lo := 0; lo < len(docs); lo += chunk {
		if err := x.link(ctx, docs[lo:min(lo+chunk, len(docs))]); err != nil {
			return 0, err
		}
	}
	if len(docs) > 0 {
		if _, err := x.Refine(ctx); err != nil {
			return 0, err
		}
	}
	return len(docs), x.Snapshot(ctx)
}
