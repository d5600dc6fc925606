package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/link"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/timeline"
)

// eventView is a linked event as the lists show it.
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
	// Article is the article of the latest report.
	Article docMeta
	Story   string
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

// latestMention returns the index of the latest report of ev (by article
// date, then by order of linking), -1 when it has none.
func latestMention(ev link.Event) int {
	best := -1
	for i, m := range ev.Mentions {
		if best < 0 || !m.Date.Before(ev.Mentions[best].Date) {
			best = i
		}
	}
	return best
}

func (x *archiveIndex) view(ev link.Event) eventView {
	v := eventView{ID: ev.ID, Kind: ev.Kind, Status: ev.Status, When: ev.When, WhenText: ev.WhenText,
		Place: ev.Place, Participants: x.participants(ev), Reports: len(ev.Mentions), Story: ev.Story}
	if i := latestMention(ev); i >= 0 {
		v.Article = x.doc(ev.Mentions[i].Doc)
	}
	return v
}

func (x *archiveIndex) views(evs []link.Event) []eventView {
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
	q, x, all, err := s.requestedEvents(r)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	evs, more := pageOf(all, q.page)
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

// report is one sentence of an article reporting an event, as the event
// page quotes it: split around the trigger when known.
type report struct {
	Before, Trigger, After string
	Status                 string
	Negated, Anaphoric     bool
	Duplicate              bool
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
	E eventView
	// Reports quote every report: each sentence of each article.
	Reports []report
	Story   *link.Story
	Linked  link.Event
}

// reports quotes every report of ev: the sentences of the per-article
// event each article reported it as, with its trigger, or the sentence the
// link stage kept when the per-article event is gone.
func (s *Server) reports(ctx context.Context, x *archiveIndex, ev link.Event) ([]report, error) {
	var out []report
	for _, m := range ev.Mentions {
		meta := x.doc(m.Doc)
		var found bool
		err := s.archive.Events(ctx, store.EventFilter{Doc: m.Doc}, func(se store.StoredEvent) error {
			if se.N != m.N {
				return nil
			}
			found = true
			for _, em := range se.Mentions {
				rp := report{Status: em.Status, Negated: em.Negated, Anaphoric: em.Anaphoric, Duplicate: m.Duplicate, Article: meta}
				rp.Before, rp.Trigger, rp.After = splitSentence(em.Sentence.Text, em.Sentence.Start, em.Trigger.Start, em.Trigger.End)
				out = append(out, rp)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("events of %s: %w", m.Doc, err)
		}
		if !found {
			out = append(out, report{Before: m.Sentence, Status: m.Status, Duplicate: m.Duplicate, Article: meta})
		}
	}
	return out, nil
}

func (s *Server) pageEvent(w http.ResponseWriter, r *http.Request) {
	x, lx, err := s.eventState(r.Context())
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	ctx := r.Context()
	ev, ok, err := s.linkedEvent(ctx, lx, r.PathValue("id"))
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	if !ok {
		s.pageError(w, r, http.StatusNotFound, "There is no such event in the archive.")
		return
	}
	// The page reads every reporting article's events: it is held per
	// version of the links and of the archive.
	key := strings.Join([]string{"event page", ev.ID, lx.key, fmt.Sprint(x.stats)}, "\x00")
	s.servePage(w, r, key, func(ctx context.Context) (*builtBody, error) {
		p := eventPage{E: x.view(ev), Linked: ev}
		p.layoutData = layoutData{Title: p.E.Title(), Nav: "events"}
		var err error
		if p.Reports, err = s.reports(ctx, x, ev); err != nil {
			return nil, err
		}
		st, err := s.archive.Story(ctx, ev.Story)
		if err == nil {
			p.Story = &st
		} else if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		return build(s.renderBytes("event", p))
	})
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
	x, lx, err := s.eventState(r.Context())
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	ids, more := pageOf(x.matchEntities(q), q.page)
	p := entitiesPage{layoutData: layoutData{Title: "Entities", Nav: "entities"}, Q: q, Types: entityTypes}
	for _, id := range ids {
		p.Entities = append(p.Entities, x.toAPIEntity(lx, id))
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
	x, lx, err := s.eventState(r.Context())
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
	for _, i := range lx.entityEvents(c.ID, c.Name) {
		p.Events = append(p.Events, x.view(lx.events[i]))
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
	x, lx, err := s.eventState(r.Context())
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	p := timelinePage{layoutData: layoutData{Title: "Timeline", Nav: "timeline", Query: q.Q}, Q: q, Statuses: eventStatuses}
	if q.Q != "" {
		p.Title = "Timeline: " + q.Q
	}
	p.From, p.To = dateParam(q.From), dateParam(q.To)
	p.Entries = x.timelineEntries(lx, tl, q.Status)
	s.render(w, r, http.StatusOK, "timeline", p)
}

// timelineEntries turns built timeline entries into the page's, keeping
// the events of status (all when empty). An event is shown as the linked
// event it was reported as, when linked.
func (x *archiveIndex) timelineEntries(lx *linkSnapshot, tl []timeline.Entry, status string) []timelineEntry {
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
			var v eventView
			if id, ok := lx.linkedID(ev.ID); ok {
				v = x.view(lx.events[lx.eventAt[id]])
			} else {
				v = eventView{ID: ev.ID, Kind: ev.Kind, Status: ev.Status, When: ev.When, Place: ev.Place, Article: x.doc(ev.Doc)}
				for _, n := range ev.Participants {
					v.Participants = append(v.Participants, participantRef{Name: n})
				}
			}
			if seen[v.ID] {
				continue
			}
			seen[v.ID] = true
			if status == "" || v.Status == status {
				te.Events = append(te.Events, v)
			}
		}
		out = append(out, te)
	}
	return out
}
