package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/event"
	"github.com/storyline-news/storyline/internal/store/pgtest"
	"github.com/storyline-news/storyline/internal/timex"
)

// newDSN returns the DSN of a new, empty archive of one backend, removed
// when tb ends. Open(ctx, dsn) opens it, as often as a test likes.
type newDSN func(tb testing.TB) string

// sqliteDSN is a fresh SQLite file in tb's temporary directory.
func sqliteDSN(tb testing.TB) string { return filepath.Join(tb.TempDir(), "test.db") }

// TestConformanceSQLite runs the backend-neutral suite on SQLite.
func TestConformanceSQLite(t *testing.T) { runConformance(t, sqliteDSN) }

// TestConformancePostgres runs the backend-neutral suite on PostgreSQL, each
// test in a schema of its own, when STORYLINE_TEST_POSTGRES names a server.
func TestConformancePostgres(t *testing.T) {
	if !pgtest.Enabled() {
		t.Skip(pgtest.EnvVar + " not set")
	}
	runConformance(t, pgtest.DSN)
}

// runConformance checks the contracts of Store, and of the optional
// capabilities both backends have, on archives made by fresh.
func runConformance(t *testing.T, fresh newDSN) {
	tests := []struct {
		name string
		fn   func(*testing.T, newDSN)
	}{
		{"PutOutcomes", testPutOutcomes},
		{"PutSameIDTwiceInBatch", testPutSameIDTwiceInBatch},
		{"PutRenamesCollidingIDs", testPutRenamesCollidingIDs},
		{"PutFailedLeavesIDs", testPutFailedLeavesIDs},
		{"PutRejectsEmptyIDWholeBatch", testPutRejectsEmptyIDWholeBatch},
		{"ConcurrentPutsAgree", testConcurrentPutsAgree},
		{"ListOrders", testListOrders},
		{"ListFiltered", testListFiltered},
		{"Search", testSearch},
		{"SearchNeverFailsOnSyntax", testSearchNeverFailsOnSyntax},
		{"ReopenKeepsDataAndSchema", testReopenKeepsDataAndSchema},
		{"ConcurrentOpenMigratesOnce", testConcurrentOpenMigratesOnce},
		{"TimexesFollowTheCurrentVersion", testTimexesFollowTheCurrentVersion},
		{"EntitiesRoundTripInIngestOrder", testEntitiesRoundTripInIngestOrder},
		{"EventsFilteredInIngestOrder", testEventsFilteredInIngestOrder},
		{"FeedState", testFeedState},
		{"Redate", testRedate},
		{"Links", testLinks},
		{"LinksRoundTrip", testLinksRoundTrip},
		{"LinksOrderAndUnlinked", testLinksOrderAndUnlinked},
		{"LinkedEventsFiltered", testLinkedEventsFiltered},
		{"LinkMergesAndClear", testLinkMergesAndClear},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, fresh)
		})
	}
}

// openFresh opens a new, empty archive, closed when t ends.
func openFresh(t *testing.T, fresh newDSN) (Store, string) {
	t.Helper()
	dsn := fresh(t)
	return openDSN(t, dsn), dsn
}

// openDSN opens the archive at dsn, closed when t ends.
func openDSN(t *testing.T, dsn string) Store {
	t.Helper()
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// scalar runs a query of one text or number column and one row, written in
// the SQL both backends speak, on the tables of s.
func scalar(t *testing.T, s Store, query string) string {
	t.Helper()
	var out string
	var err error
	switch s := s.(type) {
	case *SQLite:
		err = s.DB().QueryRow(query).Scan(&out)
	case *Postgres:
		err = s.Pool().QueryRow(context.Background(), query).Scan(&out)
	default:
		t.Fatalf("scalar: unknown backend %T", s)
	}
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return out
}

// docs wraps articles without analysis results.
func docs(arts []*article.Article) []*Doc {
	out := make([]*Doc, len(arts))
	for i, a := range arts {
		out[i] = &Doc{Article: a}
	}
	return out
}

// ids lists the ids of the articles s.List returns for opts.
func listIDs(t *testing.T, s Store, opts ListOptions) string {
	t.Helper()
	var ids []string
	if err := s.List(context.Background(), opts, func(r *Record) error {
		ids = append(ids, r.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return strings.Join(ids, ",")
}

func testPutOutcomes(t *testing.T, fresh newDSN) {
	ctx := context.Background()
	s, _ := openFresh(t, fresh)
	// A date in another zone, with nanoseconds: stored to the second, in UTC.
	d := time.Date(2023, 6, 19, 10, 30, 15, 999, time.FixedZone("CEST", 2*3600))
	a := &article.Article{ID: "a", Title: "Blinken in Beijing", Text: "He met Wang Yi.", Date: d,
		DateSource: article.DateFromHeader, DateConfidence: 1, Source: "Reuters", Place: "BEIJING", Origin: "a.txt", Format: "text"}
	b := &article.Article{ID: "b", Text: "Undated report."}
	a2 := *a
	a2.Text = "He met Wang Yi and Qin Gang."

	steps := []struct {
		name  string
		batch []*article.Article
		want  []Outcome
	}{
		{"first ingest", []*article.Article{a, b}, []Outcome{Added, Added}},
		{"same again", []*article.Article{a, b}, []Outcome{Duplicate, Duplicate}},
		{"changed text", []*article.Article{&a2}, []Outcome{Updated}},
		{"twice in one batch", []*article.Article{{ID: "c", Text: "x"}, {ID: "c", Text: "x"}}, []Outcome{Added, Duplicate}},
		{"empty batch", nil, nil},
	}
	for _, st := range steps {
		got, err := s.Put(ctx, docs(st.batch))
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if !slices.Equal(got, st.want) {
			t.Errorf("%s: got %v, want %v", st.name, got, st.want)
		}
	}
	stats, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Articles != 3 || stats.Versions != 4 {
		t.Errorf("stats = %+v, want 3 articles, 4 versions", stats)
	}
	r, err := s.Get(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	wantDate := time.Date(2023, 6, 19, 8, 30, 15, 0, time.UTC)
	if r.Version != 2 || r.Text != a2.Text || r.Date != wantDate || r.DateSource != article.DateFromHeader ||
		r.DateConfidence != 1 || r.Source != "Reuters" || r.Place != "BEIJING" || r.Origin != "a.txt" ||
		r.Format != "text" || r.Hash != article.ContentHash(&a2) || r.IngestedAt.Location() != time.UTC ||
		time.Since(r.IngestedAt) > time.Hour {
		t.Errorf("record = %+v", r)
	}
	if r, err := s.Get(ctx, "b"); err != nil || !r.Date.IsZero() || r.Version != 1 {
		t.Errorf("undated record = %+v, %v", r, err)
	}
	if old := scalar(t, s, `SELECT text FROM article_versions WHERE id = 'a' AND version = 1`); old != a.Text {
		t.Errorf("replaced version = %q, want %q", old, a.Text)
	}
	if _, err := s.Get(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing id: err = %v, want ErrNotFound", err)
	}
}

// testPutSameIDTwiceInBatch stores two contents of one id in one batch,
// then the first again: the second is a new version whose analysis is
// kept, and the first read again is an earlier version, no update.
func testPutSameIDTwiceInBatch(t *testing.T, fresh newDSN) {
	ctx := context.Background()
	s, _ := openFresh(t, fresh)
	v1 := &Doc{Article: &article.Article{ID: "x", Title: "Dates", Text: "On Monday."},
		Timexes: []timex.Timex{{Start: 3, End: 9, Text: "Monday", Type: "DATE", Value: "2023-06-19"}}}
	v2 := &Doc{Article: &article.Article{ID: "x", Title: "Dates", Text: "On Tuesday, then Friday."},
		Timexes: []timex.Timex{
			{Start: 3, End: 10, Text: "Tuesday", Type: "DATE", Value: "2023-06-20"},
			{Start: 17, End: 23, Text: "Friday", Type: "DATE", Value: "2023-06-23"},
		}}
	got, err := s.Put(ctx, []*Doc{v1, v2, v1})
	if err != nil {
		t.Fatal(err)
	}
	if want := []Outcome{Added, Updated, Duplicate}; !slices.Equal(got, want) {
		t.Errorf("outcomes %v, want %v", got, want)
	}
	r, err := s.Get(ctx, "x")
	if err != nil || r.Version != 2 || r.Text != v2.Article.Text {
		t.Fatalf("record %+v, %v", r, err)
	}
	tx, err := s.Timexes(ctx, "x")
	if err != nil || len(tx) != 2 || tx[0].Value != "2023-06-20" {
		t.Errorf("timexes of the last version: %+v, %v", tx, err)
	}
	if n := scalar(t, s, `SELECT COUNT(*) FROM article_versions WHERE id = 'x'`); n != "1" {
		t.Errorf("%s replaced versions kept, want 1", n)
	}
}

// testPutRenamesCollidingIDs stores, under ids already taken, contents
// that are versions of the stored article and contents that are other
// articles: the first are updates, the second are stored beside it under
// derived ids, an edit of one of those updates it under its derived id,
// and storing any of them again changes nothing.
func testPutRenamesCollidingIDs(t *testing.T, fresh newDSN) {
	ctx := context.Background()
	s, _ := openFresh(t, fresh)
	art := func(id, file string) *article.Article {
		title, text := fixture(t, file)
		return &article.Article{ID: id, Title: title, Text: text}
	}
	renamed := func(a *article.Article) string { return RenamedID(a.ID, article.ContentHash(a)) }
	quake, quake2, spill := art("1004", "wire_v1.txt"), art("1004", "wire_v2.txt"), art("1004", "spill_report.txt")
	spill2 := art("1004", "spill_report_v2.txt")
	wire4, spill4, spill4b := art("4001", "wire_v1.txt"), art("4001", "spill_report.txt"), art("4001", "spill_report_v2.txt")
	oil, oil2 := art("2001", "rewrite_v1.txt"), art("2001", "rewrite_v2.txt")
	otherQuake := art("2001", "quake_outlet_a.txt")
	wire3, wire3b := art("3001", "wire_v1.txt"), art("3001", "wire_v2.txt")
	steps := []struct {
		name    string
		batch   []*article.Article
		want    []Outcome
		wantIDs []string // the ids Put leaves on the batch
	}{
		{"first ingest", []*article.Article{quake}, []Outcome{Added}, []string{"1004"}},
		{"same again", []*article.Article{quake}, []Outcome{Duplicate}, []string{"1004"}},
		{"a version with a paragraph added", []*article.Article{quake2}, []Outcome{Updated}, []string{"1004"}},
		{"an unrelated article under the id", []*article.Article{spill}, []Outcome{Renamed}, []string{renamed(spill)}},
		{"the unrelated article again", []*article.Article{spill}, []Outcome{Duplicate}, []string{renamed(spill)}},
		// an edit of a renamed article updates it under its derived id
		{"the unrelated article edited", []*article.Article{spill2}, []Outcome{Updated}, []string{renamed(spill)}},
		{"the unrelated article's first version back", []*article.Article{spill}, []Outcome{Duplicate}, []string{renamed(spill)}},
		{"a renamed article edited in the batch that renames it", []*article.Article{wire4, spill4, spill4b},
			[]Outcome{Added, Renamed, Updated}, []string{"4001", renamed(spill4), renamed(spill4)}},
		// an earlier version read again (an older file ingested after a
		// newer one) does not replace the newer
		{"the first version back", []*article.Article{quake}, []Outcome{Duplicate}, []string{"1004"}},
		{"collisions inside one batch", []*article.Article{oil, otherQuake, oil2, otherQuake},
			[]Outcome{Added, Renamed, Updated, Duplicate}, []string{"2001", renamed(otherQuake), "2001", renamed(otherQuake)}},
		{"an earlier version later in one batch", []*article.Article{wire3, wire3b, wire3},
			[]Outcome{Added, Updated, Duplicate}, []string{"3001", "3001", "3001"}},
	}
	for _, st := range steps {
		batch := make([]*Doc, len(st.batch))
		for i, a := range st.batch {
			c := *a
			batch[i] = &Doc{Article: &c, Timexes: []timex.Timex{{Start: 0, End: 1, Text: c.Text[:1], Type: "DATE", Value: st.name}}}
		}
		got, err := s.Put(ctx, batch)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if !slices.Equal(got, st.want) {
			t.Errorf("%s: got %v, want %v", st.name, got, st.want)
		}
		for i, d := range batch {
			if d.Article.ID != st.wantIDs[i] {
				t.Errorf("%s: document %d has id %q, want %q", st.name, i, d.Article.ID, st.wantIDs[i])
			}
		}
	}
	records := []struct {
		id      string
		text    string
		version int
		timex   string // the Value of the timex stored with the current version
	}{
		{"1004", quake2.Text, 2, "a version with a paragraph added"},
		{"3001", wire3b.Text, 2, "an earlier version later in one batch"},
		{renamed(spill), spill2.Text, 2, "the unrelated article edited"},
		{renamed(spill4), spill4b.Text, 2, "a renamed article edited in the batch that renames it"},
		{"2001", oil2.Text, 2, "collisions inside one batch"},
		{renamed(otherQuake), otherQuake.Text, 1, "collisions inside one batch"},
	}
	for _, want := range records {
		r, err := s.Get(ctx, want.id)
		if err != nil {
			t.Errorf("get %s: %v", want.id, err)
			continue
		}
		if r.Text != want.text || r.Version != want.version {
			t.Errorf("%s: version %d, text %.30q; want version %d, text %.30q", want.id, r.Version, r.Text, want.version, want.text)
		}
		if tx, err := s.Timexes(ctx, want.id); err != nil || len(tx) != 1 || tx[0].Value != want.timex {
			t.Errorf("%s: timexes %+v, %v; want the one stored by %q", want.id, tx, err, want.timex)
		}
	}
	if n := scalar(t, s, `SELECT COUNT(*) FROM article_versions WHERE id LIKE '%~%'`); n != "2" {
		t.Errorf("%s replaced versions of renamed articles, want 2 (one per edited renamed article)", n)
	}
	if old := scalar(t, s, `SELECT text FROM article_versions WHERE id = '1004' AND version = 1`); old != quake.Text {
		t.Errorf("replaced version 1 of 1004 = %.30q, want %.30q", old, quake.Text)
	}
	if st, err := s.Stats(ctx); err != nil || st.Articles != 7 || st.Versions != 12 {
		t.Errorf("stats %+v, %v; want 7 articles, 12 versions", st, err)
	}
}

// testPutFailedLeavesIDs: a batch that fails stores nothing and renames
// none of its documents.
func testPutFailedLeavesIDs(t *testing.T, fresh newDSN) {
	ctx := context.Background()
	s, _ := openFresh(t, fresh)
	if _, err := s.Put(ctx, docs([]*article.Article{{ID: "a", Text: "Talks on trade resumed in Geneva."}})); err != nil {
		t.Fatal(err)
	}
	batch := docs([]*article.Article{{ID: "a", Text: "A storm closed the ports of the north coast."}, {Text: "no id"}})
	if _, err := s.Put(ctx, batch); err == nil {
		t.Fatal("want error for empty id")
	}
	if batch[0].Article.ID != "a" {
		t.Errorf("failed batch renamed its document to %q", batch[0].Article.ID)
	}
	if st, err := s.Stats(ctx); err != nil || st.Articles != 1 {
		t.Errorf("stats %+v, %v; want the one article stored before", st, err)
	}
}

func testPutRejectsEmptyIDWholeBatch(t *testing.T, fresh newDSN) {
	ctx := context.Background()
	s, _ := openFresh(t, fresh)
	_, err := s.Put(ctx, docs([]*article.Article{{ID: "ok", Text: "a"}, {Text: "no id"}}))
	if err == nil {
		t.Fatal("want error for empty id")
	}
	st, err := s.Stats(ctx)
	if err != nil || st.Articles != 0 {
		t.Errorf("batch partially stored: %+v, %v", st, err)
	}
}

// testConcurrentPutsAgree has writers on separate handles store batches of
// the same ids at once, as several ingesting processes do: each id is added
// exactly once, every other write of it is a duplicate.
func testConcurrentPutsAgree(t *testing.T, fresh newDSN) {
	ctx := context.Background()
	dsn := fresh(t)
	const writers, ids = 4, 40
	stores := make([]Store, writers)
	for i := range stores {
		stores[i] = openDSN(t, dsn)
	}
	var mu sync.Mutex
	count := map[Outcome]int{}
	var wg sync.WaitGroup
	for w, s := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Each writer goes through the ids in its own order, in
			// batches of 8, so that batches overlap differently.
			var arts []*article.Article
			for i := range ids {
				j := (i*(2*w+1) + w) % ids
				arts = append(arts, &article.Article{ID: fmt.Sprintf("doc-%02d", j), Text: fmt.Sprintf("text %d", j)})
			}
			for i := 0; i < len(arts); i += 8 {
				got, err := s.Put(ctx, docs(arts[i:i+8]))
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				for _, o := range got {
					count[o]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if count[Added] != ids || count[Duplicate] != ids*(writers-1) || count[Updated] != 0 {
		t.Errorf("outcomes %v, want %d added and %d duplicates", count, ids, ids*(writers-1))
	}
	st, err := stores[0].Stats(ctx)
	if err != nil || st.Articles != ids || st.Versions != ids {
		t.Errorf("stats %+v, %v", st, err)
	}
}

func testListOrders(t *testing.T, fresh newDSN) {
	ctx := context.Background()
	s, _ := openFresh(t, fresh)
	batch := []*article.Article{
		{ID: "undated", Text: "x"},
		{ID: "late", Text: "y", Date: time.Date(2024, 2, 16, 0, 0, 0, 0, time.UTC)},
		{ID: "early", Text: "z", Date: time.Date(2023, 2, 10, 0, 0, 0, 0, time.UTC)},
		{ID: "B", Text: "b"},
		{ID: "_x", Text: "u", Date: time.Date(2023, 2, 10, 0, 0, 0, 0, time.UTC)},
	}
	if _, err := s.Put(ctx, docs(batch)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opts ListOptions
		want string
	}{
		// Same dates tie by id; ids compare bytewise ("B" < "_x" < "a").
		{"by date, undated last", ListOptions{Order: ByDate}, "_x,early,late,B,undated"},
		{"by id, bytewise", ListOptions{Order: ByID}, "B,_x,early,late,undated"},
		{"by ingest", ListOptions{Order: ByIngest}, "undated,late,early,B,_x"},
		{"page", ListOptions{Order: ByIngest, Limit: 2, Offset: 2}, "early,B"},
		{"offset only", ListOptions{Order: ByIngest, Offset: 3}, "B,_x"},
	}
	for _, tc := range tests {
		if got := listIDs(t, s, tc.opts); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
	// A new version keeps its place in ingest order.
	if _, err := s.Put(ctx, docs([]*article.Article{{ID: "undated", Text: "x, changed"}})); err != nil {
		t.Fatal(err)
	}
	if got := listIDs(t, s, ListOptions{Order: ByIngest}); got != "undated,late,early,B,_x" {
		t.Errorf("ingest order after an update: %s", got)
	}
}

// filteredLister is the optional capability the server uses.
type filteredLister interface {
	ListFiltered(ctx context.Context, q ListQuery, fn func(*Record) error) error
}

func testListFiltered(t *testing.T, fresh newDSN) {
	ctx := context.Background()
	st, _ := openFresh(t, fresh)
	s, ok := st.(filteredLister)
	if !ok {
		t.Fatalf("%T has no ListFiltered", st)
	}
	day := func(d int) time.Time { return time.Date(2024, 2, d, 9, 0, 0, 0, time.UTC) }
	batch := []*article.Article{
		{ID: "a", Text: "x", Source: "Reuters", Date: day(1)},
		{ID: "b", Text: "y", Source: "AFP", Date: day(5)},
		{ID: "c", Text: "z", Source: "reuters", Date: day(9)},
		{ID: "d", Text: "w", Source: "Reuters"},
		{ID: "e", Text: "v", Source: "RÉUTERS", Date: day(9)},
	}
	if _, err := st.Put(ctx, docs(batch)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		q    ListQuery
		want string
	}{
		{"ingest order", ListQuery{Order: ByIngest}, "a,b,c,d,e"},
		{"newest ingested first", ListQuery{Order: ByIngest, Desc: true}, "e,d,c,b,a"},
		{"latest first, undated last", ListQuery{Order: ByDate, Desc: true}, "e,c,b,a,d"},
		{"date range", ListQuery{Order: ByDate, From: day(2), To: day(9)}, "b,c,e"},
		{"from only", ListQuery{Order: ByDate, From: day(5)}, "b,c,e"},
		{"to only", ListQuery{Order: ByDate, To: day(4)}, "a"},
		// ASCII case folding only, as SQLite's NOCASE: "RÉUTERS" differs.
		{"source, any case", ListQuery{Order: ByIngest, Source: "REUTERS"}, "a,c,d"},
		{"page", ListQuery{Order: ByIngest, Limit: 2, Offset: 1}, "b,c"},
		{"by id, descending", ListQuery{Order: ByID, Desc: true, Limit: 2}, "e,d"},
	}
	for _, tc := range tests {
		var ids []string
		if err := s.ListFiltered(ctx, tc.q, func(r *Record) error { ids = append(ids, r.ID); return nil }); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := strings.Join(ids, ","); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
	stop := errors.New("stop")
	n := 0
	err := s.ListFiltered(ctx, ListQuery{}, func(*Record) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("fn's error: got %v after %d records", err, n)
	}
}

func testSearch(t *testing.T, fresh newDSN) {
	ctx := context.Background()
	s, _ := openFresh(t, fresh)
	date := time.Date(2024, 2, 16, 0, 0, 0, 0, time.UTC)
	batch := []*article.Article{
		{ID: "1", Title: "Talks in Munich", Text: "Blinken met Wang Yi at the Munich Security Conference.", Date: date, Source: "AP"},
		{ID: "2", Title: "Balloon", Text: "The balloon was shot down off South Carolina."},
		{ID: "3", Title: "Beijing trip", Text: "Blinken postponed his trip to Beijing; meetings were planned."},
		{ID: "4", Title: "Wang Yi", Text: "A statement on Taiwan."},
	}
	if _, err := s.Put(ctx, docs(batch)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query   string
		want    []string
		ordered bool // want is in rank order
	}{
		{"Munich", []string{"1"}, false},
		{"blinken", []string{"1", "3"}, false},
		{"Blinken Munich", []string{"1"}, false}, // every word must match
		{"meeting", []string{"3"}, false},        // stemming: meetings
		{"US-China (", nil, false},               // not query syntax: its words
		{`"shot down"`, []string{"2"}, false},
		{"wang", []string{"4", "1"}, true}, // a title match ranks first
		{"   ", nil, false},
	}
	for _, tc := range tests {
		hits, err := s.Search(ctx, tc.query, 10)
		if err != nil {
			t.Errorf("%q: %v", tc.query, err)
			continue
		}
		var got []string
		for i, h := range hits {
			got = append(got, h.ID)
			if i > 0 && h.Score > hits[i-1].Score {
				t.Errorf("%q: hits not best first: %+v", tc.query, hits)
			}
			if h.ID != "4" && !strings.Contains(h.Snippet, HighlightStart) {
				t.Errorf("%q: snippet %q has no highlight", tc.query, h.Snippet)
			}
		}
		if !tc.ordered {
			slices.Sort(got)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: got %v, want %v", tc.query, got, tc.want)
		}
	}
	hits, err := s.Search(ctx, "Munich", 10)
	if err != nil || len(hits) != 1 {
		t.Fatalf("Munich: %v, %v", hits, err)
	}
	if h := hits[0]; h.Title != "Talks in Munich" || h.Date != date || h.Source != "AP" ||
		!strings.Contains(h.Snippet, HighlightStart+"Munich"+HighlightEnd) {
		t.Errorf("hit = %+v", h)
	}
	if hits, err := s.Search(ctx, "blinken", 1); err != nil || len(hits) != 1 {
		t.Errorf("limit 1: %v, %v", hits, err)
	}
	// An updated text is searchable by its new words only.
	if _, err := s.Put(ctx, docs([]*article.Article{{ID: "2", Title: "Balloon", Text: "An airship over Montana."}})); err != nil {
		t.Fatal(err)
	}
	if hits, err := s.Search(ctx, "Carolina", 10); err != nil || len(hits) != 0 {
		t.Errorf("old text still indexed: %v, %v", hits, err)
	}
	if hits, err := s.Search(ctx, "Montana", 10); err != nil || len(hits) != 1 {
		t.Errorf("new text not indexed: %v, %v", hits, err)
	}
}

// testSearchNeverFailsOnSyntax runs FuzzSearch's seeds, and a few more, on
// every backend: no user query makes Search fail.
func testSearchNeverFailsOnSyntax(t *testing.T, fresh newDSN) {
	ctx := context.Background()
	s, _ := openFresh(t, fresh)
	if _, err := s.Put(ctx, []*Doc{{Article: &article.Article{ID: "1", Title: "Talks", Text: "Blinken met Wang Yi in Munich."}}}); err != nil {
		t.Fatal(err)
	}
	for _, q := range append(searchSeeds, "\x00Munich", "\xff\xfe", "the", "a & b | !c", "munich:*", `\`, "'") {
		if _, err := s.Search(ctx, q, 5); err != nil {
			t.Errorf("Search(%q): %v", q, err)
		}
	}
}

func testReopenKeepsDataAndSchema(t *testing.T, fresh newDSN) {
	ctx := context.Background()
	dsn := fresh(t)
	s, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(ctx, docs([]*article.Article{{ID: "x", Text: "kept"}})); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2 := openDSN(t, dsn)
	r, err := s2.Get(ctx, "x")
	if err != nil || r.Text != "kept" {
		t.Fatalf("reopen: %v %+v", err, r)
	}
	want := fmt.Sprint(len(sqliteMigrations))
	if v := scalar(t, s2, `SELECT MAX(version) FROM schema_migrations`); v != want {
		t.Errorf("schema version %s, want %s", v, want)
	}
	if n := scalar(t, s2, `SELECT COUNT(*) FROM schema_migrations`); n != want {
		t.Errorf("%s migrations recorded, want %s", n, want)
	}
}

// testConcurrentOpenMigratesOnce opens one new archive from several
// goroutines at once, as workers, a watcher and a server started together
// do: every open succeeds and each migration is recorded once.
func testConcurrentOpenMigratesOnce(t *testing.T, fresh newDSN) {
	dsn := fresh(t)
	const n = 8
	errs := make(chan error, n)
	for i := range n {
		go func() {
			s, err := Open(context.Background(), dsn)
			if err == nil {
				_, err = s.Put(context.Background(), []*Doc{{Article: &article.Article{ID: fmt.Sprint(i), Text: "x"}}})
				s.Close()
			}
			errs <- err
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	s := openDSN(t, dsn)
	if got, want := scalar(t, s, `SELECT COUNT(*) FROM schema_migrations`), fmt.Sprint(len(sqliteMigrations)); got != want {
		t.Errorf("%s migrations recorded, want %s", got, want)
	}
	if st, err := s.Stats(context.Background()); err != nil || st.Articles != n {
		t.Errorf("stats %+v, %v", st, err)
	}
}

func testTimexesFollowTheCurrentVersion(t *testing.T, fresh newDSN) {
	ctx := context.Background()
	s, _ := openFresh(t, fresh)
	text := "They met on Monday and will meet again next week."
	d := &Doc{Article: &article.Article{ID: "t", Text: text}, Timexes: []timex.Timex{
		{Start: 8, End: 17, Text: "on Monday", Type: "DATE", Value: "2023-06-19"},
		{Start: 38, End: 47, Text: "next week", Type: "DATE", Value: "2023-W26", Mod: "START", Quant: "EACH", Freq: "1W"},
	}}
	if _, err := s.Put(ctx, []*Doc{d}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Timexes(ctx, "t")
	if err != nil || !slices.Equal(got, d.Timexes) {
		t.Fatalf("timexes = %+v, %v", got, err)
	}
	// A duplicate keeps them; a new version replaces them.
	if _, err := s.Put(ctx, []*Doc{{Article: d.Article}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Timexes(ctx, "t"); len(got) != 2 {
		t.Errorf("duplicate dropped timexes: %+v", got)
	}
	v2 := &Doc{Article: &article.Article{ID: "t", Text: "They met on Monday and will meet again."}}
	if _, err := s.Put(ctx, []*Doc{v2}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Timexes(ctx, "t"); len(got) != 0 {
		t.Errorf("timexes of the old version kept: %+v", got)
	}
	if got, err := s.Timexes(ctx, "unknown"); err != nil || len(got) != 0 {
		t.Errorf("unknown id: %+v, %v", got, err)
	}
}

func testEntitiesRoundTripInIngestOrder(t *testing.T, fresh newDSN) {
	ctx := context.Background()
	s, _ := openFresh(t, fresh)
	blinken := entity.Entity{Key: "e1", Type: "PER", Name: "Antony Blinken", Aliases: []string{"Blinken"},
		Roles: []string{"US Secretary of State"}, Mentions: []entity.Mention{{Start: 0, End: 14, Text: "Antony Blinken"}}}
	munich := entity.Entity{Key: "e2", Type: "LOC", Name: "Munich", Country: "Germany", Admin: "Bavaria", GeoID: 2867714,
		Mentions: []entity.Mention{{Start: 22, End: 28, Text: "Munich"}}}
	afp := entity.Entity{Key: "e1", Type: "ORG", Name: "AFP", Source: true, Mentions: []entity.Mention{{Start: 0, End: 3, Text: "AFP"}}}
	batch := []*Doc{
		{Article: &article.Article{ID: "z", Text: "Antony Blinken arrived Munich."}, Entities: []entity.Entity{blinken, munich}},
		{Article: &article.Article{ID: "a", Text: "AFP reported."}, Entities: []entity.Entity{afp}},
		{Article: &article.Article{ID: "m", Text: "Nothing named."}},
	}
	if _, err := s.Put(ctx, batch); err != nil {
		t.Fatal(err)
	}
	got, err := s.Entities(ctx, "z")
	if err != nil || len(got) != 2 {
		t.Fatalf("entities of z: %+v, %v", got, err)
	}
	if got[0].Name != "Antony Blinken" || got[0].Aliases[0] != "Blinken" || got[0].Roles[0] != "US Secretary of State" ||
		got[0].Mentions[0] != blinken.Mentions[0] || got[1].Country != "Germany" || got[1].Admin != "Bavaria" ||
		got[1].GeoID != 2867714 || got[1].Key != "e2" || got[1].Type != "LOC" {
		t.Errorf("round trip: %+v", got)
	}
	var order []string
	err = s.EachEntities(ctx, func(id string, ents []entity.Entity) error {
		order = append(order, fmt.Sprintf("%s:%d", id, len(ents)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(order, ",") != "z:2,a:1" {
		t.Errorf("EachEntities order = %v, want ingest order z:2,a:1", order)
	}
	if got, _ := s.Entities(ctx, "a"); len(got) != 1 || !got[0].Source {
		t.Errorf("source flag lost: %+v", got)
	}
	stop := errors.New("stop")
	if err := s.EachEntities(ctx, func(string, []entity.Entity) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("fn's error: got %v", err)
	}
}

func testEventsFilteredInIngestOrder(t *testing.T, fresh newDSN) {
	ctx := context.Background()
	s, _ := openFresh(t, fresh)
	part := func(names ...string) []event.Participant {
		var ps []event.Participant
		for _, n := range names {
			ps = append(ps, event.Participant{Name: n, Type: "PER"})
		}
		return ps
	}
	meet := event.Event{Kind: "meeting", Participants: part("Antony Blinken", "Wang Yi"), Place: "Munich",
		When: "2024-02-16", WhenText: "today", Status: "happened",
		Mentions: []event.Mention{{Trigger: event.Span{Start: 8, End: 11, Text: "met"},
			Sentence: event.Span{Start: 0, End: 36, Text: "Blinken met Wang Yi in Munich today."}, Status: "happened"}}}
	call := event.Event{Kind: "call", Participants: part("Joe Biden", "Xi Jinping"), When: "2024-W15", Status: "planned"}
	visit := event.Event{Kind: "visit", Participants: part("Antony Blinken"), When: "2023-06", Status: "postponed"}
	undated := event.Event{Kind: "talks", Participants: part("Wang Yi"), Status: "possible"}
	batch := []*Doc{
		{Article: &article.Article{ID: "b", Text: "one"}, Events: []event.Event{meet, call}},
		{Article: &article.Article{ID: "a", Text: "two"}, Events: []event.Event{visit, undated}},
	}
	if _, err := s.Put(ctx, batch); err != nil {
		t.Fatal(err)
	}
	collect := func(f EventFilter) string {
		var out []string
		if err := s.Events(ctx, f, func(e StoredEvent) error {
			out = append(out, fmt.Sprintf("%s/%d:%s", e.Doc, e.N, e.Kind))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return strings.Join(out, ",")
	}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name string
		f    EventFilter
		want string
	}{
		{"all, ingest order", EventFilter{}, "b/0:meeting,b/1:call,a/0:visit,a/1:talks"},
		{"kind", EventFilter{Kind: "call"}, "b/1:call"},
		{"status", EventFilter{Status: "postponed"}, "a/0:visit"},
		{"participant, any case", EventFilter{Participant: "wang yi"}, "b/0:meeting,a/1:talks"},
		{"participant, whole name", EventFilter{Participant: "Wang"}, ""},
		{"doc", EventFilter{Doc: "a"}, "a/0:visit,a/1:talks"},
		{"from", EventFilter{From: day(2024, 1, 1)}, "b/0:meeting,b/1:call"},
		{"to", EventFilter{To: day(2024, 2, 16)}, "b/0:meeting,a/0:visit"},
		{"kind and participant", EventFilter{Kind: "visit", Participant: "Antony Blinken"}, "a/0:visit"},
	}
	for _, tc := range tests {
		if got := collect(tc.f); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
	var first StoredEvent
	if err := s.Events(ctx, EventFilter{Doc: "b"}, func(e StoredEvent) error {
		first = e
		return errors.New("stop")
	}); err == nil || err.Error() != "stop" {
		t.Errorf("fn's error not returned: %v", err)
	}
	if first.Place != "Munich" || first.WhenText != "today" || len(first.Mentions) != 1 ||
		first.Mentions[0] != meet.Mentions[0] || first.Participants[1].Name != "Wang Yi" ||
		first.ID() != (StoredEvent{Doc: "b", N: 0}).ID() {
		t.Errorf("round trip: %+v", first)
	}
	// A new version of b replaces its events.
	if _, err := s.Put(ctx, []*Doc{{Article: &article.Article{ID: "b", Text: "one, revised"}, Events: []event.Event{visit}}}); err != nil {
		t.Fatal(err)
	}
	if got := collect(EventFilter{}); got != "b/0:visit,a/0:visit,a/1:talks" {
		t.Errorf("after a new version: %s", got)
	}
}

// feedStater is the optional capability storyline watch uses.
type feedStater interface {
	FeedState(ctx context.Context, url string) (FeedState, error)
	SaveFeedState(ctx context.Context, st FeedState) error
	SeenItems(ctx context.Context, feed string, items []string) (map[string]bool, error)
	MarkSeen(ctx context.Context, feed string, items map[string]string) error
}

func testFeedState(t *testing.T, fresh newDSN) {
	ctx := context.Background()
	st, _ := openFresh(t, fresh)
	s, ok := st.(feedStater)
	if !ok {
		t.Fatalf("%T keeps no feed state", st)
	}
	const feed = "https://example.org/feed.xml"
	got, err := s.FeedState(ctx, feed)
	if err != nil || got != (FeedState{URL: feed}) {
		t.Fatalf("never polled: %+v, %v", got, err)
	}
	want := FeedState{URL: feed, ETag: `"abc"`, LastModified: "Mon, 19 Jun 2023 10:00:00 GMT", Failures: 2,
		NextPoll: time.Date(2023, 6, 19, 11, 0, 0, 0, time.UTC), LastPolled: time.Date(2023, 6, 19, 10, 0, 0, 500000000, time.UTC),
		LastError: "503 Service Unavailable"}
	for _, w := range []FeedState{want, {URL: feed, ETag: `"def"`}} {
		if err := s.SaveFeedState(ctx, w); err != nil {
			t.Fatal(err)
		}
		got, err := s.FeedState(ctx, feed)
		if err != nil || got != w {
			t.Errorf("saved %+v, read %+v, %v", w, got, err)
		}
	}
	if err := s.MarkSeen(ctx, feed, map[string]string{"item-1": "doc1", "item-2": "doc2"}); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkSeen(ctx, feed, map[string]string{"item-2": "doc2", "item-3": "doc3"}); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkSeen(ctx, feed, nil); err != nil {
		t.Fatal(err)
	}
	seen, err := s.SeenItems(ctx, feed, []string{"item-1", "item-3", "item-4"})
	if err != nil || !seen["item-1"] || !seen["item-3"] || seen["item-4"] || len(seen) != 2 {
		t.Errorf("seen = %v, %v", seen, err)
	}
	if seen, err := s.SeenItems(ctx, "https://other.example/feed", []string{"item-1"}); err != nil || len(seen) != 0 {
		t.Errorf("items of another feed: %v, %v", seen, err)
	}
}
