package store

// sqliteMigrations is the ordered list of schema changes. Migration i+1 is
// applied once, in a transaction, to a database at version i. Never edit or
// reorder a migration that has shipped: append a new one.
var sqliteMigrations = []string{
	// 1: articles (current versions), the versions they replaced, and
	// full-text search over the current versions.
	`CREATE TABLE articles (
		seq             INTEGER PRIMARY KEY,
		id              TEXT NOT NULL UNIQUE,
		version         INTEGER NOT NULL,
		hash            TEXT NOT NULL,
		title           TEXT NOT NULL DEFAULT '',
		text            TEXT NOT NULL DEFAULT '',
		url             TEXT NOT NULL DEFAULT '',
		source          TEXT NOT NULL DEFAULT '',
		author          TEXT NOT NULL DEFAULT '',
		language        TEXT NOT NULL DEFAULT '',
		date            TEXT NOT NULL DEFAULT '',
		date_source     TEXT NOT NULL DEFAULT '',
		date_confidence REAL NOT NULL DEFAULT 0,
		place           TEXT NOT NULL DEFAULT '',
		origin          TEXT NOT NULL DEFAULT '',
		format          TEXT NOT NULL DEFAULT '',
		ingested_at     TEXT NOT NULL
	);
	CREATE INDEX articles_date ON articles(date);
	CREATE TABLE article_versions (
		id          TEXT NOT NULL,
		version     INTEGER NOT NULL,
		hash        TEXT NOT NULL,
		title       TEXT NOT NULL,
		text        TEXT NOT NULL,
		date        TEXT NOT NULL,
		origin      TEXT NOT NULL,
		ingested_at TEXT NOT NULL,
		PRIMARY KEY (id, version)
	);
	CREATE VIRTUAL TABLE articles_fts USING fts5(
		title, text, content='articles', content_rowid='seq',
		tokenize='porter unicode61 remove_diacritics 2');
	CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
		INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
	END;
	CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
		INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
	END;
	CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
		INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
		INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
	END;`,
	// 2: temporal expressions of each article's current version.
	`CREATE TABLE timexes (
		id     TEXT NOT NULL,
		n      INTEGER NOT NULL,
		start  INTEGER NOT NULL,
		end    INTEGER NOT NULL,
		text   TEXT NOT NULL,
		type   TEXT NOT NULL,
		value  TEXT NOT NULL,
		mod    TEXT NOT NULL DEFAULT '',
		quant  TEXT NOT NULL DEFAULT '',
		freq   TEXT NOT NULL DEFAULT '',
		PRIMARY KEY (id, n)
	) WITHOUT ROWID;
	CREATE INDEX timexes_value ON timexes(value);`,
	// 3: entities of each article's current version, one row an entity;
	// aliases, roles and mentions as JSON arrays.
	`CREATE TABLE entities (
		id       TEXT NOT NULL,
		n        INTEGER NOT NULL,
		key      TEXT NOT NULL,
		type     TEXT NOT NULL,
		name     TEXT NOT NULL,
		source   INTEGER NOT NULL DEFAULT 0,
		country  TEXT NOT NULL DEFAULT '',
		admin    TEXT NOT NULL DEFAULT '',
		geoid    INTEGER NOT NULL DEFAULT 0,
		aliases  TEXT NOT NULL DEFAULT '[]',
		roles    TEXT NOT NULL DEFAULT '[]',
		mentions TEXT NOT NULL DEFAULT '[]',
		PRIMARY KEY (id, n)
	) WITHOUT ROWID;
	CREATE INDEX entities_name ON entities(type, name);`,
	// 4: contact events of each article's current version: the fields
	// filtered on as columns, the whole event (mentions, evidence) as JSON.
	`CREATE TABLE events (
		id     TEXT NOT NULL,
		n      INTEGER NOT NULL,
		kind   TEXT NOT NULL,
		status TEXT NOT NULL,
		value  TEXT NOT NULL DEFAULT '',
		start  TEXT NOT NULL DEFAULT '',
		place  TEXT NOT NULL DEFAULT '',
		names  TEXT NOT NULL DEFAULT '',
		data   TEXT NOT NULL,
		PRIMARY KEY (id, n)
	) WITHOUT ROWID;
	CREATE INDEX events_kind ON events(kind, status);
	CREATE INDEX events_start ON events(start);`,
	// 5: live feed polling (storyline watch): per-feed conditional-GET
	// validators and backoff, and the items already ingested from each feed.
	`CREATE TABLE watch_feeds (
		url           TEXT PRIMARY KEY,
		etag          TEXT NOT NULL DEFAULT '',
		last_modified TEXT NOT NULL DEFAULT '',
		failures      INTEGER NOT NULL DEFAULT 0,
		next_poll     TEXT NOT NULL DEFAULT '',
		last_polled   TEXT NOT NULL DEFAULT '',
		last_error    TEXT NOT NULL DEFAULT ''
	) WITHOUT ROWID;
	CREATE TABLE watch_items (
		feed    TEXT NOT NULL,
		item    TEXT NOT NULL,
		doc     TEXT NOT NULL DEFAULT '',
		seen_at TEXT NOT NULL,
		PRIMARY KEY (feed, item)
	) WITHOUT ROWID;`,
	// 6: linking's results (package link): each article's cluster, story
	// and near-duplicate original with the version linked; each
	// per-article event's real-world event (mentions); the real-world
	// events and stories; the canonical entity names the linker used; and
	// the linker's state snapshot.
	`CREATE TABLE link_docs (
		doc          TEXT PRIMARY KEY,
		seq          INTEGER NOT NULL,
		hash         TEXT NOT NULL,
		cluster      TEXT NOT NULL,
		story        TEXT NOT NULL,
		duplicate_of TEXT NOT NULL DEFAULT '',
		events       TEXT NOT NULL DEFAULT '[]'
	) WITHOUT ROWID;
	CREATE INDEX link_docs_seq ON link_docs(seq);
	CREATE INDEX link_docs_cluster ON link_docs(cluster);
	CREATE INDEX link_docs_story ON link_docs(story);
	CREATE TABLE link_mentions (
		doc       TEXT NOT NULL,
		n         INTEGER NOT NULL,
		event     TEXT NOT NULL,
		seq       INTEGER NOT NULL,
		sentence  TEXT NOT NULL DEFAULT '',
		status    TEXT NOT NULL DEFAULT '',
		value     TEXT NOT NULL DEFAULT '',
		date      TEXT NOT NULL DEFAULT '',
		duplicate INTEGER NOT NULL DEFAULT 0,
		PRIMARY KEY (doc, n)
	) WITHOUT ROWID;
	CREATE INDEX link_mentions_event ON link_mentions(event, seq, n);
	CREATE TABLE link_events (
		id        TEXT PRIMARY KEY,
		seq       INTEGER NOT NULL,
		kind      TEXT NOT NULL,
		status    TEXT NOT NULL,
		value     TEXT NOT NULL DEFAULT '',
		value_text TEXT NOT NULL DEFAULT '',
		start     TEXT NOT NULL DEFAULT '',
		place     TEXT NOT NULL DEFAULT '',
		pids      TEXT NOT NULL DEFAULT '',
		names     TEXT NOT NULL DEFAULT '',
		cluster   TEXT NOT NULL,
		story     TEXT NOT NULL,
		data      TEXT NOT NULL
	) WITHOUT ROWID;
	CREATE INDEX link_events_seq ON link_events(seq);
	CREATE INDEX link_events_cluster ON link_events(cluster);
	CREATE INDEX link_events_story ON link_events(story);
	CREATE TABLE link_stories (
		id       TEXT PRIMARY KEY,
		seq      INTEGER NOT NULL,
		title    TEXT NOT NULL DEFAULT '',
		start    TEXT NOT NULL DEFAULT '',
		end      TEXT NOT NULL DEFAULT '',
		docs     INTEGER NOT NULL DEFAULT 0,
		reports  INTEGER NOT NULL DEFAULT 0,
		clusters TEXT NOT NULL DEFAULT '[]',
		events   TEXT NOT NULL DEFAULT '[]'
	) WITHOUT ROWID;
	CREATE INDEX link_stories_seq ON link_stories(seq);
	CREATE TABLE link_entities (
		id   TEXT PRIMARY KEY,
		name TEXT NOT NULL
	) WITHOUT ROWID;
	CREATE TABLE link_state (
		k          INTEGER PRIMARY KEY CHECK (k = 1),
		seq        INTEGER NOT NULL,
		data       BLOB NOT NULL,
		updated_at TEXT NOT NULL
	);`,
	// 7: the link lock's fence: the generation of the latest link lock
	// taken, which writes of links made under an older lock fail against.
	`CREATE TABLE link_lease (
		k          INTEGER PRIMARY KEY CHECK (k = 1),
		generation INTEGER NOT NULL
	);
	INSERT INTO link_lease(k, generation) VALUES (1, 0);`,
}
