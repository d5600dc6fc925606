package timeline

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/timex"
)

// fixtureDoc is a Doc as written in testdata: temporal expressions and
// events are located by their text, so offsets need not be counted by hand.
type fixtureDoc struct {
	ID      string `json:"id"`
	Source  string `json:"source"`
	URL     string `json:"url"`
	Date    string `json:"date"`
	Text    string `json:"text"`
	Timexes []struct {
		Text, Value, Type string
	} `json:"timexes"`
	Events []struct {
		Text, Kind, When, ID string
	} `json:"events"`
}

func loadFixture(t testing.TB, path string) []Doc {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var fx []fixtureDoc
	if err := json.Unmarshal(b, &fx); err != nil {
		t.Fatal(err)
	}
	var docs []Doc
	for _, f := range fx {
		d := Doc{ID: f.ID, Source: f.Source, URL: f.URL, Text: f.Text}
		d.Date, _ = time.Parse(time.DateOnly, f.Date)
		from := 0
		for _, x := range f.Timexes {
			i := strings.Index(f.Text[from:], x.Text)
			if i < 0 {
				t.Fatalf("%s: timex %q not in text", f.ID, x.Text)
			}
			typ := x.Type
			if typ == "" {
				typ = "DATE"
			}
			start := from + i
			d.Timexes = append(d.Timexes, timex.Timex{Start: start, End: start + len(x.Text), Text: x.Text, Type: typ, Value: x.Value})
			from = start + len(x.Text)
		}
		for _, e := range f.Events {
			i := strings.Index(f.Text, e.Text)
			if i < 0 {
				t.Fatalf("%s: event %q not in text", f.ID, e.Text)
			}
			d.Events = append(d.Events, Event{ID: e.ID, Kind: e.Kind, When: e.When, Start: i, End: i + len(e.Text)})
		}
		docs = append(docs, d)
	}
	return docs
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestBuild(t *testing.T) {
	docs := loadFixture(t, "testdata/story.json")
	tests := []struct {
		name  string
		opts  Options
		dates []string
		// first is a substring of the first sentence of the first entry.
		first string
		// sources are the sources of the first entry.
		sources []string
		events  int // events of the entry on 2010-04-22, when selected
	}{
		{
			name:   "most cited day, then the day an event is dated to",
			opts:   Options{Dates: 2},
			dates:  []string{"2010-04-20", "2010-04-22"},
			first:  "killed",
			events: 1,
		},
		{
			name:  "ties to the earlier day",
			opts:  Options{Dates: 2, To: day("2010-04-21")},
			dates: []string{"2010-04-20", "2010-04-21"},
			first: "killed",
		},
		{
			name:  "bounds",
			opts:  Options{Dates: 5, From: day("2010-07-01")},
			dates: []string{"2010-07-15"},
			first: "BP capped the leaking well",
		},
		{
			name:    "boost hook picks the officials' sentence",
			opts:    Options{Dates: 1, SentenceBoost: func(_ *Doc, s Sentence) float64 { return b2f(strings.HasPrefix(s.Text, "Officials")) }},
			dates:   []string{"2010-04-20"},
			first:   "Officials said on April 20",
			sources: []string{"c"},
		},
		{
			name:   "events of the selected sentences",
			opts:   Options{Dates: 5, To: day("2010-04-30")},
			dates:  []string{"2010-04-20", "2010-04-21", "2010-04-22"},
			first:  "killed",
			events: 1,
		},
		{
			name:  "several sentences per date, each used once",
			opts:  Options{Dates: 1, PerDate: 3},
			dates: []string{"2010-04-20"},
			first: "killed",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl := Build(docs, tt.opts)
			var got []string
			seen := map[string]bool{}
			for _, e := range tl {
				got = append(got, e.Date.Format(time.DateOnly))
				if len(e.Sentences) == 0 || len(e.Sentences) > max(1, tt.opts.PerDate) {
					t.Errorf("%s: %d sentences", e.Date.Format(time.DateOnly), len(e.Sentences))
				}
				for _, s := range e.Sentences {
					if seen[s.Text] {
						t.Errorf("sentence used twice: %q", s.Text)
					}
					seen[s.Text] = true
					if !slices.Contains(e.Sources, s.Doc) {
						t.Errorf("sentence of %s not cited in %v", s.Doc, e.Sources)
					}
				}
				if e.Date.Equal(day("2010-04-22")) && len(e.Events) != tt.events {
					t.Errorf("events on 2010-04-22: %v, want %d", e.Events, tt.events)
				}
			}
			if !slices.Equal(got, tt.dates) {
				t.Fatalf("dates %v, want %v", got, tt.dates)
			}
			if s := tl[0].Sentences[0].Text; !strings.Contains(s, tt.first) {
				t.Errorf("first sentence %q, want it to contain %q", s, tt.first)
			}
			if tt.sources != nil && !slices.Equal(tl[0].Sources, tt.sources) {
				t.Errorf("sources %v, want %v", tl[0].Sources, tt.sources)
			}
		})
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func TestBuildEmpty(t *testing.T) {
	if tl := Build(nil, Options{}); len(tl) != 0 {
		t.Errorf("Build(nil) = %v", tl)
	}
	undated := []Doc{{ID: "x", Text: "Nothing is dated here at all, not even the article."}}
	if tl := Build(undated, Options{}); len(tl) != 0 {
		t.Errorf("Build(undated) = %v", tl)
	}
}

func TestMentionOf(t *testing.T) {
	tests := []struct {
		tx   timex.Timex
		ok   bool
		gran int
		day  string
	}{
		{timex.Timex{Type: "DATE", Value: "2010-04-20"}, true, gDay, "2010-04-20"},
		{timex.Timex{Type: "DATE", Value: "2010-05"}, true, gMonth, "2010-05-01"},
		{timex.Timex{Type: "DATE", Value: "2010"}, true, gYear, "2010-01-01"},
		{timex.Timex{Type: "DATE", Value: "2010-W17"}, false, 0, ""},
		{timex.Timex{Type: "DATE", Value: "PRESENT_REF"}, false, 0, ""},
		{timex.Timex{Type: "DATE", Value: "2010-04-20", Mod: "BEFORE"}, false, 0, ""},
		{timex.Timex{Type: "TIME", Value: "2010-04-20T16:35"}, false, 0, ""},
		{timex.Timex{Type: "DURATION", Value: "P2D"}, false, 0, ""},
	}
	for _, tt := range tests {
		m, ok := mentionOf(tt.tx)
		if ok != tt.ok || ok && (m.gran != tt.gran || dayTime(m.day).Format(time.DateOnly) != tt.day) {
			t.Errorf("mentionOf(%+v) = %+v, %v", tt.tx, m, ok)
		}
	}
}

func TestWordBoost(t *testing.T) {
	boost := WordBoost(ContactWords(), 0.5)
	tests := []struct {
		text string
		want float64
	}{
		{"Blinken met Wang Yi in Munich.", 0.5},
		{"The two sides held TALKS on Monday.", 0.5},
		{"The metro was closed.", 0},
		{"", 0},
	}
	for _, tt := range tests {
		if got := boost(nil, Sentence{Text: tt.text}); got != tt.want {
			t.Errorf("WordBoost(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
