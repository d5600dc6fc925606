package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runTimeline ingests the examples into a fresh archive and runs the
// timeline command type directly (it is registered in cli by main.go).
func runTimeline(t *testing.T, c timelineCmd) (string, error) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "s.db")
	if _, errOut, code := storyline(t, "--db", db, "ingest", "../../examples"); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, errOut)
	}
	var out, errb bytes.Buffer
	e := &env{ctx: context.Background(), stdout: &out, stderr: &errb, cli: &cli{DB: db}}
	e.log = newLogger(&errb, "text", "warn")
	err := c.Run(e)
	return out.String(), err
}

func TestTimelineExamples(t *testing.T) {
	out, err := runTimeline(t, timelineCmd{Dates: 10, PerDate: 1, Limit: 1000, Format: "text"})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 5 {
		t.Fatalf("timeline too short:\n%s", out)
	}
	// Sample 001 gives no year in its text; the re-dating pass dates it
	// February 2023 from what sample 000 remembers of the Chinese balloon.
	// The samples span 2023-02 to 2024-09.
	if !strings.HasPrefix(lines[0], "2023-02") || !strings.HasPrefix(lines[len(lines)-1], "2024-09") {
		t.Errorf("timeline does not span 2023-02 to 2024-09:\n%s", out)
	}
	for _, l := range lines {
		if !strings.HasSuffix(l, "]") || !strings.Contains(l, " [0") {
			t.Errorf("line cites no source: %q", l)
		}
	}
	for _, want := range []string{"2023-06-19", "2024-02-16"} {
		if !strings.Contains(out, want) {
			t.Errorf("timeline lacks %s:\n%s", want, out)
		}
	}
}

func TestTimelineQueryJSON(t *testing.T) {
	out, err := runTimeline(t, timelineCmd{Query: "Munich", Dates: 5, PerDate: 1, Limit: 1000, Format: "json"})
	if err != nil {
		t.Fatal(err)
	}
	var tl []struct {
		Date    string   `json:"date"`
		Text    string   `json:"text"`
		Events  []any    `json:"events"`
		Sources []string `json:"sources"`
	}
	if err := json.Unmarshal([]byte(out), &tl); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(tl) == 0 {
		t.Fatal("empty timeline")
	}
	for _, e := range tl {
		if e.Events == nil || len(e.Sources) == 0 || e.Text == "" {
			t.Errorf("entry breaks the JSON contract: %+v", e)
		}
		for _, s := range e.Sources {
			if !strings.HasPrefix(s, "000_") && !strings.HasPrefix(s, "001_") {
				t.Errorf("source %s does not match the query Munich", s)
			}
		}
	}
}

// TestTimelineStory checks the timeline of a linked story: the five
// samples form one story, whose timeline cites them.
func TestTimelineStory(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	if _, errOut, code := storyline(t, "--db", db, "ingest", "../../examples"); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, errOut)
	}
	out, _, code := storyline(t, "--db", db, "clusters")
	if code != 0 {
		t.Fatalf("clusters: exit %d", code)
	}
	var line clusterLine
	if err := json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &line); err != nil || line.Story == "" {
		t.Fatalf("clusters: %v: %q", err, out)
	}
	tl, errOut, code := storyline(t, "--db", db, "timeline", line.Story)
	if code != 0 {
		t.Fatalf("timeline %s: exit %d: %s", line.Story, code, errOut)
	}
	// The story runs from February 2023 to the call planned after the
	// last report (30 September 2024); each contact event is on its own
	// date with its status, and every line cites its sources.
	lines := strings.Split(strings.TrimSpace(tl), "\n")
	if !strings.HasPrefix(lines[0], "2023-02") {
		t.Errorf("story timeline does not start in February 2023:\n%s", tl)
	}
	last := ""
	for _, l := range lines {
		if !strings.HasPrefix(l, " ") {
			last = l
		}
		if !strings.HasSuffix(l, "]") && !strings.HasSuffix(l, ")") {
			t.Errorf("line cites no source: %q", l)
		}
	}
	if !strings.HasPrefix(last, "after 2024-09-30") || !strings.Contains(last, "[planned] call: Joe Biden, Xi Jinping (004_") {
		t.Errorf("the Biden–Xi call planned after 2024-09-30 is not last: %q\n%s", last, tl)
	}
	for _, want := range []string{
		"2023-02-05        [postponed] visit: Antony Blinken in Beijing (001_",
		"2023-06-18        [happened] meeting: Antony Blinken, Qin Gang in Beijing (002_51946f49cf6bceed, 003_",
		"2023-06-19        [happened] meeting: Antony Blinken, Wang Yi in Beijing (002_51946f49cf6bceed, 003_",
		"[possible] meeting: Antony Blinken, Wang Yi in Munich (001_",
		"2024-02-16        [happened] meeting: Antony Blinken, Wang Yi in Munich (000_",
		"2024-04           [happened] call: Xi Jinping, Joe Biden (000_6394e120e0103872, 004_",
	} {
		if !strings.Contains(tl, want) {
			t.Errorf("story timeline lacks %q:\n%s", want, tl)
		}
	}
}

func TestTimelineErrors(t *testing.T) {
	for _, c := range []timelineCmd{
		{Story: "st-1", Dates: 10, PerDate: 1, Format: "text"},
		{From: "Feb 2023", Dates: 10, PerDate: 1, Format: "text"},
		{Query: "nothingmatchesthis", Dates: 10, PerDate: 1, Limit: 10, Format: "text"},
	} {
		if _, err := runTimeline(t, c); err == nil {
			t.Errorf("%+v: no error", c)
		}
	}
}

func TestEvalTimelineOneTopic(t *testing.T) {
	data := "../../../shared/data/t17"
	if _, err := os.Stat(filepath.Join(data, "H1N1_guardian")); err != nil {
		t.Skip("no development data")
	}
	var out, errb bytes.Buffer
	e := &env{ctx: context.Background(), stdout: &out, stderr: &errb, cli: &cli{}}
	dir := t.TempDir()
	c := evalTimelineCmd{Data: data, Topic: []string{"H1N1_guardian"}, Out: dir, Format: "text"}
	if err := c.Run(e); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "average") {
		t.Errorf("no average row:\n%s", out.String())
	}
	b, err := os.ReadFile(filepath.Join(dir, "H1N1_guardian", "swine_flu_guardian.txt.timeline.json"))
	if err != nil {
		t.Fatal(err)
	}
	var tl []map[string]string
	if err := json.Unmarshal(b, &tl); err != nil || len(tl) == 0 || tl[0]["date"] == "" || tl[0]["text"] == "" {
		t.Errorf("bad --out timeline (%v): %s", err, b)
	}
}
