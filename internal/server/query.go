package server

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/store"
)

// errStop ends a listing early once a page is full.
var errStop = errors.New("page full")

// badRequest is an error in the request's parameters, answered with 400.
type badRequest struct{ msg string }

func (e badRequest) Error() string { return e.msg }

// page is the pagination of a listing.
type page struct {
	Limit  int
	Offset int
}

// parsePage reads limit and offset, bounding limit to MaxPageSize.
func parsePage(v url.Values, def int) (page, error) {
	p := page{Limit: def}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return p, badRequest{fmt.Sprintf("limit %q: want a positive integer", s)}
		}
		p.Limit = min(n, MaxPageSize)
	}
	if s := v.Get("offset"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return p, badRequest{fmt.Sprintf("offset %q: want a non-negative integer", s)}
		}
		p.Offset = n
	}
	return p, nil
}

// articleQuery selects a page of articles.
type articleQuery struct {
	page
	// Order is "-ingest" (newest ingested first, the default), "date"
	// (by publication date, oldest first, undated last), "ingest" or "id".
	Order string
	// From and To bound the publication date, inclusive; zero is open.
	From, To time.Time
	// Source keeps the articles of one outlet (case-insensitive).
	Source string
}

func (q articleQuery) filtered() bool {
	return !q.From.IsZero() || !q.To.IsZero() || q.Source != ""
}

// values returns q as query parameters (without offset), for links.
func (q articleQuery) values() url.Values {
	v := url.Values{}
	if q.Order != "-ingest" {
		v.Set("order", q.Order)
	}
	if !q.From.IsZero() {
		v.Set("from", q.From.Format(time.DateOnly))
	}
	if !q.To.IsZero() {
		v.Set("to", q.To.Format(time.DateOnly))
	}
	if q.Source != "" {
		v.Set("source", q.Source)
	}
	if q.Limit != DefaultPageSize {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	return v
}

// parseArticleQuery reads order, from, to, source, limit and offset.
func parseArticleQuery(v url.Values) (articleQuery, error) {
	var q articleQuery
	var err error
	if q.page, err = parsePage(v, DefaultPageSize); err != nil {
		return q, err
	}
	q.Order = v.Get("order")
	switch q.Order {
	case "":
		q.Order = "-ingest"
	case "-ingest", "date", "ingest", "id":
	default:
		return q, badRequest{fmt.Sprintf("order %q: want -ingest, date, ingest or id", q.Order)}
	}
	for _, f := range []struct {
		name string
		dst  *time.Time
	}{{"from", &q.From}, {"to", &q.To}} {
		s := v.Get(f.name)
		if s == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return q, badRequest{fmt.Sprintf("%s %q: want a date YYYY-MM-DD", f.name, s)}
		}
		*f.dst = t
	}
	q.Source = strings.TrimSpace(v.Get("source"))
	return q, nil
}

func (q articleQuery) match(r *store.Record) bool {
	if q.Source != "" && !strings.EqualFold(r.Source, q.Source) {
		return false
	}
	if !q.From.IsZero() && (r.Date.IsZero() || r.Date.Before(q.From)) {
		return false
	}
	if !q.To.IsZero() && (r.Date.IsZero() || !r.Date.Before(q.To.AddDate(0, 0, 1))) {
		return false
	}
	return true
}

// listArticles returns one page of the articles q selects and whether more
// follow: with one query when the archive is a FilteredLister, otherwise
// by listArticlesScan.
func (s *Server) listArticles(ctx context.Context, q articleQuery) ([]*store.Record, bool, error) {
	fl, ok := s.archive.(FilteredLister)
	if !ok {
		return s.listArticlesScan(ctx, q)
	}
	lq := store.ListQuery{From: q.From, To: q.To, Source: q.Source, Limit: q.Limit + 1, Offset: q.Offset}
	switch q.Order {
	case "date":
		lq.Order = store.ByDate
	case "id":
		lq.Order = store.ByID
	case "-ingest":
		lq.Order, lq.Desc = store.ByIngest, true
	default:
		lq.Order = store.ByIngest
	}
	out := make([]*store.Record, 0, lq.Limit)
	err := fl.ListFiltered(ctx, lq, func(r *store.Record) error {
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	more := len(out) > q.Limit
	if more {
		out = out[:q.Limit]
	}
	return out, more, nil
}

// listArticlesScan is listArticles over an archive that only lists in
// ascending order, unfiltered: unfiltered pages are read with LIMIT/OFFSET,
// newest-first ones from the cached recent window, filtered ones by a scan
// of the archive in order.
func (s *Server) listArticlesScan(ctx context.Context, q articleQuery) ([]*store.Record, bool, error) {
	opts := store.ListOptions{}
	switch q.Order {
	case "date":
		opts.Order = store.ByDate
	case "id":
		opts.Order = store.ByID
	default:
		opts.Order = store.ByIngest
	}
	want := q.Limit + 1
	var out []*store.Record
	if q.Order == "-ingest" {
		// Newest first: read the matching window of the ingest order
		// backwards.
		st, err := s.stats(ctx)
		if err != nil {
			return nil, false, err
		}
		if q.filtered() {
			var all []*store.Record
			err := s.archive.List(ctx, opts, func(r *store.Record) error {
				if q.match(r) {
					all = append(all, r)
				}
				return nil
			})
			if err != nil {
				return nil, false, err
			}
			reverse(all)
			return window(all, q.page)
		}
		if q.Offset+q.Limit <= recentSize {
			recs, total, err := s.recent(ctx)
			if err != nil {
				return nil, false, err
			}
			if q.Offset >= len(recs) {
				return nil, false, nil
			}
			end := min(len(recs), q.Offset+q.Limit)
			return recs[q.Offset:end], end < total, nil
		}
		end := st.Articles - q.Offset
		if end <= 0 {
			return nil, false, nil
		}
		start := max(0, end-q.Limit)
		opts.Offset, opts.Limit = start, end-start
		err = s.archive.List(ctx, opts, func(r *store.Record) error {
			out = append(out, r)
			return nil
		})
		if err != nil {
			return nil, false, err
		}
		reverse(out)
		return out, start > 0, nil
	}
	if !q.filtered() {
		opts.Offset, opts.Limit = q.Offset, want
		err := s.archive.List(ctx, opts, func(r *store.Record) error {
			out = append(out, r)
			return nil
		})
		if err != nil {
			return nil, false, err
		}
		more := len(out) > q.Limit
		if more {
			out = out[:q.Limit]
		}
		return out, more, nil
	}
	skip := q.Offset
	err := s.archive.List(ctx, opts, func(r *store.Record) error {
		if !q.match(r) {
			return nil
		}
		if skip > 0 {
			skip--
			return nil
		}
		out = append(out, r)
		if len(out) >= want {
			return errStop
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return nil, false, err
	}
	more := len(out) > q.Limit
	if more {
		out = out[:q.Limit]
	}
	return out, more, nil
}

func window(all []*store.Record, p page) ([]*store.Record, bool, error) {
	if p.Offset >= len(all) {
		return nil, false, nil
	}
	end := min(len(all), p.Offset+p.Limit)
	return all[p.Offset:end], end < len(all), nil
}

func reverse[T any](s []T) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// searchQuery is a full-text query with its page.
type searchQuery struct {
	page
	Q string
}

// maxSearchWindow bounds offset+limit of a search: relevance beyond the
// first thousand hits is noise.
const maxSearchWindow = 1000

func parseSearchQuery(v url.Values, def int) (searchQuery, error) {
	q := searchQuery{Q: strings.TrimSpace(v.Get("q"))}
	var err error
	if q.page, err = parsePage(v, def); err != nil {
		return q, err
	}
	if q.Offset+q.Limit > maxSearchWindow {
		return q, badRequest{fmt.Sprintf("offset+limit beyond %d", maxSearchWindow)}
	}
	if len(q.Q) > 500 {
		return q, badRequest{"query longer than 500 bytes"}
	}
	return q, nil
}

// search returns one page of hits and whether more follow.
func (s *Server) search(ctx context.Context, q searchQuery) ([]store.Hit, bool, error) {
	if q.Q == "" {
		return nil, false, nil
	}
	hits, err := s.archive.Search(ctx, q.Q, q.Offset+q.Limit+1)
	if err != nil {
		return nil, false, err
	}
	if q.Offset >= len(hits) {
		return nil, false, nil
	}
	hits = hits[q.Offset:]
	more := len(hits) > q.Limit
	if more {
		hits = hits[:q.Limit]
	}
	return hits, more, nil
}
