package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const sharedData = "../../../shared/data"

func needData(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join(sharedData, rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s not present", p)
	}
	return p
}

func TestTagTimexJSONLAndTimeML(t *testing.T) {
	out, errOut, code := storyline(t, "tag", "timex", "--dct", "2023-06-19", "--format", "jsonl", "../../examples/002_51946f49cf6bceed.txt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		DCT     string `json:"dct"`
		Timexes []struct{ Text, Value string }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	values := map[string]string{}
	for _, x := range doc.Timexes {
		values[x.Text] = x.Value
	}
	for text, want := range map[string]string{"Sunday": "2023-06-18", "Monday": "2023-06-19", "seven and a half hours": "PT7.5H"} {
		if values[text] != want {
			t.Errorf("%q = %q, want %q", text, values[text], want)
		}
	}
	dir := t.TempDir()
	if _, e, code := storyline(t, "tag", "timex", "--out", dir, "../../examples/003_265e0c7a51896b9a.txt"); code != 0 {
		t.Fatalf("timeml: exit %d: %s", code, e)
	}
	tml, err := os.ReadFile(filepath.Join(dir, "003_265e0c7a51896b9a.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`functionInDocument="CREATION_TIME"`, `value="2023-06-19">Monday</TIMEX3>`} {
		if !strings.Contains(string(tml), s) {
			t.Errorf("TimeML lacks %s", s)
		}
	}
}

func TestTagNERJSONL(t *testing.T) {
	out, errOut, code := storyline(t, "tag", "ner", "--format", "jsonl", "../../examples/003_265e0c7a51896b9a.txt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, s := range []string{`"text":"Antony Blinken","type":"PER"`, `"text":"Wang Yi","type":"PER"`} {
		if !strings.Contains(out, s) {
			t.Errorf("entities lack %s", s)
		}
	}
}

func TestEvalCommandsOnDevData(t *testing.T) {
	tb := needData(t, "tempeval3/TimeBank")
	out, e, code := storyline(t, "eval", "timex", "--gold", tb)
	if code != 0 || !strings.Contains(out, "TimeBank") {
		t.Errorf("eval timex: exit %d: %s %s", code, out, e)
	}
	testa := needData(t, "conll2003/eng.testa")
	out, e, code = storyline(t, "eval", "ner", "--gold", testa)
	if code != 0 || !strings.Contains(out, "overall") {
		t.Errorf("eval ner: exit %d: %s %s", code, out, e)
	}
	t.Log(out)
}

// TestEntitiesOnSamples checks the people of the five sample articles: one
// entity each, both spellings of Blinken as one, and no outlet or bare
// title as a person.
func TestEntitiesOnSamples(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	if _, e, code := storyline(t, "--db", db, "ingest", "../../examples"); code != 0 {
		t.Fatalf("ingest: %s", e)
	}
	out, e, code := storyline(t, "--db", db, "entities", "--type", "PER", "--format", "jsonl")
	if code != 0 {
		t.Fatalf("entities: exit %d: %s", code, e)
	}
	names := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var ce struct {
			Name    string
			Aliases []string
		}
		if err := json.Unmarshal([]byte(line), &ce); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		names[ce.Name]++
		for _, a := range ce.Aliases {
			if a == "Anthony Blinken" || a == "Antony Blinken" {
				names[a]++
			}
		}
	}
	want := []string{"Antony Blinken", "Wang Yi", "Xi Jinping", "Joe Biden", "Qin Gang", "Jake Sullivan",
		"Subrahmanyam Jaishankar", "Bill Gates", "Kurt Campbell", "Lin Jian", "Wang Wenbin", "Matthew Miller", "Donald Trump"}
	for _, n := range want {
		if names[n] != 1 {
			t.Errorf("%s: %d entities, want 1", n, names[n])
		}
	}
	if names["Anthony Blinken"] != 1 {
		t.Errorf("Anthony Blinken is not one entity with Antony Blinken: %v", names)
	}
	for _, n := range []string{"Bloomberg", "AFP", "CCTV", "Secretary of State", "President", "Mr"} {
		if names[n] > 0 {
			t.Errorf("%q listed as a person", n)
		}
	}
}

// TestEventsOnSamples checks a few contact events of the samples through
// the command, in the DESIGN JSONL schema.
func TestEventsOnSamples(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	if _, e, code := storyline(t, "--db", db, "ingest", "../../examples"); code != 0 {
		t.Fatalf("ingest: %s", e)
	}
	out, e, code := storyline(t, "--db", db, "events", "--per-article", "--format", "jsonl")
	if code != 0 {
		t.Fatalf("events: exit %d: %s", code, e)
	}
	type line struct {
		ID           string
		Kind         string
		Participants []string
		Place        *string
		When         *string
		Status       string
		Doc          string
		Mentions     []struct{ Doc, Text, Status string }
	}
	var evs []line
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var ev line
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		if !strings.HasPrefix(ev.ID, "ev-") || len(ev.Mentions) == 0 || ev.Mentions[0].Doc != ev.Doc {
			t.Errorf("malformed event %+v", ev)
		}
		evs = append(evs, ev)
	}
	find := func(doc, kind, when, status string, people ...string) bool {
		for _, ev := range evs {
			if ev.Doc != doc || ev.Kind != kind || ev.Status != status || ev.When == nil || *ev.When != when {
				continue
			}
			all := true
			for _, p := range people {
				all = all && slices.Contains(ev.Participants, p)
			}
			if all {
				return true
			}
		}
		return false
	}
	tests := []struct {
		doc, kind, when, status string
		people                  []string
	}{
		{"000_6394e120e0103872", "meeting", "2024-02-16", "happened", []string{"Antony Blinken", "Wang Yi"}},
		{"000_6394e120e0103872", "call", "2024-SP", "possible", []string{"Xi Jinping", "Joe Biden"}},
		{"002_51946f49cf6bceed", "meeting", "2023-06-19", "planned", []string{"Antony Blinken", "Wang Yi"}},
		{"003_265e0c7a51896b9a", "meeting", "2023-06-19", "happened", []string{"Antony Blinken", "Wang Yi"}},
		{"004_869f1232419da740", "call", "2024-04", "happened", []string{"Joe Biden", "Xi Jinping"}},
	}
	for _, tc := range tests {
		if !find(tc.doc, tc.kind, tc.when, tc.status, tc.people...) {
			t.Errorf("no %s %s %s %s %v", tc.doc, tc.kind, tc.when, tc.status, tc.people)
		}
	}
}

func TestEvalFiveW(t *testing.T) {
	gold := needData(t, "giveme5w1h-gold")
	out, e, code := storyline(t, "eval", "5w1h", "--gold", gold)
	if code != 0 || !strings.Contains(out, "who") {
		t.Fatalf("eval 5w1h: exit %d: %s %s", code, out, e)
	}
	t.Log(out)
}

// TestLinkedEventsOnSamples checks the events linked across the sample
// articles: one story; the Beijing meetings of 18 and 19 June 2023 one
// event each with both outlets, the later report deciding the status; the
// April 2024 call one event with 000's spring call; the Munich meetings of
// 2023 and 2024 two events.
func TestLinkedEventsOnSamples(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	if _, e, code := storyline(t, "--db", db, "ingest", "../../examples"); code != 0 {
		t.Fatalf("ingest: %s", e)
	}
	out, e, code := storyline(t, "--db", db, "events", "--format", "jsonl")
	if code != 0 {
		t.Fatalf("events: exit %d: %s", code, e)
	}
	type line struct {
		Kind, Status, Story string
		When, Place         *string
		Participants        []string
		Mentions            []struct{ Doc string }
	}
	var evs []line
	stories := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var ev line
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		evs = append(evs, ev)
		stories[ev.Story] = true
	}
	if len(stories) != 1 {
		t.Errorf("%d stories, want 1", len(stories))
	}
	docs := func(ev line) string {
		seen := map[string]bool{}
		var ds []string
		for _, m := range ev.Mentions {
			if !seen[m.Doc] {
				seen[m.Doc] = true
				ds = append(ds, m.Doc[:3])
			}
		}
		slices.Sort(ds)
		return strings.Join(ds, ",")
	}
	find := func(when, status string, people ...string) *line {
		for i, ev := range evs {
			if ev.When == nil || *ev.When != when || ev.Status != status {
				continue
			}
			all := true
			for _, p := range people {
				all = all && slices.Contains(ev.Participants, p)
			}
			if all {
				return &evs[i]
			}
		}
		return nil
	}
	for _, tc := range []struct {
		when, status, docs string
		people             []string
	}{
		{"2023-06-18", "happened", "002,003", []string{"Antony Blinken", "Qin Gang"}},
		{"2023-06-19", "happened", "002,003", []string{"Antony Blinken", "Wang Yi"}},
		{"2024-04", "happened", "000,004", []string{"Joe Biden", "Xi Jinping"}},
		{"2024-02-16", "happened", "000", []string{"Antony Blinken", "Wang Yi"}},
	} {
		ev := find(tc.when, tc.status, tc.people...)
		if ev == nil {
			t.Errorf("no %s %s event of %v", tc.when, tc.status, tc.people)
			continue
		}
		if got := docs(*ev); got != tc.docs {
			t.Errorf("%s %v reported by %s, want %s", tc.when, tc.people, got, tc.docs)
		}
	}
	// 001's possible Munich meeting (February 2023) is not the 2024 one.
	munich := 0
	for _, ev := range evs {
		if ev.Place != nil && *ev.Place == "Munich" && slices.Contains(ev.Participants, "Wang Yi") {
			munich++
		}
	}
	if munich != 2 {
		t.Errorf("%d Blinken–Wang Munich meetings, want 2", munich)
	}
}

func TestClustersStoriesAndEvalCluster(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	if _, e, code := storyline(t, "--db", db, "ingest", "../../examples"); code != 0 {
		t.Fatalf("ingest: %s", e)
	}
	out, e, code := storyline(t, "--db", db, "clusters", "--format", "jsonl")
	if code != 0 {
		t.Fatalf("clusters: exit %d: %s", code, e)
	}
	stories := map[string]bool{}
	var gold strings.Builder
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var c struct{ Doc, Cluster, Story string }
		if err := json.Unmarshal([]byte(l), &c); err != nil || c.Doc == "" || c.Cluster == "" {
			t.Fatalf("line %q: %v", l, err)
		}
		stories[c.Story] = true
		fmt.Fprintf(&gold, `{"doc":%q,"cluster":"c","story":"s"}`+"\n", c.Doc)
	}
	if len(stories) != 1 {
		t.Errorf("samples in %d stories, want 1", len(stories))
	}
	if out, _, code := storyline(t, "--db", db, "stories"); code != 0 || !strings.Contains(out, "st-") {
		t.Errorf("stories: exit %d\n%s", code, out)
	}
	gp := filepath.Join(t.TempDir(), "gold.jsonl")
	if err := os.WriteFile(gp, []byte(gold.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, e, code = storyline(t, "--db", db, "eval", "cluster", "--gold", gp, "--level", "story")
	if code != 0 || !strings.Contains(out, "B-cubed   P 1.000  R 1.000  F1 1.000") {
		t.Errorf("eval cluster: exit %d: %s\n%s", code, e, out)
	}
}
