package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
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
	// A byte budget: values weigh what they say.
	w := memo[int]{weigh: func(v int) int { return v }, budget: 10}
	for i, v := range []int{4, 4, 4, 1} {
		w.do(ctx, "w"+strconv.Itoa(i), load(v))
		w.mu.Lock()
		if w.bytes > w.budget {
			t.Errorf("after %d: %d bytes held, budget %d", i, w.bytes, w.budget)
		}
		w.mu.Unlock()
	}
	w.mu.Lock()
	if len(w.m) != 2 || w.bytes != 5 { // the third started afresh
		t.Errorf("held %v (%d bytes), want w2 and w3", w.m, w.bytes)
	}
	w.mu.Unlock()
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

func TestAcceptsGzip(t *testing.T) {
	tests := []struct {
		header string
		want   bool
	}{
		{"", false},
		{"gzip", true},
		{"gzip, deflate, br", true},
		{"br;q=1.0, GZIP;q=0.5", true},
		{"gzip;q=0", false},
		{"gzip; q=0.0", false},
		{"deflate", false},
		{"identity", false},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Encoding", tt.header)
		if got := acceptsGzip(r); got != tt.want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", tt.header, got, tt.want)
		}
	}
}

// TestHeldBodiesGzip checks that a held body is served gzipped to a
// client accepting it, as the same bytes, with an ETag of its own.
func TestHeldBodiesGzip(t *testing.T) {
	ts := newTestServer(t, Options{})
	var story string
	err := ts.st.Stories(context.Background(), func(s store.Story) error {
		story = s.ID
		return nil
	})
	if err != nil || story == "" {
		t.Fatalf("no story: %v", err)
	}
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	get := func(path string, hdr ...string) (*http.Response, []byte) {
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, b
	}
	for _, path := range []string{"/stories/" + story, "/stories", "/api/v1/stories", "/api/v1/stories/" + story, "/api/v1/events"} {
		plain, pb := get(path)
		zipped, zb := get(path, "Accept-Encoding", "gzip")
		if plain.StatusCode != 200 || zipped.StatusCode != 200 {
			t.Fatalf("%s: %d, %d", path, plain.StatusCode, zipped.StatusCode)
		}
		if plain.Header.Get("Content-Encoding") != "" || zipped.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("%s: encodings %q, %q", path, plain.Header.Get("Content-Encoding"), zipped.Header.Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(bytes.NewReader(zb))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		ub, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(ub, pb) {
			t.Errorf("%s: gzipped body differs from the plain one (%v)", path, err)
		}
		pt, zt := plain.Header.Get("ETag"), zipped.Header.Get("ETag")
		if pt == "" || zt == "" || pt == zt || !strings.Contains(zipped.Header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("%s: ETags %q %q, Vary %q", path, pt, zt, zipped.Header.Get("Vary"))
		}
		if resp, _ := get(path, "Accept-Encoding", "gzip", "If-None-Match", zt); resp.StatusCode != http.StatusNotModified {
			t.Errorf("%s: conditional gzip GET: %d", path, resp.StatusCode)
		}
		if resp, _ := get(path, "If-None-Match", zt); resp.StatusCode != http.StatusOK {
			t.Errorf("%s: the gzip ETag matched the plain body: %d", path, resp.StatusCode)
		}
	}
}
