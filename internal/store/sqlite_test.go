package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/timex"
)

func openTemp(t *testing.T) (*SQLite, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	s, err := OpenSQLite(context.Background(), path)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func TestPutOutcomes(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	d := time.Date(2023, 6, 19, 0, 0, 0, 0, time.UTC)
	a := &article.Article{ID: "a", Title: "Blinken in Beijing", Text: "He met Wang Yi.", Date: d, DateSource: article.DateFromHeader}
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
	}
	for _, st := range steps {
		got, err := s.Put(ctx, docs(st.batch))
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		for i := range got {
			if got[i] != st.want[i] {
				t.Errorf("%s: article %d: got %v, want %v", st.name, i, got[i], st.want[i])
			}
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
	if r.Version != 2 || r.Text != a2.Text || !r.Date.Equal(d) || r.DateSource != article.DateFromHeader {
		t.Errorf("record = %+v", r)
	}
	var old string
	if err := s.DB().QueryRow(`SELECT text FROM article_versions WHERE id = 'a' AND version = 1`).Scan(&old); err != nil || old != a.Text {
		t.Errorf("replaced version not kept: %q, %v", old, err)
	}
	if _, err := s.Get(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing id: err = %v, want ErrNotFound", err)
	}
}

func TestListByDateUndatedLast(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	batch := []*article.Article{
		{ID: "undated", Text: "x"},
		{ID: "late", Text: "y", Date: time.Date(2024, 2, 16, 0, 0, 0, 0, time.UTC)},
		{ID: "early", Text: "z", Date: time.Date(2023, 2, 10, 0, 0, 0, 0, time.UTC)},
	}
	if _, err := s.Put(ctx, docs(batch)); err != nil {
		t.Fatal(err)
	}
	var ids []string
	if err := s.List(ctx, ListOptions{Order: ByDate}, func(r *Record) error {
		ids = append(ids, r.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(ids, ","); got != "early,late,undated" {
		t.Errorf("order = %s", got)
	}
}

func TestSearch(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	batch := []*article.Article{
		{ID: "1", Title: "Talks in Munich", Text: "Blinken met Wang Yi at the Munich Security Conference."},
		{ID: "2", Title: "Balloon", Text: "The balloon was shot down off South Carolina."},
		{ID: "3", Title: "Beijing trip", Text: "Blinken postponed his trip to Beijing; meetings were planned."},
	}
	if _, err := s.Put(ctx, docs(batch)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query string
		want  []string
	}{
		{"Munich", []string{"1"}},
		{"blinken", []string{"1", "3"}},
		{"meeting", []string{"3"}}, // porter stemming: meetings
		{"US-China (", nil},        // invalid FTS5 syntax falls back to quoted terms
		{`"shot down"`, []string{"2"}},
		{"   ", nil},
	}
	for _, tc := range tests {
		hits, err := s.Search(ctx, tc.query, 10)
		if err != nil {
			t.Errorf("%q: %v", tc.query, err)
			continue
		}
		got := map[string]bool{}
		for _, h := range hits {
			got[h.ID] = true
			if !strings.Contains(h.Snippet, HighlightStart) {
				t.Errorf("%q: snippet %q has no highlight", tc.query, h.Snippet)
			}
		}
		if len(got) != len(tc.want) {
			t.Errorf("%q: got %v, want %v", tc.query, hits, tc.want)
		}
		for _, id := range tc.want {
			if !got[id] {
				t.Errorf("%q: missing %s", tc.query, id)
			}
		}
	}
	// An updated text is searchable by its new words only.
	if _, err := s.Put(ctx, docs([]*article.Article{{ID: "2", Title: "Balloon", Text: "An airship over Montana."}})); err != nil {
		t.Fatal(err)
	}
	if hits, _ := s.Search(ctx, "Carolina", 10); len(hits) != 0 {
		t.Errorf("old text still indexed: %v", hits)
	}
	if hits, _ := s.Search(ctx, "Montana", 10); len(hits) != 1 {
		t.Errorf("new text not indexed: %v", hits)
	}
}

func TestReopenKeepsDataAndSchema(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	if _, err := s.Put(ctx, docs([]*article.Article{{ID: "x", Text: "kept"}})); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2, err := OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	r, err := s2.Get(ctx, "x")
	if err != nil || r.Text != "kept" {
		t.Fatalf("reopen: %v %+v", err, r)
	}
	var v int
	if err := s2.DB().QueryRow(`SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil || v != len(sqliteMigrations) {
		t.Errorf("schema version %d (%v), want %d", v, err, len(sqliteMigrations))
	}
}

func TestPutRejectsEmptyIDWholeBatch(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	_, err := s.Put(ctx, docs([]*article.Article{{ID: "ok", Text: "a"}, {Text: "no id"}}))
	if err == nil {
		t.Fatal("want error for empty id")
	}
	st, _ := s.Stats(ctx)
	if st.Articles != 0 {
		t.Errorf("batch partially stored: %+v", st)
	}
}

// docs wraps articles without analysis results.
func docs(arts []*article.Article) []*Doc {
	out := make([]*Doc, len(arts))
	for i, a := range arts {
		out[i] = &Doc{Article: a}
	}
	return out
}

func TestTimexesFollowTheCurrentVersion(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	text := "They met on Monday and will meet again next week."
	d := &Doc{Article: &article.Article{ID: "t", Text: text}, Timexes: []timex.Timex{
		{Start: 8, End: 17, Text: "on Monday", Type: "DATE", Value: "2023-06-19"},
		{Start: 38, End: 47, Text: "next week", Type: "DATE", Value: "2023-W26"},
	}}
	if _, err := s.Put(ctx, []*Doc{d}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Timexes(ctx, "t")
	if err != nil || len(got) != 2 || got[1].Value != "2023-W26" || got[0].Start != 8 {
		t.Fatalf("timexes = %+v, %v", got, err)
	}
	// A duplicate keeps them; a new version replaces them.
	if _, err := s.Put(ctx, []*Doc{{Article: d.Article}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Timexes(ctx, "t"); len(got) != 2 {
		t.Errorf("duplicate dropped timexes: %+v", got)
	}
	v2 := &Doc{Article: &article.Article{ID: "t", Text: "No dates here."}}
	if _, err := s.Put(ctx, []*Doc{v2}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Timexes(ctx, "t"); len(got) != 0 {
		t.Errorf("timexes of the old version kept: %+v", got)
	}
}

func TestEntitiesRoundTripInIngestOrder(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	blinken := entity.Entity{Key: "e1", Type: "PER", Name: "Antony Blinken", Aliases: []string{"Blinken"},
		Roles: []string{"US Secretary of State"}, Mentions: []entity.Mention{{Start: 0, End: 14, Text: "Antony Blinken"}}}
	munich := entity.Entity{Key: "e2", Type: "LOC", Name: "Munich", Country: "Germany", GeoID: 2867714,
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
		got[0].Mentions[0].End != 14 || got[1].Country != "Germany" || got[1].GeoID != 2867714 {
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
}

// TestConcurrentOpenMigratesOnce opens one new archive from several
// goroutines at once, as a watcher and a server started together do.
func TestConcurrentOpenMigratesOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	const n = 12
	errs := make(chan error, n)
	for i := range n {
		go func() {
			s, err := OpenSQLite(context.Background(), path)
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
}

func TestListFiltered(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	day := func(d int) time.Time { return time.Date(2024, 2, d, 9, 0, 0, 0, time.UTC) }
	batch := []*article.Article{
		{ID: "a", Text: "x", Source: "Reuters", Date: day(1)},
		{ID: "b", Text: "y", Source: "AFP", Date: day(5)},
		{ID: "c", Text: "z", Source: "reuters", Date: day(9)},
		{ID: "d", Text: "w", Source: "Reuters"},
	}
	if _, err := s.Put(ctx, docs(batch)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		q    ListQuery
		want string
	}{
		{"ingest order", ListQuery{Order: ByIngest}, "a,b,c,d"},
		{"newest ingested first", ListQuery{Order: ByIngest, Desc: true}, "d,c,b,a"},
		{"latest first, undated last", ListQuery{Order: ByDate, Desc: true}, "c,b,a,d"},
		{"date range", ListQuery{Order: ByDate, From: day(2), To: day(9)}, "b,c"},
		{"source, any case", ListQuery{Order: ByIngest, Source: "REUTERS"}, "a,c,d"},
		{"page", ListQuery{Order: ByIngest, Limit: 2, Offset: 1}, "b,c"},
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
}
