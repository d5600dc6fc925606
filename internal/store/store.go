// Package store owns the archive: articles and their versions, and later the
// results of analysis, behind the Store interface. The default backend is an
// embedded SQLite file (modernc.org/sqlite, no cgo) with FTS5 full-text
// search; the PostgreSQL backend (pgx) is the shared store of several
// processes. Open chooses between them by the DSN. Both keep the same
// contracts, checked by one conformance test suite run on each.
//
// Versioning: an article is keyed by its document id. Storing an article
// whose id and content hash are already stored changes nothing and is
// reported as a duplicate, and so does storing again a version the current
// one replaced (an older file read after a newer one must not roll the
// article back). Storing an article whose id is known but whose
// content hash differs records a new version: the article row then shows the
// newest version and the versions it replaced are kept in the history, as
// long as the two contents are plausibly one article (SameArticle). Ids are
// unique only within their source, so a content that is a different article
// is stored as a new article under a derived id (RenamedID) instead, and
// nothing stored is replaced.
//
// The store sits downstream of analysis: it may depend on the article model
// and on the types of the analysis packages (timex, ...), and knows nothing
// of readers, cleaning or the pipeline.
package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/event"
	"github.com/storyline-news/storyline/internal/timex"
)

// Doc is an article with the results of its per-article analysis, the unit
// the store writes. Analysis results are stored with the version of the
// article they were computed on and replaced when a new version arrives.
type Doc struct {
	Article *article.Article
	// Timexes are the temporal expressions of Article.Text, with byte
	// offsets into it.
	Timexes []timex.Timex
	// Entities are the article's entities (within-article identity), with
	// mentions at byte offsets into Article.Text.
	Entities []entity.Entity
	// Events are the article's contact events, each with its mentions and
	// the evidence for every field, at byte offsets into Article.Text.
	Events []event.Event
}

// StoredEvent is an event of one article as stored: the article's id, the
// event's position among the article's events, and the event.
type StoredEvent struct {
	Doc string
	N   int
	event.Event
}

// ID returns the event's stable id: "ev-" and twelve hex digits of a hash
// of the article id and the event's position in it.
func (e StoredEvent) ID() string {
	h := sha256.Sum256([]byte(e.Doc + "\x00" + strconv.Itoa(e.N)))
	return "ev-" + hex.EncodeToString(h[:6])
}

// EventFilter selects events. Empty fields match everything; From and To
// compare with the start of the event's TIMEX3 value (events without a
// calendar value are left out when either is set).
type EventFilter struct {
	Kind        string
	Status      string
	Participant string // a participant's name, matched case-insensitively
	Doc         string
	From, To    time.Time
}

// ErrNotFound is returned when a requested record does not exist.
var ErrNotFound = errors.New("not found")

// Outcome says what storing one article did.
type Outcome int

// Outcomes of Put.
const (
	Added     Outcome = iota + 1 // a document id not seen before
	Duplicate                    // same id (own or derived) and the current or a replaced version's content: nothing changed
	Updated                      // same id, new content of the same article (SameArticle): a new version
	// Renamed is a new article stored under a derived id (RenamedID)
	// because its own id names a different stored article.
	Renamed
)

// String returns "added", "duplicate", "updated" or "renamed".
func (o Outcome) String() string {
	switch o {
	case Added:
		return "added"
	case Duplicate:
		return "duplicate"
	case Updated:
		return "updated"
	case Renamed:
		return "renamed"
	}
	return "unknown"
}

// Record is a stored article with its bookkeeping.
type Record struct {
	article.Article
	// Version counts the distinct contents stored under this id, from 1.
	Version int `json:"version"`
	// Hash is the content hash of the current version (article.ContentHash).
	Hash string `json:"hash"`
	// IngestedAt is when the current version was stored.
	IngestedAt time.Time `json:"ingested_at"`
}

// Order selects the order of a listing.
type Order int

// Orders of a listing. By date puts undated articles last.
const (
	ByDate Order = iota
	ByID
	ByIngest
)

// ListOptions filter and page a listing of articles.
type ListOptions struct {
	Order  Order
	Limit  int // 0 means no limit
	Offset int
}

// Hit is one full-text search result.
type Hit struct {
	ID      string    `json:"id"`
	Title   string    `json:"title"`
	Date    time.Time `json:"date,omitempty"`
	Source  string    `json:"source,omitempty"`
	Snippet string    `json:"snippet"`
	// Score is the relevance, higher is better (negated bm25 for SQLite,
	// ts_rank_cd for PostgreSQL): comparable within one result list only.
	Score float64 `json:"score"`
}

// Stats counts what the archive holds.
type Stats struct {
	// Articles counts distinct document ids.
	Articles int `json:"articles"`
	// Versions counts every version stored, current and replaced.
	Versions int `json:"versions"`
}

// Store is the archive. Implementations are safe for concurrent use.
type Store interface {
	// Put stores a batch of documents in one transaction: either every
	// document of the batch is stored or none is. It returns one outcome per
	// document, in order. A duplicate (the current content, or that of a
	// version the current one replaced) leaves the stored article and its
	// analysis untouched.
	// A document whose id names a stored article (or an earlier document of
	// the batch) with other content that is not plausibly the same article
	// (SameArticle) is stored under RenamedID(id, its content hash), and Put
	// sets its Article.ID to that id: Renamed when that id is new, Duplicate
	// when it holds the same content already, Updated in the unlikely case
	// that it holds other content (eight hex digits of hash shared).
	Put(ctx context.Context, batch []*Doc) ([]Outcome, error)
	// Get returns the current version of an article, or ErrNotFound.
	Get(ctx context.Context, id string) (*Record, error)
	// Timexes returns the temporal expressions stored for the current
	// version of an article, in text order (none for an unknown id).
	Timexes(ctx context.Context, id string) ([]timex.Timex, error)
	// Entities returns the entities stored for the current version of an
	// article, in order of first mention (none for an unknown id).
	Entities(ctx context.Context, id string) ([]entity.Entity, error)
	// EachEntities calls fn with the entities of every article that has
	// any, in the order the articles were first stored, until fn returns an
	// error, which it then returns. Cross-article identity (entity.Index)
	// is rebuilt from it.
	EachEntities(ctx context.Context, fn func(id string, ents []entity.Entity) error) error
	// Events calls fn for each stored event matching f, by article in
	// ingest order and by position within the article, until fn returns an
	// error, which it then returns.
	Events(ctx context.Context, f EventFilter, fn func(StoredEvent) error) error
	// List calls fn for each article in the requested order until fn
	// returns an error, which List then returns.
	List(ctx context.Context, opts ListOptions, fn func(*Record) error) error
	// Search runs a full-text query over titles and texts and returns up to
	// limit hits, best first. The query uses the backend's query syntax
	// (FTS5 for SQLite, websearch_to_tsquery for PostgreSQL); a plain list
	// of words matches articles holding all of them, and no query fails on
	// its syntax.
	Search(ctx context.Context, query string, limit int) ([]Hit, error)
	// Stats counts the archive's contents.
	Stats(ctx context.Context) (Stats, error)

	// PutLinks persists what linking decided for a batch of articles, in
	// one transaction: the batch's DocLinks and mentions replace any
	// earlier ones of the same articles, then its Moves (each article
	// named takes the cluster Into, nothing else of its links changes),
	// then its Merges are applied in
	// order (every stored doc link, event and story naming a From cluster
	// or story names its Into from then on, and a From story is deleted),
	// then its Events, Stories and Names are upserted, an event the
	// articles reported before and no article reports any more is
	// deleted, and the linker's state snapshot, when given, replaces the
	// stored one. Either all of it is stored or none.
	PutLinks(ctx context.Context, b LinkBatch) error
	// LinkState returns the last stored linker snapshot and the link
	// sequence (DocLink.Seq) it covers; a nil snapshot and 0 when none.
	LinkState(ctx context.Context) (LinkState, error)
	// Unlinked calls fn with the id of each article whose current version
	// has no doc link (never linked, or updated since), in publication
	// order (undated ones, then dated ones by date; ties by id: the order
	// of link.SortDocs), until fn
	// returns an error, which it then returns.
	Unlinked(ctx context.Context, fn func(id string) error) error
	// LinkedSince calls fn, in link order, with the doc link of each
	// article linked after link sequence seq (DocLink.Seq > seq), until fn
	// returns an error, which it then returns: the articles to re-link
	// after restoring a snapshot taken at seq.
	LinkedSince(ctx context.Context, seq int, fn func(DocLink) error) error
	// DocLinks calls fn with the doc link of each linked article of story
	// (of every story when story is ""), in link order (DocLink.Seq), until
	// fn returns an error, which it then returns.
	DocLinks(ctx context.Context, story string, fn func(DocLink) error) error
	// DocLink returns one article's doc link, or ErrNotFound.
	DocLink(ctx context.Context, doc string) (DocLink, error)
	// LinkedEvents calls fn for each real-world event matching f, with its
	// mentions, in order of first report (LinkedEvent.Seq), until fn
	// returns an error, which it then returns.
	LinkedEvents(ctx context.Context, f LinkFilter, fn func(LinkedEvent) error) error
	// LinkedEvent returns one real-world event with its mentions, or
	// ErrNotFound.
	LinkedEvent(ctx context.Context, id string) (LinkedEvent, error)
	// Stories calls fn for each story in order of creation (Story.Seq),
	// until fn returns an error, which it then returns.
	Stories(ctx context.Context, fn func(Story) error) error
	// Story returns one story, or ErrNotFound.
	Story(ctx context.Context, id string) (Story, error)
	// ClearLinks deletes every doc link, mention, real-world event, story,
	// linked entity name and the linker snapshot, before a relink from
	// scratch.
	ClearLinks(ctx context.Context) error

	// Close releases the store's resources.
	Close() error
}

// DocLink is what linking decided for one article.
type DocLink struct {
	Doc string `json:"doc"`
	// Cluster groups the articles that report the same main event; Story
	// groups clusters.
	Cluster string `json:"cluster"`
	Story   string `json:"story"`
	// DuplicateOf names the earlier article this one is a near-duplicate
	// of, "" for an independent report.
	DuplicateOf string `json:"duplicate_of,omitempty"`
	// Events is parallel to the article's events: the id of the
	// real-world event each one reports.
	Events []string `json:"events"`
	// Seq is the linker's sequence number of the article (1 for the first
	// linked): the link order.
	Seq int `json:"-"`
	// Hash is the content hash of the version linked (Record.Hash).
	Hash string `json:"-"`
}

// Mention is one article's report of a real-world event.
type Mention struct {
	Doc string `json:"doc"`
	// N is the event's index in the article's events.
	N        int       `json:"n"`
	Sentence string    `json:"text"`
	Status   string    `json:"status"`
	When     string    `json:"when,omitempty"`
	Date     time.Time `json:"date,omitzero"` // the article's date
	// Duplicate is true when the article is a near-duplicate of another.
	Duplicate bool `json:"duplicate,omitempty"`
	// Event is the real-world event reported.
	Event string `json:"-"`
	// Seq is the link sequence of the article (DocLink.Seq).
	Seq int `json:"-"`
}

// LinkedEvent is one real-world event linked across articles.
type LinkedEvent struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	// Participants are canonical entity ids; Names their names.
	Participants []string `json:"participant_ids"`
	Names        []string `json:"participants"`
	Place        string   `json:"place,omitempty"`
	// When is the most specific TIMEX3 value the reports give.
	When     string `json:"when,omitempty"`
	WhenText string `json:"when_text,omitempty"`
	// Status is that of the latest report (by article date, then by
	// order of linking).
	Status   string    `json:"status"`
	Cluster  string    `json:"cluster"`
	Story    string    `json:"story"`
	Mentions []Mention `json:"mentions"`
	// Seq orders events by first report (then by creation).
	Seq int `json:"-"`
}

// Story is a thread of clusters and events.
type Story struct {
	ID string `json:"id"`
	// Title names the key entities and the theme.
	Title string `json:"title"`
	// Start and End are the dates of the earliest and latest dated
	// article (zero when none is dated).
	Start    time.Time `json:"start,omitzero"`
	End      time.Time `json:"end,omitzero"`
	Docs     int       `json:"docs"`
	Reports  int       `json:"reports"` // articles that are not near-duplicates
	Clusters []string  `json:"clusters"`
	// Events are real-world event ids in date order (undated last, in
	// order of linking).
	Events []string `json:"events"`
	// Seq orders stories by creation.
	Seq int `json:"-"`
}

// LinkMove says that batch refinement moved article Doc from cluster From
// to cluster Into (of the same story).
type LinkMove struct {
	Doc  string `json:"doc"`
	From string `json:"from"`
	Into string `json:"into"`
}

// LinkMerge says that cluster or story From was merged into Into.
type LinkMerge struct {
	From string `json:"from"`
	Into string `json:"into"`
}

// LinkBatch is what PutLinks stores: linking's decisions since the last
// batch. Events and Stories are complete (they replace the stored rows of
// the same id) except for the events' mentions, which come from Mentions.
type LinkBatch struct {
	Docs     []DocLink
	Mentions []Mention
	Moves    []LinkMove
	Merges   []LinkMerge
	Events   []LinkedEvent
	Stories  []Story
	// Names maps canonical entity ids to their current names.
	Names map[string]string
	// State, when not nil, is the linker's snapshot after the batch,
	// covering links up to link sequence Seq.
	State []byte
	Seq   int
	// Fence, when not zero, is the generation of the link lock the batch
	// was made under (LinkLock.Fence): PutLinks stores nothing and fails
	// with an error wrapping ErrLinkLockLost when a later lock has been
	// taken since.
	Fence int64
}

// LinkState is the stored linker snapshot: the state after linking the
// articles of link sequence 1..Seq.
type LinkState struct {
	Data []byte
	Seq  int
}

// LinkFilter selects real-world events. Empty fields match everything;
// Participant matches a canonical participant name case-insensitively;
// Doc keeps events reported by that article; From and To compare with the
// start of the event's TIMEX3 value (events without a calendar value are
// left out when either is set).
type LinkFilter struct {
	Kind        string
	Status      string
	Participant string
	Doc         string
	Story       string
	From, To    time.Time
}

// rowSet is what both backends' result sets (*sql.Rows, pgx.Rows) offer.
type rowSet interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// eachRow scans every row of rows with scan and calls fn with it, until
// fn returns an error, which it then returns; a read error is wrapped with
// what was being read.
func eachRow[T any](rows rowSet, what string, scan func(scanner) (T, error), fn func(T) error) error {
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// linkStateQuery reads the stored linker state (Store.LinkState).
const linkStateQuery = `SELECT seq, data FROM link_state WHERE k = 1`

// scanLinkState scans the row of linkStateQuery; noRows is the backend's
// error for no row, which means no state stored yet.
func scanLinkState(row scanner, noRows error) (LinkState, error) {
	var st LinkState
	err := row.Scan(&st.Seq, &st.Data)
	if errors.Is(err, noRows) {
		return LinkState{}, nil
	}
	if err != nil {
		return LinkState{}, fmt.Errorf("read linker state: %w", err)
	}
	return st, nil
}

// collectRows scans every row of rows with scan; a read error is wrapped
// with what was being read.
func collectRows[T any](rows rowSet, what string, scan func(scanner) (T, error)) ([]T, error) {
	var out []T
	err := eachRow(rows, what, scan, func(v T) error {
		out = append(out, v)
		return nil
	})
	return out, err
}

// scanTimex scans the columns start, end, text, type, value, mod, quant,
// freq of a stored temporal expression.
func scanTimex(sc scanner) (timex.Timex, error) {
	var t timex.Timex
	err := sc.Scan(&t.Start, &t.End, &t.Text, &t.Type, &t.Value, &t.Mod, &t.Quant, &t.Freq)
	return t, err
}

// entityOnly drops the article id of an entity scanner's result.
func entityOnly(scan func(scanner) (string, entity.Entity, error)) func(scanner) (entity.Entity, error) {
	return func(sc scanner) (entity.Entity, error) {
		_, e, err := scan(sc)
		return e, err
	}
}

// scanString scans a row of one text column.
func scanString(sc scanner) (string, error) {
	var v string
	err := sc.Scan(&v)
	return v, err
}

// eachArticleEntities reads rows of entities ordered by article and calls
// fn once per article with its entities in order (Store.EachEntities).
func eachArticleEntities(rows rowSet, scan func(scanner) (string, entity.Entity, error), fn func(id string, ents []entity.Entity) error) error {
	var cur string
	var ents []entity.Entity
	for rows.Next() {
		id, e, err := scan(rows)
		if err != nil {
			return fmt.Errorf("read entities: %w", err)
		}
		if id != cur && len(ents) > 0 {
			if err := fn(cur, ents); err != nil {
				return err
			}
			ents = nil
		}
		cur = id
		ents = append(ents, e)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read entities: %w", err)
	}
	if len(ents) > 0 {
		return fn(cur, ents)
	}
	return nil
}
