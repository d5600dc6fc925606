package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/article"
)

func ymd(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestLinks checks the links a link stage stores: doc links and mentions
// replaced per article, merges rewriting every row that names the merged
// cluster or story, event filters, names resolved at read time, the
// snapshot, and the articles left to link. It is part of the conformance
// suite.
func testLinks(t *testing.T, fresh newDSN) {
	ctx := context.Background()
	st, _ := openFresh(t, fresh)
	var batch []*Doc
	for _, id := range []string{"a", "b", "c"} {
		batch = append(batch, &Doc{Article: &article.Article{ID: id, Title: "T " + id, Text: "text of " + id, Date: ymd("2024-04-0" + string(rune('1'+len(batch))))}})
	}
	if _, err := st.Put(ctx, batch); err != nil {
		t.Fatal(err)
	}
	hash := func(id string) string {
		r, err := st.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return r.Hash
	}
	unlinked := func() []string {
		var ids []string
		if err := st.Unlinked(ctx, func(id string) error { ids = append(ids, id); return nil }); err != nil {
			t.Fatal(err)
		}
		return ids
	}
	if got := unlinked(); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("unlinked before linking: %v", got)
	}
	ev1 := LinkedEvent{ID: "ev-1", Kind: "meeting", Participants: []string{"en-x", "name:wang"}, Names: []string{"X", "Wang"},
		Place: "Beijing", When: "2024-04-01", Status: "planned", Cluster: "cl-b", Story: "st-b", Seq: 1}
	ev2 := LinkedEvent{ID: "ev-2", Kind: "call", Participants: []string{"en-y"}, Names: []string{"Y"}, Status: "happened",
		Cluster: "cl-a", Story: "st-a", Seq: 2}
	first := LinkBatch{
		Docs: []DocLink{
			{Doc: "a", Cluster: "cl-a", Story: "st-a", Events: []string{"ev-2"}, Seq: 1, Hash: hash("a")},
			{Doc: "b", Cluster: "cl-b", Story: "st-b", Events: []string{"ev-1"}, Seq: 2, Hash: hash("b")},
		},
		Mentions: []Mention{
			{Doc: "a", N: 0, Event: "ev-2", Seq: 1, Sentence: "Y called.", Status: "happened", Date: ymd("2024-04-01")},
			{Doc: "b", N: 0, Event: "ev-1", Seq: 2, Sentence: "X will meet Wang.", Status: "planned", Date: ymd("2024-04-02")},
		},
		Events:  []LinkedEvent{ev1, ev2},
		Stories: []Story{{ID: "st-a", Title: "A", Docs: 1, Seq: 1, Clusters: []string{"cl-a"}, Events: []string{"ev-2"}}, {ID: "st-b", Title: "B", Docs: 1, Seq: 2, Clusters: []string{"cl-b"}, Events: []string{"ev-1"}}},
		Names:   map[string]string{"en-x": "Xavier X"},
		State:   []byte("state-1"), Seq: 2,
	}
	if err := st.PutLinks(ctx, first); err != nil {
		t.Fatal(err)
	}
	// c joins b's event; b's cluster and story merge into a's.
	ev1.Status, ev1.Cluster, ev1.Story = "happened", "cl-a", "st-a"
	second := LinkBatch{
		Docs:     []DocLink{{Doc: "c", Cluster: "cl-a", Story: "st-a", DuplicateOf: "b", Events: []string{"ev-1"}, Seq: 3, Hash: hash("c")}},
		Mentions: []Mention{{Doc: "c", N: 0, Event: "ev-1", Seq: 3, Sentence: "X met Wang.", Status: "happened", Duplicate: true}},
		Merges:   []LinkMerge{{From: "cl-b", Into: "cl-a"}, {From: "st-b", Into: "st-a"}},
		Events:   []LinkedEvent{ev1},
		Stories:  []Story{{ID: "st-a", Title: "A and B", Docs: 3, Seq: 1, Clusters: []string{"cl-a", "cl-b"}, Events: []string{"ev-1", "ev-2"}}},
	}
	if err := st.PutLinks(ctx, second); err != nil {
		t.Fatal(err)
	}
	if got := unlinked(); len(got) != 0 {
		t.Errorf("unlinked after linking: %v", got)
	}

	var docs []string
	err := st.DocLinks(ctx, "", func(d DocLink) error {
		if d.Cluster != "cl-a" || d.Story != "st-a" {
			t.Errorf("doc %s still names %s/%s after the merge", d.Doc, d.Cluster, d.Story)
		}
		docs = append(docs, d.Doc)
		return nil
	})
	if err != nil || !slices.Equal(docs, []string{"a", "b", "c"}) {
		t.Errorf("doc links %v, %v", docs, err)
	}
	var stories []string
	if err := st.Stories(ctx, func(s Story) error { stories = append(stories, s.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(stories, []string{"st-a"}) {
		t.Errorf("stories after the merge: %v", stories)
	}
	if _, err := st.Story(ctx, "st-b"); !errors.Is(err, ErrNotFound) {
		t.Errorf("merged story: %v, want ErrNotFound", err)
	}
	got, err := st.LinkedEvent(ctx, "ev-1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != "happened" || got.Story != "st-a" || len(got.Mentions) != 2 || got.Mentions[1].Doc != "c" || !got.Mentions[1].Duplicate ||
		!slices.Equal(got.Names, []string{"Xavier X", "Wang"}) {
		t.Errorf("ev-1 = %+v", got)
	}

	tests := []struct {
		name string
		f    LinkFilter
		want []string
	}{
		{"all, by first report", LinkFilter{}, []string{"ev-1", "ev-2"}},
		{"kind", LinkFilter{Kind: "call"}, []string{"ev-2"}},
		{"status", LinkFilter{Status: "happened"}, []string{"ev-1", "ev-2"}},
		{"story", LinkFilter{Story: "st-a"}, []string{"ev-1", "ev-2"}},
		{"doc", LinkFilter{Doc: "c"}, []string{"ev-1"}},
		{"participant by stored name", LinkFilter{Participant: "wang"}, []string{"ev-1"}},
		{"participant by current name", LinkFilter{Participant: "Xavier X"}, []string{"ev-1"}},
		{"from", LinkFilter{From: ymd("2024-04-01")}, []string{"ev-1"}},
		{"to before", LinkFilter{To: ymd("2024-03-31")}, nil},
	}
	for _, tt := range tests {
		var ids []string
		if err := st.LinkedEvents(ctx, tt.f, func(e LinkedEvent) error { ids = append(ids, e.ID); return nil }); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ids, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, ids, tt.want)
		}
	}

	state, err := st.LinkState(ctx)
	if err != nil || string(state.Data) != "state-1" || state.Seq != 2 {
		t.Errorf("state %q at %d, %v", state.Data, state.Seq, err)
	}
	var since []string
	if err := st.LinkedSince(ctx, state.Seq, func(d DocLink) error { since = append(since, d.Doc); return nil }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(since, []string{"c"}) {
		t.Errorf("linked since the snapshot: %v", since)
	}

	// a new version of b is to be linked again
	if _, err := st.Put(ctx, []*Doc{{Article: &article.Article{ID: "b", Title: "T b", Text: "new text of b"}}}); err != nil {
		t.Fatal(err)
	}
	if got := unlinked(); !slices.Equal(got, []string{"b"}) {
		t.Errorf("unlinked after an update: %v", got)
	}
	// relinked, its new version reports a new event: ev-1 keeps c's report
	relinked := LinkBatch{
		Docs:     []DocLink{{Doc: "b", Cluster: "cl-a", Story: "st-a", Events: []string{"ev-3"}, Seq: 4, Hash: hash("b")}},
		Mentions: []Mention{{Doc: "b", N: 0, Event: "ev-3", Seq: 4, Sentence: "Z visited.", Status: "happened"}},
		Events:   []LinkedEvent{{ID: "ev-3", Kind: "visit", Status: "happened", Cluster: "cl-a", Story: "st-a", Seq: 3}},
	}
	if err := st.PutLinks(ctx, relinked); err != nil {
		t.Fatal(err)
	}
	if ev, err := st.LinkedEvent(ctx, "ev-1"); err != nil || len(ev.Mentions) != 1 || ev.Mentions[0].Doc != "c" {
		t.Errorf("ev-1 after b's new version: %+v, %v", ev, err)
	}
	// and a version of c without events leaves ev-1 unreported: gone
	gone := LinkBatch{Docs: []DocLink{{Doc: "c", Cluster: "cl-a", Story: "st-a", Seq: 5, Hash: hash("c")}}}
	if err := st.PutLinks(ctx, gone); err != nil {
		t.Fatal(err)
	}
	if _, err := st.LinkedEvent(ctx, "ev-1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unreported ev-1: %v, want ErrNotFound", err)
	}

	if err := st.ClearLinks(ctx); err != nil {
		t.Fatal(err)
	}
	if state, _ := st.LinkState(ctx); state.Data != nil || len(unlinked()) != 3 {
		t.Errorf("after ClearLinks: state %q, unlinked %v", state.Data, unlinked())
	}
}
