package server

import (
	"context"
	"sync"
	"time"

	"github.com/storyline-news/storyline/internal/store"
)

// statsTTL is how long archive counts and the recent window are reused.
// Counting scans the archive, and every newest-first page needs the count,
// so under load it is computed about once per TTL; a POSTed ingest
// invalidates both.
const statsTTL = time.Second

// recentSize is the number of newest articles held in memory: the first
// pages of the newest-first listing, the home page and the Atom feed, the
// most requested pages, are served from it.
const recentSize = MaxPageSize

// cached holds a value computed from the archive for statsTTL. An empty
// (or invalidated) cache is filled by one caller while the others wait; an
// expired one is refreshed in the background while every caller goes on
// with the previous value, so that a refresh never stalls a request.
type cached[T any] struct {
	mu         sync.Mutex
	at         time.Time
	v          T
	refreshing bool
}

// refreshTimeout bounds a background refresh.
const refreshTimeout = 2 * time.Minute

func (c *cached[T]) get(ctx context.Context, load func(context.Context) (T, error)) (T, error) {
	return c.update(ctx, func(ctx context.Context, _ T) (T, error) { return load(ctx) })
}

// update is get with a load that is given the value held before (valid
// or not, the zero value when none), to reuse what has not changed.
func (c *cached[T]) update(ctx context.Context, load func(ctx context.Context, prev T) (T, error)) (T, error) {
	c.mu.Lock()
	prev := c.v
	if c.at.IsZero() {
		// Nothing to serve: fill it under the lock.
		defer c.mu.Unlock()
		v, err := load(ctx, prev)
		if err != nil {
			return v, err
		}
		c.v, c.at = v, time.Now()
		return v, nil
	}
	v := c.v
	if time.Since(c.at) < statsTTL || c.refreshing {
		c.mu.Unlock()
		return v, nil
	}
	c.refreshing = true
	c.mu.Unlock()
	// The refresh outlives the request that noticed the value expired.
	go func() {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), refreshTimeout)
		defer cancel()
		nv, err := load(rctx, prev)
		c.mu.Lock()
		defer c.mu.Unlock()
		c.refreshing = false
		if err == nil && !c.at.IsZero() { // not invalidated meanwhile
			c.v, c.at = nv, time.Now()
		}
	}()
	return v, nil
}

// expire makes the next call refresh the value in the background while
// it serves the one held (a cache never filled stays empty).
func (c *cached[T]) expire() {
	c.mu.Lock()
	if !c.at.IsZero() {
		c.at = time.Now().Add(-statsTTL)
	}
	c.mu.Unlock()
}

func (c *cached[T]) invalidate() {
	c.mu.Lock()
	c.at = time.Time{}
	c.mu.Unlock()
}

// stats returns the archive's counts, about statsTTL old at most.
func (s *Server) stats(ctx context.Context) (store.Stats, error) {
	return s.statsCache.get(ctx, s.archive.Stats)
}

// recentWindow is the newest ingested articles, newest first, and the
// number of articles in the archive when they were read.
type recentWindow struct {
	recs  []*store.Record
	total int
}

// recent returns the newest ingested articles (at most recentSize, newest
// first) and the archive's size. The store lists in ingest order only, so
// reading the newest means skipping all the others: done about once per
// TTL, not once per request.
func (s *Server) recent(ctx context.Context) ([]*store.Record, int, error) {
	w, err := s.recentCache.get(ctx, func(ctx context.Context) (recentWindow, error) {
		st, err := s.archive.Stats(ctx)
		if err != nil {
			return recentWindow{}, err
		}
		start := max(0, st.Articles-recentSize)
		recs := make([]*store.Record, 0, st.Articles-start)
		err = s.archive.List(ctx, store.ListOptions{Order: store.ByIngest, Offset: start, Limit: recentSize},
			func(r *store.Record) error {
				recs = append(recs, r)
				return nil
			})
		if err != nil {
			return recentWindow{}, err
		}
		reverse(recs)
		return recentWindow{recs: recs, total: st.Articles}, nil
	})
	return w.recs, w.total, err
}

// invalidateStats makes the next stats, recent and links calls read the
// archive, and the archive index refresh.
func (s *Server) invalidateStats() {
	s.statsCache.invalidate()
	s.recentCache.invalidate()
	// Rebuilding entity identity takes seconds at 10,000 articles: the
	// index is refreshed in the background rather than stalling every
	// request; the links, which the ingest just changed, are read again.
	s.indexCache.expire()
	s.linksCache.invalidate()
}
