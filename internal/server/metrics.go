package server

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/storyline-news/storyline/internal/pipeline"
)

// metrics are the server's counters, exposed at /metrics in the Prometheus
// text format.
type metrics struct {
	errors atomic.Int64

	ingestRead, ingestAdded, ingestUpdated, ingestRenamed, ingestDuplicate, ingestFailed atomic.Int64

	mu       sync.Mutex
	requests map[reqKey]int64
	duration map[string]*durationSum
}

type reqKey struct {
	route string
	code  int
}

type durationSum struct {
	count int64
	sum   float64
}

func newMetrics() *metrics {
	return &metrics{requests: map[reqKey]int64{}, duration: map[string]*durationSum{}}
}

func (m *metrics) observe(route string, code int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[reqKey{route, code}]++
	ds := m.duration[route]
	if ds == nil {
		ds = &durationSum{}
		m.duration[route] = ds
	}
	ds.count++
	ds.sum += d.Seconds()
}

func (m *metrics) countIngest(s pipeline.Summary) {
	m.ingestRead.Add(int64(s.Read))
	m.ingestAdded.Add(int64(s.Added))
	m.ingestUpdated.Add(int64(s.Updated))
	m.ingestRenamed.Add(int64(s.Renamed))
	m.ingestDuplicate.Add(int64(s.Duplicate))
	m.ingestFailed.Add(int64(s.Failed))
}

// serveMetrics writes the Prometheus text exposition: archive gauges,
// ingest and error counters, request counts and durations, and the lines
// of every Options.Metrics source. Events and stories are added when the
// archive holds them.
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	st, err := s.stats(r.Context())
	if err != nil {
		s.metrics.errors.Add(1)
		http.Error(w, "archive unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	m := s.metrics
	gauge(w, "storyline_articles", "Articles in the archive (distinct document ids).", int64(st.Articles))
	gauge(w, "storyline_article_versions", "Article versions in the archive, current and replaced.", int64(st.Versions))
	fmt.Fprintf(w, "# HELP storyline_ingest_articles_total Articles read by POST /api/v1/articles, by outcome.\n# TYPE storyline_ingest_articles_total counter\n")
	for _, o := range []struct {
		name string
		v    *atomic.Int64
	}{{"new", &m.ingestAdded}, {"updated", &m.ingestUpdated}, {"renamed", &m.ingestRenamed}, {"duplicate", &m.ingestDuplicate}, {"failed", &m.ingestFailed}} {
		fmt.Fprintf(w, "storyline_ingest_articles_total{outcome=%q} %d\n", o.name, o.v.Load())
	}
	counter(w, "storyline_ingest_read_total", "Articles read by POST /api/v1/articles.", m.ingestRead.Load())
	counter(w, "storyline_errors_total", "Requests that failed with a server error.", m.errors.Load())

	m.mu.Lock()
	keys := make([]reqKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].route != keys[j].route {
			return keys[i].route < keys[j].route
		}
		return keys[i].code < keys[j].code
	})
	fmt.Fprintf(w, "# HELP storyline_http_requests_total HTTP requests by route pattern and status.\n# TYPE storyline_http_requests_total counter\n")
	for _, k := range keys {
		fmt.Fprintf(w, "storyline_http_requests_total{route=%q,code=\"%d\"} %d\n", k.route, k.code, m.requests[k])
	}
	routes := make([]string, 0, len(m.duration))
	for r := range m.duration {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	fmt.Fprintf(w, "# HELP storyline_http_request_duration_seconds Time spent answering requests, by route pattern.\n# TYPE storyline_http_request_duration_seconds summary\n")
	for _, r := range routes {
		d := m.duration[r]
		fmt.Fprintf(w, "storyline_http_request_duration_seconds_sum{route=%q} %g\n", r, d.sum)
		fmt.Fprintf(w, "storyline_http_request_duration_seconds_count{route=%q} %d\n", r, d.count)
	}
	m.mu.Unlock()
	for _, mw := range s.opts.Metrics {
		mw.WriteMetrics(w)
	}
}

func gauge(w io.Writer, name, help string, v int64) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s gauge\n%s %d\n", name, help, name, name, v)
}

func counter(w io.Writer, name, help string, v int64) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s counter\n%s %d\n", name, help, name, name, v)
}
