package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/pgtest"
)

// TestWatchIngestsAFeedUntilStopped watches a feed into a SQLite file, and
// into PostgreSQL when STORYLINE_TEST_POSTGRES is set.
func TestWatchIngestsAFeedUntilStopped(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testWatchIngests(t, filepath.Join(t.TempDir(), "w.db")) })
	t.Run("postgres", func(t *testing.T) { testWatchIngests(t, pgtest.DSN(t)) })
}

func testWatchIngests(t *testing.T, db string) {
	text := strings.Repeat("Foreign ministers met in Vienna on Monday for talks on the ceasefire. ", 12)
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><guid>w-1</guid><title>Ministers meet</title><link>http://example.invalid/w-1</link><description>%s</description></item>
</channel></rss>`, text)
	}))
	defer feed.Close()
	dir := t.TempDir()
	list := filepath.Join(dir, "feeds.txt")
	if err := os.WriteFile(list, []byte("# test feed\n"+feed.URL+"/rss\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e, _ := newServeTestEnv(ctx, db)
	cmd := &watchCmd{Feeds: list, inputFlags: inputFlags{AllowPrivate: true, MaxBytes: 1 << 20},
		watchFlags: watchFlags{Interval: time.Hour, HostDelay: time.Millisecond, MaxBackoff: time.Hour}}
	done := make(chan error, 1)
	go func() { done <- cmd.Run(e) }()
	var found bool
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline) && !found; time.Sleep(50 * time.Millisecond) {
		st, err := store.Open(context.Background(), db)
		if err != nil {
			continue
		}
		_, err = st.Get(context.Background(), "w-1")
		st.Close()
		found = err == nil
	}
	cancel()
	awaitStop(t, "watch", done)
	if !found {
		t.Error("the feed's item was not ingested")
	}
}
