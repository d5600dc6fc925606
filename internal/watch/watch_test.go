package watch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/clean"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
)

func TestReadFeedList(t *testing.T) {
	want := []string{"https://example.org/world.rss", "https://example.org/asia.atom", "http://wire.example.net/feed"}
	tests := []struct {
		file    string
		want    []string
		wantErr bool
	}{
		{"feeds.opml", want, false},
		{"feeds.txt", want, false},
		{"bad.txt", nil, true},
	}
	for _, tt := range tests {
		f, err := os.Open(filepath.Join("testdata", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		got, err := ReadFeedList(f)
		f.Close()
		if (err != nil) != tt.wantErr {
			t.Fatalf("%s: error %v", tt.file, err)
		}
		if !tt.wantErr && !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.file, got, tt.want)
		}
	}
}

// countingIngester records every document id it stored.
type countingIngester struct {
	in  *pipeline.Ingester
	mu  sync.Mutex
	ids []string
}

func (c *countingIngester) Ingest(ctx context.Context, paths []string, stdin io.Reader) (pipeline.Summary, error) {
	sum, err := c.in.Ingest(ctx, paths, stdin)
	c.mu.Lock()
	c.ids = append(c.ids, sum.IDs...)
	c.mu.Unlock()
	return sum, err
}

// feedServer serves a changing RSS feed with an ETag and Last-Modified,
// and the article page of its summary-only item.
type feedServer struct {
	mu       sync.Mutex
	items    []string // RSS <item> elements
	version  int
	noCache  bool // ignore validators and send none
	status   int  // when set, answer this status to the feed
	requests []string
	got304   int
	pageHits int
}

func (f *feedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, r.URL.Path)
	switch r.URL.Path {
	case "/page/b":
		f.pageHits++
		http.ServeFile(w, r, "testdata/page-b.html")
		return
	case "/feed.xml":
	default:
		http.NotFound(w, r)
		return
	}
	if f.status != 0 {
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(f.status)
		return
	}
	etag := fmt.Sprintf(`"v%d"`, f.version)
	lastMod := time.Date(2024, 3, 5, 10, f.version, 0, 0, time.UTC).Format(http.TimeFormat)
	if !f.noCache {
		if r.Header.Get("If-None-Match") == etag {
			f.got304++
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
	}
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example Wire</title><link>http://example.invalid/</link><description>Test feed</description>
%s
</channel></rss>`, strings.Join(f.items, "\n"))
}

func (f *feedServer) set(fn func(f *feedServer)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f)
}

const fullText = "Foreign ministers met in Vienna on Monday for four hours of talks on the ceasefire, their first meeting since the autumn. " +
	"Both sides described the discussions as frank and said working groups would meet again next week to draft a framework. " +
	"Diplomats said the meeting had been planned for weeks but was kept quiet until the ministers arrived in the Austrian capital. " +
	"Neither minister took questions after the talks, and a joint statement was expected later in the evening from the hosts. " +
	"Observers said the resumption of direct contact was itself a sign of progress after months of stalled diplomacy."

func rssItem(guid, title, link, desc, date string) string {
	return fmt.Sprintf("<item><guid>%s</guid><title>%s</title><link>%s</link><description>%s</description><pubDate>%s</pubDate></item>",
		guid, title, link, desc, date)
}

func newTestWatcher(t *testing.T, feedURL string) (*Watcher, *countingIngester, *store.SQLite) {
	t.Helper()
	st, err := store.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	// Loopback is allowed explicitly: the test feed runs on 127.0.0.1.
	r := article.NewReader(article.Options{AllowPrivate: true})
	ing := &countingIngester{in: pipeline.New(r, clean.New(clean.Options{}), st, pipeline.Options{Workers: 1})}
	w := New([]string{feedURL}, st, ing, Options{AllowPrivate: true, HostDelay: 5 * time.Millisecond,
		Interval: time.Hour, Timeout: 10 * time.Second})
	return w, ing, st
}

// TestPollIngestsEachItemOnce polls a changing feed: each item is ingested
// once and only once, a 304 ingests nothing, a summary-only item is stored
// with its page's text.
func TestPollIngestsEachItemOnce(t *testing.T) {
	fs := &feedServer{}
	srv := httptest.NewServer(fs)
	defer srv.Close()
	feedURL := srv.URL + "/feed.xml"
	w, ing, st := newTestWatcher(t, feedURL)
	ctx := context.Background()

	itemA := rssItem("a-1", "Ministers meet in Vienna", "http://example.invalid/a", fullText, "Mon, 04 Mar 2024 08:00:00 GMT")
	itemB := rssItem("b-1", "Envoys agree to resume talks", srv.URL+"/page/b", "Envoys agreed to resume talks.", "Tue, 05 Mar 2024 09:00:00 GMT")
	itemC := rssItem("c-1", "Ceasefire talks continue", "http://example.invalid/c", strings.ReplaceAll(fullText, "Vienna", "Geneva"), "Wed, 06 Mar 2024 08:00:00 GMT")
	fs.set(func(f *feedServer) { f.items, f.version = []string{itemA, itemB}, 1 })

	steps := []struct {
		name         string
		change       func(f *feedServer)
		notModified  bool
		newItems     int
		wantArticles int
	}{
		{"first poll", nil, false, 2, 2},
		{"unchanged: 304", nil, true, 0, 2},
		{"new item", func(f *feedServer) { f.items, f.version = []string{itemC, itemA, itemB}, 2 }, false, 1, 3},
		{"no validators, same items", func(f *feedServer) { f.noCache = true }, false, 0, 3},
		{"validators again: 200 then 304", func(f *feedServer) { f.noCache = false }, false, 0, 3},
		{"304 again", nil, true, 0, 3},
	}
	for _, s := range steps {
		if s.change != nil {
			fs.set(s.change)
		}
		res, err := w.Poll(ctx, feedURL)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if res.NotModified != s.notModified || res.New != s.newItems || res.Ingested != s.newItems || res.Failed != 0 {
			t.Errorf("%s: result %+v, want not-modified %v, %d new", s.name, res, s.notModified, s.newItems)
		}
		stats, err := st.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if stats.Articles != s.wantArticles {
			t.Errorf("%s: %d articles stored, want %d", s.name, stats.Articles, s.wantArticles)
		}
	}
	ids := slices.Clone(ing.ids)
	slices.Sort(ids)
	if !slices.Equal(ids, []string{"a-1", "b-1", "c-1"}) {
		t.Errorf("ingested %q, want each item once", ing.ids)
	}
	if fs.got304 != 2 {
		t.Errorf("server answered 304 %d times, want 2", fs.got304)
	}
	if fs.pageHits != 1 {
		t.Errorf("summary page fetched %d times, want 1", fs.pageHits)
	}
	b, err := st.Get(ctx, "b-1")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.Text, "lakeside offices") || b.Title != "Envoys agree to resume talks" {
		t.Errorf("summary item not completed from its page: %q / %.80q", b.Title, b.Text)
	}
	fst, err := st.FeedState(ctx, feedURL)
	if err != nil {
		t.Fatal(err)
	}
	if fst.ETag != `"v2"` || fst.LastModified == "" || fst.Failures != 0 || !fst.NextPoll.After(time.Now().Add(50*time.Minute)) {
		t.Errorf("feed state %+v", fst)
	}
}

func TestPollBacksOff(t *testing.T) {
	fs := &feedServer{status: http.StatusServiceUnavailable}
	srv := httptest.NewServer(fs)
	defer srv.Close()
	feedURL := srv.URL + "/feed.xml"
	w, _, st := newTestWatcher(t, feedURL)
	w.opts.Interval = time.Minute
	ctx := context.Background()
	var delays []time.Duration
	for range 3 {
		if _, err := w.Poll(ctx, feedURL); err == nil {
			t.Fatal("poll of a failing feed succeeded")
		}
		fst, err := st.FeedState(ctx, feedURL)
		if err != nil {
			t.Fatal(err)
		}
		delays = append(delays, fst.NextPoll.Sub(fst.LastPolled).Round(time.Second))
	}
	// Retry-After: 120 beats the first delay; then 2 and 4 minutes.
	if want := []time.Duration{2 * time.Minute, 2 * time.Minute, 4 * time.Minute}; !slices.Equal(delays, want) {
		t.Errorf("backoff delays %v, want %v", delays, want)
	}
	fs.set(func(f *feedServer) {
		f.status, f.items = 0, []string{rssItem("x", "X", "http://example.invalid/x", fullText, "")}
	})
	if _, err := w.Poll(ctx, feedURL); err != nil {
		t.Fatal(err)
	}
	if fst, _ := st.FeedState(ctx, feedURL); fst.Failures != 0 || fst.LastError != "" {
		t.Errorf("state after recovery: %+v", fst)
	}
}

func TestPrivateAddressRefused(t *testing.T) {
	srv := httptest.NewServer(&feedServer{})
	defer srv.Close()
	st, err := store.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	w := New([]string{srv.URL + "/feed.xml"}, st, nil, Options{})
	_, err = w.Poll(context.Background(), srv.URL+"/feed.xml")
	if !errors.Is(err, article.ErrAddressRefused) {
		t.Errorf("poll of a loopback feed: %v, want ErrAddressRefused", err)
	}
}

func TestHostGateSpacesRequests(t *testing.T) {
	g := newHostGate(200 * time.Millisecond)
	ctx := context.Background()
	start := time.Now()
	for range 3 {
		if err := g.wait(ctx, "Example.org"); err != nil {
			t.Fatal(err)
		}
	}
	if el := time.Since(start); el < 400*time.Millisecond {
		t.Errorf("three requests to one host in %v, want ≥ 400ms", el)
	}
	start = time.Now()
	if err := g.wait(ctx, "other.example"); err != nil || time.Since(start) > 100*time.Millisecond {
		t.Errorf("another host waited %v", time.Since(start))
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := g.wait(cctx, "example.org"); err == nil {
		t.Error("wait ignored a cancelled context")
	}
}

func TestRunStopsOnCancel(t *testing.T) {
	fs := &feedServer{items: []string{rssItem("r", "R", "http://example.invalid/r", fullText, "")}, version: 1}
	srv := httptest.NewServer(fs)
	defer srv.Close()
	w, ing, _ := newTestWatcher(t, srv.URL+"/feed.xml")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ing.mu.Lock()
		n := len(ing.ids)
		ing.mu.Unlock()
		if n > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop")
	}
	if len(ing.ids) != 1 {
		t.Errorf("ingested %q", ing.ids)
	}
}

// TestRefusedPageKeepsSummary: a feed allowed on loopback whose item links
// to a page the guarded fetcher refuses stores the summary, once.
func TestRefusedPageKeepsSummary(t *testing.T) {
	fs := &feedServer{version: 1}
	srv := httptest.NewServer(fs)
	defer srv.Close()
	feedURL := srv.URL + "/feed.xml"
	w, ing, st := newTestWatcher(t, feedURL)
	// Pages go through a reader that refuses private addresses.
	w.reader = article.NewReader(article.Options{})
	fs.set(func(f *feedServer) {
		f.items = []string{rssItem("s-1", "Short", srv.URL+"/page/b", "Envoys agreed to resume talks.", "")}
	})
	for range 2 {
		res, err := w.Poll(context.Background(), feedURL)
		if err != nil || res.Failed != 0 {
			t.Fatalf("poll: %+v, %v", res, err)
		}
	}
	if !slices.Equal(ing.ids, []string{"s-1"}) {
		t.Errorf("ingested %q", ing.ids)
	}
	if fs.pageHits != 0 {
		t.Errorf("refused page fetched %d times", fs.pageHits)
	}
	if a, err := st.Get(context.Background(), "s-1"); err != nil || !strings.Contains(a.Text, "resume talks") {
		t.Errorf("summary not stored: %v", err)
	}
}

// TestMissingPageFallsBackToSummary: a page that keeps failing is tried
// MaxPageTries polls, then the summary is stored, once.
func TestMissingPageFallsBackToSummary(t *testing.T) {
	fs := &feedServer{version: 1}
	srv := httptest.NewServer(fs)
	defer srv.Close()
	feedURL := srv.URL + "/feed.xml"
	w, ing, _ := newTestWatcher(t, feedURL)
	fs.set(func(f *feedServer) {
		f.items = []string{rssItem("m-1", "Missing", srv.URL+"/page/missing", "Envoys agreed to resume talks.", "")}
	})
	for poll := 1; poll <= MaxPageTries+1; poll++ {
		res, err := w.Poll(context.Background(), feedURL)
		if err != nil {
			t.Fatal(err)
		}
		wantIngested := 0
		if poll == MaxPageTries {
			wantIngested = 1
		}
		if res.Ingested != wantIngested {
			t.Errorf("poll %d: %+v", poll, res)
		}
	}
	if !slices.Equal(ing.ids, []string{"m-1"}) {
		t.Errorf("ingested %q", ing.ids)
	}
}
