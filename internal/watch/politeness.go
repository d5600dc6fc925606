package watch

import (
	"context"
	"strings"
	"sync"
	"time"
)

// hostGate spaces the requests to each host by at least gap. Callers
// reserve their slot under the lock and sleep outside it, so requests to
// one host go out in the order they asked, gap apart, and requests to
// different hosts never wait for each other.
type hostGate struct {
	gap  time.Duration
	mu   sync.Mutex
	next map[string]time.Time
}

func newHostGate(gap time.Duration) *hostGate {
	return &hostGate{gap: gap, next: map[string]time.Time{}}
}

// wait blocks until a request to host may go out, or ctx is done.
func (g *hostGate) wait(ctx context.Context, host string) error {
	host = strings.ToLower(host)
	g.mu.Lock()
	now := time.Now()
	at := g.next[host]
	if at.Before(now) {
		at = now
	}
	g.next[host] = at.Add(g.gap)
	g.mu.Unlock()
	d := time.Until(at)
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
