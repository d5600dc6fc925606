package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/link"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/timeline"
)

// storyIndex reads the archive's links: the stories, the real-world
// events linked across articles and each article's story, as the
// pipeline's link stage stored them when the articles were ingested. It
// holds nothing itself: every call reads the archive.
type storyIndex struct {
	a Archive
}

// storyIndex returns the reader of the archive's links.
func (s *Server) storyIndex(context.Context) (*storyIndex, error) {
	return &storyIndex{a: s.archive}, nil
}

// list returns every story, most recently active first (then the larger
// first, then in order of creation; undated stories last).
func (x *storyIndex) list(ctx context.Context) ([]link.Story, error) {
	var out []link.Story
	err := x.a.Stories(ctx, func(st store.Story) error {
		out = append(out, st)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.End.Equal(b.End) {
			return a.End.After(b.End)
		}
		return a.Docs > b.Docs
	})
	return out, nil
}

// linked returns the linked event that the n-th event of article doc
// reports, if any.
func (x *storyIndex) linked(ctx context.Context, doc string, stored string) (link.Event, bool, error) {
	dl, err := x.a.DocLink(ctx, doc)
	if errors.Is(err, store.ErrNotFound) {
		return link.Event{}, false, nil
	}
	if err != nil {
		return link.Event{}, false, err
	}
	for n, id := range dl.Events {
		if (store.StoredEvent{Doc: doc, N: n}).ID() != stored {
			continue
		}
		ev, err := x.a.LinkedEvent(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return link.Event{}, false, nil
		}
		return ev, err == nil, err
	}
	return link.Event{}, false, nil
}

// annotate sets the story and linked event of per-article events.
func (s *Server) annotate(ctx context.Context, evs []apiEvent) error {
	x, err := s.storyIndex(ctx)
	if err != nil {
		return err
	}
	for i := range evs {
		ev, ok, err := x.linked(ctx, evs[i].Doc, evs[i].ID)
		if err != nil {
			return err
		}
		if ok {
			evs[i].Story, evs[i].Linked = ev.Story, ev.ID
		}
	}
	return nil
}

// story returns a story by id.
func (x *storyIndex) story(ctx context.Context, id string) (link.Story, bool, error) {
	st, err := x.a.Story(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return st, false, nil
	}
	return st, err == nil, err
}

// docs returns a story's articles in link (publication) order.
func (x *storyIndex) docs(ctx context.Context, story string) ([]string, error) {
	var out []string
	err := x.a.DocLinks(ctx, story, func(d store.DocLink) error {
		out = append(out, d.Doc)
		return nil
	})
	return out, err
}

// storyEvents returns a story's linked events in date order (undated
// last), keeping those that involve who (a name or canonical id,
// case-insensitive) and have status, when set.
func (x *storyIndex) storyEvents(ctx context.Context, st link.Story, who, status string) ([]link.Event, error) {
	byID := map[string]link.Event{}
	err := x.a.LinkedEvents(ctx, store.LinkFilter{Story: st.ID, Status: status}, func(ev store.LinkedEvent) error {
		if who == "" || linkedInvolves(ev, who) {
			byID[ev.ID] = ev
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]link.Event, 0, len(byID))
	for _, id := range st.Events {
		if ev, ok := byID[id]; ok {
			out = append(out, ev)
		}
	}
	return out, nil
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
	all, err := x.list(r.Context())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	sts, more := pageOf(all, p)
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
	ctx := r.Context()
	st, ok, err := x.story(ctx, r.PathValue("id"))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if !ok {
		s.apiFail(w, r, errNoStory)
		return
	}
	docs, err := x.docs(ctx, st.ID)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	evs, err := x.storyEvents(ctx, st, "", "")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := apiStoryFull{apiStory: x.toAPIStory(st), ArticleList: []apiArticleRef{}, EventList: []apiLinkedEvent{}}
	for _, doc := range docs {
		out.ArticleList = append(out.ArticleList, ai.articleRef(doc))
	}
	for _, ev := range evs {
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
	st, ok, err := x.story(r.Context(), r.PathValue("id"))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if !ok {
		s.apiFail(w, r, errNoStory)
		return
	}
	sel, err := x.storyEvents(r.Context(), st, q.Entity, q.Status)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	evs, more := pageOf(sel, q.page)
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
	st, ok, err := x.story(r.Context(), r.PathValue("id"))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if !ok {
		s.apiFail(w, r, errNoStory)
		return
	}
	docs, err := x.docs(r.Context(), st.ID)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	tl, err := s.storyTimeline(r.Context(), st.ID, docs, q)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, timeline.ToJSON(tl))
}

// storyTimeline builds the timeline of a story: its articles (ids) and
// its linked events, each placed at its own date.
func (s *Server) storyTimeline(ctx context.Context, story string, ids []string, q timelineQuery) ([]timeline.Entry, error) {
	docs, err := timeline.FromStore(ctx, s.archive, append([]string{}, ids...))
	if err != nil {
		return nil, err
	}
	evs, err := timeline.StoryEvents(ctx, s.archive, story)
	if err != nil {
		return nil, err
	}
	return timeline.Build(docs, timeline.Options{Dates: q.Dates, PerDate: q.PerDate, From: q.From, To: q.To, Events: evs}), nil
}
