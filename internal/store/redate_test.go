package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/timex"
)

// testRedate: Put cannot change a stored date (same content is a
// duplicate); Redate does, replacing the analysis, without a new version,
// and refuses changed content and unknown ids, leaving the batch
// unapplied. It is part of the conformance suite.
func testRedate(t *testing.T, fresh newDSN) {
	ctx := context.Background()
	st, _ := openFresh(t, fresh)
	s, ok := st.(interface {
		Store
		Redater
	})
	if !ok {
		t.Fatalf("%T cannot redate", st)
	}
	a := &article.Article{ID: "u", Title: "Balloon", Text: "The spy balloon was shot down a week ago."}
	if _, err := s.Put(ctx, []*Doc{{Article: a, Timexes: []timex.Timex{{Start: 30, End: 40, Text: "a week ago", Type: "DATE", Value: "PAST_REF"}}}}); err != nil {
		t.Fatal(err)
	}
	d := time.Date(2023, 2, 17, 0, 0, 0, 0, time.UTC)
	dated := *a
	dated.Date, dated.DateSource, dated.DateConfidence = d, article.DateFromInferred, 0.41
	if out, err := s.Put(ctx, []*Doc{{Article: &dated}}); err != nil || out[0] != Duplicate {
		t.Fatalf("Put of a new date: %v, %v (want a duplicate)", out, err)
	}
	changed := dated
	changed.Text += " Officials met."
	tests := []struct {
		name    string
		batch   []*Doc
		wantErr error
	}{
		{"unknown id", []*Doc{{Article: &dated}, {Article: &article.Article{ID: "nope", Text: "x"}}}, ErrNotFound},
		{"changed content", []*Doc{{Article: &changed}}, ErrContentChanged},
		{"new date and analysis", []*Doc{{Article: &dated, Timexes: []timex.Timex{{Start: 30, End: 40, Text: "a week ago", Type: "DATE", Value: "2023-02-10"}}}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := s.Redate(ctx, tc.batch)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			r, gerr := s.Get(ctx, "u")
			if gerr != nil {
				t.Fatal(gerr)
			}
			xs, gerr := s.Timexes(ctx, "u")
			if gerr != nil || len(xs) != 1 {
				t.Fatalf("timexes %v, %v", xs, gerr)
			}
			if tc.wantErr != nil {
				if !r.Date.IsZero() || xs[0].Value != "PAST_REF" {
					t.Errorf("failed batch applied: date %v, timex %s", r.Date, xs[0].Value)
				}
				return
			}
			if !r.Date.Equal(d) || r.DateSource != article.DateFromInferred || r.DateConfidence != 0.41 || r.Version != 1 {
				t.Errorf("record %+v", r)
			}
			if xs[0].Value != "2023-02-10" {
				t.Errorf("timex %+v", xs[0])
			}
		})
	}
}
