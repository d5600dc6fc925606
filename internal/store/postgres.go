package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/event"
	"github.com/storyline-news/storyline/internal/timex"
)

// Postgres is the shared Store: a PostgreSQL database (pgx connection
// pool) that several storyline processes, on several machines, can use at
// once. It holds what SQLite holds with the same contracts: versioning by
// content hash, ingest order (a bigserial), dates ordered with undated
// articles last, analysis tables, feed state. Its full-text search is a
// tsvector (title weighted A, text B, English stemming) with a GIN index,
// ranked by ts_rank_cd, with snippets by ts_headline; queries use the
// websearch syntax ("quoted phrases", or, -not), and a plain list of words
// matches the articles holding all of them.
//
// The schema lives in the first schema of the connection's search_path
// (a DSN may set it: ?search_path=newsdesk). PostgreSQL text cannot hold NUL
// characters: NUL bytes are dropped from stored strings.
type Postgres struct {
	pool *pgxpool.Pool
}

var _ Store = (*Postgres)(nil)

// Advisory lock classes (the first key of pg_advisory_xact_lock(int, int)).
const (
	// lockMigrate serialises schema migrations, per schema.
	lockMigrate = 0x5e1a0001
	// lockArticle serialises writers of one document id.
	lockArticle = 0x5e1a0002
	// lockLink is the archive's link lock (LinkLocker), per schema, held
	// by a session (pg_try_advisory_lock).
	lockLink = 0x5e1a0003
)

// schemaKey is the SQL of the second key of the per-schema advisory locks:
// archives in different schemas of one database lock apart.
const schemaKey = `hashtext(COALESCE(current_schema(), ''))`

// OpenPostgres connects to the PostgreSQL database named by dsn (a
// postgres:// or postgresql:// URL, or libpq key=value pairs) and brings its
// schema up to date. Processes opening one database at once apply each
// migration exactly once: every migration runs in a transaction holding an
// advisory lock on the schema.
func OpenPostgres(ctx context.Context, dsn string) (*Postgres, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("parse PostgreSQL DSN: %w", err)
	}
	if cfg.ConnConfig.RuntimeParams["application_name"] == "" {
		cfg.ConnConfig.RuntimeParams["application_name"] = "storyline"
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", redactDSN(cfg), err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to %s: %w", redactDSN(cfg), err)
	}
	p := &Postgres{pool: pool}
	if err := p.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("migrate %s: %w", redactDSN(cfg), err)
	}
	return p, nil
}

// redactDSN names a database for error messages, without its password.
func redactDSN(cfg *pgxpool.Config) string {
	c := cfg.ConnConfig
	return "postgres://" + c.User + "@" + c.Host + ":" + strconv.Itoa(int(c.Port)) + "/" + c.Database
}

// Close closes the connection pool.
func (p *Postgres) Close() error {
	p.pool.Close()
	return nil
}

// Pool exposes the connection pool to the other tables that later stages
// add through migrations in this package.
func (p *Postgres) Pool() *pgxpool.Pool { return p.pool }

func (p *Postgres) migrate(ctx context.Context) error {
	if len(pgMigrations) != len(sqliteMigrations) {
		return fmt.Errorf("internal error: %d PostgreSQL migrations for %d SQLite ones", len(pgMigrations), len(sqliteMigrations))
	}
	var schema *string
	if err := p.pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return fmt.Errorf("read current schema: %w", err)
	}
	if schema == nil {
		return errors.New("no schema to create tables in: the search_path names none that exists")
	}
	for {
		done, err := p.migrateStep(ctx)
		if err != nil {
			return err
		}
		if done {
			return nil
		}
	}
}

// migrateStep applies the migration after the schema's current version in
// one transaction holding the schema's migration lock, and reports whether
// the schema was already up to date.
func (p *Postgres) migrateStep(ctx context.Context) (bool, error) {
	tx, err := p.pool.Begin(ctx)
	if err != nil {
		return false, fmt.Errorf("begin migration: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, `+schemaKey+`)`,
		int32(lockMigrate)); err != nil {
		return false, fmt.Errorf("lock schema: %w", err)
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version integer PRIMARY KEY, applied_at timestamptz NOT NULL)`); err != nil {
		return false, fmt.Errorf("create schema_migrations: %w", err)
	}
	var current int
	if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return false, fmt.Errorf("read schema version: %w", err)
	}
	if current > len(pgMigrations) {
		return false, fmt.Errorf("database schema version %d is newer than this binary knows (%d)", current, len(pgMigrations))
	}
	if current == len(pgMigrations) {
		return true, nil
	}
	if _, err := tx.Exec(ctx, pgMigrations[current]); err != nil {
		return false, fmt.Errorf("migration %d: %w", current+1, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations(version, applied_at) VALUES ($1, now())`, current+1); err != nil {
		return false, fmt.Errorf("record migration %d: %w", current+1, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return false, fmt.Errorf("commit migration %d: %w", current+1, err)
	}
	return false, nil
}

const pgArticleUpsert = `INSERT INTO articles(` + articleCols + `)
	VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)
	ON CONFLICT (id) DO UPDATE SET version=excluded.version, hash=excluded.hash,
		title=excluded.title, text=excluded.text, url=excluded.url, source=excluded.source,
		author=excluded.author, language=excluded.language, date=excluded.date,
		date_source=excluded.date_source, date_confidence=excluded.date_confidence,
		place=excluded.place, origin=excluded.origin, format=excluded.format,
		ingested_at=excluded.ingested_at`

// Put implements Store. The batch is one transaction that first takes an
// advisory lock on each of its document ids and on the id each would be
// renamed to (in one global order, so concurrent writers never deadlock),
// so that writers in several processes storing the same article agree on
// its versions and outcomes. The stored title and text are read only for
// the ids a document of other content collides with. All writes of a batch
// go to the server in one round trip.
func (p *Postgres) Put(ctx context.Context, batch []*Doc) ([]Outcome, error) {
	out := make([]Outcome, len(batch))
	if len(batch) == 0 {
		return out, nil
	}
	ids := make([]string, len(batch))
	hashes := make([]string, len(batch))
	// keys are the ids a document may be stored under: its own and the
	// one it takes if its own names a different article.
	keys := make([]string, 0, 2*len(batch))
	for i, d := range batch {
		if d.Article.ID == "" {
			return nil, fmt.Errorf("article %d of batch (%s): empty id", i, d.Article.Origin)
		}
		ids[i] = pgText(d.Article.ID)
		hashes[i] = article.ContentHash(d.Article)
		keys = append(keys, ids[i], RenamedID(ids[i], hashes[i]))
	}
	tx, err := p.pool.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := lockArticles(ctx, tx, keys); err != nil {
		return nil, err
	}
	// current is what an id holds: stored before the batch, or written by
	// an earlier document of it. title and text are read only for the ids
	// that a document of other content collides with.
	type current struct {
		version     int
		hash        string
		title, text string
	}
	state := make(map[string]*current, len(batch))
	// renamedOf returns the derived id of id (RenamedID) holding an article
	// that the content (title, text) is a version of, "" when none does:
	// among those stored before the batch (read below for the colliding
	// ids) and those written by it, the first in id order.
	// renamedOf returns the derived id of id (RenamedID) holding an article
	// that the content (title, text) is a version of, "" when none does:
	// among those stored before the batch (read below for the colliding
	// ids) and those written by it.
	renamedOf := func(id, title, text string) string {
		var cands []storedArticle
		for k, c := range state {
			if strings.HasPrefix(k, id+"~") {
				cands = append(cands, storedArticle{id: k, title: c.title, text: c.text})
			}
		}
		d, _ := renamedVersionOf(cands, title, text)
		return d.id
	}
	rows, err := tx.Query(ctx, `SELECT id, version, hash FROM articles WHERE id = ANY($1)`, keys)
	if err != nil {
		return nil, fmt.Errorf("look up batch: %w", err)
	}
	err = eachRow(rows, "look up batch", func(sc scanner) (storedArticle, error) {
		var d storedArticle
		return d, sc.Scan(&d.id, &d.version, &d.hash)
	}, func(d storedArticle) error {
		state[d.id] = &current{version: d.version, hash: d.hash}
		return nil
	})
	rows.Close()
	if err != nil {
		return nil, err
	}
	var colliding []string
	for i, id := range ids {
		if c, ok := state[id]; ok && c.hash != hashes[i] {
			colliding = append(colliding, id)
		}
	}
	// The colliding ids' articles and those stored under their derived ids
	// (renamed before: an edit of one takes its id), with their contents. A
	// writer that creates a derived id holds the lock of the id it derives
	// from, so the colliding ids' locks cover them.
	var kin []string
	// replaced holds the (id, hash) pairs of replaced versions of those,
	// stored or replaced by this batch: an earlier version read again does
	// not replace the newer.
	replaced := map[[2]string]bool{}
	if len(colliding) > 0 {
		rows, err := tx.Query(ctx, `SELECT a.id, a.version, a.hash, a.title, a.text
			FROM unnest($1::text[]) AS b(base)
			JOIN articles a ON a.id = b.base
				OR a.id > (b.base || '~') COLLATE "C" AND a.id < (b.base || chr(127)) COLLATE "C"`, colliding)
		if err != nil {
			return nil, fmt.Errorf("read stored contents: %w", err)
		}
		err = eachRow(rows, "read stored contents", scanStoredArticle, func(d storedArticle) error {
			kin = append(kin, d.id)
			state[d.id] = &current{version: d.version, hash: d.hash, title: d.title, text: d.text}
			return nil
		})
		rows.Close()
		if err != nil {
			return nil, err
		}
		rows, err = tx.Query(ctx, `SELECT id, hash FROM article_versions WHERE id = ANY($1)`, kin)
		if err != nil {
			return nil, fmt.Errorf("look up versions: %w", err)
		}
		err = eachRow(rows, "look up versions", func(sc scanner) ([2]string, error) {
			var v [2]string
			return v, sc.Scan(&v[0], &v[1])
		}, func(v [2]string) error {
			replaced[v] = true
			return nil
		})
		rows.Close()
		if err != nil {
			return nil, err
		}
	}

	var b pgx.Batch
	var what []string // what each queued statement does, for errors
	queue := func(desc, sql string, args ...any) {
		b.Queue(sql, args...)
		what = append(what, desc)
	}
	now := time.Now().UTC()
	// The analysis of each id stored by this batch: the last version wins.
	analysed := make(map[string]*Doc, len(batch))
	var order []string
	// renamed holds the derived ids, set on the batch once it is stored.
	renamed := make(map[int]string)
	for i, d := range batch {
		a := d.Article
		id, hash := ids[i], hashes[i]
		cur, known := state[id]
		switch {
		case !known:
			out[i] = Added
		case cur.hash == hash, replaced[[2]string{id, hash}]:
			out[i] = Duplicate
		case SameArticle(cur.title, cur.text, a.Title, a.Text):
			out[i] = Updated
		default:
			// Another article holds the id: this one may be a renamed
			// article's new version.
			if did := renamedOf(id, a.Title, a.Text); did != "" {
				id, cur = did, state[did]
				renamed[i] = id
				if cur.hash == hash || replaced[[2]string{id, hash}] {
					out[i] = Duplicate
				} else {
					out[i] = Updated
				}
				break
			}
			id = RenamedID(id, hash)
			renamed[i] = id
			version, held := 0, ""
			if cur, known = state[id]; known {
				version, held = cur.version, cur.hash
			}
			out[i] = derivedOutcome(version, held, hash)
		}
		if out[i] == Duplicate {
			continue
		}
		version := 1
		if known {
			replaced[[2]string{id, cur.hash}] = true
			version = cur.version + 1
			queue("keep previous version of "+id, `INSERT INTO article_versions(id, version, hash, title, text, date, origin, ingested_at)
				SELECT id, version, hash, title, text, date, origin, ingested_at FROM articles WHERE id = $1`, id)
			queue("replace timexes of "+id, `DELETE FROM timexes WHERE id = $1`, id)
			queue("replace entities of "+id, `DELETE FROM entities WHERE id = $1`, id)
			queue("replace events of "+id, `DELETE FROM events WHERE id = $1`, id)
		}
		queue("store "+id, pgArticleUpsert, id, version, hash, pgText(a.Title), pgText(a.Text), pgText(a.URL),
			pgText(a.Source), pgText(a.Author), pgText(a.Language), pgTime(a.Date.Truncate(time.Second)),
			pgText(a.DateSource), a.DateConfidence, pgText(a.Place), pgText(a.Origin), pgText(a.Format), now)
		state[id] = &current{version: version, hash: hash, title: pgText(a.Title), text: pgText(a.Text)}
		if _, ok := analysed[id]; !ok {
			order = append(order, id)
		}
		analysed[id] = d
	}
	if err := queueAnalysis(order, analysed, queue); err != nil {
		return nil, err
	}
	if err := sendBatch(ctx, tx, &b, what); err != nil {
		return nil, err
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("commit batch: %w", err)
	}
	for i, id := range renamed {
		batch[i].Article.ID = id
	}
	return out, nil
}

// sendBatch sends the statements of b in one round trip and reads their
// results; what says what each statement does, for errors.
func sendBatch(ctx context.Context, tx pgx.Tx, b *pgx.Batch, what []string) error {
	if b.Len() == 0 {
		return nil
	}
	br := tx.SendBatch(ctx, b)
	for _, desc := range what {
		if _, err := br.Exec(); err != nil {
			br.Close()
			return fmt.Errorf("%s: %w", desc, err)
		}
	}
	if err := br.Close(); err != nil {
		return fmt.Errorf("send batch: %w", err)
	}
	return nil
}

// lockArticles takes the transaction's advisory locks on the document ids,
// in one global order (the subquery's), so that writers of the same
// articles wait for each other and never deadlock.
func lockArticles(ctx context.Context, tx pgx.Tx, ids []string) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, k)
		FROM (SELECT DISTINCT hashtext(x) AS k FROM unnest($2::text[]) AS x ORDER BY k) AS keys`,
		int32(lockArticle), ids); err != nil {
		return fmt.Errorf("lock articles: %w", err)
	}
	return nil
}

// queueAnalysis queues one INSERT per analysis table for the timexes,
// entities and events of the documents of ids (in that order), their
// columns sent as arrays.
func queueAnalysis(ids []string, docs map[string]*Doc, queue func(desc, sql string, args ...any)) error {
	var tx struct {
		id                                 []string
		n, start, end                      []int32
		text, typ, value, mod, quant, freq []string
	}
	var en struct {
		id                       []string
		n                        []int32
		key, typ, name           []string
		source                   []bool
		country, admin           []string
		geoid                    []int64
		aliases, roles, mentions []string
	}
	var ev struct {
		id                                       []string
		n                                        []int32
		kind, status, value, start, place, names []string
		data                                     []string
	}
	for _, id := range ids {
		d := docs[id]
		for n, t := range d.Timexes {
			tx.id = append(tx.id, id)
			tx.n = append(tx.n, int32(n))
			tx.start = append(tx.start, int32(t.Start))
			tx.end = append(tx.end, int32(t.End))
			tx.text = append(tx.text, pgText(t.Text))
			tx.typ = append(tx.typ, pgText(t.Type))
			tx.value = append(tx.value, pgText(t.Value))
			tx.mod = append(tx.mod, pgText(t.Mod))
			tx.quant = append(tx.quant, pgText(t.Quant))
			tx.freq = append(tx.freq, pgText(t.Freq))
		}
		for n, e := range d.Entities {
			aliases, roles, mentions, err := entityJSON(e)
			if err != nil {
				return fmt.Errorf("encode entity %d of %s: %w", n, id, err)
			}
			en.id = append(en.id, id)
			en.n = append(en.n, int32(n))
			en.key = append(en.key, pgText(e.Key))
			en.typ = append(en.typ, pgText(e.Type))
			en.name = append(en.name, pgText(e.Name))
			en.source = append(en.source, e.Source)
			en.country = append(en.country, pgText(e.Country))
			en.admin = append(en.admin, pgText(e.Admin))
			en.geoid = append(en.geoid, int64(e.GeoID))
			en.aliases = append(en.aliases, pgJSON(aliases))
			en.roles = append(en.roles, pgJSON(roles))
			en.mentions = append(en.mentions, pgJSON(mentions))
		}
		for n, e := range d.Events {
			data, err := json.Marshal(e)
			if err != nil {
				return fmt.Errorf("encode event %d of %s: %w", n, id, err)
			}
			start := ""
			if t, _, ok := timex.ValueRange(e.When); ok {
				start = t.UTC().Format("2006-01-02")
			}
			names := make([]string, 0, len(e.Names()))
			for _, nm := range e.Names() {
				names = append(names, pgText(strings.ToLower(nm)))
			}
			ev.id = append(ev.id, id)
			ev.n = append(ev.n, int32(n))
			ev.kind = append(ev.kind, pgText(e.Kind))
			ev.status = append(ev.status, pgText(e.Status))
			ev.value = append(ev.value, pgText(e.When))
			ev.start = append(ev.start, start)
			ev.place = append(ev.place, pgText(e.Place))
			ev.names = append(ev.names, strings.Join(names, "\x1f"))
			ev.data = append(ev.data, pgJSON(string(data)))
		}
	}
	if len(tx.id) > 0 {
		queue("store timexes", `INSERT INTO timexes(id, n, start_byte, end_byte, text, type, value, mod, quant, freq)
			SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::text[], $6::text[],
				$7::text[], $8::text[], $9::text[], $10::text[])`,
			tx.id, tx.n, tx.start, tx.end, tx.text, tx.typ, tx.value, tx.mod, tx.quant, tx.freq)
	}
	if len(en.id) > 0 {
		queue("store entities", `INSERT INTO entities(id, n, key, type, name, source, country, admin, geoid, aliases, roles, mentions)
			SELECT id, n, key, type, name, source, country, admin, geoid, aliases::jsonb, roles::jsonb, mentions::jsonb
			FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::bool[], $7::text[],
				$8::text[], $9::bigint[], $10::text[], $11::text[], $12::text[])
				AS u(id, n, key, type, name, source, country, admin, geoid, aliases, roles, mentions)`,
			en.id, en.n, en.key, en.typ, en.name, en.source, en.country, en.admin, en.geoid, en.aliases, en.roles, en.mentions)
	}
	if len(ev.id) > 0 {
		queue("store events", `INSERT INTO events(id, n, kind, status, value, start, place, names, data)
			SELECT id, n, kind, status, value, NULLIF(start, '')::date, place,
				string_to_array(names, E'\x1f'), data::jsonb
			FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
				$8::text[], $9::text[]) AS u(id, n, kind, status, value, start, place, names, data)`,
			ev.id, ev.n, ev.kind, ev.status, ev.value, ev.start, ev.place, ev.names, ev.data)
	}
	return nil
}

// Get implements Store.
func (p *Postgres) Get(ctx context.Context, id string) (*Record, error) {
	row := p.pool.QueryRow(ctx, `SELECT `+articleCols+` FROM articles WHERE id = $1`, pgText(id))
	r, err := scanPgRecord(row)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("article %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read article %q: %w", id, err)
	}
	return r, nil
}

// Timexes implements Store.
func (p *Postgres) Timexes(ctx context.Context, id string) ([]timex.Timex, error) {
	rows, err := p.pool.Query(ctx, `SELECT start_byte, end_byte, text, type, value, mod, quant, freq
		FROM timexes WHERE id = $1 ORDER BY n`, pgText(id))
	if err != nil {
		return nil, fmt.Errorf("read timexes of %s: %w", id, err)
	}
	defer rows.Close()
	return collectRows(rows, "read timexes of "+id, scanTimex)
}

const pgEntityCols = `e.id, e.key, e.type, e.name, e.source, e.country, e.admin, e.geoid, e.aliases, e.roles, e.mentions`

func scanPgEntity(sc scanner) (string, entity.Entity, error) {
	var id string
	var aliases, roles, mentions []byte
	var geoid int64
	var e entity.Entity
	err := sc.Scan(&id, &e.Key, &e.Type, &e.Name, &e.Source, &e.Country, &e.Admin, &geoid, &aliases, &roles, &mentions)
	if err != nil {
		return "", e, err
	}
	e.GeoID = int(geoid)
	if err := json.Unmarshal(aliases, &e.Aliases); err != nil {
		return "", e, fmt.Errorf("aliases of %s/%s: %w", id, e.Key, err)
	}
	if err := json.Unmarshal(roles, &e.Roles); err != nil {
		return "", e, fmt.Errorf("roles of %s/%s: %w", id, e.Key, err)
	}
	if err := json.Unmarshal(mentions, &e.Mentions); err != nil {
		return "", e, fmt.Errorf("mentions of %s/%s: %w", id, e.Key, err)
	}
	return id, e, nil
}

// Entities implements Store.
func (p *Postgres) Entities(ctx context.Context, id string) ([]entity.Entity, error) {
	rows, err := p.pool.Query(ctx, `SELECT `+pgEntityCols+` FROM entities e WHERE e.id = $1 ORDER BY e.n`, pgText(id))
	if err != nil {
		return nil, fmt.Errorf("read entities of %s: %w", id, err)
	}
	defer rows.Close()
	return collectRows(rows, "read entities of "+id, entityOnly(scanPgEntity))
}

// EachEntities implements Store.
func (p *Postgres) EachEntities(ctx context.Context, fn func(id string, ents []entity.Entity) error) error {
	rows, err := p.pool.Query(ctx, `SELECT `+pgEntityCols+`
		FROM entities e JOIN articles a ON a.id = e.id ORDER BY a.seq, e.n`)
	if err != nil {
		return fmt.Errorf("read entities: %w", err)
	}
	defer rows.Close()
	return eachArticleEntities(rows, scanPgEntity, fn)
}

// Events implements Store.
func (p *Postgres) Events(ctx context.Context, f EventFilter, fn func(StoredEvent) error) error {
	q, args := eventsQuery(pgDialect, f)
	rows, err := p.pool.Query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("read events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var se StoredEvent
		var data []byte
		if err := rows.Scan(&se.Doc, &se.N, &data); err != nil {
			return fmt.Errorf("read events: %w", err)
		}
		var ev event.Event
		if err := json.Unmarshal(data, &ev); err != nil {
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

// List implements Store.
func (p *Postgres) List(ctx context.Context, opts ListOptions, fn func(*Record) error) error {
	return p.ListFiltered(ctx, ListQuery{Order: opts.Order, Limit: opts.Limit, Offset: opts.Offset}, fn)
}

// asciiLower folds ASCII letters only, as SQLite's NOCASE does, whatever
// the database's locale.
const asciiLower = `'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'`

// ListFiltered calls fn for each article q selects, in q's order, until fn
// returns an error, which it then returns. Filters, order and paging are
// done by the database.
func (p *Postgres) ListFiltered(ctx context.Context, q ListQuery, fn func(*Record) error) error {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if !q.From.IsZero() {
		where = append(where, `date >= `+arg(day(q.From)))
	}
	if !q.To.IsZero() {
		where = append(where, `date < `+arg(day(q.To).AddDate(0, 0, 1)))
	}
	if q.Source != "" {
		where = append(where, `translate(source, `+asciiLower+`) = translate(`+arg(pgText(q.Source))+`, `+asciiLower+`)`)
	}
	sql := `SELECT ` + articleCols + ` FROM articles`
	if len(where) > 0 {
		sql += ` WHERE ` + strings.Join(where, ` AND `)
	}
	dir := ``
	if q.Desc {
		dir = ` DESC`
	}
	switch q.Order {
	case ByDate:
		sql += ` ORDER BY date IS NULL, date` + dir + `, id` + dir
	case ByIngest:
		sql += ` ORDER BY seq` + dir
	default:
		sql += ` ORDER BY id` + dir
	}
	if q.Limit > 0 {
		sql += ` LIMIT ` + arg(q.Limit)
	}
	if q.Offset > 0 {
		sql += ` OFFSET ` + arg(q.Offset)
	}
	rows, err := p.pool.Query(ctx, sql, args...)
	if err != nil {
		return fmt.Errorf("list articles: %w", err)
	}
	defer rows.Close()
	return eachRow(rows, "list articles", scanPgRecord, fn)
}

// pgHeadline are ts_headline's options: one fragment of up to 16 words,
// matched terms between the highlight markers.
const pgHeadline = `StartSel=` + HighlightStart + `, StopSel=` + HighlightEnd +
	`, MaxWords=16, MinWords=6, MaxFragments=1, FragmentDelimiter=…`

// Search implements Store. The query is read by websearch_to_tsquery,
// which accepts any text: words (all must match), "quoted phrases", or,
// and -word; it never fails on syntax. Titles weigh five times the text
// in the ts_rank_cd score.
func (p *Postgres) Search(ctx context.Context, query string, limit int) ([]Hit, error) {
	query = pgText(strings.ToValidUTF8(query, ""))
	if strings.TrimSpace(query) == "" {
		return nil, nil
	}
	if limit <= 0 {
		limit = 20
	}
	// Snippets are made for the page of hits only: ts_headline reparses
	// the text.
	rows, err := p.pool.Query(ctx, `SELECT h.id, h.title, h.date, h.source,
			ts_headline('english'::regconfig, h.text, h.q, $3), h.rank
		FROM (SELECT a.seq, a.id, a.title, a.date, a.source, a.text, q,
				ts_rank_cd('{0.1, 0.1, 0.2, 1.0}'::real[], a.fts, q) AS rank
			FROM articles a, websearch_to_tsquery('english'::regconfig, $1) AS q
			WHERE a.fts @@ q
			ORDER BY rank DESC, a.seq LIMIT $2) AS h
		ORDER BY h.rank DESC, h.seq`, query, limit, pgHeadline)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	defer rows.Close()
	var hits []Hit
	for rows.Next() {
		var h Hit
		var date *time.Time
		var rank float32
		if err := rows.Scan(&h.ID, &h.Title, &date, &h.Source, &h.Snippet, &rank); err != nil {
			return nil, fmt.Errorf("search %q: %w", query, err)
		}
		h.Score = float64(rank)
		if date != nil {
			h.Date = date.UTC()
		}
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	return hits, nil
}

// Stats implements Store.
func (p *Postgres) Stats(ctx context.Context) (Stats, error) {
	var st Stats
	err := p.pool.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(version), 0) FROM articles`).
		Scan(&st.Articles, &st.Versions)
	if err != nil {
		return st, fmt.Errorf("count archive: %w", err)
	}
	return st, nil
}

// FeedState returns the stored state of the feed at url, or a zero state
// (with URL set) for a feed never polled.
func (p *Postgres) FeedState(ctx context.Context, url string) (FeedState, error) {
	st := FeedState{URL: url}
	var next, polled *time.Time
	err := p.pool.QueryRow(ctx, `SELECT etag, last_modified, failures, next_poll, last_polled, last_error
		FROM watch_feeds WHERE url = $1`, pgText(url)).
		Scan(&st.ETag, &st.LastModified, &st.Failures, &next, &polled, &st.LastError)
	if errors.Is(err, pgx.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("read feed state of %s: %w", url, err)
	}
	if next != nil {
		st.NextPoll = next.UTC()
	}
	if polled != nil {
		st.LastPolled = polled.UTC()
	}
	return st, nil
}

// SaveFeedState stores st, replacing the previous state of st.URL.
func (p *Postgres) SaveFeedState(ctx context.Context, st FeedState) error {
	_, err := p.pool.Exec(ctx, `INSERT INTO watch_feeds(url, etag, last_modified, failures, next_poll, last_polled, last_error)
		VALUES ($1,$2,$3,$4,$5,$6,$7)
		ON CONFLICT (url) DO UPDATE SET etag=excluded.etag, last_modified=excluded.last_modified,
			failures=excluded.failures, next_poll=excluded.next_poll, last_polled=excluded.last_polled,
			last_error=excluded.last_error`,
		pgText(st.URL), pgText(st.ETag), pgText(st.LastModified), st.Failures, pgTime(st.NextPoll),
		pgTime(st.LastPolled), pgText(st.LastError))
	if err != nil {
		return fmt.Errorf("save feed state of %s: %w", st.URL, err)
	}
	return nil
}

// SeenItems returns which of items (feed item keys) were already marked
// seen for feed.
func (p *Postgres) SeenItems(ctx context.Context, feed string, items []string) (map[string]bool, error) {
	seen := make(map[string]bool, len(items))
	if len(items) == 0 {
		return seen, nil
	}
	keys := make([]string, len(items))
	back := make(map[string]string, len(items)) // stored key to the caller's
	for i, it := range items {
		keys[i] = pgText(it)
		back[keys[i]] = it
	}
	rows, err := p.pool.Query(ctx, `SELECT item FROM watch_items WHERE feed = $1 AND item = ANY($2)`, pgText(feed), keys)
	if err != nil {
		return nil, fmt.Errorf("seen items of %s: %w", feed, err)
	}
	defer rows.Close()
	for rows.Next() {
		var it string
		if err := rows.Scan(&it); err != nil {
			return nil, fmt.Errorf("seen items of %s: %w", feed, err)
		}
		seen[back[it]] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("seen items of %s: %w", feed, err)
	}
	return seen, nil
}

// MarkSeen records that the items of feed (item key to the document id it
// was stored under) have been ingested, in one statement.
func (p *Postgres) MarkSeen(ctx context.Context, feed string, items map[string]string) error {
	if len(items) == 0 {
		return nil
	}
	keys := make([]string, 0, len(items))
	docs := make([]string, 0, len(items))
	for item, doc := range items {
		keys = append(keys, pgText(item))
		docs = append(docs, pgText(doc))
	}
	_, err := p.pool.Exec(ctx, `INSERT INTO watch_items(feed, item, doc, seen_at)
		SELECT $1, item, doc, now() FROM unnest($2::text[], $3::text[]) AS u(item, doc)
		ON CONFLICT (feed, item) DO NOTHING`, pgText(feed), keys, docs)
	if err != nil {
		return fmt.Errorf("mark items of %s seen: %w", feed, err)
	}
	return nil
}

func scanPgRecord(sc scanner) (*Record, error) {
	var r Record
	var date *time.Time
	var ingested time.Time
	err := sc.Scan(&r.ID, &r.Version, &r.Hash, &r.Title, &r.Text, &r.URL, &r.Source, &r.Author,
		&r.Language, &date, &r.DateSource, &r.DateConfidence, &r.Place, &r.Origin, &r.Format, &ingested)
	if err != nil {
		return nil, err
	}
	if date != nil {
		r.Date = date.UTC()
	}
	r.IngestedAt = ingested.UTC()
	return &r, nil
}

// pgTime is t for a timestamptz parameter, NULL for the zero time.
func pgTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// pgText drops the NUL bytes and invalid UTF-8 that PostgreSQL text
// cannot hold.
func pgText(s string) string {
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s
}

// pgJSON drops the escaped NUL characters (\u0000) that jsonb cannot hold
// from the JSON text s.
func pgJSON(s string) string {
	if !strings.Contains(s, `\u0000`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		if strings.HasPrefix(s[i:], `\u0000`) {
			i += len(`\u0000`) - 1
			continue
		}
		// Any other escape: copy the backslash and the escaped byte.
		b.WriteByte(s[i])
		if i+1 < len(s) {
			i++
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
