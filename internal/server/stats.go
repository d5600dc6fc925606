package server

import (
	"context"
	"sync"
	"time"

	"github.com/storyline-news/storyline/internal/store"
)

// statsTTL is how long archive counts and the recent window are reused.
// Counting scans the archive, and every newest-first page needs the count,
// so under load it is computed at most once per TTL; a POSTed ingest
// invalidates both.
const statsTTL = time.Second

// recentSize is the number of newest articles held in memory: the first
// pages of the newest-first listing, the home page and the Atom feed, the
// most requested pages, are served from it.
const recentSize = MaxPageSize

// statsCache holds the archive's counts for statsTTL. Concurrent callers
// of an expired cache wait for one count rather than each counting.
type statsCache struct {
	mu sync.Mutex
	at time.Time
	v  store.Stats
}

// stats returns the archive's counts, at most statsTTL old.
func (s *Server) stats(ctx context.Context) (store.Stats, error) {
	c := &s.statsCache
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at.IsZero() && time.Since(c.at) < statsTTL {
		return c.v, nil
	}
	v, err := s.archive.Stats(ctx)
	if err != nil {
		return v, err
	}
	c.v, c.at = v, time.Now()
	return v, nil
}

// invalidateStats makes the next stats and recent calls read the archive
// again.
func (s *Server) invalidateStats() {
	s.statsCache.mu.Lock()
	s.statsCache.at = time.Time{}
	s.statsCache.mu.Unlock()
	s.recentCache.mu.Lock()
	s.recentCache.at = time.Time{}
	s.recentCache.mu.Unlock()
}

// recentCache holds the recentSize newest ingested articles, newest first,
// for statsTTL.
type recentCache struct {
	mu    sync.Mutex
	at    time.Time
	total int
	recs  []*store.Record
}

// recent returns the newest ingested articles (at most recentSize, newest
// first) and the number of articles in the archive, at most statsTTL old.
// The store lists in ingest order only, so reading the newest means
// skipping all the others: done once per TTL, not once per request.
func (s *Server) recent(ctx context.Context) ([]*store.Record, int, error) {
	st, err := s.stats(ctx)
	if err != nil {
		return nil, 0, err
	}
	c := &s.recentCache
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at.IsZero() && time.Since(c.at) < statsTTL && c.total == st.Articles {
		return c.recs, c.total, nil
	}
	start := max(0, st.Articles-recentSize)
	recs := make([]*store.Record, 0, st.Articles-start)
	err = s.archive.List(ctx, store.ListOptions{Order: store.ByIngest, Offset: start, Limit: recentSize},
		func(r *store.Record) error {
			recs = append(recs, r)
			return nil
		})
	if err != nil {
		return nil, 0, err
	}
	reverse(recs)
	c.recs, c.total, c.at = recs, st.Articles, time.Now()
	return recs, c.total, nil
}
