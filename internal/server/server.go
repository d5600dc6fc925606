// Package server owns storyline's HTTP face: the JSON API under /api/v1 and
// its OpenAPI document, the server-rendered web pages, the Atom feeds, and
// the operational endpoints /healthz and /metrics, with the limits and
// security headers they all share.
//
// It reads the archive through the small Archive interface and writes to it
// only through an Ingester (the same pipeline the CLI runs), so it holds no
// storage, cleaning or analysis logic, and it may not touch the database
// directly. Stories and the real-world events linked across articles
// (the events routes, pages and feeds, and the events of an entity) are
// read from the links the pipeline's link stage stores as it links each
// batch, through a snapshot of them checked about once a second
// (links.go, stories.go). Canonical entities (aliases, roles, counts) and
// article metadata come from an archive index (index.go) rebuilt from the
// stored per-article analysis when the archive's counts change. What the
// most requested routes build (a story page, a story, the stories list, a
// page of events) is held per version of what it read, so that serving it
// again costs a lookup.
package server

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/timeline"
	"github.com/storyline-news/storyline/internal/timex"
)

// Archive is what the server reads from the store. store.Store satisfies it.
type Archive interface {
	Get(ctx context.Context, id string) (*store.Record, error)
	Timexes(ctx context.Context, id string) ([]timex.Timex, error)
	List(ctx context.Context, opts store.ListOptions, fn func(*store.Record) error) error
	Search(ctx context.Context, query string, limit int) ([]store.Hit, error)
	Stats(ctx context.Context) (store.Stats, error)
	EachEntities(ctx context.Context, fn func(id string, ents []entity.Entity) error) error
	Events(ctx context.Context, f store.EventFilter, fn func(store.StoredEvent) error) error
	// The links the pipeline's link stage stored (see store.Store).
	Stories(ctx context.Context, fn func(store.Story) error) error
	Story(ctx context.Context, id string) (store.Story, error)
	LinkedEvents(ctx context.Context, f store.LinkFilter, fn func(store.LinkedEvent) error) error
	LinkedEvent(ctx context.Context, id string) (store.LinkedEvent, error)
	DocLink(ctx context.Context, doc string) (store.DocLink, error)
	DocLinks(ctx context.Context, story string, fn func(store.DocLink) error) error
}

// FilteredLister is an optional capability of an Archive, which
// *store.SQLite has: listings filtered, ordered (newest first too) and paged
// by the database. With it a page of articles costs one query; without it
// the server filters in memory and keeps the newest articles cached.
type FilteredLister interface {
	ListFiltered(ctx context.Context, q store.ListQuery, fn func(*store.Record) error) error
}

// Ingester runs the ingest pipeline; *pipeline.Ingester satisfies it. The
// server calls it with the path "-" and the request body as stdin.
type Ingester interface {
	Ingest(ctx context.Context, paths []string, stdin io.Reader) (pipeline.Summary, error)
}

// MetricsWriter adds lines in the Prometheus text format to /metrics (the
// watcher's counters, for instance).
type MetricsWriter interface {
	WriteMetrics(w io.Writer)
}

// bodiesBudget bounds the bytes of the response bodies a Server holds.
const bodiesBudget = 64 << 20

// Defaults used when the corresponding Options field is zero.
const (
	DefaultMaxBodyBytes   = 16 << 20
	DefaultMaxHeaderBytes = 64 << 10
	DefaultPageSize       = 50
	MaxPageSize           = 200
)

// Options configure a Server.
type Options struct {
	// Token, when set, is the bearer token POST /api/v1/articles requires.
	// It must be set to listen on a non-loopback address.
	Token string
	// Ingester stores POSTed articles; nil makes POST answer 503.
	Ingester Ingester
	// MaxBodyBytes bounds a request body (default DefaultMaxBodyBytes).
	MaxBodyBytes int64
	// Logger receives request errors and lifecycle lines; nil discards.
	Logger *slog.Logger
	// Metrics are extra sources of /metrics lines.
	Metrics []MetricsWriter
}

// Server serves the API, pages and feeds over an Archive. It is safe for
// concurrent use.
type Server struct {
	archive Archive
	opts    Options
	log     *slog.Logger
	pages   map[string]*template.Template
	metrics *metrics
	handler http.Handler
	// routeMux holds the route table; notFound asks it which methods a
	// path allows.
	routeMux *http.ServeMux
	// ingestMu serialises POSTed ingests: the pipeline's cleaner learns
	// from the articles of a run, one run at a time.
	ingestMu    sync.Mutex
	statsCache  cached[store.Stats]
	recentCache cached[recentWindow]
	indexCache  cached[*archiveIndex]
	linksCache  cached[*linkSnapshot]
	// storyPages and eventPages hold what the story and event routes
	// built, per request and version of the links they read.
	storyPages     memo[*storyData]
	storyTimelines memo[[]timeline.Entry]
	eventPages     memo[*eventData]
	// bodies holds built response bodies of the most requested routes
	// (story page, story, stories list), per request and version.
	bodies memo[*builtBody]
}

// New returns a Server reading a.
func New(a Archive, opts Options) (*Server, error) {
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{archive: a, opts: opts, log: opts.Logger, metrics: newMetrics()}
	s.bodies.weigh = func(b *builtBody) int { return len(b.body) + len(b.gz) }
	s.bodies.budget = bodiesBudget
	pages, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	s.pages = pages
	// routes holds the route table only; mux adds the answer for
	// everything else (404 or 405, in the API error shape under /api/).
	routes := http.NewServeMux()
	for _, rt := range s.routes() {
		routes.Handle(rt.Method+" "+rt.Pattern, s.instrument(rt.Pattern, rt.Handler))
	}
	s.routeMux = routes
	other := s.instrument("other", http.HandlerFunc(s.notFound))
	mux := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := routes.Handler(r); pattern == "" {
			other.ServeHTTP(w, r)
			return
		}
		routes.ServeHTTP(w, r)
	})
	s.handler = s.recoverPanics(s.securityHeaders(s.limitBody(mux)))
	return s, nil
}

// warm reads the archive index and the links ahead of the first request
// that needs them (at 10,000 articles rebuilding entity identity takes
// seconds).
func (s *Server) warm(ctx context.Context) {
	t0 := time.Now()
	if _, err := s.index(ctx); err != nil {
		s.log.Warn("warm archive index", "error", err)
		return
	}
	if _, err := s.links(ctx); err != nil {
		s.log.Warn("warm links", "error", err)
		return
	}
	s.log.Info("archive index and links read", "elapsed", time.Since(t0).Round(time.Millisecond))
}

// Handler returns the server's root handler, with every middleware.
func (s *Server) Handler() http.Handler { return s.handler }

// CheckListen returns an error when addr is not a loopback address and no
// token is configured: an archive open to the network must not accept
// writes from anyone.
func CheckListen(addr, token string) error {
	if token != "" {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("listen address %q: %w", addr, err)
	}
	if !isLoopbackHost(host) {
		return fmt.Errorf("refusing to listen on %q without a token: set --token or STORYLINE_TOKEN, or listen on 127.0.0.1", addr)
	}
	return nil
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Serve serves on ln until ctx is done, then shuts down gracefully: it
// stops accepting, lets requests in flight finish (up to grace) and
// returns. It returns nil after a graceful shutdown.
func (s *Server) Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    DefaultMaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	go s.warm(ctx)
	s.log.Info("serving", "addr", ln.Addr().String())
	select {
	case err := <-errc:
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "grace", grace)
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
