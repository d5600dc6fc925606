package store

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/store/pgtest"
)

func TestPgText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"nul\x00byte", "nulbyte"},
		{"bad\xffutf8", "bad\uFFFDutf8"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := pgText(tc.in); got != tc.want {
			t.Errorf("pgText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPgJSON(t *testing.T) {
	tests := []struct{ in, want string }{
		{`["a"]`, `["a"]`},
		{`["a\u0000b"]`, `["ab"]`},
		// An escaped backslash followed by "u0000" is text, not a NUL.
		{`["a\\u0000b"]`, `["a\\u0000b"]`},
		{`["\\\u0000"]`, `["\\"]`},
	}
	for _, tc := range tests {
		got := pgJSON(tc.in)
		if got != tc.want {
			t.Errorf("pgJSON(%s) = %s, want %s", tc.in, got, tc.want)
		}
		if !json.Valid([]byte(got)) {
			t.Errorf("pgJSON(%s) = %s is not JSON", tc.in, got)
		}
	}
}

// TestPostgresStoresNUL stores strings holding NUL bytes, which PostgreSQL
// text and jsonb refuse: they are dropped, and the batch is stored.
func TestPostgresStoresNUL(t *testing.T) {
	ctx := context.Background()
	s, err := OpenPostgres(ctx, pgtest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d := &Doc{Article: &article.Article{ID: "n\x00ul", Title: "A\x00B", Text: "text\x00"},
		Entities: []entity.Entity{{Key: "e1", Type: "PER", Name: "X\x00Y", Aliases: []string{"x\x00"}}}}
	if _, err := s.Put(ctx, []*Doc{d}); err != nil {
		t.Fatal(err)
	}
	r, err := s.Get(ctx, "n\x00ul")
	if err != nil || r.ID != "nul" || r.Title != "AB" || r.Text != "text" {
		t.Fatalf("record %+v, %v", r, err)
	}
	ents, err := s.Entities(ctx, "nul")
	if err != nil || len(ents) != 1 || ents[0].Name != "XY" || ents[0].Aliases[0] != "x" {
		t.Errorf("entities %+v, %v", ents, err)
	}
}
