package link

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/event"
	"github.com/storyline-news/storyline/internal/store"
)

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func doc(id, day, title, text string, ents ...string) *store.Doc {
	d := &store.Doc{Article: &article.Article{ID: id, Title: title, Text: text}}
	if day != "" {
		d.Article.Date = date(day)
	}
	for i, name := range ents {
		d.Entities = append(d.Entities, entity.Entity{Key: "e" + string(rune('1'+i)), Type: "PER", Name: name,
			Mentions: []entity.Mention{{Text: name}}})
	}
	return d
}

const quake = `A magnitude 6.1 earthquake struck the mountainous north of the island early on Tuesday, ` +
	`collapsing houses in three villages and cutting power to the provincial capital. Rescue teams ` +
	`searched the rubble through the night while aftershocks shook the region, and the civil defence ` +
	`agency said at least twelve people had died and dozens were injured in the quake.`

func TestNearDuplicates(t *testing.T) {
	l := New(Options{})
	a := l.Add(doc("a", "2024-03-05", "Quake kills twelve", quake), nil)
	b := l.Add(doc("b", "2024-03-05", "Quake kills twelve", quake+"\n\nShare this story."), nil)
	c := l.Add(doc("c", "2024-03-05", "Parliament passes budget", `The parliament passed the annual budget `+
		`on Tuesday after a long debate over spending on schools, roads and hospitals, with the opposition `+
		`voting against the plan and promising to challenge several of its tax measures in court.`), nil)
	if b.DuplicateOf != "a" || b.Cluster != a.Cluster {
		t.Errorf("syndicated copy: duplicate of %q cluster %q, want a %q", b.DuplicateOf, b.Cluster, a.Cluster)
	}
	if c.DuplicateOf != "" || c.Cluster == a.Cluster {
		t.Errorf("other article: duplicate of %q, cluster %q", c.DuplicateOf, c.Cluster)
	}
}

func TestSpanCompatible(t *testing.T) {
	hard := func(v string) span { return eventSpan(event.Event{When: v}, time.Time{}) }
	soft := func(v, status, day string) span {
		return eventSpan(event.Event{When: v, Status: status}, date(day))
	}
	tests := []struct {
		name string
		a, b span
		want bool
	}{
		{"same day", hard("2023-06-19"), hard("2023-06-19"), true},
		{"next day", hard("2023-06-18"), hard("2023-06-19"), false},
		{"day in its month", hard("2024-02-16"), hard("2024-02"), true},
		{"April in the spring", hard("2024-04"), hard("2024-SP"), true},
		{"a year apart", hard("2023-02"), hard("2024-02"), false},
		{"coming days after the article", soft("FUTURE_REF", "planned", "2024-09-30"), hard("2024-10-02"), true},
		{"coming days, not April before", soft("FUTURE_REF", "planned", "2024-09-30"), hard("2024-04"), false},
		{"unknown time", span{}, hard("2024-04"), false},
	}
	for _, tc := range tests {
		if got := tc.a.compatible(tc.b); got != tc.want {
			t.Errorf("%s: compatible = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func meeting(when, status, place string, names ...string) event.Event {
	e := event.Event{Kind: event.KindMeeting, When: when, Status: status, Place: place}
	for i, n := range names {
		e.Participants = append(e.Participants, event.Participant{Name: n, Type: "PER", EntityKey: "e" + string(rune('1'+i))})
	}
	e.Sentence = event.Span{Text: strings.Join(names, " and ") + " meet."}
	e.Mentions = []event.Mention{{Sentence: e.Sentence, Status: status}}
	return e
}

func TestEventCoreference(t *testing.T) {
	l := New(Options{KeepHistory: true})
	d1 := doc("d1", "2023-06-19", "Blinken to meet Wang", "Blinken will meet Wang in Beijing.", "Antony Blinken", "Wang Yi")
	d1.Events = []event.Event{meeting("2023-06-19", "planned", "Beijing", "Antony Blinken", "Wang Yi")}
	d2 := doc("d2", "2023-06-19", "Blinken met Wang", "Blinken met Wang in Beijing.", "Antony Blinken", "Wang Yi")
	d2.Events = []event.Event{meeting("2023-06-19", "happened", "Beijing", "Antony Blinken", "Wang Yi")}
	d3 := doc("d3", "2024-06-20", "Blinken met Wang again", "Blinken met Wang in Beijing a year later.", "Antony Blinken", "Wang Yi")
	d3.Events = []event.Event{meeting("2024-06-20", "happened", "Beijing", "Antony Blinken", "Wang Yi")}
	canon := []string{"en-blinken", "en-wang"}
	r1, r2, r3 := l.Add(d1, canon), l.Add(d2, canon), l.Add(d3, canon)
	if r1.Events[0] != r2.Events[0] {
		t.Errorf("same-day reports: events %v %v, want one", r1.Events, r2.Events)
	}
	if r3.Events[0] == r1.Events[0] {
		t.Error("a meeting a year later joined the first one")
	}
	evs := l.Events()
	if len(evs) != 2 || evs[0].Status != event.StatusHappened || len(evs[0].Mentions) != 2 {
		t.Fatalf("events = %+v", evs)
	}
	if want := (store.StoredEvent{Doc: "d1", N: 0}).ID(); evs[0].ID != want {
		t.Errorf("event id %s, want the store id of its first mention %s", evs[0].ID, want)
	}
}

// TestDeterministic: a Linker rebuilt by re-adding the same documents in
// the same order decides the same.
func TestDeterministic(t *testing.T) {
	docs := []*store.Doc{
		doc("a", "2024-03-05", "Quake kills twelve", quake, "Civil Defence"),
		doc("b", "2024-03-06", "Aftershocks", "Aftershocks shook the island a day after the quake killed twelve.", "Civil Defence"),
		doc("c", "", "Budget", "The parliament passed the budget."),
	}
	run := func() []Result {
		l := New(Options{})
		var out []Result
		for _, d := range docs {
			out = append(out, l.Add(d, nil))
		}
		return out
	}
	if a, b := run(), run(); !reflect.DeepEqual(a, b) {
		t.Errorf("two runs differ:\n%+v\n%+v", a, b)
	}
}
