package pipeline

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/store"
)

// TestRedateSamples runs the samples through ingest and the re-dating
// post-pass: 001, undated by its own text, is dated February 2023 from
// what the archive's February 2024 report (000) remembers of the Chinese
// balloon; its temporal expressions are re-analysed against the new date;
// the other samples keep their dates. A second pass finds nothing to do.
func TestRedateSamples(t *testing.T) {
	ctx := context.Background()
	examples := filepath.Join("..", "..", "examples")
	tests := []struct {
		name   string
		inputs []string
		// want maps a sample id to its expected date range and source;
		// from "" = undated.
		want    map[string][3]string
		redated int
	}{
		{"all samples", []string{examples}, map[string][3]string{
			"000_6394e120e0103872": {"2024-02-01", "2024-02-29", article.DateFromInferred},
			"001_ce929a0f18dc0e62": {"2023-02-01", "2023-02-28", article.DateFromInferred},
			"002_51946f49cf6bceed": {"2023-06-19", "2023-06-19", article.DateFromHeader},
			"003_265e0c7a51896b9a": {"2023-06-19", "2023-06-19", article.DateFromHeader},
			"004_869f1232419da740": {"2024-09-30", "2024-10-05", article.DateFromInferred},
		}, 1},
		// Without the report that remembers the balloon, nothing dates 001.
		{"no evidence in the archive", []string{
			filepath.Join(examples, "001_ce929a0f18dc0e62.txt"),
			filepath.Join(examples, "002_51946f49cf6bceed.txt"),
			filepath.Join(examples, "004_869f1232419da740.txt"),
		}, map[string][3]string{
			"001_ce929a0f18dc0e62": {"", "", ""},
			"002_51946f49cf6bceed": {"2023-06-19", "2023-06-19", article.DateFromHeader},
		}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, sum, err := IngestInMemory(ctx, tc.inputs, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if sum.Read != len(sum.IDs) || sum.Failed != 0 {
				t.Fatalf("ingest: %+v", sum)
			}
			rs, err := NewAnalyser().Redate(ctx, st, nil)
			if err != nil {
				t.Fatal(err)
			}
			if rs.Redated != tc.redated || rs.Undated != 1 {
				t.Errorf("redate summary %+v, want 1 undated, %d re-dated", rs, tc.redated)
			}
			for id, w := range tc.want {
				r, err := st.Get(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if w[0] == "" {
					if !r.Date.IsZero() || r.DateSource != "" {
						t.Errorf("%s dated %s (%s), want undated", id, r.Date.Format("2006-01-02"), r.DateSource)
					}
					continue
				}
				from, _ := time.Parse("2006-01-02", w[0])
				to, _ := time.Parse("2006-01-02", w[1])
				if r.Date.Before(from) || r.Date.After(to) || r.DateSource != w[2] {
					t.Errorf("%s dated %s (%s), want %s..%s (%s)", id, r.Date.Format("2006-01-02"), r.DateSource, w[0], w[1], w[2])
				}
				if r.DateSource == article.DateFromInferred && (r.DateConfidence <= 0 || r.DateConfidence >= 1) {
					t.Errorf("%s: inferred confidence %v outside (0, 1)", id, r.DateConfidence)
				}
				if r.Version != 1 {
					t.Errorf("%s: version %d, want 1 (re-dating records no version)", id, r.Version)
				}
			}
			if tc.redated == 0 {
				return
			}
			// 001's expressions now resolve against its new date.
			xs, err := st.Timexes(ctx, "001_ce929a0f18dc0e62")
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, x := range xs {
				got[x.Text] = x.Value
			}
			if got["Feb. 5"] != "2023-02-05" || got["a week ago"] == "" || got["a week ago"][:7] != "2023-02" {
				t.Errorf("timexes not re-analysed: %v", got)
			}
			var events int
			if err := st.Events(ctx, store.EventFilter{Doc: "001_ce929a0f18dc0e62"}, func(store.StoredEvent) error { events++; return nil }); err != nil {
				t.Fatal(err)
			}
			if events == 0 {
				t.Error("no events stored for the re-dated article")
			}
			// Nothing left to date: a second pass changes nothing.
			again, err := NewAnalyser().Redate(ctx, st, nil)
			if err != nil || again.Undated != 0 || again.Redated != 0 {
				t.Errorf("second pass: %+v, %v", again, err)
			}
		})
	}
}
