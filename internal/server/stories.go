package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/link"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/timeline"
)

// storyIndex reads the archive's links: the stories, the real-world
// events linked across articles and each article's story, as the
// pipeline's link stage stored them when the articles were linked. The
// story list comes from the link snapshot (links.go); one story and its
// events are read from the archive.
type storyIndex struct {
	a  Archive
	lx *linkSnapshot
}

// storyIndex returns the reader of the archive's links.
func (s *Server) storyIndex(ctx context.Context) (*storyIndex, error) {
	lx, err := s.links(ctx)
	if err != nil {
		return nil, err
	}
	return &storyIndex{a: s.archive, lx: lx}, nil
}

// list returns every story, most recently active first (then the larger
// first, then in order of creation; undated stories last).
func (x *storyIndex) list(context.Context) ([]link.Story, error) {
	return x.lx.stories, nil
}

// story returns a story by id: from the link snapshot, or from the
// archive for a story linked since.
func (x *storyIndex) story(ctx context.Context, id string) (link.Story, bool, error) {
	if i, ok := x.lx.storyAt[id]; ok {
		return x.lx.stories[i], true, nil
	}
	st, err := x.a.Story(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return st, false, nil
	}
	return st, err == nil, err
}

// pathStory returns the story the request's {id} names, or errNoStory.
func (x *storyIndex) pathStory(ctx context.Context, r *http.Request) (link.Story, error) {
	st, ok, err := x.story(ctx, r.PathValue("id"))
	if err == nil && !ok {
		err = errNoStory
	}
	return st, err
}

// storyData is what the story routes read of one story: its articles in
// link order, a fingerprint of their linked versions, and its linked
// events in date order (undated last).
type storyData struct {
	docs    []string
	docsKey string
	events  []link.Event
}

// storyData returns a story's articles and events, held per version of
// the story (storyKey) and of the links: a story page at 10,000 articles
// reads them once, not once per request.
func (s *Server) storyData(ctx context.Context, x *storyIndex, st link.Story) (*storyData, error) {
	key := storyKey(st) + "\x00" + x.lx.key
	return s.storyPages.do(ctx, key, func(ctx context.Context) (*storyData, error) {
		d := &storyData{}
		h := sha256.New()
		err := x.a.DocLinks(ctx, st.ID, func(dl store.DocLink) error {
			d.docs = append(d.docs, dl.Doc)
			fmt.Fprintf(h, "%s\x00%s\x00", dl.Doc, dl.Hash)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("articles of story %s: %w", st.ID, err)
		}
		d.docsKey = hex.EncodeToString(h.Sum(nil)[:16])
		if d.events, err = x.storyEvents(ctx, st, "", ""); err != nil {
			return nil, fmt.Errorf("events of story %s: %w", st.ID, err)
		}
		return d, nil
	})
}

// filterEvents keeps the events that involve who (a name or canonical id,
// case-insensitive) and have status, when set.
func filterEvents(evs []link.Event, who, status string) []link.Event {
	if who == "" && status == "" {
		return evs
	}
	var out []link.Event
	for _, ev := range evs {
		if (status == "" || ev.Status == status) && (who == "" || linkedInvolves(ev, who)) {
			out = append(out, ev)
		}
	}
	return out
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
		if at := x.doc(m.Doc).IngestedAt; at.After(stored) {
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
	ID             string    `json:"id"`
	Kind           string    `json:"kind"`
	Participants   []string  `json:"participants"`
	ParticipantIDs []string  `json:"participant_ids"`
	Place          string    `json:"place,omitempty"`
	When           *string   `json:"when"`
	WhenText       string    `json:"when_text,omitempty"`
	Status         string    `json:"status"`
	Updated        time.Time `json:"updated,omitzero"`
	Story          string    `json:"story"`
	Cluster        string    `json:"cluster"`
	// Reports counts the mentions; Sources lists the outlets of the
	// reporting articles, each once, in order of report.
	Reports  int                `json:"reports"`
	Sources  []string           `json:"sources"`
	Href     string             `json:"href"`
	Mentions []apiLinkedMention `json:"mentions"`
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
		Cluster: ev.Cluster, Reports: len(ev.Mentions), Sources: []string{}, Href: eventHref(ev.ID),
		Mentions: make([]apiLinkedMention, 0, len(ev.Mentions))}
	seen := map[string]bool{}
	for _, m := range ev.Mentions {
		if src := ai.doc(m.Doc).Source; src != "" && !seen[src] {
			seen[src] = true
			out.Sources = append(out.Sources, src)
		}
	}
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
	key := strings.Join([]string{"stories", x.lx.key, strconv.Itoa(p.Offset), strconv.Itoa(p.Limit)}, "\x00")
	s.serveJSON(w, r, key, func(context.Context) (*builtBody, error) {
		sts, more := pageOf(all, p)
		return build(jsonBody(listOf(sts, more, p, r.URL.Path, url.Values{}, x.toAPIStory)))
	})
}

func (s *Server) apiStory(w http.ResponseWriter, r *http.Request) {
	ai, x, err := s.indexes(r.Context())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	ctx := r.Context()
	st, err := x.pathStory(ctx, r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	key := strings.Join([]string{"story", storyKey(st), fmt.Sprint(ai.stats), x.lx.key}, "\x00")
	s.serveJSON(w, r, key, func(ctx context.Context) (*builtBody, error) {
		d, err := s.storyData(ctx, x, st)
		if err != nil {
			return nil, err
		}
		out := apiStoryFull{apiStory: x.toAPIStory(st), ArticleList: []apiArticleRef{}, EventList: []apiLinkedEvent{}}
		for _, doc := range d.docs {
			out.ArticleList = append(out.ArticleList, ai.articleRef(doc))
		}
		for _, ev := range d.events {
			out.EventList = append(out.EventList, toAPILinkedEvent(ai, ev))
		}
		return build(jsonBody(out))
	})
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
	st, err := x.pathStory(r.Context(), r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	d, err := s.storyData(r.Context(), x, st)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	evs, more := pageOf(filterEvents(d.events, q.Entity, q.Status), q.page)
	v := url.Values{}
	for k, s := range map[string]string{"entity": q.Entity, "status": q.Status} {
		if s != "" {
			v.Set(k, s)
		}
	}
	s.writeJSON(w, r, http.StatusOK, listOf(evs, more, q.page, r.URL.Path, v, func(ev link.Event) apiLinkedEvent { return toAPILinkedEvent(ai, ev) }))
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
	st, err := x.pathStory(r.Context(), r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	d, err := s.storyData(r.Context(), x, st)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	tl, err := s.storyTimeline(r.Context(), st, d, q)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, timeline.ToJSON(tl))
}

// storyTimeline builds the timeline of a story: its articles and its
// linked events, each placed at its own date. The timeline is held per
// version of the story and of its articles, and per query: it reads every
// article of the story, and is built again only when one of them changes.
func (s *Server) storyTimeline(ctx context.Context, st link.Story, d *storyData, q timelineQuery) ([]timeline.Entry, error) {
	key := strings.Join([]string{storyKey(st), d.docsKey, q.Q, q.Entity, q.Status, strconv.Itoa(q.Dates),
		strconv.Itoa(q.PerDate), dateParam(q.From), dateParam(q.To)}, "\x00")
	return s.storyTimelines.do(ctx, key, func(ctx context.Context) ([]timeline.Entry, error) {
		docs, err := timeline.FromStore(ctx, s.archive, append([]string{}, d.docs...))
		if err != nil {
			return nil, err
		}
		evs, err := timeline.StoryEvents(ctx, s.archive, st.ID)
		if err != nil {
			return nil, err
		}
		return timeline.Build(docs, timeline.Options{Dates: q.Dates, PerDate: q.PerDate, From: q.From, To: q.To, Events: evs}), nil
	})
}
