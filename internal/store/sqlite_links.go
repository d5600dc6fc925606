package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/timex"
)

// PutLinks implements Store.
func (s *SQLite) PutLinks(ctx context.Context, b LinkBatch) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin links: %w", err)
	}
	defer tx.Rollback()
	if b.Fence != 0 {
		// The transaction holds the write lock from its start (_txlock):
		// no LockLinks takes a generation until it ends.
		var latest int64
		if err := tx.QueryRowContext(ctx, `SELECT generation FROM link_lease WHERE k = 1`).Scan(&latest); err != nil {
			return fmt.Errorf("store links: read the link lock's generation: %w", err)
		}
		if latest != b.Fence {
			return fenceError(b.Fence, latest)
		}
	}
	if err := putLinks(ctx, tx, b); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit links: %w", err)
	}
	return nil
}

func putLinks(ctx context.Context, tx *sql.Tx, b LinkBatch) error {
	prep := func(q string) (*sql.Stmt, error) {
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("prepare link statement: %w", err)
		}
		return st, nil
	}
	// the events the batch's articles reported before: those left without
	// any report once the batch is stored are deleted
	var before []string
	for _, d := range b.Docs {
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT event FROM link_mentions WHERE doc = ?`, d.Doc)
		if err != nil {
			return fmt.Errorf("read mentions of %s: %w", d.Doc, err)
		}
		for rows.Next() {
			var ev string
			if err := rows.Scan(&ev); err != nil {
				rows.Close()
				return fmt.Errorf("read mentions of %s: %w", d.Doc, err)
			}
			before = append(before, ev)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("read mentions of %s: %w", d.Doc, err)
		}
	}
	if len(b.Docs) > 0 {
		doc, err := prep(`INSERT OR REPLACE INTO link_docs(doc, seq, hash, cluster, story, duplicate_of, events)
			VALUES (?,?,?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer doc.Close()
		drop, err := prep(`DELETE FROM link_mentions WHERE doc = ?`)
		if err != nil {
			return err
		}
		defer drop.Close()
		for _, d := range b.Docs {
			evs, err := json.Marshal(nonNil(d.Events))
			if err != nil {
				return fmt.Errorf("encode links of %s: %w", d.Doc, err)
			}
			if _, err := drop.ExecContext(ctx, d.Doc); err != nil {
				return fmt.Errorf("replace mentions of %s: %w", d.Doc, err)
			}
			if _, err := doc.ExecContext(ctx, d.Doc, d.Seq, d.Hash, d.Cluster, d.Story, d.DuplicateOf, string(evs)); err != nil {
				return fmt.Errorf("store links of %s: %w", d.Doc, err)
			}
		}
	}
	if len(b.Mentions) > 0 {
		men, err := prep(`INSERT OR REPLACE INTO link_mentions(doc, n, event, seq, sentence, status, value, date, duplicate)
			VALUES (?,?,?,?,?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer men.Close()
		for _, m := range b.Mentions {
			if _, err := men.ExecContext(ctx, m.Doc, m.N, m.Event, m.Seq, m.Sentence, m.Status, m.When,
				formatDate(m.Date), m.Duplicate); err != nil {
				return fmt.Errorf("store mention %d of %s: %w", m.N, m.Doc, err)
			}
		}
	}
	for _, m := range b.Moves {
		if _, err := tx.ExecContext(ctx, `UPDATE link_docs SET cluster = ? WHERE doc = ?`, m.Into, m.Doc); err != nil {
			return fmt.Errorf("move %s to %s: %w", m.Doc, m.Into, err)
		}
	}
	for _, m := range b.Merges {
		for _, q := range []string{
			`UPDATE link_docs SET cluster = ?2 WHERE cluster = ?1`,
			`UPDATE link_docs SET story = ?2 WHERE story = ?1`,
			`UPDATE link_events SET cluster = ?2 WHERE cluster = ?1`,
			`UPDATE link_events SET story = ?2 WHERE story = ?1`,
			`DELETE FROM link_stories WHERE id = ?1`,
		} {
			if _, err := tx.ExecContext(ctx, q, m.From, m.Into); err != nil {
				return fmt.Errorf("merge %s into %s: %w", m.From, m.Into, err)
			}
		}
	}
	if len(b.Events) > 0 {
		ev, err := prep(`INSERT OR REPLACE INTO link_events(id, seq, kind, status, value, value_text, start, place,
			pids, names, cluster, story, data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer ev.Close()
		for _, e := range b.Events {
			e.Mentions = nil
			data, err := json.Marshal(e)
			if err != nil {
				return fmt.Errorf("encode event %s: %w", e.ID, err)
			}
			start := ""
			if t, _, ok := timex.ValueRange(e.When); ok {
				start = t.UTC().Format("2006-01-02")
			}
			if _, err := ev.ExecContext(ctx, e.ID, e.Seq, e.Kind, e.Status, e.When, e.WhenText, start, e.Place,
				sepList(e.Participants, false), sepList(e.Names, true), e.Cluster, e.Story, string(data)); err != nil {
				return fmt.Errorf("store event %s: %w", e.ID, err)
			}
		}
	}
	if len(b.Stories) > 0 {
		st, err := prep(`INSERT OR REPLACE INTO link_stories(id, seq, title, start, end, docs, reports, clusters, events)
			VALUES (?,?,?,?,?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, g := range b.Stories {
			cl, err := json.Marshal(nonNil(g.Clusters))
			if err != nil {
				return fmt.Errorf("encode story %s: %w", g.ID, err)
			}
			evs, err := json.Marshal(nonNil(g.Events))
			if err != nil {
				return fmt.Errorf("encode story %s: %w", g.ID, err)
			}
			if _, err := st.ExecContext(ctx, g.ID, g.Seq, g.Title, formatDate(g.Start), formatDate(g.End), g.Docs,
				g.Reports, string(cl), string(evs)); err != nil {
				return fmt.Errorf("store story %s: %w", g.ID, err)
			}
		}
	}
	if len(b.Names) > 0 {
		nm, err := prep(`INSERT OR REPLACE INTO link_entities(id, name) VALUES (?, ?)`)
		if err != nil {
			return err
		}
		defer nm.Close()
		for id, name := range b.Names {
			if _, err := nm.ExecContext(ctx, id, name); err != nil {
				return fmt.Errorf("store entity name %s: %w", id, err)
			}
		}
	}
	for _, ev := range before {
		if _, err := tx.ExecContext(ctx, `DELETE FROM link_events WHERE id = ?1
			AND NOT EXISTS (SELECT 1 FROM link_mentions WHERE event = ?1)`, ev); err != nil {
			return fmt.Errorf("drop unreported event %s: %w", ev, err)
		}
	}
	if b.State != nil {
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO link_state(k, seq, data, updated_at) VALUES (1, ?, ?, ?)`,
			b.Seq, b.State, time.Now().UTC().Format(time.RFC3339Nano)); err != nil {
			return fmt.Errorf("store linker state: %w", err)
		}
	}
	return nil
}

// sepList joins a list as \x1f-separated values with a \x1f at each end,
// so that instr finds one whole value; lower-cased when lower.
func sepList(v []string, lower bool) string {
	s := "\x1f" + strings.Join(v, "\x1f") + "\x1f"
	if lower {
		s = strings.ToLower(s)
	}
	return s
}

// LinkState implements Store.
func (s *SQLite) LinkState(ctx context.Context) (LinkState, error) {
	return scanLinkState(s.db.QueryRowContext(ctx, linkStateQuery), sql.ErrNoRows)
}

// Unlinked implements Store.
func (s *SQLite) Unlinked(ctx context.Context, fn func(id string) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT a.id FROM articles a LEFT JOIN link_docs l ON l.doc = a.id
		WHERE l.doc IS NULL OR l.hash != a.hash ORDER BY a.date != '', a.date, a.id`)
	if err != nil {
		return fmt.Errorf("list unlinked articles: %w", err)
	}
	// Collect first: fn may write links while we read.
	ids, err := collectRows(rows, "list unlinked articles", scanString)
	rows.Close()
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := fn(id); err != nil {
			return err
		}
	}
	return nil
}

const docLinkCols = `doc, seq, hash, cluster, story, duplicate_of, events`

func scanDocLink(sc scanner) (DocLink, error) {
	var d DocLink
	var evs string
	if err := sc.Scan(&d.Doc, &d.Seq, &d.Hash, &d.Cluster, &d.Story, &d.DuplicateOf, &evs); err != nil {
		return d, err
	}
	if err := json.Unmarshal([]byte(evs), &d.Events); err != nil {
		return d, fmt.Errorf("events of %s: %w", d.Doc, err)
	}
	return d, nil
}

func (s *SQLite) eachDocLink(ctx context.Context, q string, args []any, fn func(DocLink) error) error {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("read doc links: %w", err)
	}
	defer rows.Close()
	return eachRow(rows, "read doc links", scanDocLink, fn)
}

// LinkedSince implements Store.
func (s *SQLite) LinkedSince(ctx context.Context, seq int, fn func(DocLink) error) error {
	var all []DocLink
	err := s.eachDocLink(ctx, `SELECT `+docLinkCols+` FROM link_docs WHERE seq > ? ORDER BY seq`, []any{seq},
		func(d DocLink) error { all = append(all, d); return nil })
	if err != nil {
		return err
	}
	for _, d := range all {
		if err := fn(d); err != nil {
			return err
		}
	}
	return nil
}

// DocLinks implements Store.
func (s *SQLite) DocLinks(ctx context.Context, story string, fn func(DocLink) error) error {
	if story != "" {
		return s.eachDocLink(ctx, `SELECT `+docLinkCols+` FROM link_docs WHERE story = ? ORDER BY seq`, []any{story}, fn)
	}
	return s.eachDocLink(ctx, `SELECT `+docLinkCols+` FROM link_docs ORDER BY seq`, nil, fn)
}

// DocLink implements Store.
func (s *SQLite) DocLink(ctx context.Context, doc string) (DocLink, error) {
	d, err := scanDocLink(s.db.QueryRowContext(ctx, `SELECT `+docLinkCols+` FROM link_docs WHERE doc = ?`, doc))
	if errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("links of %q: %w", doc, ErrNotFound)
	}
	if err != nil {
		return d, fmt.Errorf("read links of %q: %w", doc, err)
	}
	return d, nil
}

// LinkedEvents implements Store.
func (s *SQLite) LinkedEvents(ctx context.Context, f LinkFilter, fn func(LinkedEvent) error) error {
	q, args := linkedEventsQuery(sqliteDialect, f)
	evs, err := s.readEvents(ctx, q, args)
	if err != nil {
		return err
	}
	for _, e := range evs {
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

// LinkedEvent implements Store.
func (s *SQLite) LinkedEvent(ctx context.Context, id string) (LinkedEvent, error) {
	evs, err := s.readEvents(ctx, `SELECT e.data, e.cluster, e.story FROM link_events e WHERE e.id = ?`, []any{id})
	if err != nil {
		return LinkedEvent{}, err
	}
	if len(evs) == 0 {
		return LinkedEvent{}, fmt.Errorf("linked event %q: %w", id, ErrNotFound)
	}
	return evs[0], nil
}

// readEvents reads the events a query selects, then their mentions and
// the current names of their participants.
func (s *SQLite) readEvents(ctx context.Context, q string, args []any) ([]LinkedEvent, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read linked events: %w", err)
	}
	var evs []LinkedEvent
	at := map[string]int{}
	for rows.Next() {
		var data string
		var e LinkedEvent
		var cl, st string
		if err := rows.Scan(&data, &cl, &st); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read linked events: %w", err)
		}
		if err := json.Unmarshal([]byte(data), &e); err != nil {
			rows.Close()
			return nil, fmt.Errorf("decode linked event: %w", err)
		}
		e.Cluster, e.Story = cl, st
		at[e.ID] = len(evs)
		evs = append(evs, e)
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return nil, fmt.Errorf("read linked events: %w", err)
	}
	if len(evs) == 0 {
		return nil, nil
	}
	ids := make([]string, 0, len(evs))
	pids := map[string]bool{}
	for _, e := range evs {
		ids = append(ids, e.ID)
		for _, p := range e.Participants {
			pids[p] = true
		}
	}
	err = inChunks(ids, func(in string, a []any) error {
		rows, err := s.db.QueryContext(ctx, `SELECT event, doc, n, seq, sentence, status, value, date, duplicate
			FROM link_mentions WHERE event IN (`+in+`) ORDER BY seq, n`, a...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m Mention
			var date string
			if err := rows.Scan(&m.Event, &m.Doc, &m.N, &m.Seq, &m.Sentence, &m.Status, &m.When, &date, &m.Duplicate); err != nil {
				return err
			}
			m.Date = parseDate(date)
			i := at[m.Event]
			evs[i].Mentions = append(evs[i].Mentions, m)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("read mentions: %w", err)
	}
	names := map[string]string{}
	keys := make([]string, 0, len(pids))
	for p := range pids {
		keys = append(keys, p)
	}
	err = inChunks(keys, func(in string, a []any) error {
		rows, err := s.db.QueryContext(ctx, `SELECT id, name FROM link_entities WHERE id IN (`+in+`)`, a...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, name string
			if err := rows.Scan(&id, &name); err != nil {
				return err
			}
			names[id] = name
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("read entity names: %w", err)
	}
	for i := range evs {
		e := &evs[i]
		for j, p := range e.Participants {
			if n := names[p]; n != "" && j < len(e.Names) {
				e.Names[j] = n
			}
		}
	}
	return evs, nil
}

// inChunks calls fn with "?,?,…" placeholders and their arguments for
// successive chunks of ids.
func inChunks(ids []string, fn func(in string, args []any) error) error {
	const chunk = 500
	for lo := 0; lo < len(ids); lo += chunk {
		part := ids[lo:min(lo+chunk, len(ids))]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		if err := fn(strings.TrimSuffix(strings.Repeat("?,", len(part)), ","), args); err != nil {
			return err
		}
	}
	return nil
}

const storyCols = `id, seq, title, start, end, docs, reports, clusters, events`

func scanStory(sc scanner) (Story, error) {
	var g Story
	var start, end, cl, evs string
	if err := sc.Scan(&g.ID, &g.Seq, &g.Title, &start, &end, &g.Docs, &g.Reports, &cl, &evs); err != nil {
		return g, err
	}
	g.Start, g.End = parseDate(start), parseDate(end)
	if err := json.Unmarshal([]byte(cl), &g.Clusters); err != nil {
		return g, fmt.Errorf("clusters of %s: %w", g.ID, err)
	}
	if err := json.Unmarshal([]byte(evs), &g.Events); err != nil {
		return g, fmt.Errorf("events of %s: %w", g.ID, err)
	}
	return g, nil
}

// Stories implements Store.
func (s *SQLite) Stories(ctx context.Context, fn func(Story) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT `+storyCols+` FROM link_stories ORDER BY seq, id`)
	if err != nil {
		return fmt.Errorf("read stories: %w", err)
	}
	defer rows.Close()
	return eachRow(rows, "read stories", scanStory, fn)
}

// Story implements Store.
func (s *SQLite) Story(ctx context.Context, id string) (Story, error) {
	g, err := scanStory(s.db.QueryRowContext(ctx, `SELECT `+storyCols+` FROM link_stories WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return g, fmt.Errorf("story %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return g, fmt.Errorf("read story %q: %w", id, err)
	}
	return g, nil
}

// ClearLinks implements Store.
func (s *SQLite) ClearLinks(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin clear links: %w", err)
	}
	defer tx.Rollback()
	for _, t := range []string{"link_docs", "link_mentions", "link_events", "link_stories", "link_entities", "link_state"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t); err != nil {
			return fmt.Errorf("clear %s: %w", t, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit clear links: %w", err)
	}
	return nil
}
