package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/link"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/timeline"
)

// apiArticleRef is the article a mention is in.
type apiArticleRef struct {
	ID     string    `json:"id"`
	Title  string    `json:"title"`
	Date   time.Time `json:"date,omitzero"`
	Source string    `json:"source,omitempty"`
	URL    string    `json:"url,omitempty"`
	Href   string    `json:"href"`
}

func eventHref(id string) string  { return "/api/v1/events/" + url.PathEscape(id) }
func entityHref(id string) string { return "/api/v1/entities/" + url.PathEscape(id) }

func (x *archiveIndex) articleRef(doc string) apiArticleRef {
	m := x.doc(doc)
	return apiArticleRef{ID: doc, Title: m.Title, Date: m.Date, Source: m.Source, URL: m.URL,
		Href: "/api/v1/articles/" + url.PathEscape(doc)}
}

// errNoEvent and errNoEntity are the 404s of the event and entity routes.
var (
	errNoEvent  = fmt.Errorf("no such event: %w", store.ErrNotFound)
	errNoEntity = fmt.Errorf("no such entity: %w", store.ErrNotFound)
)

// linkFilter is the store filter of q; an entity given by the id or an
// alias of one canonical entity is matched by its canonical name.
func (x *archiveIndex) linkFilter(q eventQuery) store.LinkFilter {
	f := store.LinkFilter{Kind: q.Kind, Status: q.Status, Participant: q.Entity, Doc: q.Doc, Story: q.Story, From: q.From, To: q.To}
	if ids := x.entityIDs(q.Entity); len(ids) == 1 {
		for id := range ids {
			c, _ := x.entity(id)
			f.Participant = c.Name
		}
	}
	return f
}

// eventData is what an events query selected.
type eventData struct {
	events []link.Event
}

// selectEvents returns the linked events q selects (ignoring its page),
// in order of first report, as the store's filter selects them; the
// selection is held per version of the links.
func (s *Server) selectEvents(ctx context.Context, ai *archiveIndex, lx *linkSnapshot, q eventQuery) ([]link.Event, error) {
	f := ai.linkFilter(q)
	key := strings.Join([]string{"events", lx.key, f.Kind, f.Status, f.Participant, f.Doc, f.Story,
		dateParam(f.From), dateParam(f.To)}, "\x00")
	d, err := s.eventPages.do(ctx, key, func(ctx context.Context) (*eventData, error) {
		d := &eventData{}
		err := s.archive.LinkedEvents(ctx, f, func(ev store.LinkedEvent) error {
			d.events = append(d.events, ev)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("select events: %w", err)
		}
		return d, nil
	})
	if err != nil {
		return nil, err
	}
	return d.events, nil
}

// linkedEvent returns the linked event an id designates (a linked event's
// id, or the id of a per-article event it was reported as).
func (s *Server) linkedEvent(ctx context.Context, lx *linkSnapshot, id string) (link.Event, bool, error) {
	if l, ok := lx.linkedID(id); ok {
		id = l
	}
	ev, err := s.archive.LinkedEvent(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return ev, false, nil
	}
	return ev, err == nil, err
}

// eventState reads the archive index and the link snapshot.
func (s *Server) eventState(ctx context.Context) (*archiveIndex, *linkSnapshot, error) {
	ai, err := s.index(ctx)
	if err != nil {
		return nil, nil, err
	}
	lx, err := s.links(ctx)
	if err != nil {
		return nil, nil, err
	}
	return ai, lx, nil
}

// requestedEvents parses the request's event query and returns it with
// the archive index and the events it selects (the events page and feed).
func (s *Server) requestedEvents(r *http.Request) (eventQuery, *archiveIndex, []link.Event, error) {
	q, err := parseEventQuery(r.URL.Query(), DefaultPageSize)
	if err != nil {
		return q, nil, nil, err
	}
	ai, lx, err := s.eventState(r.Context())
	if err != nil {
		return q, nil, nil, err
	}
	evs, err := s.selectEvents(r.Context(), ai, lx, q)
	return q, ai, evs, err
}

func (s *Server) apiEvents(w http.ResponseWriter, r *http.Request) {
	q, err := parseEventQuery(r.URL.Query(), DefaultPageSize)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	ai, lx, err := s.eventState(r.Context())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	// The page is held per version of the links and of the archive.
	key := strings.Join([]string{"events", lx.key, fmt.Sprint(ai.stats), q.values().Encode(), strconv.Itoa(q.Offset)}, "\x00")
	s.serveJSON(w, r, key, func(ctx context.Context) (*builtBody, error) {
		all, err := s.selectEvents(ctx, ai, lx, q)
		if err != nil {
			return nil, err
		}
		evs, more := pageOf(all, q.page)
		return build(jsonBody(listOf(evs, more, q.page, r.URL.Path, q.values(), func(ev link.Event) apiLinkedEvent { return toAPILinkedEvent(ai, ev) })))
	})
}

func (s *Server) apiEvent(w http.ResponseWriter, r *http.Request) {
	ai, lx, err := s.eventState(r.Context())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	ev, ok, err := s.linkedEvent(r.Context(), lx, r.PathValue("id"))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if !ok {
		s.apiFail(w, r, errNoEvent)
		return
	}
	s.writeJSON(w, r, http.StatusOK, toAPILinkedEvent(ai, ev))
}

// apiEntity is a canonical entity with the number of its events.
type apiEntity struct {
	ID       string   `json:"id"`
	Type     string   `json:"type"`
	Name     string   `json:"name"`
	Aliases  []string `json:"aliases"`
	Roles    []string `json:"roles"`
	Mentions int      `json:"mentions"`
	Articles int      `json:"articles"`
	Events   int      `json:"events"`
	Source   bool     `json:"source,omitempty"`
	Country  string   `json:"country,omitempty"`
	Href     string   `json:"href"`
}

// apiEntityFull is one entity with the linked events it takes part in,
// in order of first report.
type apiEntityFull struct {
	apiEntity
	EventList []apiLinkedEvent `json:"event_list"`
}

func (x *archiveIndex) toAPIEntity(lx *linkSnapshot, id string) apiEntity {
	c, _ := x.entity(id)
	return apiEntity{ID: c.ID, Type: c.Type, Name: c.Name, Aliases: nonNil(c.Aliases), Roles: nonNil(c.Roles),
		Mentions: c.Mentions, Articles: c.Articles, Events: len(lx.entityEvents(c.ID, c.Name)), Source: c.Source,
		Country: c.Country, Href: entityHref(c.ID)}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// entityTypes are the values the type filter accepts.
var entityTypes = []string{"PER", "ORG", "LOC", "MISC"}

// entityQuery selects canonical entities.
type entityQuery struct {
	page
	Type string
}

func parseEntityQuery(v url.Values) (entityQuery, error) {
	q := entityQuery{Type: v.Get("type")}
	var err error
	if q.page, err = parsePage(v, DefaultPageSize); err != nil {
		return q, err
	}
	if q.Type != "" && !oneOf(q.Type, entityTypes) {
		return q, badRequest{fmt.Sprintf("type %q: want PER, ORG, LOC or MISC", q.Type)}
	}
	return q, nil
}

// matchEntities returns the ids of the entities q selects, most mentioned
// first.
func (x *archiveIndex) matchEntities(q entityQuery) []string {
	var out []string
	for _, c := range x.entities {
		if q.Type == "" || c.Type == q.Type {
			out = append(out, c.ID)
		}
	}
	return out
}

func (s *Server) apiEntities(w http.ResponseWriter, r *http.Request) {
	q, err := parseEntityQuery(r.URL.Query())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	x, lx, err := s.eventState(r.Context())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	ids, more := pageOf(x.matchEntities(q), q.page)
	v := url.Values{}
	if q.Type != "" {
		v.Set("type", q.Type)
	}
	s.writeJSON(w, r, http.StatusOK, listOf(ids, more, q.page, r.URL.Path, v, func(id string) apiEntity { return x.toAPIEntity(lx, id) }))
}

func (s *Server) apiEntity(w http.ResponseWriter, r *http.Request) {
	x, lx, err := s.eventState(r.Context())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	c, ok := x.entity(r.PathValue("id"))
	if !ok {
		s.apiFail(w, r, errNoEntity)
		return
	}
	out := apiEntityFull{apiEntity: x.toAPIEntity(lx, c.ID), EventList: []apiLinkedEvent{}}
	for _, i := range lx.entityEvents(c.ID, c.Name) {
		out.EventList = append(out.EventList, toAPILinkedEvent(x, lx.events[i]))
	}
	s.writeJSON(w, r, http.StatusOK, out)
}

// timelineQuery asks for the timeline of the articles matching Q (all
// articles when empty), optionally narrowed to the articles where Entity
// takes part in an event (or is named) and that report an event of Status.
type timelineQuery struct {
	Q, Entity, Status string
	Dates, PerDate    int
	From, To          time.Time
}

// maxTimelineDocs bounds the articles a query's timeline reads.
const maxTimelineDocs = 200

func parseTimelineQuery(v url.Values) (timelineQuery, error) {
	q := timelineQuery{Q: v.Get("q"), Entity: v.Get("entity"), Status: v.Get("status"),
		Dates: timeline.DefaultDates, PerDate: timeline.DefaultPerDate}
	if len(q.Q) > 500 {
		return q, badRequest{"query longer than 500 bytes"}
	}
	for _, p := range []struct {
		name string
		dst  *int
		max  int
	}{{"dates", &q.Dates, 100}, {"per_date", &q.PerDate, 10}} {
		s := v.Get(p.name)
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > p.max {
			return q, badRequest{fmt.Sprintf("%s %q: want an integer from 1 to %d", p.name, s, p.max)}
		}
		*p.dst = n
	}
	if q.Status != "" && !oneOf(q.Status, eventStatuses) {
		return q, badRequest{fmt.Sprintf("status %q: want one of the event statuses", q.Status)}
	}
	var err error
	q.From, q.To, err = parseRange(v.Get("from"), v.Get("to"))
	return q, err
}

// buildTimeline selects the articles of q and builds their timeline.
func (s *Server) buildTimeline(ctx context.Context, q timelineQuery) ([]timeline.Entry, error) {
	var ids []string
	if q.Q != "" {
		hits, err := s.archive.Search(ctx, q.Q, maxTimelineDocs)
		if err != nil {
			return nil, err
		}
		ids = make([]string, 0, len(hits))
		for _, h := range hits {
			ids = append(ids, h.ID)
		}
	}
	if q.Entity != "" || q.Status != "" {
		x, lx, err := s.eventState(ctx)
		if err != nil {
			return nil, err
		}
		keep, order := x.timelineDocs(lx, q.Entity, q.Status)
		if ids == nil {
			// The whole archive: the matching articles in order of their
			// events' first reports, then those naming the entity.
			ids = order
		} else {
			kept := ids[:0]
			for _, id := range ids {
				if keep[id] {
					kept = append(kept, id)
				}
			}
			ids = kept
		}
	}
	docs, err := timeline.FromStore(ctx, s.archive, ids)
	if err != nil {
		return nil, err
	}
	return timeline.Build(docs, timeline.Options{Dates: q.Dates, PerDate: q.PerDate, From: q.From, To: q.To}), nil
}

// timelineDocs returns the articles an entity and status filter keep:
// those reporting a linked event of that status involving the entity
// (or, without a status, naming it), as a set and in order.
func (x *archiveIndex) timelineDocs(lx *linkSnapshot, name, status string) (map[string]bool, []string) {
	keep := map[string]bool{}
	var order []string
	add := func(doc string) {
		if !keep[doc] {
			keep[doc] = true
			order = append(order, doc)
		}
	}
	var ids map[string]bool
	if name != "" {
		ids = x.entityIDs(name)
	}
	for _, ev := range lx.events {
		if status != "" && ev.Status != status || name != "" && !linkedInvolvesAny(ev, name, ids) {
			continue
		}
		for _, m := range ev.Mentions {
			add(m.Doc)
		}
	}
	if status == "" && len(ids) > 0 {
		var named []string
		for doc, set := range x.docEntities {
			for id := range ids {
				if set[id] && !keep[doc] {
					named = append(named, doc)
					break
				}
			}
		}
		sort.Strings(named)
		for _, doc := range named {
			add(doc)
		}
	}
	return keep, order
}

// linkedInvolvesAny reports whether a linked event involves one of the
// canonical ids, or a participant named name (case-insensitive).
func linkedInvolvesAny(ev link.Event, name string, ids map[string]bool) bool {
	for _, p := range ev.Participants {
		if ids[p] {
			return true
		}
	}
	return linkedInvolves(ev, name)
}

func (s *Server) apiTimeline(w http.ResponseWriter, r *http.Request) {
	q, err := parseTimelineQuery(r.URL.Query())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	tl, err := s.buildTimeline(r.Context(), q)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, timeline.ToJSON(tl))
}
