package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/storyline-news/storyline/internal/event"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/timeline"
)

// apiParticipant is an event's participant by canonical name; ID and Href
// are set when the entity layer knows it.
type apiParticipant struct {
	Name string `json:"name"`
	Type string `json:"type,omitempty"`
	ID   string `json:"id,omitempty"`
	Href string `json:"href,omitempty"`
}

// apiEvent is an event in a listing.
type apiEvent struct {
	ID           string           `json:"id"`
	Kind         string           `json:"kind"`
	Status       string           `json:"status"`
	Negated      bool             `json:"negated,omitempty"`
	When         string           `json:"when,omitempty"`
	WhenText     string           `json:"when_text,omitempty"`
	Mod          string           `json:"mod,omitempty"`
	Place        string           `json:"place,omitempty"`
	Participants []apiParticipant `json:"participants"`
	Doc          string           `json:"doc"`
	Reports      int              `json:"reports"`
	Href         string           `json:"href"`
	// Story and Linked are the story and the real-world event, linked
	// across articles, that this report belongs to.
	Story  string `json:"story,omitempty"`
	Linked string `json:"linked_event,omitempty"`
}

// apiArticleRef is the article a mention is in.
type apiArticleRef struct {
	ID     string    `json:"id"`
	Title  string    `json:"title"`
	Date   time.Time `json:"date,omitzero"`
	Source string    `json:"source,omitempty"`
	URL    string    `json:"url,omitempty"`
	Href   string    `json:"href"`
}

// apiMention is one report of an event: its sentence (byte offsets into
// the article text), trigger and status.
type apiMention struct {
	Sentence  string        `json:"sentence"`
	Start     int           `json:"start"`
	End       int           `json:"end"`
	Trigger   event.Span    `json:"trigger"`
	Status    string        `json:"status"`
	Negated   bool          `json:"negated,omitempty"`
	Anaphoric bool          `json:"anaphoric,omitempty"`
	Article   apiArticleRef `json:"article"`
}

// apiEventFull is one event with its mentions.
type apiEventFull struct {
	apiEvent
	Mentions []apiMention `json:"mentions"`
}

func eventHref(id string) string  { return "/api/v1/events/" + url.PathEscape(id) }
func entityHref(id string) string { return "/api/v1/entities/" + url.PathEscape(id) }

func toAPIEvent(ev *indexedEvent) apiEvent {
	out := apiEvent{ID: ev.id, Kind: ev.Kind, Status: ev.Status, Negated: ev.Negated, When: ev.When,
		WhenText: ev.WhenText, Mod: ev.Mod, Place: ev.Place, Participants: make([]apiParticipant, 0, len(ev.participants)),
		Doc: ev.Doc, Reports: len(ev.Mentions), Href: eventHref(ev.id)}
	for _, p := range ev.participants {
		ap := apiParticipant{Name: p.Name, Type: p.Type, ID: p.ID}
		if p.ID != "" {
			ap.Href = entityHref(p.ID)
		}
		out.Participants = append(out.Participants, ap)
	}
	return out
}

func (x *archiveIndex) articleRef(doc string) apiArticleRef {
	m := x.docs[doc]
	return apiArticleRef{ID: doc, Title: m.Title, Date: m.Date, Source: m.Source, URL: m.URL,
		Href: "/api/v1/articles/" + url.PathEscape(doc)}
}

func (x *archiveIndex) fullEvent(ev *indexedEvent) apiEventFull {
	out := apiEventFull{apiEvent: toAPIEvent(ev), Mentions: make([]apiMention, 0, len(ev.Mentions))}
	for _, m := range ev.Mentions {
		out.Mentions = append(out.Mentions, apiMention{Sentence: m.Sentence.Text, Start: m.Sentence.Start,
			End: m.Sentence.End, Trigger: m.Trigger, Status: m.Status, Negated: m.Negated, Anaphoric: m.Anaphoric,
			Article: x.articleRef(ev.Doc)})
	}
	return out
}

// errNoEvent and errNoEntity are the 404s of the event and entity routes.
var (
	errNoEvent  = fmt.Errorf("no such event: %w", store.ErrNotFound)
	errNoEntity = fmt.Errorf("no such entity: %w", store.ErrNotFound)
)

func (s *Server) apiEvents(w http.ResponseWriter, r *http.Request) {
	q, err := parseEventQuery(r.URL.Query(), DefaultPageSize)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	x, err := s.index(r.Context())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	evs, more := pageOf(x.match(q), q.page)
	out := apiList[apiEvent]{Items: make([]apiEvent, 0, len(evs)), Limit: q.Limit, Offset: q.Offset}
	for _, ev := range evs {
		out.Items = append(out.Items, toAPIEvent(ev))
	}
	if err := s.annotate(r.Context(), out.Items); err != nil {
		s.apiFail(w, r, err)
		return
	}
	out.Next = nextLink(r.URL.Path, q.values(), q.page, more)
	s.writeJSON(w, r, http.StatusOK, out)
}

func (s *Server) apiEvent(w http.ResponseWriter, r *http.Request) {
	x, err := s.index(r.Context())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	i, ok := x.eventAt[r.PathValue("id")]
	if !ok {
		s.apiFail(w, r, errNoEvent)
		return
	}
	out := x.fullEvent(&x.events[i])
	one := []apiEvent{out.apiEvent}
	if err := s.annotate(r.Context(), one); err != nil {
		s.apiFail(w, r, err)
		return
	}
	out.apiEvent = one[0]
	s.writeJSON(w, r, http.StatusOK, out)
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

// apiEntityFull is one entity with its events, in archive order.
type apiEntityFull struct {
	apiEntity
	EventList []apiEvent `json:"event_list"`
}

func (x *archiveIndex) toAPIEntity(id string) apiEntity {
	c, _ := x.entity(id)
	return apiEntity{ID: c.ID, Type: c.Type, Name: c.Name, Aliases: nonNil(c.Aliases), Roles: nonNil(c.Roles),
		Mentions: c.Mentions, Articles: c.Articles, Events: len(x.entityEvents[c.ID]), Source: c.Source,
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
	x, err := s.index(r.Context())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	ids, more := pageOf(x.matchEntities(q), q.page)
	out := apiList[apiEntity]{Items: make([]apiEntity, 0, len(ids)), Limit: q.Limit, Offset: q.Offset}
	for _, id := range ids {
		out.Items = append(out.Items, x.toAPIEntity(id))
	}
	v := url.Values{}
	if q.Type != "" {
		v.Set("type", q.Type)
	}
	out.Next = nextLink(r.URL.Path, v, q.page, more)
	s.writeJSON(w, r, http.StatusOK, out)
}

func (s *Server) apiEntity(w http.ResponseWriter, r *http.Request) {
	x, err := s.index(r.Context())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	id := r.PathValue("id")
	if _, ok := x.entity(id); !ok {
		s.apiFail(w, r, errNoEntity)
		return
	}
	out := apiEntityFull{apiEntity: x.toAPIEntity(id), EventList: []apiEvent{}}
	for _, i := range x.entityEvents[id] {
		out.EventList = append(out.EventList, toAPIEvent(&x.events[i]))
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
		x, err := s.index(ctx)
		if err != nil {
			return nil, err
		}
		keep := x.timelineDocs(q.Entity, q.Status)
		if ids == nil {
			// The whole archive: its matching articles in ingest order.
			ids = []string{}
			for i := range x.events {
				if d := x.events[i].Doc; keep[d] {
					ids = append(ids, d)
					delete(keep, d)
				}
			}
			for d := range keep { // articles naming the entity without an event
				ids = append(ids, d)
			}
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

// timelineDocs returns the articles an entity and status filter keep: those
// with an event of that status involving the entity (or, without a status,
// naming it).
func (x *archiveIndex) timelineDocs(name, status string) map[string]bool {
	keep := map[string]bool{}
	var ids map[string]bool
	if name != "" {
		ids = x.entityIDs(name)
	}
	for i := range x.events {
		ev := &x.events[i]
		if (status == "" || ev.Status == status) && (name == "" || ev.involves(name, ids)) {
			keep[ev.Doc] = true
		}
	}
	if status == "" {
		for doc, set := range x.docEntities {
			for id := range ids {
				if set[id] {
					keep[doc] = true
				}
			}
		}
	}
	return keep
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
