package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/event"
	"github.com/storyline-news/storyline/internal/timex"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// Highlight markers surround matched terms in Hit.Snippet. They are control
// characters that never occur in cleaned text, so a renderer can escape the
// snippet first and then turn the markers into markup.
const (
	HighlightStart = "\x02"
	HighlightEnd   = "\x03"
)

// SQLite is the embedded Store: one database file in WAL mode.
type SQLite struct {
	db   *sql.DB
	path string
}

var _ Store = (*SQLite)(nil)

// OpenSQLite opens (creating it if needed) the SQLite archive at path and
// brings its schema up to date. ":memory:" opens a private in-memory
// archive, useful in tests.
func OpenSQLite(ctx context.Context, path string) (*SQLite, error) {
	q := url.Values{}
	for _, p := range []string{
		"busy_timeout(10000)",
		"journal_mode(WAL)",
		"synchronous(NORMAL)",
		"foreign_keys(1)",
	} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	dsn := "file:" + path + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if path == ":memory:" {
		// Each connection to :memory: is its own database: keep one.
		db.SetMaxOpenConns(1)
	}
	s := &SQLite{db: db, path: path}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	return s, nil
}

// Close closes the database.
func (s *SQLite) Close() error { return s.db.Close() }

// DB exposes the underlying handle to the other tables that later stages
// add through migrations in this package.
func (s *SQLite) DB() *sql.DB { return s.db }

func (s *SQLite) migrate(ctx context.Context) error {
	// Each step reads the version and applies the next migration in one
	// write transaction, so processes opening the same new archive at once
	// apply every migration exactly once.
	for {
		done, err := s.migrateStep(ctx)
		if err != nil {
			return err
		}
		if done {
			return nil
		}
	}
}

// beginImmediate starts a write transaction (BEGIN IMMEDIATE, see the
// DSN's _txlock), retrying while another connection holds the write lock
// for longer than the busy timeout or SQLite reports a lock it will not
// wait for (a new archive switching to WAL), until ctx is done or 30 s pass.
func (s *SQLite) beginImmediate(ctx context.Context) (*sql.Tx, error) {
	deadline := time.Now().Add(30 * time.Second)
	for {
		tx, err := s.db.BeginTx(ctx, nil)
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return tx, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// isBusy reports whether err is SQLite's "database is locked" or "busy".
func isBusy(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is locked")
}

// migrateStep applies the migration after the archive's current version,
// and reports whether the schema was already up to date.
func (s *SQLite) migrateStep(ctx context.Context) (bool, error) {
	tx, err := s.beginImmediate(ctx)
	if err != nil {
		return false, fmt.Errorf("begin migration: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return false, fmt.Errorf("create schema_migrations: %w", err)
	}
	var current int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return false, fmt.Errorf("read schema version: %w", err)
	}
	if current > len(sqliteMigrations) {
		return false, fmt.Errorf("database schema version %d is newer than this binary knows (%d)", current, len(sqliteMigrations))
	}
	if current == len(sqliteMigrations) {
		return true, nil
	}
	if _, err := tx.ExecContext(ctx, sqliteMigrations[current]); err != nil {
		return false, fmt.Errorf("migration %d: %w", current+1, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)`,
		current+1, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return false, fmt.Errorf("record migration %d: %w", current+1, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("commit migration %d: %w", current+1, err)
	}
	return false, nil
}

const articleCols = `id, version, hash, title, text, url, source, author, language,
	date, date_source, date_confidence, place, origin, format, ingested_at`

// Put implements Store.
func (s *SQLite) Put(ctx context.Context, batch []*Doc) ([]Outcome, error) {
	out := make([]Outcome, len(batch))
	if len(batch) == 0 {
		return out, nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	lookup, err := tx.PrepareContext(ctx, `SELECT version, hash FROM articles WHERE id = ?`)
	if err != nil {
		return nil, fmt.Errorf("prepare lookup: %w", err)
	}
	defer lookup.Close()
	content, err := tx.PrepareContext(ctx, `SELECT title, text FROM articles WHERE id = ?`)
	if err != nil {
		return nil, fmt.Errorf("prepare content lookup: %w", err)
	}
	defer content.Close()
	earlier, err := tx.PrepareContext(ctx, `SELECT 1 FROM article_versions WHERE id = ? AND hash = ? LIMIT 1`)
	if err != nil {
		return nil, fmt.Errorf("prepare version lookup: %w", err)
	}
	defer earlier.Close()
	// derived lists the articles stored under derived ids of an id
	// (RenamedID: the id, "~" and hex digits, so between id+"~" and
	// id+"\x7f" in byte order)
	derived, err := tx.PrepareContext(ctx, `SELECT id, version, hash, title, text FROM articles
		WHERE id > ? AND id < ? ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("prepare renamed lookup: %w", err)
	}
	defer derived.Close()
	// renamedOf finds the article stored under a derived id of id that
	// the content (title, text) is a version of: a renamed article edited
	// since. It returns its id, version and hash, "" when there is none.
	renamedOf := func(id, title, text string) (storedArticle, bool, error) {
		rows, err := derived.QueryContext(ctx, id+"~", id+"\x7f")
		if err != nil {
			return storedArticle{}, false, fmt.Errorf("look up renamed articles of %s: %w", id, err)
		}
		cands, err := collectRows(rows, "look up renamed articles of "+id, scanStoredArticle)
		rows.Close()
		if err != nil {
			return storedArticle{}, false, err
		}
		d, ok := renamedVersionOf(cands, title, text)
		return d, ok, nil
	}
	// state looks up the version and hash stored under id (0, "" when none).
	state := func(id string) (int, string, error) {
		var version int
		var hash string
		err := lookup.QueryRowContext(ctx, id).Scan(&version, &hash)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, "", nil
		}
		if err != nil {
			return 0, "", fmt.Errorf("look up %s: %w", id, err)
		}
		return version, hash, nil
	}
	insert, err := tx.PrepareContext(ctx, `INSERT INTO articles(`+articleCols+`)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT(id) DO UPDATE SET version=excluded.version, hash=excluded.hash,
			title=excluded.title, text=excluded.text, url=excluded.url, source=excluded.source,
			author=excluded.author, language=excluded.language, date=excluded.date,
			date_source=excluded.date_source, date_confidence=excluded.date_confidence,
			place=excluded.place, origin=excluded.origin, format=excluded.format,
			ingested_at=excluded.ingested_at`)
	if err != nil {
		return nil, fmt.Errorf("prepare insert: %w", err)
	}
	defer insert.Close()
	// The version being replaced moves to the history table first.
	history, err := tx.PrepareContext(ctx, `INSERT INTO article_versions(id, version, hash, title, text, date, origin, ingested_at)
		SELECT id, version, hash, title, text, date, origin, ingested_at FROM articles WHERE id = ?`)
	if err != nil {
		return nil, fmt.Errorf("prepare history: %w", err)
	}
	defer history.Close()
	dropTimexes, err := tx.PrepareContext(ctx, `DELETE FROM timexes WHERE id = ?`)
	if err != nil {
		return nil, fmt.Errorf("prepare timex delete: %w", err)
	}
	defer dropTimexes.Close()
	addTimex, err := tx.PrepareContext(ctx, `INSERT INTO timexes(id, n, start, end, text, type, value, mod, quant, freq)
		VALUES (?,?,?,?,?,?,?,?,?,?)`)
	if err != nil {
		return nil, fmt.Errorf("prepare timex insert: %w", err)
	}
	defer addTimex.Close()
	dropEntities, err := tx.PrepareContext(ctx, `DELETE FROM entities WHERE id = ?`)
	if err != nil {
		return nil, fmt.Errorf("prepare entity delete: %w", err)
	}
	defer dropEntities.Close()
	addEntity, err := tx.PrepareContext(ctx, `INSERT INTO entities(id, n, key, type, name, source, country, admin, geoid, aliases, roles, mentions)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`)
	if err != nil {
		return nil, fmt.Errorf("prepare entity insert: %w", err)
	}
	defer addEntity.Close()
	dropEvents, err := tx.PrepareContext(ctx, `DELETE FROM events WHERE id = ?`)
	if err != nil {
		return nil, fmt.Errorf("prepare event delete: %w", err)
	}
	defer dropEvents.Close()
	addEvent, err := tx.PrepareContext(ctx, `INSERT INTO events(id, n, kind, status, value, start, place, names, data)
		VALUES (?,?,?,?,?,?,?,?,?)`)
	if err != nil {
		return nil, fmt.Errorf("prepare event insert: %w", err)
	}
	defer addEvent.Close()

	now := time.Now().UTC().Format(time.RFC3339Nano)
	// renamed holds the derived ids, set on the batch once it is stored.
	renamed := make(map[int]string)
	for i, d := range batch {
		if d.Article.ID == "" {
			return nil, fmt.Errorf("article %d of batch (%s): empty id", i, d.Article.Origin)
		}
	}
	for i, d := range batch {
		a := d.Article
		id := a.ID
		hash := article.ContentHash(a)
		// The lookups see the earlier documents of the batch, stored in tx.
		version, oldHash, err := state(id)
		if err != nil {
			return nil, err
		}
		switch {
		case version == 0:
			out[i] = Added
		case oldHash == hash:
			out[i] = Duplicate
		default:
			// an earlier version read again does not replace the newer
			var one int
			switch err := earlier.QueryRowContext(ctx, id, hash).Scan(&one); {
			case err == nil:
				out[i] = Duplicate
			case !errors.Is(err, sql.ErrNoRows):
				return nil, fmt.Errorf("look up versions of %s: %w", id, err)
			}
			if out[i] == Duplicate {
				break
			}
			var oldTitle, oldText string
			if err := content.QueryRowContext(ctx, id).Scan(&oldTitle, &oldText); err != nil {
				return nil, fmt.Errorf("read stored content of %s: %w", id, err)
			}
			if SameArticle(oldTitle, oldText, a.Title, a.Text) {
				out[i] = Updated
				break
			}
			// Another article holds the id: this one may be a renamed
			// article's new version.
			d, ok, err := renamedOf(id, a.Title, a.Text)
			if err != nil {
				return nil, err
			}
			if ok {
				id, version = d.id, d.version
				renamed[i] = id
				switch err := earlier.QueryRowContext(ctx, id, hash).Scan(new(int)); {
				case d.hash == hash || err == nil:
					out[i] = Duplicate
				case errors.Is(err, sql.ErrNoRows):
					out[i] = Updated
				default:
					return nil, fmt.Errorf("look up versions of %s: %w", id, err)
				}
				break
			}
			id = RenamedID(id, hash)
			renamed[i] = id
			if version, oldHash, err = state(id); err != nil {
				return nil, err
			}
			out[i] = derivedOutcome(version, oldHash, hash)
		}
		if out[i] == Duplicate {
			continue
		}
		if version > 0 {
			if _, err := history.ExecContext(ctx, id); err != nil {
				return nil, fmt.Errorf("keep previous version of %s: %w", id, err)
			}
		}
		version++
		if _, err := insert.ExecContext(ctx, id, version, hash, a.Title, a.Text, a.URL, a.Source,
			a.Author, a.Language, formatDate(a.Date), a.DateSource, a.DateConfidence, a.Place, a.Origin,
			a.Format, now); err != nil {
			return nil, fmt.Errorf("store %s: %w", id, err)
		}
		if version > 1 {
			if _, err := dropTimexes.ExecContext(ctx, id); err != nil {
				return nil, fmt.Errorf("replace timexes of %s: %w", id, err)
			}
			if _, err := dropEntities.ExecContext(ctx, id); err != nil {
				return nil, fmt.Errorf("replace entities of %s: %w", id, err)
			}
			if _, err := dropEvents.ExecContext(ctx, id); err != nil {
				return nil, fmt.Errorf("replace events of %s: %w", id, err)
			}
		}
		for n, ev := range d.Events {
			data, err := json.Marshal(ev)
			if err != nil {
				return nil, fmt.Errorf("encode event %d of %s: %w", n, id, err)
			}
			start := ""
			if t, _, ok := timex.ValueRange(ev.When); ok {
				start = t.UTC().Format("2006-01-02")
			}
			names := "\x1f" + strings.ToLower(strings.Join(ev.Names(), "\x1f")) + "\x1f"
			if _, err := addEvent.ExecContext(ctx, id, n, ev.Kind, ev.Status, ev.When, start, ev.Place,
				names, string(data)); err != nil {
				return nil, fmt.Errorf("store event %d of %s: %w", n, id, err)
			}
		}
		for n, e := range d.Entities {
			aliases, roles, mentions, err := entityJSON(e)
			if err != nil {
				return nil, fmt.Errorf("encode entity %d of %s: %w", n, id, err)
			}
			if _, err := addEntity.ExecContext(ctx, id, n, e.Key, e.Type, e.Name, e.Source, e.Country,
				e.Admin, e.GeoID, aliases, roles, mentions); err != nil {
				return nil, fmt.Errorf("store entity %d of %s: %w", n, id, err)
			}
		}
		for n, t := range d.Timexes {
			if _, err := addTimex.ExecContext(ctx, id, n, t.Start, t.End, t.Text, t.Type, t.Value,
				t.Mod, t.Quant, t.Freq); err != nil {
				return nil, fmt.Errorf("store timex %d of %s: %w", n, id, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("commit batch: %w", err)
	}
	for i, id := range renamed {
		batch[i].Article.ID = id
	}
	return out, nil
}

// Get implements Store.
func (s *SQLite) Get(ctx context.Context, id string) (*Record, error) {
	row := s.db.QueryRowContext(ctx, `SELECT `+articleCols+` FROM articles WHERE id = ?`, id)
	r, err := scanRecord(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("article %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read article %q: %w", id, err)
	}
	return r, nil
}

// Timexes implements Store.
func (s *SQLite) Timexes(ctx context.Context, id string) ([]timex.Timex, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT start, end, text, type, value, mod, quant, freq
		FROM timexes WHERE id = ? ORDER BY n`, id)
	if err != nil {
		return nil, fmt.Errorf("read timexes of %s: %w", id, err)
	}
	defer rows.Close()
	return collectRows(rows, "read timexes of "+id, scanTimex)
}

// Entities implements Store.
func (s *SQLite) Entities(ctx context.Context, id string) ([]entity.Entity, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, `+entityCols+` FROM entities WHERE id = ? ORDER BY n`, id)
	if err != nil {
		return nil, fmt.Errorf("read entities of %s: %w", id, err)
	}
	defer rows.Close()
	return collectRows(rows, "read entities of "+id, entityOnly(scanEntity))
}

// EachEntities implements Store.
func (s *SQLite) EachEntities(ctx context.Context, fn func(id string, ents []entity.Entity) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT e.id, e.key, e.type, e.name, e.source, e.country, e.admin,
			e.geoid, e.aliases, e.roles, e.mentions
		FROM entities e JOIN articles a ON a.id = e.id ORDER BY a.seq, e.n`)
	if err != nil {
		return fmt.Errorf("read entities: %w", err)
	}
	defer rows.Close()
	return eachArticleEntities(rows, scanEntity, fn)
}

// Events implements Store.
func (s *SQLite) Events(ctx context.Context, f EventFilter, fn func(StoredEvent) error) error {
	q, args := eventsQuery(sqliteDialect, f)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("read events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var se StoredEvent
		var data string
		if err := rows.Scan(&se.Doc, &se.N, &data); err != nil {
			return fmt.Errorf("read events: %w", err)
		}
		var ev event.Event
		if err := json.Unmarshal([]byte(data), &ev); err != nil {
			return fmt.Errorf("decode event %d of %s: %w", se.N, se.Doc, err)
		}
		se.Event = ev
		if err := fn(se); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read events: %w", err)
	}
	return nil
}

const entityCols = `key, type, name, source, country, admin, geoid, aliases, roles, mentions`

func scanEntity(sc scanner) (string, entity.Entity, error) {
	var id, aliases, roles, mentions string
	var e entity.Entity
	err := sc.Scan(&id, &e.Key, &e.Type, &e.Name, &e.Source, &e.Country, &e.Admin, &e.GeoID, &aliases, &roles, &mentions)
	if err != nil {
		return "", e, err
	}
	if err := json.Unmarshal([]byte(aliases), &e.Aliases); err != nil {
		return "", e, fmt.Errorf("aliases of %s/%s: %w", id, e.Key, err)
	}
	if err := json.Unmarshal([]byte(roles), &e.Roles); err != nil {
		return "", e, fmt.Errorf("roles of %s/%s: %w", id, e.Key, err)
	}
	if err := json.Unmarshal([]byte(mentions), &e.Mentions); err != nil {
		return "", e, fmt.Errorf("mentions of %s/%s: %w", id, e.Key, err)
	}
	return id, e, nil
}

func entityJSON(e entity.Entity) (aliases, roles, mentions string, err error) {
	enc := func(v any) string {
		if err != nil {
			return ""
		}
		var b []byte
		b, err = json.Marshal(v)
		return string(b)
	}
	aliases = enc(nonNil(e.Aliases))
	roles = enc(nonNil(e.Roles))
	mentions = enc(nonNil(e.Mentions))
	return aliases, roles, mentions, err
}

// nonNil turns a nil slice into an empty one, so it encodes as [].
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// List implements Store.
func (s *SQLite) List(ctx context.Context, opts ListOptions, fn func(*Record) error) error {
	return s.ListFiltered(ctx, ListQuery{Order: opts.Order, Limit: opts.Limit, Offset: opts.Offset}, fn)
}

// Search implements Store. A query that is not valid FTS5 syntax is retried
// with each of its words quoted, so user input never fails on syntax.
func (s *SQLite) Search(ctx context.Context, query string, limit int) ([]Hit, error) {
	if strings.TrimSpace(query) == "" {
		return nil, nil
	}
	if limit <= 0 {
		limit = 20
	}
	hits, err := s.search(ctx, query, limit)
	if err != nil && isFTSSyntaxError(err) {
		hits, err = s.search(ctx, quoteTerms(query), limit)
	}
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	return hits, nil
}

func (s *SQLite) search(ctx context.Context, query string, limit int) ([]Hit, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.title, a.date, a.source,
			snippet(articles_fts, 1, ?, ?, '…', 16), bm25(articles_fts, 5.0, 1.0)
		FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
		WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 5.0, 1.0) LIMIT ?`,
		HighlightStart, HighlightEnd, query, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var hits []Hit
	for rows.Next() {
		var h Hit
		var date string
		if err := rows.Scan(&h.ID, &h.Title, &date, &h.Source, &h.Snippet, &h.Score); err != nil {
			return nil, err
		}
		h.Score = -h.Score
		h.Date = parseDate(date)
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

// Stats implements Store.
func (s *SQLite) Stats(ctx context.Context) (Stats, error) {
	var st Stats
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(version), 0) FROM articles`).
		Scan(&st.Articles, &st.Versions)
	if err != nil {
		return st, fmt.Errorf("count archive: %w", err)
	}
	return st, nil
}

type scanner interface{ Scan(dest ...any) error }

func scanRecord(sc scanner) (*Record, error) {
	var r Record
	var date, ingested string
	err := sc.Scan(&r.ID, &r.Version, &r.Hash, &r.Title, &r.Text, &r.URL, &r.Source, &r.Author,
		&r.Language, &date, &r.DateSource, &r.DateConfidence, &r.Place, &r.Origin, &r.Format, &ingested)
	if err != nil {
		return nil, err
	}
	r.Date = parseDate(date)
	r.IngestedAt, _ = time.Parse(time.RFC3339Nano, ingested)
	return &r, nil
}

// formatDate stores dates as RFC 3339 in UTC so that text order is time
// order; the zero time is stored as the empty string.
func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

func parseDate(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

func isFTSSyntaxError(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "fts5: syntax error") || strings.Contains(msg, "no such column") ||
		strings.Contains(msg, "unterminated string") || strings.Contains(msg, "unknown special query")
}

// quoteTerms turns free text into an FTS5 query matching every word.
func quoteTerms(q string) string {
	fields := strings.FieldsFunc(q, func(r rune) bool {
		return !(r == '\'' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127)
	})
	for i, f := range fields {
		fields[i] = `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
	}
	if len(fields) == 0 {
		return `""`
	}
	return strings.Join(fields, " ")
}
