package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/link"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/timeline"
	"github.com/storyline-news/storyline/internal/timex"
)

// storyIndex is the archive after linking, as the story routes read it:
// the stories, most recently active first, the real-world events linked
// across articles, and each story's articles in publication order. It is
// rebuilt by replaying the linker over the archive (link.ReplayStore),
// cached like the archive index and dropped on ingest.
type storyIndex struct {
	stories []link.Story
	storyAt map[string]int
	events  map[string]link.Event
	// names maps canonical entity ids to names.
	names map[string]string
	// docs lists, per story, its articles in publication order.
	docs map[string][]string
	// linkedOf maps a stored (per-article) event id to the linked event
	// it reports.
	linkedOf map[string]string
}

// replaySource adapts an Archive to the store.Store that link.ReplayStore
// reads. ReplayStore calls only List, Timexes, Entities and Events; the
// embedded store.Store is nil, so any other call would panic, which the
// tests would show.
type replaySource struct {
	store.Store
	a    Archive
	ents map[string][]entity.Entity
}

func (r *replaySource) List(ctx context.Context, o store.ListOptions, fn func(*store.Record) error) error {
	return r.a.List(ctx, o, fn)
}

func (r *replaySource) Timexes(ctx context.Context, id string) ([]timex.Timex, error) {
	return r.a.Timexes(ctx, id)
}

func (r *replaySource) Entities(_ context.Context, id string) ([]entity.Entity, error) {
	return r.ents[id], nil
}

func (r *replaySource) Events(ctx context.Context, f store.EventFilter, fn func(store.StoredEvent) error) error {
	return r.a.Events(ctx, f, fn)
}

// replayArchive links the archive: directly when it is a store.Store, else
// through a replaySource.
func replayArchive(ctx context.Context, a Archive) (*link.Replay, error) {
	if st, ok := a.(store.Store); ok {
		return link.ReplayStore(ctx, st)
	}
	src := &replaySource{a: a, ents: map[string][]entity.Entity{}}
	err := a.EachEntities(ctx, func(id string, ents []entity.Entity) error {
		src.ents[id] = ents
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read entities: %w", err)
	}
	return link.ReplayStore(ctx, src)
}

// loadStories links the archive into a storyIndex.
func loadStories(ctx context.Context, a Archive) (*storyIndex, error) {
	rp, err := replayArchive(ctx, a)
	if err != nil {
		return nil, fmt.Errorf("link archive: %w", err)
	}
	x := &storyIndex{
		stories:  rp.Linker.Stories(),
		storyAt:  map[string]int{},
		events:   map[string]link.Event{},
		names:    rp.Names,
		docs:     map[string][]string{},
		linkedOf: map[string]string{},
	}
	for _, ev := range rp.Linker.Events() {
		ev.Names = rp.Participants(ev)
		x.events[ev.ID] = ev
		for _, m := range ev.Mentions {
			x.linkedOf[store.StoredEvent{Doc: m.Doc, N: m.N}.ID()] = ev.ID
		}
	}
	for _, doc := range rp.Order {
		if st := rp.Results[doc].Story; st != "" {
			x.docs[st] = append(x.docs[st], doc)
		}
	}
	// Most recently active first; undated stories last, in linking order.
	sort.SliceStable(x.stories, func(i, j int) bool {
		a, b := x.stories[i], x.stories[j]
		if !a.End.Equal(b.End) {
			return a.End.After(b.End)
		}
		return a.Docs > b.Docs
	})
	for i, st := range x.stories {
		x.storyAt[st.ID] = i
	}
	return x, nil
}

// storyIndex returns the linked archive, about statsTTL old at most.
func (s *Server) storyIndex(ctx context.Context) (*storyIndex, error) {
	return s.storyCache.get(ctx, func(ctx context.Context) (*storyIndex, error) {
		return loadStories(ctx, s.archive)
	})
}

// linked returns the linked event a stored event reports, if any.
func (x *storyIndex) linked(stored string) (link.Event, bool) {
	ev, ok := x.events[x.linkedOf[stored]]
	return ev, ok
}

// annotate sets the story and linked event of per-article events.
func (s *Server) annotate(ctx context.Context, evs []apiEvent) error {
	x, err := s.storyIndex(ctx)
	if err != nil {
		return err
	}
	for i := range evs {
		if ev, ok := x.linked(evs[i].ID); ok {
			evs[i].Story, evs[i].Linked = ev.Story, ev.ID
		}
	}
	return nil
}

// story returns a story by id.
func (x *storyIndex) story(id string) (link.Story, bool) {
	i, ok := x.storyAt[id]
	if !ok {
		return link.Story{}, false
	}
	return x.stories[i], true
}

// storyEvents returns a story's linked events in date order (undated
// last), keeping those that involve who (a name or canonical id,
// case-insensitive) and have status, when set.
func (x *storyIndex) storyEvents(st link.Story, who, status string) []link.Event {
	out := make([]link.Event, 0, len(st.Events))
	for _, id := range st.Events {
		ev, ok := x.events[id]
		if !ok || status != "" && ev.Status != status {
			continue
		}
		if who != "" && !linkedInvolves(ev, who) {
			continue
		}
		out = append(out, ev)
	}
	return out
}

func linkedInvolves(ev link.Event, name string) bool {
	for i, n := range ev.Names {
		if strings.EqualFold(n, name) || i < len(ev.Participants) && strings.EqualFold(ev.Participants[i], name) {
			return true
		}
	}
	return false
}

// latestReport returns the date of the latest dated article reporting ev
// (the report whose status the event carries); when no report is dated,
// the time the archive stored the last of them; else the zero time.
func (x *archiveIndex) latestReport(ev link.Event) time.Time {
	var t, stored time.Time
	for _, m := range ev.Mentions {
		if m.Date.After(t) {
			t = m.Date
		}
		if at := x.docs[m.Doc].IngestedAt; at.After(stored) {
			stored = at
		}
	}
	if t.IsZero() {
		return stored
	}
	return t
}

// storyQuery selects a story's events: entity and status filters.
type storyQuery struct {
	page
	Entity, Status string
}

func parseStoryQuery(v url.Values, def int) (storyQuery, error) {
	q := storyQuery{Entity: strings.TrimSpace(v.Get("entity")), Status: strings.TrimSpace(v.Get("status"))}
	var err error
	if q.page, err = parsePage(v, def); err != nil {
		return q, err
	}
	if q.Status != "" && !oneOf(q.Status, eventStatuses) {
		return q, badRequest{fmt.Sprintf("status %q: want one of %s", q.Status, strings.Join(eventStatuses, ", "))}
	}
	return q, nil
}

// errNoStory is the 404 of the story routes.
var errNoStory = fmt.Errorf("no such story: %w", store.ErrNotFound)

func storyHref(id string) string { return "/api/v1/stories/" + url.PathEscape(id) }

// apiStory is a story in a listing.
type apiStory struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Start    time.Time `json:"start,omitzero"`
	End      time.Time `json:"end,omitzero"`
	Articles int       `json:"articles"`
	Reports  int       `json:"reports"`
	Events   int       `json:"events"`
	Href     string    `json:"href"`
	Timeline string    `json:"timeline"`
}

// apiLinkedMention is one report of a linked event: the sentence, its
// status and the article.
type apiLinkedMention struct {
	Doc       string        `json:"doc"`
	Text      string        `json:"text"`
	Status    string        `json:"status"`
	When      string        `json:"when,omitempty"`
	Duplicate bool          `json:"duplicate,omitempty"`
	Event     string        `json:"event"`
	Article   apiArticleRef `json:"article"`
}

// apiLinkedEvent is one real-world event linked across articles, in the
// shape of `storyline events --format jsonl` (DESIGN.md).
type apiLinkedEvent struct {
	ID             string             `json:"id"`
	Kind           string             `json:"kind"`
	Participants   []string           `json:"participants"`
	ParticipantIDs []string           `json:"participant_ids"`
	Place          string             `json:"place,omitempty"`
	When           *string            `json:"when"`
	WhenText       string             `json:"when_text,omitempty"`
	Status         string             `json:"status"`
	Updated        time.Time          `json:"updated,omitzero"`
	Story          string             `json:"story"`
	Cluster        string             `json:"cluster"`
	Mentions       []apiLinkedMention `json:"mentions"`
}

// apiStoryFull is one story with its articles and linked events.
type apiStoryFull struct {
	apiStory
	ArticleList []apiArticleRef  `json:"article_list"`
	EventList   []apiLinkedEvent `json:"event_list"`
}

func (x *storyIndex) toAPIStory(st link.Story) apiStory {
	return apiStory{ID: st.ID, Title: st.Title, Start: st.Start, End: st.End, Articles: st.Docs,
		Reports: st.Reports, Events: len(st.Events), Href: storyHref(st.ID), Timeline: storyHref(st.ID) + "/timeline"}
}

func toAPILinkedEvent(ai *archiveIndex, ev link.Event) apiLinkedEvent {
	out := apiLinkedEvent{ID: ev.ID, Kind: ev.Kind, Participants: nonNil(ev.Names), ParticipantIDs: nonNil(ev.Participants),
		Place: ev.Place, WhenText: ev.WhenText, Status: ev.Status, Updated: ai.latestReport(ev), Story: ev.Story,
		Cluster: ev.Cluster, Mentions: make([]apiLinkedMention, 0, len(ev.Mentions))}
	if ev.When != "" {
		w := ev.When
		out.When = &w
	}
	for _, m := range ev.Mentions {
		out.Mentions = append(out.Mentions, apiLinkedMention{Doc: m.Doc, Text: m.Sentence, Status: m.Status, When: m.When,
			Duplicate: m.Duplicate, Event: eventHref(store.StoredEvent{Doc: m.Doc, N: m.N}.ID()), Article: ai.articleRef(m.Doc)})
	}
	return out
}

// indexes returns the archive index and the story index.
func (s *Server) indexes(ctx context.Context) (*archiveIndex, *storyIndex, error) {
	ai, err := s.index(ctx)
	if err != nil {
		return nil, nil, err
	}
	si, err := s.storyIndex(ctx)
	if err != nil {
		return nil, nil, err
	}
	return ai, si, nil
}

func (s *Server) apiStories(w http.ResponseWriter, r *http.Request) {
	p, err := parsePage(r.URL.Query(), DefaultPageSize)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	x, err := s.storyIndex(r.Context())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	sts, more := pageOf(x.stories, p)
	out := apiList[apiStory]{Items: make([]apiStory, 0, len(sts)), Limit: p.Limit, Offset: p.Offset}
	for _, st := range sts {
		out.Items = append(out.Items, x.toAPIStory(st))
	}
	out.Next = nextLink(r.URL.Path, url.Values{}, p, more)
	s.writeJSON(w, r, http.StatusOK, out)
}

func (s *Server) apiStory(w http.ResponseWriter, r *http.Request) {
	ai, x, err := s.indexes(r.Context())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	st, ok := x.story(r.PathValue("id"))
	if !ok {
		s.apiFail(w, r, errNoStory)
		return
	}
	out := apiStoryFull{apiStory: x.toAPIStory(st), ArticleList: []apiArticleRef{}, EventList: []apiLinkedEvent{}}
	for _, doc := range x.docs[st.ID] {
		out.ArticleList = append(out.ArticleList, ai.articleRef(doc))
	}
	for _, ev := range x.storyEvents(st, "", "") {
		out.EventList = append(out.EventList, toAPILinkedEvent(ai, ev))
	}
	s.writeJSON(w, r, http.StatusOK, out)
}

func (s *Server) apiStoryEvents(w http.ResponseWriter, r *http.Request) {
	q, err := parseStoryQuery(r.URL.Query(), DefaultPageSize)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	ai, x, err := s.indexes(r.Context())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	st, ok := x.story(r.PathValue("id"))
	if !ok {
		s.apiFail(w, r, errNoStory)
		return
	}
	evs, more := pageOf(x.storyEvents(st, q.Entity, q.Status), q.page)
	out := apiList[apiLinkedEvent]{Items: make([]apiLinkedEvent, 0, len(evs)), Limit: q.Limit, Offset: q.Offset}
	for _, ev := range evs {
		out.Items = append(out.Items, toAPILinkedEvent(ai, ev))
	}
	v := url.Values{}
	for k, s := range map[string]string{"entity": q.Entity, "status": q.Status} {
		if s != "" {
			v.Set(k, s)
		}
	}
	out.Next = nextLink(r.URL.Path, v, q.page, more)
	s.writeJSON(w, r, http.StatusOK, out)
}

func (s *Server) apiStoryTimeline(w http.ResponseWriter, r *http.Request) {
	q, err := parseTimelineQuery(r.URL.Query())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	x, err := s.storyIndex(r.Context())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	st, ok := x.story(r.PathValue("id"))
	if !ok {
		s.apiFail(w, r, errNoStory)
		return
	}
	tl, err := s.storyTimeline(r.Context(), x, st, q)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, timeline.ToJSON(tl))
}

// storyTimeline builds the timeline of a story's articles
// (timeline.FromStore over the Archive, then timeline.Build).
func (s *Server) storyTimeline(ctx context.Context, x *storyIndex, st link.Story, q timelineQuery) ([]timeline.Entry, error) {
	docs, err := s.timelineDocs(ctx, append([]string{}, x.docs[st.ID]...))
	if err != nil {
		return nil, err
	}
	return timeline.Build(docs, timeline.Options{Dates: q.Dates, PerDate: q.PerDate, From: q.From, To: q.To}), nil
}
