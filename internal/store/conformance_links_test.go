package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/article"
)

// linkFixture stores three articles and a first link batch: a and b report
// event ev-1 (cluster c1, story s1), c reports ev-2 (cluster c2, story s2),
// b is a near-duplicate of a.
func linkFixture(t *testing.T, s Store) LinkBatch {
	t.Helper()
	ctx := context.Background()
	day := func(d int) time.Time { return time.Date(2024, 2, d, 0, 0, 0, 0, time.UTC) }
	if _, err := s.Put(ctx, docs([]*article.Article{
		{ID: "a", Text: "Blinken met Wang Yi in Munich.", Date: day(16)},
		{ID: "b", Text: "Blinken met Wang Yi in Munich today.", Date: day(17)},
		{ID: "c", Text: "Biden will call Xi."},
		{ID: "d", Text: "Not linked yet."},
	})); err != nil {
		t.Fatal(err)
	}
	hash := func(id string) string {
		r, err := s.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return r.Hash
	}
	b := LinkBatch{
		Docs: []DocLink{
			{Doc: "a", Cluster: "c1", Story: "s1", Events: []string{"ev-1"}, Seq: 1, Hash: hash("a")},
			{Doc: "b", Cluster: "c1", Story: "s1", DuplicateOf: "a", Events: []string{"ev-1"}, Seq: 2, Hash: hash("b")},
			{Doc: "c", Cluster: "c2", Story: "s2", Seq: 3, Hash: hash("c"), Events: []string{"ev-2"}},
		},
		Mentions: []Mention{
			{Doc: "a", N: 0, Event: "ev-1", Seq: 1, Sentence: "Blinken met Wang Yi in Munich.", Status: "happened", When: "2024-02-16", Date: day(16)},
			{Doc: "b", N: 0, Event: "ev-1", Seq: 2, Sentence: "Blinken met Wang Yi in Munich today.", Status: "happened", When: "2024-02-16", Date: day(17), Duplicate: true},
			{Doc: "c", N: 0, Event: "ev-2", Seq: 3, Sentence: "Biden will call Xi.", Status: "planned"},
		},
		Events: []LinkedEvent{
			{ID: "ev-1", Kind: "meeting", Participants: []string{"en-b", "en-w"}, Names: []string{"Antony Blinken", "Wang Yi"},
				Place: "Munich", When: "2024-02-16", WhenText: "today", Status: "happened", Cluster: "c1", Story: "s1", Seq: 1},
			{ID: "ev-2", Kind: "call", Participants: []string{"en-j", "en-x"}, Names: []string{"Joe Biden", "Xi Jinping"},
				Status: "planned", Cluster: "c2", Story: "s2", Seq: 2},
		},
		Stories: []Story{
			{ID: "s2", Title: "Biden, Xi: call", Docs: 1, Reports: 1, Clusters: []string{"c2"}, Events: []string{"ev-2"}, Seq: 2},
			{ID: "s1", Title: "Blinken, Wang Yi: meeting", Start: day(16), End: day(17), Docs: 2, Reports: 1,
				Clusters: []string{"c1"}, Events: []string{"ev-1"}, Seq: 1},
		},
		Names: map[string]string{"en-b": "Antony Blinken", "en-w": "Wang Yi", "en-j": "Joe Biden", "en-x": "Xi Jinping"},
		State: []byte("snapshot\x00one"),
		Seq:   3,
	}
	if err := s.PutLinks(ctx, b); err != nil {
		t.Fatal(err)
	}
	return b
}

func testLinksRoundTrip(t *testing.T, fresh newDSN) {
	ctx := context.Background()
	s, _ := openFresh(t, fresh)
	if st, err := s.LinkState(ctx); err != nil || st.Data != nil || st.Seq != 0 {
		t.Errorf("no snapshot yet: %+v, %v", st, err)
	}
	b := linkFixture(t, s)
	st, err := s.LinkState(ctx)
	if err != nil || string(st.Data) != string(b.State) || st.Seq != 3 {
		t.Errorf("snapshot %+v, %v", st, err)
	}
	d, err := s.DocLink(ctx, "b")
	if err != nil || !equalDocLink(d, b.Docs[1]) {
		t.Errorf("doc link of b: %+v, %v", d, err)
	}
	if _, err := s.DocLink(ctx, "d"); !errors.Is(err, ErrNotFound) {
		t.Errorf("doc link of an unlinked article: %v", err)
	}
	e, err := s.LinkedEvent(ctx, "ev-1")
	if err != nil {
		t.Fatal(err)
	}
	want := b.Events[0]
	want.Mentions = b.Mentions[:2]
	want.Seq = e.Seq // not read back by either backend: the order of LinkedEvents is the contract
	if !equalLinkedEvent(e, want) {
		t.Errorf("linked event:\n got %+v\nwant %+v", e, want)
	}
	if _, err := s.LinkedEvent(ctx, "ev-9"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown event: %v", err)
	}
	g, err := s.Story(ctx, "s1")
	if err != nil || !equalStory(g, b.Stories[1]) {
		t.Errorf("story s1:\n got %+v\nwant %+v (%v)", g, b.Stories[1], err)
	}
	if _, err := s.Story(ctx, "s9"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown story: %v", err)
	}
	var order []string
	if err := s.Stories(ctx, func(g Story) error { order = append(order, g.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if strings.Join(order, ",") != "s1,s2" {
		t.Errorf("stories in order of creation: %v", order)
	}
	// A new snapshot replaces the old one; a batch without one keeps it.
	if err := s.PutLinks(ctx, LinkBatch{State: []byte("two"), Seq: 4}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutLinks(ctx, LinkBatch{}); err != nil {
		t.Fatal(err)
	}
	if st, err := s.LinkState(ctx); err != nil || string(st.Data) != "two" || st.Seq != 4 {
		t.Errorf("replaced snapshot: %+v, %v", st, err)
	}
}

func testLinksOrderAndUnlinked(t *testing.T, fresh newDSN) {
	ctx := context.Background()
	s, _ := openFresh(t, fresh)
	linkFixture(t, s)
	docLinks := func(story string) string {
		var out []string
		if err := s.DocLinks(ctx, story, func(d DocLink) error { out = append(out, d.Doc); return nil }); err != nil {
			t.Fatal(err)
		}
		return strings.Join(out, ",")
	}
	if got := docLinks(""); got != "a,b,c" {
		t.Errorf("doc links in link order: %s", got)
	}
	if got := docLinks("s1"); got != "a,b" {
		t.Errorf("doc links of s1: %s", got)
	}
	var since []string
	if err := s.LinkedSince(ctx, 1, func(d DocLink) error { since = append(since, d.Doc); return nil }); err != nil {
		t.Fatal(err)
	}
	if strings.Join(since, ",") != "b,c" {
		t.Errorf("linked since 1: %v", since)
	}
	unlinked := func() string {
		var out []string
		if err := s.Unlinked(ctx, func(id string) error { out = append(out, id); return nil }); err != nil {
			t.Fatal(err)
		}
		return strings.Join(out, ",")
	}
	if got := unlinked(); got != "d" {
		t.Errorf("unlinked: %s", got)
	}
	// A new version of a is unlinked until linked again.
	if _, err := s.Put(ctx, docs([]*article.Article{{ID: "a", Text: "Blinken met Wang Yi in Munich on Friday."}})); err != nil {
		t.Fatal(err)
	}
	if got := unlinked(); got != "a,d" {
		t.Errorf("unlinked after an update: %s", got)
	}
	// Relinking a replaces its doc link and its mentions.
	r, _ := s.Get(ctx, "a")
	if err := s.PutLinks(ctx, LinkBatch{
		Docs:     []DocLink{{Doc: "a", Cluster: "c1", Story: "s1", Events: []string{"ev-1"}, Seq: 4, Hash: r.Hash}},
		Mentions: []Mention{{Doc: "a", N: 0, Event: "ev-1", Seq: 4, Sentence: "Blinken met Wang Yi in Munich on Friday.", Status: "happened"}},
	}); err != nil {
		t.Fatal(err)
	}
	if got := unlinked(); got != "d" {
		t.Errorf("unlinked after relinking: %s", got)
	}
	if got := docLinks(""); got != "b,c,a" {
		t.Errorf("doc links after relinking a: %s", got)
	}
	e, err := s.LinkedEvent(ctx, "ev-1")
	if err != nil || len(e.Mentions) != 2 || e.Mentions[0].Doc != "b" || e.Mentions[1].Sentence != "Blinken met Wang Yi in Munich on Friday." {
		t.Errorf("mentions after relinking a: %+v, %v", e.Mentions, err)
	}
	// c no longer reports ev-2, which no other article reports: it goes;
	// ev-1 is still reported by b and a.
	rc, _ := s.Get(ctx, "c")
	if err := s.PutLinks(ctx, LinkBatch{Docs: []DocLink{{Doc: "c", Cluster: "c2", Story: "s2", Seq: 5, Hash: rc.Hash}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LinkedEvent(ctx, "ev-2"); !errors.Is(err, ErrNotFound) {
		t.Errorf("an event no article reports is kept: %v", err)
	}
	if _, err := s.LinkedEvent(ctx, "ev-1"); err != nil {
		t.Errorf("a reported event is gone: %v", err)
	}
	// Callbacks may write links while the archive is read.
	err = s.Unlinked(ctx, func(id string) error {
		r, err := s.Get(ctx, id)
		if err != nil {
			return err
		}
		return s.PutLinks(ctx, LinkBatch{Docs: []DocLink{{Doc: id, Cluster: "c3", Story: "s3", Seq: 6, Hash: r.Hash}}})
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := unlinked(); got != "" {
		t.Errorf("unlinked after linking in the callback: %s", got)
	}
	stop := errors.New("stop")
	if err := s.DocLinks(ctx, "", func(DocLink) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("fn's error: %v", err)
	}
}

func testLinkedEventsFiltered(t *testing.T, fresh newDSN) {
	ctx := context.Background()
	s, _ := openFresh(t, fresh)
	linkFixture(t, s)
	day := func(d int) time.Time { return time.Date(2024, 2, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name string
		f    LinkFilter
		want string
	}{
		{"all, by first report", LinkFilter{}, "ev-1,ev-2"},
		{"kind", LinkFilter{Kind: "call"}, "ev-2"},
		{"status", LinkFilter{Status: "happened"}, "ev-1"},
		{"story", LinkFilter{Story: "s2"}, "ev-2"},
		{"doc", LinkFilter{Doc: "b"}, "ev-1"},
		{"participant, any case", LinkFilter{Participant: "WANG YI"}, "ev-1"},
		{"participant, whole name", LinkFilter{Participant: "Wang"}, ""},
		{"from", LinkFilter{From: day(16)}, "ev-1"},
		{"to", LinkFilter{To: day(15)}, ""},
	}
	list := func(f LinkFilter) string {
		var out []string
		if err := s.LinkedEvents(ctx, f, func(e LinkedEvent) error { out = append(out, e.ID); return nil }); err != nil {
			t.Fatal(err)
		}
		return strings.Join(out, ",")
	}
	for _, tc := range tests {
		if got := list(tc.f); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
	// A renamed entity: events show its current name and are found by it.
	if err := s.PutLinks(ctx, LinkBatch{Names: map[string]string{"en-x": "Xi Jinping (President)"}}); err != nil {
		t.Fatal(err)
	}
	if got := list(LinkFilter{Participant: "xi jinping (president)"}); got != "ev-2" {
		t.Errorf("by the current name: %s", got)
	}
	e, err := s.LinkedEvent(ctx, "ev-2")
	if err != nil || !slices.Equal(e.Names, []string{"Joe Biden", "Xi Jinping (President)"}) {
		t.Errorf("names after a rename: %v, %v", e.Names, err)
	}
}

func testLinkMergesAndClear(t *testing.T, fresh newDSN) {
	ctx := context.Background()
	s, _ := openFresh(t, fresh)
	linkFixture(t, s)
	// Refinement moves b to a cluster of its own, and back.
	if err := s.PutLinks(ctx, LinkBatch{Moves: []LinkMove{{Doc: "b", From: "c1", Into: "c9"}}}); err != nil {
		t.Fatal(err)
	}
	if d, err := s.DocLink(ctx, "b"); err != nil || d.Cluster != "c9" || len(d.Events) == 0 {
		t.Errorf("doc link after the move: %+v, %v", d, err)
	}
	if err := s.PutLinks(ctx, LinkBatch{Moves: []LinkMove{{Doc: "b", From: "c9", Into: "c1"}}}); err != nil {
		t.Fatal(err)
	}
	// Story s2 and cluster c2 merge into s1 and c1.
	if err := s.PutLinks(ctx, LinkBatch{Merges: []LinkMerge{{From: "c2", Into: "c1"}, {From: "s2", Into: "s1"}}}); err != nil {
		t.Fatal(err)
	}
	var got []string
	if err := s.DocLinks(ctx, "s1", func(d DocLink) error {
		got = append(got, d.Doc+":"+d.Cluster)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "a:c1,b:c1,c:c1" {
		t.Errorf("doc links after the merge: %v", got)
	}
	if e, err := s.LinkedEvent(ctx, "ev-2"); err != nil || e.Cluster != "c1" || e.Story != "s1" {
		t.Errorf("event after the merge: %+v, %v", e, err)
	}
	if _, err := s.Story(ctx, "s2"); !errors.Is(err, ErrNotFound) {
		t.Errorf("merged story kept: %v", err)
	}
	// An article ingested last, published first.
	if _, err := s.Put(ctx, docs([]*article.Article{{ID: "e", Text: "Earlier news.", Date: time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)}})); err != nil {
		t.Fatal(err)
	}
	if err := s.ClearLinks(ctx); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, err := range []error{
		s.DocLinks(ctx, "", func(DocLink) error { n++; return nil }),
		s.LinkedEvents(ctx, LinkFilter{}, func(LinkedEvent) error { n++; return nil }),
		s.Stories(ctx, func(Story) error { n++; return nil }),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if st, err := s.LinkState(ctx); err != nil || st.Data != nil {
		t.Errorf("snapshot after clearing: %+v, %v", st, err)
	}
	if n != 0 {
		t.Errorf("%d links left after clearing", n)
	}
	var unlinked []string
	if err := s.Unlinked(ctx, func(id string) error { unlinked = append(unlinked, id); return nil }); err != nil {
		t.Fatal(err)
	}
	// In publication order: undated by id, then dated by date.
	if strings.Join(unlinked, ",") != "c,d,e,a,b" {
		t.Errorf("unlinked after clearing: %v", unlinked)
	}
}

func equalDocLink(a, b DocLink) bool {
	return a.Doc == b.Doc && a.Cluster == b.Cluster && a.Story == b.Story && a.DuplicateOf == b.DuplicateOf &&
		slices.Equal(a.Events, b.Events) && a.Seq == b.Seq && a.Hash == b.Hash
}

func equalLinkedEvent(a, b LinkedEvent) bool {
	return fmt.Sprintf("%+v", a) == fmt.Sprintf("%+v", b)
}

func equalStory(a, b Story) bool {
	return fmt.Sprintf("%+v", a) == fmt.Sprintf("%+v", b)
}
