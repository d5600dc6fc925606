package server

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/link"
	"github.com/storyline-news/storyline/internal/store"
)

func TestMemo(t *testing.T) {
	var m memo[int]
	ctx := context.Background()
	var calls atomic.Int32
	load := func(v int) func(context.Context) (int, error) {
		return func(context.Context) (int, error) {
			calls.Add(1)
			return v, nil
		}
	}
	// Concurrent requests for one key compute it once.
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if v, err := m.do(ctx, "a", load(1)); v != 1 || err != nil {
				t.Errorf("do a = %d, %v", v, err)
			}
		})
	}
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Errorf("a computed %d times", n)
	}
	// An error is returned, not held.
	boom := errors.New("boom")
	if _, err := m.do(ctx, "b", func(context.Context) (int, error) { return 0, boom }); !errors.Is(err, boom) {
		t.Errorf("error %v", err)
	}
	if v, _ := m.do(ctx, "b", load(2)); v != 2 {
		t.Errorf("b after an error = %d", v)
	}
	// A full memo starts afresh: it never holds more than memoSize.
	for i := range memoSize + 10 {
		m.do(ctx, "k"+strconv.Itoa(i), load(i))
	}
	m.mu.Lock()
	n := len(m.m)
	m.mu.Unlock()
	if n > memoSize {
		t.Errorf("memo holds %d entries", n)
	}
	m.reset()
	calls.Store(0)
	m.do(ctx, "a", load(1))
	if calls.Load() != 1 {
		t.Error("reset memo still held a")
	}
}

func TestStoryKey(t *testing.T) {
	base := link.Story{ID: "st-1", Seq: 1, Title: "T", Docs: 3, Reports: 2, Clusters: []string{"c1"}, Events: []string{"e1"}}
	tests := []struct {
		name   string
		change func(*link.Story)
	}{
		{"an article joins", func(s *link.Story) { s.Docs++ }},
		{"a report", func(s *link.Story) { s.Reports++ }},
		{"an event", func(s *link.Story) { s.Events = append(s.Events, "e2") }},
		{"a merge", func(s *link.Story) { s.Clusters = append(s.Clusters, "c2") }},
		{"a title", func(s *link.Story) { s.Title = "U" }},
	}
	for _, tt := range tests {
		st := base
		st.Clusters, st.Events = append([]string{}, base.Clusters...), append([]string{}, base.Events...)
		tt.change(&st)
		if storyKey(st) == storyKey(base) {
			t.Errorf("%s: the story key did not change", tt.name)
		}
		if storiesKey([]link.Story{st}) == storiesKey([]link.Story{base}) {
			t.Errorf("%s: the stories key did not change", tt.name)
		}
	}
}

// TestLoadLinks checks that the link snapshot holds every story and linked
// event, maps reports to their events, is reused while the links do not
// change and read again once an ingest links an article.
func TestLoadLinks(t *testing.T) {
	ts := newTestServer(t, Options{})
	ctx := context.Background()
	x, err := loadLinks(ctx, ts.st, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(x.stories) == 0 || len(x.events) == 0 || len(x.storyAt) != len(x.stories) {
		t.Fatalf("snapshot: %d stories, %d events", len(x.stories), len(x.events))
	}
	for i := 1; i < len(x.stories); i++ {
		if x.stories[i].End.After(x.stories[i-1].End) {
			t.Errorf("stories not most recently active first at %d", i)
		}
	}
	for _, ev := range x.events {
		for _, m := range ev.Mentions {
			if id, ok := x.linkedID(storedID(m.Doc, m.N)); !ok || id != ev.ID {
				t.Errorf("report %s/%d maps to %q, want %s", m.Doc, m.N, id, ev.ID)
			}
		}
		if id, ok := x.linkedID(ev.ID); !ok || id != ev.ID {
			t.Errorf("event %s maps to %q", ev.ID, id)
		}
	}
	y, err := loadLinks(ctx, ts.st, x)
	if err != nil {
		t.Fatal(err)
	}
	if y.key != x.key || &y.events[0] != &x.events[0] {
		t.Error("unchanged links were read again")
	}
	body := `{"id":"post-1","title":"Oslo","date":"2024-05-06","text":"Antony Blinken met Wang Yi in Oslo on Monday."}`
	if resp, b := ts.do(t, "POST", "/api/v1/articles", strings.NewReader(body), "Content-Type", "application/json"); resp.StatusCode != 201 {
		t.Fatalf("ingest: %d %s", resp.StatusCode, b)
	}
	z, err := loadLinks(ctx, ts.st, y)
	if err != nil {
		t.Fatal(err)
	}
	if z.key == y.key {
		t.Fatal("linking an article left the links key as it was")
	}
	found := false
	for _, ev := range z.events {
		for _, m := range ev.Mentions {
			found = found || m.Doc == "post-1"
		}
	}
	if !found {
		t.Error("the new article's event is not in the new snapshot")
	}
}

func storedID(doc string, n int) string { return store.StoredEvent{Doc: doc, N: n}.ID() }

// TestCachedRefreshesInBackground checks that an expired value is served
// while one background load, given the previous value, replaces it.
func TestCachedRefreshesInBackground(t *testing.T) {
	var c cached[int]
	ctx := context.Background()
	if v, err := c.get(ctx, func(context.Context) (int, error) { return 1, nil }); v != 1 || err != nil {
		t.Fatalf("fill: %d, %v", v, err)
	}
	c.mu.Lock()
	c.at = c.at.Add(-2 * statsTTL) // expired
	c.mu.Unlock()
	release, done := make(chan struct{}), make(chan int, 2)
	load := func(_ context.Context, prev int) (int, error) {
		<-release
		done <- prev
		return prev + 1, nil
	}
	for range 2 { // the second call finds the refresh under way
		if v, err := c.update(ctx, load); v != 1 || err != nil {
			t.Fatalf("expired get: %d, %v (want the previous value at once)", v, err)
		}
	}
	close(release)
	if prev := <-done; prev != 1 {
		t.Errorf("the load was given %d, want the previous value 1", prev)
	}
	for range 100 {
		c.mu.Lock()
		v, refreshing := c.v, c.refreshing
		c.mu.Unlock()
		if v == 2 && !refreshing {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if v, _ := c.get(ctx, func(context.Context) (int, error) { return 99, nil }); v != 2 {
		t.Errorf("after the refresh: %d, want 2", v)
	}
	if len(done) != 0 {
		t.Error("more than one refresh ran")
	}
}
