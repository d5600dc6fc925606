package store

// pgMigrations is the PostgreSQL schema, one migration for each of
// sqliteMigrations with the same meaning and number: migration i+1 is
// applied once, in a transaction, to a database at version i, and the two
// lists always have the same length. Never edit or reorder a migration that
// has shipped: append a new one to both lists.
//
// Differences from SQLite, all invisible through Store: dates and instants
// are timestamptz (NULL for none) rather than RFC 3339 text; identifiers
// and dates compare bytewise (COLLATE "C"), as in SQLite, whatever the
// database's locale; JSON is jsonb; full-text search is a generated
// tsvector column (title weighted A, text B, English stemming) with a GIN
// index instead of an FTS5 table.
var pgMigrations = []string{
	// 1: articles (current versions), the versions they replaced, and
	// full-text search over the current versions.
	`CREATE TABLE articles (
		seq             bigserial PRIMARY KEY,
		id              text COLLATE "C" NOT NULL UNIQUE,
		version         integer NOT NULL,
		hash            text NOT NULL,
		title           text NOT NULL DEFAULT '',
		text            text NOT NULL DEFAULT '',
		url             text NOT NULL DEFAULT '',
		source          text NOT NULL DEFAULT '',
		author          text NOT NULL DEFAULT '',
		language        text NOT NULL DEFAULT '',
		date            timestamptz,
		date_source     text NOT NULL DEFAULT '',
		date_confidence double precision NOT NULL DEFAULT 0,
		place           text NOT NULL DEFAULT '',
		origin          text NOT NULL DEFAULT '',
		format          text NOT NULL DEFAULT '',
		ingested_at     timestamptz NOT NULL,
		fts             tsvector GENERATED ALWAYS AS (
			setweight(to_tsvector('english'::regconfig, title), 'A') ||
			setweight(to_tsvector('english'::regconfig, text), 'B')) STORED
	);
	CREATE INDEX articles_date ON articles(date);
	CREATE INDEX articles_fts ON articles USING gin(fts);
	CREATE TABLE article_versions (
		id          text COLLATE "C" NOT NULL,
		version     integer NOT NULL,
		hash        text NOT NULL,
		title       text NOT NULL,
		text        text NOT NULL,
		date        timestamptz,
		origin      text NOT NULL,
		ingested_at timestamptz NOT NULL,
		PRIMARY KEY (id, version)
	);`,
	// 2: temporal expressions of each article's current version.
	`CREATE TABLE timexes (
		id         text COLLATE "C" NOT NULL,
		n          integer NOT NULL,
		start_byte integer NOT NULL,
		end_byte   integer NOT NULL,
		text       text NOT NULL,
		type       text NOT NULL,
		value      text NOT NULL,
		mod        text NOT NULL DEFAULT '',
		quant      text NOT NULL DEFAULT '',
		freq       text NOT NULL DEFAULT '',
		PRIMARY KEY (id, n)
	);
	CREATE INDEX timexes_value ON timexes(value);`,
	// 3: entities of each article's current version, one row an entity;
	// aliases, roles and mentions as JSON arrays.
	`CREATE TABLE entities (
		id       text COLLATE "C" NOT NULL,
		n        integer NOT NULL,
		key      text NOT NULL,
		type     text NOT NULL,
		name     text NOT NULL,
		source   boolean NOT NULL DEFAULT false,
		country  text NOT NULL DEFAULT '',
		admin    text NOT NULL DEFAULT '',
		geoid    bigint NOT NULL DEFAULT 0,
		aliases  jsonb NOT NULL DEFAULT '[]',
		roles    jsonb NOT NULL DEFAULT '[]',
		mentions jsonb NOT NULL DEFAULT '[]',
		PRIMARY KEY (id, n)
	);
	CREATE INDEX entities_name ON entities(type, name);`,
	// 4: contact events of each article's current version: the fields
	// filtered on as columns (names: the participants' names in lower
	// case), the whole event (mentions, evidence) as JSON.
	`CREATE TABLE events (
		id     text COLLATE "C" NOT NULL,
		n      integer NOT NULL,
		kind   text NOT NULL,
		status text NOT NULL,
		value  text NOT NULL DEFAULT '',
		start  date,
		place  text NOT NULL DEFAULT '',
		names  text[] NOT NULL DEFAULT '{}',
		data   jsonb NOT NULL,
		PRIMARY KEY (id, n)
	);
	CREATE INDEX events_kind ON events(kind, status);
	CREATE INDEX events_start ON events(start);
	CREATE INDEX events_names ON events USING gin(names);`,
	// 5: live feed polling (storyline watch): per-feed conditional-GET
	// validators and backoff, and the items already ingested from each feed.
	`CREATE TABLE watch_feeds (
		url           text PRIMARY KEY,
		etag          text NOT NULL DEFAULT '',
		last_modified text NOT NULL DEFAULT '',
		failures      integer NOT NULL DEFAULT 0,
		next_poll     timestamptz,
		last_polled   timestamptz,
		last_error    text NOT NULL DEFAULT ''
	);
	CREATE TABLE watch_items (
		feed    text NOT NULL,
		item    text NOT NULL,
		doc     text NOT NULL DEFAULT '',
		seen_at timestamptz NOT NULL,
		PRIMARY KEY (feed, item)
	);`,
	// 6: linking's results (package link): each article's cluster, story
	// and near-duplicate original with the version linked; each
	// per-article event's real-world event (mentions); the real-world
	// events and stories; the canonical entity names the linker used
	// (lname: the name in lower case, for the participant filter); and
	// the linker's state snapshot.
	`CREATE TABLE link_docs (
		doc          text COLLATE "C" PRIMARY KEY,
		seq          bigint NOT NULL,
		hash         text NOT NULL,
		cluster      text COLLATE "C" NOT NULL,
		story        text COLLATE "C" NOT NULL,
		duplicate_of text NOT NULL DEFAULT '',
		events       jsonb NOT NULL DEFAULT '[]'
	);
	CREATE INDEX link_docs_seq ON link_docs(seq);
	CREATE INDEX link_docs_cluster ON link_docs(cluster);
	CREATE INDEX link_docs_story ON link_docs(story);
	CREATE TABLE link_mentions (
		doc       text COLLATE "C" NOT NULL,
		n         integer NOT NULL,
		event     text COLLATE "C" NOT NULL,
		seq       bigint NOT NULL,
		sentence  text NOT NULL DEFAULT '',
		status    text NOT NULL DEFAULT '',
		value     text NOT NULL DEFAULT '',
		date      timestamptz,
		duplicate boolean NOT NULL DEFAULT false,
		PRIMARY KEY (doc, n)
	);
	CREATE INDEX link_mentions_event ON link_mentions(event, seq, n);
	CREATE TABLE link_events (
		id         text COLLATE "C" PRIMARY KEY,
		seq        bigint NOT NULL,
		kind       text NOT NULL,
		status     text NOT NULL,
		value      text NOT NULL DEFAULT '',
		value_text text NOT NULL DEFAULT '',
		start      date,
		place      text NOT NULL DEFAULT '',
		pids       text[] NOT NULL DEFAULT '{}',
		names      text[] NOT NULL DEFAULT '{}',
		cluster    text COLLATE "C" NOT NULL,
		story      text COLLATE "C" NOT NULL,
		data       jsonb NOT NULL
	);
	CREATE INDEX link_events_seq ON link_events(seq);
	CREATE INDEX link_events_cluster ON link_events(cluster);
	CREATE INDEX link_events_story ON link_events(story);
	CREATE INDEX link_events_names ON link_events USING gin(names);
	CREATE TABLE link_stories (
		id       text COLLATE "C" PRIMARY KEY,
		seq      bigint NOT NULL,
		title    text NOT NULL DEFAULT '',
		start_at timestamptz,
		end_at   timestamptz,
		docs     integer NOT NULL DEFAULT 0,
		reports  integer NOT NULL DEFAULT 0,
		clusters jsonb NOT NULL DEFAULT '[]',
		events   jsonb NOT NULL DEFAULT '[]'
	);
	CREATE INDEX link_stories_seq ON link_stories(seq);
	CREATE TABLE link_entities (
		id    text COLLATE "C" PRIMARY KEY,
		name  text NOT NULL,
		lname text NOT NULL
	);
	CREATE INDEX link_entities_lname ON link_entities(lname);
	CREATE TABLE link_state (
		k          integer PRIMARY KEY CHECK (k = 1),
		seq        bigint NOT NULL,
		data       bytea NOT NULL,
		updated_at timestamptz NOT NULL
	);`,
	// 7: the link lock's fence: the generation of the latest link lock
	// taken, which writes of links made under an older lock fail against.
	`CREATE TABLE link_lease (
		k          integer PRIMARY KEY CHECK (k = 1),
		generation bigint NOT NULL
	);
	INSERT INTO link_lease(k, generation) VALUES (1, 0);`,
}
