package queue

import (
	"context"
	"testing"
	"time"
)

// acquireAsync starts acquiring the lease key for holder and returns a
// channel that receives the lease once held.
func acquireAsync(t *testing.T, ctx context.Context, c *Conn, holder string, ttl time.Duration) <-chan *Lease {
	t.Helper()
	got := make(chan *Lease, 1)
	go func() {
		l, err := AcquireLease(ctx, c, "linker", holder, LeaseOptions{TTL: ttl, Poll: 50 * time.Millisecond})
		if err == nil {
			got <- l
		}
	}()
	return got
}

func TestLeaseFailover(t *testing.T) {
	const ttl = time.Second
	tests := []struct {
		name string
		// end ends the active holder; maxWait bounds the standby's takeover.
		end     func(l *Lease, cancel context.CancelFunc)
		minWait time.Duration
		maxWait time.Duration
	}{
		{"holder dies: standby waits for the TTL", func(_ *Lease, cancel context.CancelFunc) { cancel() }, ttl / 2, 4 * ttl},
		{"holder releases: standby takes over at once", func(l *Lease, _ context.CancelFunc) {
			if err := l.Release(context.Background()); err != nil {
				t.Error(err)
			}
		}, 0, ttl / 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			url := startNATS(t)
			ctxA, cancelA := context.WithCancel(context.Background())
			defer cancelA()
			a := <-acquireAsync(t, ctxA, connect(t, url), "A", ttl)
			ctxB, cancelB := context.WithCancel(context.Background())
			defer cancelB()
			gotB := acquireAsync(t, ctxB, connect(t, url), "B", ttl)

			// B stands by while A holds (and refreshes) the lease for
			// several TTLs.
			select {
			case <-gotB:
				t.Fatal("standby took a lease that is held and refreshed")
			case <-a.Lost():
				t.Fatal("holder lost its lease while refreshing it")
			case <-time.After(3 * ttl):
			}
			start := time.Now()
			tc.end(a, cancelA)
			select {
			case b := <-gotB:
				took := time.Since(start)
				if took < tc.minWait || took > tc.maxWait {
					t.Errorf("standby took over after %v, want within [%v, %v]", took, tc.minWait, tc.maxWait)
				}
				select {
				case <-a.Lost():
				case <-time.After(time.Second):
					t.Error("the old holder's Lost is not closed")
				}
				select {
				case <-b.Lost():
					t.Error("the new holder's lease is lost")
				case <-time.After(2 * ttl):
				}
			case <-time.After(tc.maxWait + time.Second):
				t.Fatal("standby never took over")
			}
		})
	}
}

func TestLeaseLostWhenTaken(t *testing.T) {
	url := startNATS(t)
	c := connect(t, url)
	l := <-acquireAsync(t, context.Background(), c, "A", time.Second)
	// Someone overwrites the key (an operator, or a holder that wrongly
	// believed the lease free): A's next refresh fails and A must stop.
	kv, err := c.js.KeyValue(context.Background(), LeaseBucket)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kv.Put(context.Background(), "linker", []byte("intruder")); err != nil {
		t.Fatal(err)
	}
	select {
	case <-l.Lost():
	case <-time.After(2 * time.Second):
		t.Fatal("holder did not notice it lost the lease")
	}
}
