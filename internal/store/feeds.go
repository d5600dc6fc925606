package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// FeedState is what live polling (storyline watch) remembers of one feed
// between polls: the validators of its last successful response, for
// conditional GET, and its backoff after errors.
type FeedState struct {
	// URL is the feed's address, its key.
	URL string
	// ETag and LastModified are the validators of the last 200 response,
	// sent back as If-None-Match and If-Modified-Since.
	ETag         string
	LastModified string
	// Failures counts consecutive failed polls; 0 after a success.
	Failures int
	// NextPoll is the earliest time of the next poll; zero means now.
	NextPoll time.Time
	// LastPolled is when the feed was last polled; zero if never.
	LastPolled time.Time
	// LastError is the error of the last poll, "" after a success.
	LastError string
}

// FeedState returns the stored state of the feed at url, or a zero state
// (with URL set) for a feed never polled.
func (s *SQLite) FeedState(ctx context.Context, url string) (FeedState, error) {
	st := FeedState{URL: url}
	var next, polled string
	err := s.db.QueryRowContext(ctx, `SELECT etag, last_modified, failures, next_poll, last_polled, last_error
		FROM watch_feeds WHERE url = ?`, url).
		Scan(&st.ETag, &st.LastModified, &st.Failures, &next, &polled, &st.LastError)
	if errors.Is(err, sql.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("read feed state of %s: %w", url, err)
	}
	st.NextPoll, _ = time.Parse(time.RFC3339Nano, next)
	st.LastPolled, _ = time.Parse(time.RFC3339Nano, polled)
	return st, nil
}

// SaveFeedState stores st, replacing the previous state of st.URL.
func (s *SQLite) SaveFeedState(ctx context.Context, st FeedState) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO watch_feeds(url, etag, last_modified, failures, next_poll, last_polled, last_error)
		VALUES (?,?,?,?,?,?,?)
		ON CONFLICT(url) DO UPDATE SET etag=excluded.etag, last_modified=excluded.last_modified,
			failures=excluded.failures, next_poll=excluded.next_poll, last_polled=excluded.last_polled,
			last_error=excluded.last_error`,
		st.URL, st.ETag, st.LastModified, st.Failures, formatTime(st.NextPoll), formatTime(st.LastPolled), st.LastError)
	if err != nil {
		return fmt.Errorf("save feed state of %s: %w", st.URL, err)
	}
	return nil
}

// SeenItems returns which of items (feed item keys) were already marked
// seen for feed.
func (s *SQLite) SeenItems(ctx context.Context, feed string, items []string) (map[string]bool, error) {
	seen := make(map[string]bool, len(items))
	if len(items) == 0 {
		return seen, nil
	}
	stmt, err := s.db.PrepareContext(ctx, `SELECT 1 FROM watch_items WHERE feed = ? AND item = ?`)
	if err != nil {
		return nil, fmt.Errorf("seen items of %s: %w", feed, err)
	}
	defer stmt.Close()
	for _, it := range items {
		var one int
		err := stmt.QueryRowContext(ctx, feed, it).Scan(&one)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return nil, fmt.Errorf("seen items of %s: %w", feed, err)
		default:
			seen[it] = true
		}
	}
	return seen, nil
}

// MarkSeen records that the items of feed (item key to the document id it
// was stored under) have been ingested, in one transaction.
func (s *SQLite) MarkSeen(ctx context.Context, feed string, items map[string]string) error {
	if len(items) == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("mark items of %s seen: %w", feed, err)
	}
	defer tx.Rollback()
	now := formatTime(time.Now())
	for item, doc := range items {
		if _, err := tx.ExecContext(ctx, `INSERT INTO watch_items(feed, item, doc, seen_at) VALUES (?,?,?,?)
			ON CONFLICT(feed, item) DO NOTHING`, feed, item, doc, now); err != nil {
			return fmt.Errorf("mark item %s of %s seen: %w", item, feed, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("mark items of %s seen: %w", feed, err)
	}
	return nil
}

// formatTime stores an instant as RFC 3339 in UTC; the zero time as "".
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}
