package server

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/link"
	"github.com/storyline-news/storyline/internal/timeline"
)

// eventView is an event as the pages show it.
type eventView struct {
	ID           string
	Kind         string
	Status       string
	Negated      bool
	When         string
	WhenText     string
	Mod          string
	Place        string
	Participants []participantRef
	Reports      int
	Article      docMeta
}

// Title names the event: "Meeting: Antony Blinken, Wang Yi".
func (v eventView) Title() string {
	names := make([]string, len(v.Participants))
	for i, p := range v.Participants {
		names[i] = p.Name
	}
	t := capitalise(v.Kind)
	if len(names) > 0 {
		t += ": " + strings.Join(names, ", ")
	}
	return t
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (x *archiveIndex) view(ev *indexedEvent) eventView {
	return eventView{ID: ev.id, Kind: ev.Kind, Status: ev.Status, Negated: ev.Negated, When: ev.When,
		WhenText: ev.WhenText, Mod: ev.Mod, Place: ev.Place, Participants: ev.participants,
		Reports: len(ev.Mentions), Article: x.docs[ev.Doc]}
}

func (x *archiveIndex) views(evs []*indexedEvent) []eventView {
	out := make([]eventView, len(evs))
	for i, ev := range evs {
		out[i] = x.view(ev)
	}
	return out
}

type eventsPage struct {
	layoutData
	Q        eventQuery
	From, To string
	Kinds    []string
	Statuses []string
	Events   []eventView
	Prev     string
	Next     string
}

// eventsFeedURL is the Atom feed of the events q selects.
func eventsFeedURL(q eventQuery) string {
	if enc := q.values().Encode(); enc != "" {
		return "/feeds/events.atom?" + enc
	}
	return "/feeds/events.atom"
}

func (s *Server) pageEvents(w http.ResponseWriter, r *http.Request) {
	q, err := parseEventQuery(r.URL.Query(), DefaultPageSize)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	x, err := s.index(r.Context())
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	evs, more := pageOf(x.match(q), q.page)
	p := eventsPage{
		layoutData: layoutData{Title: "Events", Nav: "events", Feed: eventsFeedURL(q), FeedTitle: "Events"},
		Q:          q, Kinds: eventKinds, Statuses: eventStatuses, Events: x.views(evs),
	}
	if q.Entity != "" {
		p.Title = "Events of " + q.Entity
		p.FeedTitle = p.Title
	}
	p.From, p.To = dateParam(q.From), dateParam(q.To)
	p.Prev, p.Next = pageLinks("/events", q.values(), q.page, more)
	s.render(w, r, http.StatusOK, "events", p)
}

func dateParam(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// report is one mention of an event as the event page quotes it: its
// sentence split around the trigger.
type report struct {
	Before, Trigger, After string
	Status                 string
	Negated, Anaphoric     bool
	Article                docMeta
}

// splitSentence splits a sentence around its trigger (byte offsets into
// the article text); a trigger outside the sentence is not marked.
func splitSentence(sent string, sentStart, trigStart, trigEnd int) (before, trig, after string) {
	a, b := trigStart-sentStart, trigEnd-sentStart
	if a < 0 || b > len(sent) || a >= b {
		return sent, "", ""
	}
	return sent[:a], sent[a:b], sent[b:]
}

type eventPage struct {
	layoutData
	E       eventView
	Reports []report
	// Story and Linked, when the event is linked, are its story and the
	// real-world event across articles.
	Story  *link.Story
	Linked *link.Event
}

func (s *Server) pageEvent(w http.ResponseWriter, r *http.Request) {
	x, err := s.index(r.Context())
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	i, ok := x.eventAt[r.PathValue("id")]
	if !ok {
		s.pageError(w, r, http.StatusNotFound, "There is no such event in the archive.")
		return
	}
	ev := &x.events[i]
	p := eventPage{E: x.view(ev)}
	p.layoutData = layoutData{Title: p.E.Title(), Nav: "events"}
	for _, m := range ev.Mentions {
		rp := report{Status: m.Status, Negated: m.Negated, Anaphoric: m.Anaphoric, Article: x.docs[ev.Doc]}
		rp.Before, rp.Trigger, rp.After = splitSentence(m.Sentence.Text, m.Sentence.Start, m.Trigger.Start, m.Trigger.End)
		p.Reports = append(p.Reports, rp)
	}
	sx, err := s.storyIndex(r.Context())
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	le, ok, err := sx.linked(r.Context(), ev.Doc, ev.id)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	if ok {
		p.Linked = &le
		st, ok, err := sx.story(r.Context(), le.Story)
		if err != nil {
			s.pageFail(w, r, err)
			return
		}
		if ok {
			p.Story = &st
		}
	}
	s.render(w, r, http.StatusOK, "event", p)
}

type entitiesPage struct {
	layoutData
	Q        entityQuery
	Types    []string
	Entities []apiEntity
	Prev     string
	Next     string
}

func (s *Server) pageEntities(w http.ResponseWriter, r *http.Request) {
	q, err := parseEntityQuery(r.URL.Query())
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	x, err := s.index(r.Context())
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	ids, more := pageOf(x.matchEntities(q), q.page)
	p := entitiesPage{layoutData: layoutData{Title: "Entities", Nav: "entities"}, Q: q, Types: entityTypes}
	for _, id := range ids {
		p.Entities = append(p.Entities, x.toAPIEntity(id))
	}
	v := url.Values{}
	if q.Type != "" {
		v.Set("type", q.Type)
	}
	p.Prev, p.Next = pageLinks("/entities", v, q.page, more)
	s.render(w, r, http.StatusOK, "entities", p)
}

type entityPage struct {
	layoutData
	E      entity.Canonical
	Events []eventView
}

func entityFeedURL(id string) string { return "/feeds/entities/" + url.PathEscape(id) + ".atom" }

func (s *Server) pageEntity(w http.ResponseWriter, r *http.Request) {
	x, err := s.index(r.Context())
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	c, ok := x.entity(r.PathValue("id"))
	if !ok {
		s.pageError(w, r, http.StatusNotFound, "There is no such entity in the archive.")
		return
	}
	p := entityPage{
		layoutData: layoutData{Title: c.Name, Nav: "entities", Feed: entityFeedURL(c.ID), FeedTitle: "Events of " + c.Name},
		E:          c,
	}
	for _, i := range x.entityEvents[c.ID] {
		p.Events = append(p.Events, x.view(&x.events[i]))
	}
	s.render(w, r, http.StatusOK, "entity", p)
}

// timelineEntry is one date of the timeline page.
type timelineEntry struct {
	Date time.Time
	// Label is the period of an entry standing for more than a day
	// (timeline.Entry.Label), "" for a day.
	Label     string
	Sentences []timelineSentence
	Events    []eventView
}

type timelineSentence struct {
	Text    string
	Article docMeta
}

type timelinePage struct {
	layoutData
	Q        timelineQuery
	From, To string
	Statuses []string
	Entries  []timelineEntry
}

func (s *Server) pageTimeline(w http.ResponseWriter, r *http.Request) {
	q, err := parseTimelineQuery(r.URL.Query())
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	tl, err := s.buildTimeline(r.Context(), q)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	x, err := s.index(r.Context())
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	p := timelinePage{layoutData: layoutData{Title: "Timeline", Nav: "timeline", Query: q.Q}, Q: q, Statuses: eventStatuses}
	if q.Q != "" {
		p.Title = "Timeline: " + q.Q
	}
	p.From, p.To = dateParam(q.From), dateParam(q.To)
	p.Entries = x.timelineEntries(tl, q.Status)
	s.render(w, r, http.StatusOK, "timeline", p)
}

// timelineEntries turns built timeline entries into the page's, keeping
// the events of status (all when empty).
func (x *archiveIndex) timelineEntries(tl []timeline.Entry, status string) []timelineEntry {
	out := make([]timelineEntry, 0, len(tl))
	for _, e := range tl {
		te := timelineEntry{Date: e.Date, Label: e.Label}
		for _, sn := range e.Sentences {
			m, ok := x.docs[sn.Doc]
			if !ok {
				m = docMeta{ID: sn.Doc, Source: sn.Source, URL: sn.URL}
			}
			te.Sentences = append(te.Sentences, timelineSentence{Text: sn.Text, Article: m})
		}
		seen := map[string]bool{}
		for _, ev := range e.Events {
			i, ok := x.eventAt[ev.ID]
			if !ok || seen[ev.ID] {
				continue
			}
			seen[ev.ID] = true
			if status == "" || x.events[i].Status == status {
				te.Events = append(te.Events, x.view(&x.events[i]))
			}
		}
		out = append(out, te)
	}
	return out
}
