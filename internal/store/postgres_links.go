package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/storyline-news/storyline/internal/timex"
)

// PutLinks implements Store, in one transaction: one query reads the
// events the batch's articles reported before, then every write goes to
// the server in one round trip.
func (p *Postgres) PutLinks(ctx context.Context, lb LinkBatch) error {
	tx, err := p.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin links: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if lb.Fence != 0 {
		// FOR SHARE: a LockLinks taking the next generation waits for
		// this transaction to end.
		var latest int64
		if err := tx.QueryRow(ctx, `SELECT generation FROM link_lease WHERE k = 1 FOR SHARE`).Scan(&latest); err != nil {
			return fmt.Errorf("store links: read the link lock's generation: %w", err)
		}
		if latest != lb.Fence {
			return fenceError(lb.Fence, latest)
		}
	}
	// The events the batch's articles reported before: those left without
	// any report once the batch is stored are deleted.
	var before []string
	if len(lb.Docs) > 0 {
		docs := make([]string, len(lb.Docs))
		for i, d := range lb.Docs {
			docs[i] = pgText(d.Doc)
		}
		rows, err := tx.Query(ctx, `SELECT DISTINCT event FROM link_mentions WHERE doc = ANY($1)`, docs)
		if err != nil {
			return fmt.Errorf("read mentions of the batch: %w", err)
		}
		if before, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
			return fmt.Errorf("read mentions of the batch: %w", err)
		}
	}
	var b pgx.Batch
	var what []string
	queue := func(desc, sql string, args ...any) {
		b.Queue(sql, args...)
		what = append(what, desc)
	}
	for _, d := range lb.Docs {
		evs, err := json.Marshal(nonNil(d.Events))
		if err != nil {
			return fmt.Errorf("encode links of %s: %w", d.Doc, err)
		}
		doc := pgText(d.Doc)
		queue("replace mentions of "+d.Doc, `DELETE FROM link_mentions WHERE doc = $1`, doc)
		queue("store links of "+d.Doc, `INSERT INTO link_docs(doc, seq, hash, cluster, story, duplicate_of, events)
			VALUES ($1,$2,$3,$4,$5,$6,$7::jsonb)
			ON CONFLICT (doc) DO UPDATE SET seq=excluded.seq, hash=excluded.hash, cluster=excluded.cluster,
				story=excluded.story, duplicate_of=excluded.duplicate_of, events=excluded.events`,
			doc, d.Seq, pgText(d.Hash), pgText(d.Cluster), pgText(d.Story), pgText(d.DuplicateOf), pgJSON(string(evs)))
	}
	for _, m := range lb.Mentions {
		queue(fmt.Sprintf("store mention %d of %s", m.N, m.Doc), `INSERT INTO link_mentions(doc, n, event, seq, sentence, status, value, date, duplicate)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)
			ON CONFLICT (doc, n) DO UPDATE SET event=excluded.event, seq=excluded.seq, sentence=excluded.sentence,
				status=excluded.status, value=excluded.value, date=excluded.date, duplicate=excluded.duplicate`,
			pgText(m.Doc), m.N, pgText(m.Event), m.Seq, pgText(m.Sentence), pgText(m.Status), pgText(m.When),
			pgTime(m.Date.Truncate(time.Second)), m.Duplicate)
	}
	for _, m := range lb.Moves {
		queue("move "+m.Doc+" to "+m.Into, `UPDATE link_docs SET cluster = $2 WHERE doc = $1`, pgText(m.Doc), pgText(m.Into))
	}
	for _, m := range lb.Merges {
		from, into := pgText(m.From), pgText(m.Into)
		desc := "merge " + m.From + " into " + m.Into
		queue(desc, `UPDATE link_docs SET cluster = $2 WHERE cluster = $1`, from, into)
		queue(desc, `UPDATE link_docs SET story = $2 WHERE story = $1`, from, into)
		queue(desc, `UPDATE link_events SET cluster = $2 WHERE cluster = $1`, from, into)
		queue(desc, `UPDATE link_events SET story = $2 WHERE story = $1`, from, into)
		queue(desc, `DELETE FROM link_stories WHERE id = $1`, from)
	}
	for _, e := range lb.Events {
		e.Mentions = nil
		data, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("encode event %s: %w", e.ID, err)
		}
		var start any
		if t, _, ok := timex.ValueRange(e.When); ok {
			start = t.UTC().Format("2006-01-02")
		}
		names := make([]string, len(e.Names))
		for i, n := range e.Names {
			names[i] = pgText(strings.ToLower(n))
		}
		queue("store event "+e.ID, `INSERT INTO link_events(id, seq, kind, status, value, value_text, start, place,
				pids, names, cluster, story, data)
			VALUES ($1,$2,$3,$4,$5,$6,$7::date,$8,$9,$10,$11,$12,$13::jsonb)
			ON CONFLICT (id) DO UPDATE SET seq=excluded.seq, kind=excluded.kind, status=excluded.status,
				value=excluded.value, value_text=excluded.value_text, start=excluded.start, place=excluded.place,
				pids=excluded.pids, names=excluded.names, cluster=excluded.cluster, story=excluded.story,
				data=excluded.data`,
			pgText(e.ID), e.Seq, pgText(e.Kind), pgText(e.Status), pgText(e.When), pgText(e.WhenText), start,
			pgText(e.Place), pgTexts(e.Participants), names, pgText(e.Cluster), pgText(e.Story), pgJSON(string(data)))
	}
	for _, g := range lb.Stories {
		cl, err := json.Marshal(nonNil(g.Clusters))
		if err != nil {
			return fmt.Errorf("encode story %s: %w", g.ID, err)
		}
		evs, err := json.Marshal(nonNil(g.Events))
		if err != nil {
			return fmt.Errorf("encode story %s: %w", g.ID, err)
		}
		queue("store story "+g.ID, `INSERT INTO link_stories(id, seq, title, start_at, end_at, docs, reports, clusters, events)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8::jsonb,$9::jsonb)
			ON CONFLICT (id) DO UPDATE SET seq=excluded.seq, title=excluded.title, start_at=excluded.start_at,
				end_at=excluded.end_at, docs=excluded.docs, reports=excluded.reports, clusters=excluded.clusters,
				events=excluded.events`,
			pgText(g.ID), g.Seq, pgText(g.Title), pgTime(g.Start.Truncate(time.Second)), pgTime(g.End.Truncate(time.Second)),
			g.Docs, g.Reports, pgJSON(string(cl)), pgJSON(string(evs)))
	}
	for id, name := range lb.Names {
		queue("store entity name "+id, `INSERT INTO link_entities(id, name, lname) VALUES ($1, $2, $3)
			ON CONFLICT (id) DO UPDATE SET name=excluded.name, lname=excluded.lname`,
			pgText(id), pgText(name), pgText(strings.ToLower(name)))
	}
	if len(before) > 0 {
		queue("drop unreported events", `DELETE FROM link_events e WHERE e.id = ANY($1)
			AND NOT EXISTS (SELECT 1 FROM link_mentions m WHERE m.event = e.id)`, before)
	}
	if lb.State != nil {
		queue("store linker state", `INSERT INTO link_state(k, seq, data, updated_at) VALUES (1, $1, $2, now())
			ON CONFLICT (k) DO UPDATE SET seq=excluded.seq, data=excluded.data, updated_at=excluded.updated_at`,
			lb.Seq, lb.State)
	}
	if err := sendBatch(ctx, tx, &b, what); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit links: %w", err)
	}
	return nil
}

// pgTexts is pgText of each string of v, never nil.
func pgTexts(v []string) []string {
	out := make([]string, len(v))
	for i, s := range v {
		out[i] = pgText(s)
	}
	return out
}

// LinkState implements Store.
func (p *Postgres) LinkState(ctx context.Context) (LinkState, error) {
	return scanLinkState(p.pool.QueryRow(ctx, linkStateQuery), pgx.ErrNoRows)
}

// Unlinked implements Store. The ids are read first: fn may write links.
func (p *Postgres) Unlinked(ctx context.Context, fn func(id string) error) error {
	rows, err := p.pool.Query(ctx, `SELECT a.id FROM articles a LEFT JOIN link_docs l ON l.doc = a.id
		WHERE l.doc IS NULL OR l.hash != a.hash ORDER BY a.date IS NOT NULL, a.date, a.id`)
	if err != nil {
		return fmt.Errorf("list unlinked articles: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("list unlinked articles: %w", err)
	}
	for _, id := range ids {
		if err := fn(id); err != nil {
			return err
		}
	}
	return nil
}

const pgDocLinkCols = `doc, seq, hash, cluster, story, duplicate_of, events`

func scanPgDocLink(sc scanner) (DocLink, error) {
	var d DocLink
	var evs []byte
	if err := sc.Scan(&d.Doc, &d.Seq, &d.Hash, &d.Cluster, &d.Story, &d.DuplicateOf, &evs); err != nil {
		return d, err
	}
	if err := json.Unmarshal(evs, &d.Events); err != nil {
		return d, fmt.Errorf("events of %s: %w", d.Doc, err)
	}
	return d, nil
}

// docLinks reads the doc links a query selects, all of them before fn is
// called: fn may write links.
func (p *Postgres) docLinks(ctx context.Context, fn func(DocLink) error, q string, args ...any) error {
	rows, err := p.pool.Query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("read doc links: %w", err)
	}
	var all []DocLink
	for rows.Next() {
		d, err := scanPgDocLink(rows)
		if err != nil {
			rows.Close()
			return fmt.Errorf("read doc links: %w", err)
		}
		all = append(all, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read doc links: %w", err)
	}
	for _, d := range all {
		if err := fn(d); err != nil {
			return err
		}
	}
	return nil
}

// LinkedSince implements Store.
func (p *Postgres) LinkedSince(ctx context.Context, seq int, fn func(DocLink) error) error {
	return p.docLinks(ctx, fn, `SELECT `+pgDocLinkCols+` FROM link_docs WHERE seq > $1 ORDER BY seq`, seq)
}

// DocLinks implements Store.
func (p *Postgres) DocLinks(ctx context.Context, story string, fn func(DocLink) error) error {
	if story != "" {
		return p.docLinks(ctx, fn, `SELECT `+pgDocLinkCols+` FROM link_docs WHERE story = $1 ORDER BY seq`, pgText(story))
	}
	return p.docLinks(ctx, fn, `SELECT `+pgDocLinkCols+` FROM link_docs ORDER BY seq`)
}

// DocLink implements Store.
func (p *Postgres) DocLink(ctx context.Context, doc string) (DocLink, error) {
	d, err := scanPgDocLink(p.pool.QueryRow(ctx, `SELECT `+pgDocLinkCols+` FROM link_docs WHERE doc = $1`, pgText(doc)))
	if errors.Is(err, pgx.ErrNoRows) {
		return d, fmt.Errorf("links of %q: %w", doc, ErrNotFound)
	}
	if err != nil {
		return d, fmt.Errorf("read links of %q: %w", doc, err)
	}
	return d, nil
}

// LinkedEvents implements Store.
func (p *Postgres) LinkedEvents(ctx context.Context, f LinkFilter, fn func(LinkedEvent) error) error {
	q, args := linkedEventsQuery(pgDialect, f)
	evs, err := p.readLinkedEvents(ctx, q, args...)
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
func (p *Postgres) LinkedEvent(ctx context.Context, id string) (LinkedEvent, error) {
	evs, err := p.readLinkedEvents(ctx, `SELECT e.data, e.cluster, e.story FROM link_events e WHERE e.id = $1`, pgText(id))
	if err != nil {
		return LinkedEvent{}, err
	}
	if len(evs) == 0 {
		return LinkedEvent{}, fmt.Errorf("linked event %q: %w", id, ErrNotFound)
	}
	return evs[0], nil
}

// readLinkedEvents reads the events a query selects, then their mentions
// and the current names of their participants.
func (p *Postgres) readLinkedEvents(ctx context.Context, q string, args ...any) ([]LinkedEvent, error) {
	rows, err := p.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read linked events: %w", err)
	}
	var evs []LinkedEvent
	at := map[string]int{}
	for rows.Next() {
		var data []byte
		var e LinkedEvent
		var cl, st string
		if err := rows.Scan(&data, &cl, &st); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read linked events: %w", err)
		}
		if err := json.Unmarshal(data, &e); err != nil {
			rows.Close()
			return nil, fmt.Errorf("decode linked event: %w", err)
		}
		e.Cluster, e.Story = cl, st
		at[e.ID] = len(evs)
		evs = append(evs, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
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
	rows, err = p.pool.Query(ctx, `SELECT event, doc, n, seq, sentence, status, value, date, duplicate
		FROM link_mentions WHERE event = ANY($1) ORDER BY seq, n`, ids)
	if err != nil {
		return nil, fmt.Errorf("read mentions: %w", err)
	}
	for rows.Next() {
		var m Mention
		var date *time.Time
		if err := rows.Scan(&m.Event, &m.Doc, &m.N, &m.Seq, &m.Sentence, &m.Status, &m.When, &date, &m.Duplicate); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read mentions: %w", err)
		}
		if date != nil {
			m.Date = date.UTC()
		}
		i := at[m.Event]
		evs[i].Mentions = append(evs[i].Mentions, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read mentions: %w", err)
	}
	keys := make([]string, 0, len(pids))
	for k := range pids {
		keys = append(keys, k)
	}
	names := map[string]string{}
	rows, err = p.pool.Query(ctx, `SELECT id, name FROM link_entities WHERE id = ANY($1)`, keys)
	if err != nil {
		return nil, fmt.Errorf("read entity names: %w", err)
	}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read entity names: %w", err)
		}
		names[id] = name
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read entity names: %w", err)
	}
	for i := range evs {
		e := &evs[i]
		for j, pid := range e.Participants {
			if n := names[pid]; n != "" && j < len(e.Names) {
				e.Names[j] = n
			}
		}
	}
	return evs, nil
}

const pgStoryCols = `id, seq, title, start_at, end_at, docs, reports, clusters, events`

func scanPgStory(sc scanner) (Story, error) {
	var g Story
	var start, end *time.Time
	var cl, evs []byte
	if err := sc.Scan(&g.ID, &g.Seq, &g.Title, &start, &end, &g.Docs, &g.Reports, &cl, &evs); err != nil {
		return g, err
	}
	if start != nil {
		g.Start = start.UTC()
	}
	if end != nil {
		g.End = end.UTC()
	}
	if err := json.Unmarshal(cl, &g.Clusters); err != nil {
		return g, fmt.Errorf("clusters of %s: %w", g.ID, err)
	}
	if err := json.Unmarshal(evs, &g.Events); err != nil {
		return g, fmt.Errorf("events of %s: %w", g.ID, err)
	}
	return g, nil
}

// Stories implements Store.
func (p *Postgres) Stories(ctx context.Context, fn func(Story) error) error {
	rows, err := p.pool.Query(ctx, `SELECT `+pgStoryCols+` FROM link_stories ORDER BY seq, id`)
	if err != nil {
		return fmt.Errorf("read stories: %w", err)
	}
	defer rows.Close()
	return eachRow(rows, "read stories", scanPgStory, fn)
}

// Story implements Store.
func (p *Postgres) Story(ctx context.Context, id string) (Story, error) {
	g, err := scanPgStory(p.pool.QueryRow(ctx, `SELECT `+pgStoryCols+` FROM link_stories WHERE id = $1`, pgText(id)))
	if errors.Is(err, pgx.ErrNoRows) {
		return g, fmt.Errorf("story %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return g, fmt.Errorf("read story %q: %w", id, err)
	}
	return g, nil
}

// ClearLinks implements Store.
func (p *Postgres) ClearLinks(ctx context.Context) error {
	_, err := p.pool.Exec(ctx, `TRUNCATE link_docs, link_mentions, link_events, link_stories, link_entities, link_state`)
	if err != nil {
		return fmt.Errorf("clear links: %w", err)
	}
	return nil
}
