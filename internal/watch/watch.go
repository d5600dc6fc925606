// Package watch owns live input: it polls news feeds (RSS, Atom, JSON Feed)
// with conditional GET, backs off from failing feeds, keeps a politeness
// delay per host, fetches the article page when a feed item carries only a
// summary, and hands each new item, once, to the ingest pipeline.
//
// It remembers feed validators, backoff and the items already ingested
// through the State interface (the store's watch tables), parses feeds and
// fetches pages with the article package's Reader (whose fetcher refuses
// private and loopback addresses unless allowed), and stores articles only
// through an Ingester. It may not touch the database directly, nor clean or
// analyse articles itself.
package watch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
)

// State keeps what polling remembers between polls and across restarts;
// *store.SQLite satisfies it.
type State interface {
	FeedState(ctx context.Context, url string) (store.FeedState, error)
	SaveFeedState(ctx context.Context, st store.FeedState) error
	SeenItems(ctx context.Context, feed string, items []string) (map[string]bool, error)
	MarkSeen(ctx context.Context, feed string, items map[string]string) error
}

// Ingester runs the ingest pipeline; *pipeline.Ingester satisfies it. The
// watcher calls it with the path "-" and a JSON array of articles.
type Ingester interface {
	Ingest(ctx context.Context, paths []string, stdin io.Reader) (pipeline.Summary, error)
}

// Defaults used when the corresponding Options field is zero.
const (
	DefaultInterval     = 15 * time.Minute
	DefaultMaxBackoff   = 6 * time.Hour
	DefaultHostDelay    = 2 * time.Second
	DefaultSummaryChars = 600
)

// Options configure a Watcher; the zero value is usable.
type Options struct {
	// Interval is the time between two polls of a healthy feed.
	Interval time.Duration
	// MaxBackoff caps the delay before polling a failing feed again; the
	// delay doubles with each consecutive failure, from Interval.
	MaxBackoff time.Duration
	// HostDelay is the least time between two requests to one host,
	// feeds and article pages alike.
	HostDelay time.Duration
	// SummaryChars: an item whose text is shorter (in characters) and
	// which links to a page is taken for a summary, and the page is
	// fetched for the full text.
	SummaryChars int
	// AllowPrivate lets feeds and pages be fetched from private and
	// loopback addresses (refused by default).
	AllowPrivate bool
	// MaxBytes bounds a feed or page (article.DefaultMaxBytes by default).
	MaxBytes int64
	// Timeout bounds one request (article.DefaultTimeout by default).
	Timeout time.Duration
	// UserAgent is sent with every request (article.DefaultUserAgent).
	UserAgent string
	// Logger receives one line per poll and per failure; nil discards.
	Logger *slog.Logger
}

// Watcher polls a fixed list of feeds. It is safe for concurrent use.
type Watcher struct {
	feeds  []string
	state  State
	ingest Ingester
	opts   Options
	log    *slog.Logger
	reader *article.Reader
	client *http.Client
	gate   *hostGate
	// ingestMu serialises ingests: the pipeline's cleaner learns from the
	// articles of one run at a time.
	ingestMu sync.Mutex
	counters counters
	// pageTries counts failed page fetches per feed item, in memory.
	pageMu    sync.Mutex
	pageTries map[string]int
}

// MaxPageTries is the number of polls that try to fetch the page of a
// summary-only item before its summary is stored instead.
const MaxPageTries = 3

// pageFailed records a failed page fetch for an item and returns how many
// there have been.
func (w *Watcher) pageFailed(feed, key string) int {
	w.pageMu.Lock()
	defer w.pageMu.Unlock()
	k := feed + "\x00" + key
	w.pageTries[k]++
	n := w.pageTries[k]
	if n >= MaxPageTries {
		delete(w.pageTries, k)
	}
	return n
}

type counters struct {
	polls, notModified, failures, items, pages, pageFailures, ingestFailures atomic.Int64
}

// New returns a Watcher of feeds (http or https URLs).
func New(feeds []string, st State, ing Ingester, opts Options) *Watcher {
	if opts.Interval <= 0 {
		opts.Interval = DefaultInterval
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = DefaultMaxBackoff
	}
	if opts.HostDelay <= 0 {
		opts.HostDelay = DefaultHostDelay
	}
	if opts.SummaryChars <= 0 {
		opts.SummaryChars = DefaultSummaryChars
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = article.DefaultMaxBytes
	}
	if opts.Timeout <= 0 {
		opts.Timeout = article.DefaultTimeout
	}
	if opts.UserAgent == "" {
		opts.UserAgent = article.DefaultUserAgent
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Watcher{
		feeds:  feeds,
		state:  st,
		ingest: ing,
		opts:   opts,
		log:    opts.Logger,
		reader: article.NewReader(article.Options{AllowPrivate: opts.AllowPrivate, MaxBytes: opts.MaxBytes,
			Timeout: opts.Timeout, UserAgent: opts.UserAgent}),
		client: article.NewHTTPClient(article.Options{AllowPrivate: opts.AllowPrivate}),
		gate:   newHostGate(opts.HostDelay),

		pageTries: map[string]int{},
	}
}

// Run polls every feed, each when it is due, until ctx is done; it then
// returns nil once polls in progress have stopped.
func (w *Watcher) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for _, f := range w.feeds {
		wg.Go(func() { w.loop(ctx, f) })
	}
	wg.Wait()
	return nil
}

func (w *Watcher) loop(ctx context.Context, feed string) {
	// notBefore spaces polls even when the state could not be saved (a
	// locked or failing archive), so a feed is never polled in a loop.
	var notBefore time.Time
	for {
		st, err := w.state.FeedState(ctx, feed)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			w.log.Error("read feed state", "feed", feed, "error", err)
			st.NextPoll = time.Now().Add(w.opts.Interval)
		}
		next := st.NextPoll
		if next.Before(notBefore) {
			next = notBefore
		}
		if wait := time.Until(next); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
		}
		if ctx.Err() != nil {
			return
		}
		notBefore = time.Now().Add(min(w.opts.Interval, time.Minute))
		// Poll logs its failures; the next poll time is in the state.
		_, _ = w.Poll(ctx, feed)
		if ctx.Err() != nil {
			return
		}
	}
}

// Result says what one poll did.
type Result struct {
	// NotModified is set when the server answered 304.
	NotModified bool
	// Items counts the feed's items; New those not ingested before;
	// Ingested those stored by this poll; Failed those that could not be
	// (they are retried at the next poll).
	Items, New, Ingested, Failed int
}

// Poll polls one feed now, ingests its new items and records the feed's
// state: validators and next poll time on success, backoff on failure
// (the error is returned too).
func (w *Watcher) Poll(ctx context.Context, feed string) (Result, error) {
	w.counters.polls.Add(1)
	st, err := w.state.FeedState(ctx, feed)
	if err != nil {
		return Result{}, err
	}
	res, resp, err := w.poll(ctx, feed, &st)
	now := time.Now()
	st.LastPolled = now
	if err != nil {
		if ctx.Err() != nil {
			return res, err
		}
		w.counters.failures.Add(1)
		st.Failures++
		st.LastError = err.Error()
		st.NextPoll = now.Add(w.backoff(st.Failures, resp))
		w.log.Warn("feed failed", "feed", feed, "failures", st.Failures, "next", st.NextPoll, "error", err)
	} else {
		st.Failures, st.LastError = 0, ""
		st.NextPoll = now.Add(w.opts.Interval)
		w.log.Info("polled", "feed", feed, "not_modified", res.NotModified, "items", res.Items,
			"new", res.New, "ingested", res.Ingested, "failed", res.Failed)
	}
	if serr := w.state.SaveFeedState(context.WithoutCancel(ctx), st); serr != nil {
		return res, errors.Join(err, serr)
	}
	return res, err
}

// backoff is the delay after the n-th consecutive failure: Interval
// doubled n-1 times, capped at MaxBackoff, or the server's Retry-After
// when longer.
func (w *Watcher) backoff(n int, resp *http.Response) time.Duration {
	d := w.opts.Interval
	for i := 1; i < n && d < w.opts.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, w.opts.MaxBackoff)
	if resp != nil {
		if ra := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ra > d {
			d = min(ra, w.opts.MaxBackoff)
		}
	}
	return d
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return t.Sub(now)
	}
	return 0
}

// poll fetches the feed conditionally and ingests its new items. It
// updates the validators in st on a 200.
func (w *Watcher) poll(ctx context.Context, feed string, st *store.FeedState) (Result, *http.Response, error) {
	var res Result
	u, err := url.Parse(feed)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return res, nil, fmt.Errorf("feed %q: not an http(s) URL", feed)
	}
	if err := w.gate.wait(ctx, u.Host); err != nil {
		return res, nil, err
	}
	rctx, cancel := context.WithTimeout(ctx, w.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, feed, nil)
	if err != nil {
		return res, nil, fmt.Errorf("feed %s: %w", feed, err)
	}
	req.Header.Set("User-Agent", w.opts.UserAgent)
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
	if st.ETag != "" {
		req.Header.Set("If-None-Match", st.ETag)
	}
	if st.LastModified != "" {
		req.Header.Set("If-Modified-Since", st.LastModified)
	}
	resp, err := w.client.Do(req)
	if err != nil {
		return res, nil, fmt.Errorf("fetch feed %s: %w", feed, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified:
		w.counters.notModified.Add(1)
		res.NotModified = true
		return res, resp, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return res, resp, fmt.Errorf("fetch feed %s: HTTP %s", feed, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, w.opts.MaxBytes+1))
	if err != nil {
		return res, resp, fmt.Errorf("read feed %s: %w", feed, err)
	}
	if int64(len(body)) > w.opts.MaxBytes {
		return res, resp, fmt.Errorf("feed %s: %w", feed, article.ErrTooLarge)
	}
	items, err := w.parse(ctx, feed, body)
	if err != nil {
		return res, resp, err
	}
	res, err = w.ingestNew(ctx, feed, items)
	if err != nil {
		return res, resp, err
	}
	// Validators are kept only once every new item is stored, so that
	// items that failed are retried with a full GET at the next poll.
	st.ETag, st.LastModified = "", ""
	if res.Failed == 0 {
		st.ETag = resp.Header.Get("ETag")
		st.LastModified = resp.Header.Get("Last-Modified")
	}
	return res, resp, nil
}

// parse reads the feed's items with the article reader.
func (w *Watcher) parse(ctx context.Context, feed string, body []byte) ([]*article.Article, error) {
	var items []*article.Article
	var firstErr error
	err := w.reader.Read(ctx, article.Source{Path: "-", Format: "feed"}, bytes.NewReader(body), func(it article.Item) error {
		if it.Err != nil {
			if firstErr == nil {
				firstErr = it.Err
			}
			w.log.Warn("feed item unreadable", "feed", feed, "item", it.Origin, "error", it.Err)
			return nil
		}
		items = append(items, it.Article)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(items) == 0 && firstErr != nil {
		return nil, fmt.Errorf("parse feed %s: %w", feed, firstErr)
	}
	return items, nil
}

// itemKey identifies a feed item across polls: its GUID, else (when its
// id is only a hash of its content, which changes when the summary is
// edited) its link.
func itemKey(a *article.Article) string {
	if a.URL != "" && a.ID == article.ContentID(a.Title, a.Text) {
		return a.URL
	}
	return a.ID
}

// isSummary reports whether a feed item looks like a summary of a page.
func (w *Watcher) isSummary(a *article.Article) bool {
	if a.URL == "" || !(strings.HasPrefix(a.URL, "http://") || strings.HasPrefix(a.URL, "https://")) {
		return false
	}
	return utf8.RuneCountInString(a.Text) < w.opts.SummaryChars
}

// record is an article in the reader's JSON format.
type record struct {
	ID       string `json:"id"`
	Title    string `json:"title,omitempty"`
	Text     string `json:"text"`
	URL      string `json:"url,omitempty"`
	Source   string `json:"source,omitempty"`
	Author   string `json:"author,omitempty"`
	Language string `json:"language,omitempty"`
	Date     string `json:"date,omitempty"`
}

// ingestNew ingests the items not seen before, fetching pages for
// summaries, and marks those stored as seen.
func (w *Watcher) ingestNew(ctx context.Context, feed string, items []*article.Article) (Result, error) {
	res := Result{Items: len(items)}
	keys := make([]string, len(items))
	for i, a := range items {
		keys[i] = itemKey(a)
	}
	seen, err := w.state.SeenItems(ctx, feed, keys)
	if err != nil {
		return res, err
	}
	var recs []record
	docKey := map[string]string{} // document id -> item key
	for i, a := range items {
		if seen[keys[i]] || docKey[a.ID] != "" {
			continue
		}
		res.New++
		if w.isSummary(a) {
			err := w.fetchPage(ctx, a)
			switch {
			case err == nil:
			case ctx.Err() != nil:
				return res, ctx.Err()
			case errors.Is(err, article.ErrAddressRefused) || w.pageFailed(feed, keys[i]) >= MaxPageTries:
				// Refused for good, or failed too often: the summary is
				// all there will be.
				w.counters.pageFailures.Add(1)
				w.log.Warn("article page not fetched; storing the feed's summary", "feed", feed, "url", a.URL, "error", err)
			default:
				w.counters.pageFailures.Add(1)
				res.Failed++
				w.log.Warn("article page not fetched; retried at the next poll", "feed", feed, "url", a.URL, "error", err)
				continue
			}
		}
		rec := record{ID: a.ID, Title: a.Title, Text: a.Text, URL: a.URL, Source: a.Source, Author: a.Author, Language: a.Language}
		if !a.Date.IsZero() {
			rec.Date = a.Date.UTC().Format(time.RFC3339)
		}
		recs = append(recs, rec)
		docKey[a.ID] = keys[i]
	}
	if len(recs) == 0 {
		return res, nil
	}
	data, err := json.Marshal(recs)
	if err != nil {
		return res, fmt.Errorf("encode items of %s: %w", feed, err)
	}
	w.ingestMu.Lock()
	sum, err := w.ingest.Ingest(ctx, []string{"-"}, bytes.NewReader(data))
	w.ingestMu.Unlock()
	if err != nil {
		return res, fmt.Errorf("ingest items of %s: %w", feed, err)
	}
	stored := map[string]string{}
	for _, id := range sum.IDs {
		k, ok := docKey[id]
		if i := strings.LastIndexByte(id, '~'); !ok && i > 0 {
			// renamed: stored under store.RenamedID(its id, hash)
			k, ok = docKey[id[:i]]
		}
		if ok {
			stored[k] = id
		}
	}
	for _, f := range sum.Failures {
		w.log.Warn("feed item not ingested", "feed", feed, "item", f.Origin, "error", f.Err)
	}
	res.Ingested = len(stored)
	res.Failed += len(recs) - len(stored)
	w.counters.items.Add(int64(len(stored)))
	w.counters.ingestFailures.Add(int64(len(recs) - len(stored)))
	if err := w.state.MarkSeen(context.WithoutCancel(ctx), feed, stored); err != nil {
		return res, err
	}
	return res, nil
}

// fetchPage replaces a summary item's text with its page's, through the
// article reader's guarded fetcher; the feed's metadata is kept, the
// page's fills what the feed lacks.
func (w *Watcher) fetchPage(ctx context.Context, a *article.Article) error {
	u, err := url.Parse(a.URL)
	if err != nil {
		return fmt.Errorf("item link %q: %w", a.URL, err)
	}
	if err := w.gate.wait(ctx, u.Host); err != nil {
		return err
	}
	w.counters.pages.Add(1)
	var page *article.Article
	var pageErr error
	err = w.reader.Read(ctx, article.Source{Path: a.URL}, nil, func(it article.Item) error {
		if page != nil {
			return nil
		}
		if it.Err != nil {
			pageErr = it.Err
			return nil
		}
		page = it.Article
		return nil
	})
	if err != nil {
		return err
	}
	if page == nil {
		if pageErr == nil {
			pageErr = article.ErrNoText
		}
		return pageErr
	}
	if utf8.RuneCountInString(page.Text) <= utf8.RuneCountInString(a.Text) {
		return nil // the page holds no more than the summary: keep it
	}
	a.Text = page.Text
	if a.Title == "" {
		a.Title = page.Title
	}
	if a.Date.IsZero() {
		a.Date = page.Date
	}
	if a.Author == "" {
		a.Author = page.Author
	}
	if a.Language == "" {
		a.Language = page.Language
	}
	return nil
}

// WriteMetrics writes the watcher's counters in the Prometheus text format.
func (w *Watcher) WriteMetrics(out io.Writer) {
	c := &w.counters
	for _, m := range []struct {
		name, help string
		v          int64
	}{
		{"storyline_watch_polls_total", "Feed polls.", c.polls.Load()},
		{"storyline_watch_not_modified_total", "Feed polls answered 304 Not Modified.", c.notModified.Load()},
		{"storyline_watch_poll_errors_total", "Feed polls that failed.", c.failures.Load()},
		{"storyline_watch_items_ingested_total", "Feed items ingested.", c.items.Load()},
		{"storyline_watch_pages_fetched_total", "Article pages fetched for summary-only items.", c.pages.Load()},
		{"storyline_watch_page_errors_total", "Article pages that could not be fetched.", c.pageFailures.Load()},
		{"storyline_watch_ingest_errors_total", "Feed items the pipeline could not store.", c.ingestFailures.Load()},
	} {
		fmt.Fprintf(out, "# HELP %s %s\n# TYPE %s counter\n%s %d\n", m.name, m.help, m.name, m.name, m.v)
	}
}
