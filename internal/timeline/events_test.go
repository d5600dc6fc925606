package timeline

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/timex"
)

// eventStory is a small story: a meeting reported by two articles, a call
// dated to a month, and a call planned "in the coming days".
func eventStory() ([]Doc, []StoryEvent) {
	a := "Blinken met Wang Yi in Munich on Friday. The two men talked for an hour about trade and security."
	b := "Blinken and Wang held talks in Munich on Feb. 16, officials said. Biden and Xi spoke by phone in April, the White House said. Biden and Xi will speak in the coming days."
	at := func(s, sub string) (int, int) {
		i := strings.Index(s, sub)
		return i, i + len(sub)
	}
	docs := []Doc{
		{ID: "a", Date: time.Date(2024, 2, 16, 0, 0, 0, 0, time.UTC), Text: a,
			Timexes: []timex.Timex{{Start: strings.Index(a, "Friday"), End: strings.Index(a, "Friday") + 6, Text: "Friday", Type: "DATE", Value: "2024-02-16"}}},
		{ID: "b", Date: time.Date(2024, 9, 30, 0, 0, 0, 0, time.UTC), Text: b,
			Timexes: []timex.Timex{{Start: strings.Index(b, "Feb. 16"), End: strings.Index(b, "Feb. 16") + 7, Text: "Feb. 16", Type: "DATE", Value: "2024-02-16"}}},
	}
	m1s, m1e := at(a, "Blinken met Wang Yi in Munich on Friday.")
	m2s, m2e := at(b, "Blinken and Wang held talks in Munich on Feb. 16, officials said.")
	c1s, c1e := at(b, "Biden and Xi spoke by phone in April, the White House said.")
	c2s, c2e := at(b, "Biden and Xi will speak in the coming days.")
	evs := []StoryEvent{
		{ID: "ev-munich", Kind: "meeting", Status: "happened", When: "2024-02-16", Names: []string{"Antony Blinken", "Wang Yi"}, Place: "Munich",
			Reports: []EventReport{{Doc: "a", Start: m1s, End: m1e}, {Doc: "b", Start: m2s, End: m2e}}},
		{ID: "ev-april", Kind: "call", Status: "happened", When: "2024-04", Names: []string{"Joe Biden", "Xi Jinping"},
			Reports: []EventReport{{Doc: "b", Start: c1s, End: c1e}}},
		{ID: "ev-planned", Kind: "call", Status: "planned", When: "FUTURE_REF", Names: []string{"Joe Biden", "Xi Jinping"},
			Reports: []EventReport{{Doc: "b", Start: c2s, End: c2e}}},
		{ID: "ev-undated", Kind: "visit", Status: "possible", Names: []string{"Wang Yi"},
			Reports: []EventReport{{Doc: "b", Start: c2s, End: c2e}}},
	}
	return docs, evs
}

func TestStoryEvents(t *testing.T) {
	docs, evs := eventStory()
	tl := Build(docs, Options{Dates: 1, Events: evs})
	type want struct {
		date, label, event, status string
		sources                    []string
	}
	wants := []want{
		{"2024-02-16", "", "ev-munich", "happened", []string{"a", "b"}},
		{"2024-04-01", "2024-04", "ev-april", "happened", []string{"b"}},
		{"2024-10-01", "after 2024-09-30", "ev-planned", "planned", []string{"b"}},
	}
	if len(tl) != len(wants) {
		for _, e := range tl {
			t.Logf("%s %q %v %v", e.Date.Format(time.DateOnly), e.Label, e.Events, e.Sentences)
		}
		t.Fatalf("got %d entries, want %d (the undated event has no place)", len(tl), len(wants))
	}
	for i, w := range wants {
		e := tl[i]
		if got := e.Date.Format(time.DateOnly); got != w.date || e.Label != w.label {
			t.Errorf("entry %d: date %s label %q, want %s %q", i, got, e.Label, w.date, w.label)
		}
		if len(e.Events) != 1 || e.Events[0].ID != w.event || e.Events[0].Status != w.status {
			t.Errorf("entry %d: events %+v, want %s (%s)", i, e.Events, w.event, w.status)
			continue
		}
		if got := strings.Join(e.Events[0].Sources, ","); got != strings.Join(w.sources, ",") {
			t.Errorf("entry %d: event sources %s, want %v", i, got, w.sources)
		}
		if len(e.Sentences) == 0 {
			t.Errorf("entry %d quotes no report", i)
		}
		for _, s := range e.Sentences {
			if !strings.Contains(docs[map[string]int{"a": 0, "b": 1}[s.Doc]].Text, s.Text) {
				t.Errorf("entry %d: sentence %q is not from %s", i, s.Text, s.Doc)
			}
		}
	}
	var b bytes.Buffer
	if err := Write(&b, tl, FormatText, ""); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, line := range []string{
		"2024-02-16        [happened] meeting: Antony Blinken, Wang Yi in Munich (a, b)",
		"2024-04           [happened] call: Joe Biden, Xi Jinping (b)",
		"after 2024-09-30  [planned] call: Joe Biden, Xi Jinping (b)",
	} {
		if !strings.Contains(out, line+"\n") {
			t.Errorf("text output lacks %q:\n%s", line, out)
		}
	}
}

func TestStoryEventsBounds(t *testing.T) {
	docs, evs := eventStory()
	tl := Build(docs, Options{Dates: 1, Events: evs, From: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 9, 30, 0, 0, 0, 0, time.UTC)})
	for _, e := range tl {
		if e.Date.Before(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)) || e.Date.After(time.Date(2024, 9, 30, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("entry %s %q outside --from/--to", e.Date.Format(time.DateOnly), e.Label)
		}
	}
	if len(tl) == 0 || tl[0].Label != "2024-04" {
		t.Errorf("want the April call inside the bounds, got %+v", tl)
	}
}

// TestStoryEventsWithoutDocs: events whose articles are not given still
// place without a panic, citing their sources but quoting nothing.
func TestStoryEventsWithoutDocs(t *testing.T) {
	_, evs := eventStory()
	tl := Build(nil, Options{Events: evs})
	for _, e := range tl {
		if len(e.Sentences) != 0 || len(e.Events) != 1 || len(e.Events[0].Sources) == 0 {
			t.Errorf("entry %+v", e)
		}
	}
	if len(tl) != 2 { // the day and the month; FUTURE_REF needs a dated report
		t.Errorf("%d entries, want 2", len(tl))
	}
}
