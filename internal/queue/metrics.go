package queue

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Metrics counts what one process of the distributed mode does and serves
// the counts at /metrics in the Prometheus text format, with /healthz
// beside them. A nil *Metrics counts nothing. Safe for concurrent use.
type Metrics struct {
	role string

	counts [numCounters]atomic.Int64

	mu     sync.Mutex
	cons   []jetstream.Consumer // consumers whose lag is reported
	health func() bool
}

// NewMetrics returns the counters of a process in role ("worker",
// "ingest", "linker"), reported as the role label.
func NewMetrics(role string) *Metrics { return &Metrics{role: role} }

// counter names one of the counts of Metrics.
type counter int

const (
	published    counter = iota // raw messages stored by the stream
	duplicates                  // raw messages the stream dropped as duplicates
	processed                   // messages stored, announced and acked
	failed                      // failed attempts
	redeliveries                // messages received more than once
	dead                        // messages dead-lettered
	linkedDocs                  // articles linked
	numCounters
)

// add adds n to the counter c when m is not nil.
func (m *Metrics) add(c counter, n int64) {
	if m != nil {
		m.counts[c].Add(n)
	}
}

// get returns the counter c (0 for a nil m).
func (m *Metrics) get(c counter) int64 {
	if m == nil {
		return 0
	}
	return m.counts[c].Load()
}

// CountPublished counts one raw message published, or dropped by the
// stream as a duplicate.
func (m *Metrics) CountPublished(duplicate bool) {
	if duplicate {
		m.add(duplicates, 1)
	} else {
		m.add(published, 1)
	}
}

// CountFailed counts one failed attempt (or, for ingest, one failed input).
func (m *Metrics) CountFailed() { m.add(failed, 1) }

// setLag makes /metrics report c's lag (once per consumer name).
func (m *Metrics) setLag(c jetstream.Consumer) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	name := c.CachedInfo().Name
	for i, have := range m.cons {
		if have.CachedInfo().Name == name {
			m.cons[i] = c // the same consumer, joined again
			return
		}
	}
	m.cons = append(m.cons, c)
}

// setHealth makes /healthz answer with ok().
func (m *Metrics) setHealth(ok func() bool) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.health = ok
}

// SetConn makes /healthz report c's connection.
func (m *Metrics) SetConn(c *Conn) { m.setHealth(c.Connected) }

// Handler serves /healthz (200 "ok" while the NATS connection is up, 503
// otherwise) and /metrics.
func (m *Metrics) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		m.mu.Lock()
		ok := m.health == nil || m.health()
		m.mu.Unlock()
		if !ok {
			http.Error(w, "nats disconnected", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		m.write(r.Context(), w)
	})
	return mux
}

// write prints the metrics in the Prometheus text format.
func (m *Metrics) write(ctx context.Context, w http.ResponseWriter) {
	line := func(name, help string, v int64) {
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s counter\n%s{role=%q} %d\n", name, help, name, name, m.role, v)
	}
	line("storyline_queue_published_total", "Raw articles published to the stream.", m.get(published))
	line("storyline_queue_duplicates_total", "Raw articles the stream dropped as re-publishes.", m.get(duplicates))
	line("storyline_queue_processed_total", "Messages processed and acknowledged.", m.get(processed))
	line("storyline_queue_failed_total", "Failed attempts.", m.get(failed))
	line("storyline_queue_redeliveries_total", "Messages received again after an earlier delivery.", m.get(redeliveries))
	line("storyline_queue_dead_lettered_total", "Messages sent to the dead-letter subject.", m.get(dead))
	line("storyline_queue_linked_total", "Articles linked (by the linker).", m.get(linkedDocs))

	m.mu.Lock()
	cons := append([]jetstream.Consumer(nil), m.cons...)
	m.mu.Unlock()
	if len(cons) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	var infos []*jetstream.ConsumerInfo
	for _, c := range cons {
		if info, err := c.Info(ctx); err == nil {
			infos = append(infos, info)
		}
	}
	gauge := func(name, help string, v func(*jetstream.ConsumerInfo) uint64) {
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name)
		for _, info := range infos {
			fmt.Fprintf(w, "%s{role=%q,consumer=%q} %d\n", name, m.role, info.Name, v(info))
		}
	}
	gauge("storyline_queue_lag", "Messages of the consumer not yet delivered (NumPending).",
		func(i *jetstream.ConsumerInfo) uint64 { return i.NumPending })
	gauge("storyline_queue_ack_pending", "Messages delivered and not yet acknowledged.",
		func(i *jetstream.ConsumerInfo) uint64 { return uint64(i.NumAckPending) })
}
