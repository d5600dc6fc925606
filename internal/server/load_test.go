package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/link"
	"github.com/storyline-news/storyline/internal/linkstage"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/timex"
)

// fillArchive stores n synthetic articles of about 2 KB, with a few
// temporal expressions each, straight through the store.
func fillArchive(tb testing.TB, st store.Store, n int) {
	tb.Helper()
	ctx := context.Background()
	sources := []string{"Reuters", "AP", "AFP", "BBC", "Xinhua", "Al Jazeera"}
	places := []string{"Geneva", "Beijing", "Washington", "Munich", "Vienna", "Jakarta", "Nairobi"}
	para := strings.Repeat("Officials said the talks covered trade, security and climate, and that working groups would meet again. ", 6)
	const batch = 500
	for start := 0; start < n; start += batch {
		var docs []*store.Doc
		for i := start; i < min(n, start+batch); i++ {
			day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%1800)
			place := places[i%len(places)]
			text := fmt.Sprintf("Envoys met in %s on Monday for talks, report %d.\n\n%s\n\n%s", place, i, para, para)
			docs = append(docs, &store.Doc{
				Article: &article.Article{
					ID: fmt.Sprintf("load-%05d", i), Title: fmt.Sprintf("Envoys meet in %s (report %d)", place, i),
					Text: text, Source: sources[i%len(sources)], Date: day, DateSource: article.DateFromJSON, DateConfidence: 1,
				},
				Timexes: []timex.Timex{{Start: strings.Index(text, "Monday"), End: strings.Index(text, "Monday") + 6,
					Text: "Monday", Type: "DATE", Value: day.Format(time.DateOnly)}},
			})
		}
		if _, err := st.Put(ctx, docs); err != nil {
			tb.Fatal(err)
		}
	}
}

// loadResult is the latency distribution of one load run.
type loadResult struct {
	Requests, Errors int
	P50, P90, P99    time.Duration
	Max              time.Duration
	Elapsed          time.Duration
}

func (r loadResult) String() string {
	return fmt.Sprintf("%d requests (%d errors) in %v: %.0f req/s, p50 %v, p90 %v, p99 %v, max %v",
		r.Requests, r.Errors, r.Elapsed.Round(time.Millisecond), float64(r.Requests)/r.Elapsed.Seconds(),
		r.P50.Round(100*time.Microsecond), r.P90.Round(100*time.Microsecond), r.P99.Round(100*time.Microsecond), r.Max.Round(100*time.Microsecond))
}

// runLoad sends up to total GET requests to url from clients concurrent
// clients, for at most limit, and measures each. url must be on loopback.
func runLoad(tb testing.TB, url string, clients, total int, limit time.Duration) loadResult {
	tb.Helper()
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		tb.Fatalf("load only on loopback, not %s", url)
	}
	tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	deadline := time.Now().Add(limit)
	var next atomic.Int64
	var errs atomic.Int64
	lat := make([][]time.Duration, clients)
	start := time.Now()
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			for next.Add(1) <= int64(total) && time.Now().Before(deadline) {
				t0 := time.Now()
				resp, err := client.Get(url)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
				}
				if err != nil {
					errs.Add(1)
					continue
				}
				lat[c] = append(lat[c], time.Since(t0))
			}
		})
	}
	wg.Wait()
	all := slices.Concat(lat...)
	slices.Sort(all)
	r := loadResult{Requests: len(all) + int(errs.Load()), Errors: int(errs.Load()), Elapsed: time.Since(start)}
	if len(all) > 0 {
		q := func(p float64) time.Duration { return all[min(len(all)-1, int(p*float64(len(all))))] }
		r.P50, r.P90, r.P99, r.Max = q(0.50), q(0.90), q(0.99), all[len(all)-1]
	}
	return r
}

// TestLoadLatency measures the main listing page and the main list API
// with 10,000 articles under 50 concurrent clients on loopback, and asks
// for p99 < 100 ms. It is CPU-heavy, so it runs only with STORYLINE_LOAD=1:
//
//	STORYLINE_LOAD=1 go test ./internal/server/ -run TestLoadLatency -v
//
// STORYLINE_LOAD_REQUESTS sets the requests per target (default 2000).
func TestLoadLatency(t *testing.T) {
	if os.Getenv("STORYLINE_LOAD") != "1" {
		t.Skip("set STORYLINE_LOAD=1 to run the load test")
	}
	total := 2000
	if s := os.Getenv("STORYLINE_LOAD_REQUESTS"); s != "" {
		total, _ = strconv.Atoi(s)
	}
	ctx := context.Background()
	st, err := store.OpenSQLite(ctx, filepath.Join(t.TempDir(), "load.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	t0 := time.Now()
	fillArchive(t, st, 10000)
	t.Logf("stored 10,000 articles in %v", time.Since(t0).Round(time.Millisecond))
	srv, err := New(st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	for _, path := range []string{"/articles", "/api/v1/articles", "/"} {
		runLoad(t, ts.URL+path, 4, 50, 10*time.Second) // warm up
		r := runLoad(t, ts.URL+path, 50, total, 60*time.Second)
		t.Logf("GET %s, 50 clients: %v", path, r)
		if r.Errors > 0 {
			t.Errorf("GET %s: %d errors", path, r.Errors)
		}
		if r.P99 >= 100*time.Millisecond {
			t.Errorf("GET %s: p99 %v ≥ 100ms", path, r.P99)
		}
	}
}

// TestStoryLoadLatency measures the story routes over a realistic archive
// of 10,000 articles: the Timeline17 articles analysed once, then stored
// and linked round after round with new ids and shifted dates
// (linkstage.ScaleLoad, as `storyline eval scale` does). It reports the
// latency of the largest story's page, /api/v1/stories and
// /api/v1/events under 50 concurrent clients on loopback; it fails on
// errors, not on machine speed. It is slow (about a minute), so it runs
// only with STORYLINE_LOAD=1 and ../shared/data/t17:
//
//	STORYLINE_LOAD=1 go test ./internal/server/ -run TestStoryLoadLatency -v
//
// internal/server/testdata/load10k.sh measures the same with wrk against
// `storyline serve`.
func TestStoryLoadLatency(t *testing.T) {
	if os.Getenv("STORYLINE_LOAD") != "1" {
		t.Skip("set STORYLINE_LOAD=1 to run the load test")
	}
	paths, _ := filepath.Glob("../../../shared/data/t17/*/articles.json")
	if len(paths) == 0 {
		t.Skip("no ../shared/data/t17")
	}
	total := 5000
	if s := os.Getenv("STORYLINE_LOAD_REQUESTS"); s != "" {
		total, _ = strconv.Atoi(s)
	}
	ctx := context.Background()
	t0 := time.Now()
	mem, _, err := pipeline.IngestInMemory(ctx, paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	docs, err := link.LoadDocs(ctx, mem)
	mem.Close()
	if err != nil {
		t.Fatal(err)
	}
	load, err := linkstage.NewScaleLoad(docs)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.OpenSQLite(ctx, filepath.Join(t.TempDir(), "load.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := linkstage.Scale(ctx, st, load, 10000, 256, nil, nil); err != nil {
		t.Fatal(err)
	}
	t.Logf("analysed %d articles, stored and linked 10,000 in %v", len(docs), time.Since(t0).Round(time.Millisecond))
	var largest store.Story
	err = st.Stories(ctx, func(s store.Story) error {
		if s.Docs > largest.Docs {
			largest = s
		}
		return nil
	})
	if err != nil || largest.ID == "" {
		t.Fatalf("no story: %v", err)
	}
	srv, err := New(st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	t.Logf("largest story %s: %d articles, %d events", largest.ID, largest.Docs, len(largest.Events))
	for _, path := range []string{"/stories/" + largest.ID, "/api/v1/stories", "/api/v1/events", "/api/v1/stories/" + largest.ID} {
		t1 := time.Now()
		runLoad(t, ts.URL+path, 1, 1, time.Minute) // the first request builds what is held
		first := time.Since(t1)
		r := runLoad(t, ts.URL+path, 50, total, 60*time.Second)
		t.Logf("GET %s: first %v; 50 clients: %v", path, first.Round(time.Millisecond), r)
		if r.Errors > 0 {
			t.Errorf("GET %s: %d errors", path, r.Errors)
		}
	}
}
