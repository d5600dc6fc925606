package server

import (
	"net/http"
	"net/url"
	"strings"
	"time"
)

// eventEntry is an event as an Atom entry: its title names the kind and
// participants, its summary quotes the first report; Updated is when the
// archive stored the article reporting it, Published the article's date.
func eventEntry(base string, v eventView, quote string) atomEntry {
	link := base + "/events/" + url.PathEscape(v.ID)
	summary := strings.TrimSpace(v.Status + " " + v.When + " " + v.Place)
	if quote != "" {
		summary += ": “" + quote + "”"
	}
	e := atomEntry{
		ID:      link,
		Title:   atomText{Type: "text", Body: v.Title()},
		Updated: atomTime(v.Article.IngestedAt),
		Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: link}},
		Summary: &atomText{Type: "text", Body: summary},
	}
	if v.Article.IngestedAt.IsZero() {
		e.Updated = atomTime(time.Unix(0, 0))
	}
	if !v.Article.Date.IsZero() {
		e.Published = atomTime(v.Article.Date)
	}
	if v.Article.Source != "" {
		e.Author = &atomPerson{Name: v.Article.Source}
	}
	return e
}

// writeEventFeed writes the newest feedSize of evs as an Atom feed.
func (s *Server) writeEventFeed(w http.ResponseWriter, r *http.Request, x *archiveIndex, evs []*indexedEvent, self, alternate, title string) {
	x.newestFirst(evs)
	evs, _ = pageOf(evs, page{Limit: feedSize})
	base := baseURL(r)
	f := atomFeed{
		ID:    base + self,
		Title: title,
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base + self},
			{Rel: "alternate", Type: "text/html", Href: base + alternate},
		},
	}
	var updated time.Time
	for _, ev := range evs {
		v := x.view(ev)
		quote := ""
		if len(ev.Mentions) > 0 {
			quote = excerpt(ev.Mentions[0].Sentence.Text, 400)
		}
		f.Entries = append(f.Entries, eventEntry(base, v, quote))
		if v.Article.IngestedAt.After(updated) {
			updated = v.Article.IngestedAt
		}
	}
	if !updated.IsZero() {
		f.Updated = atomTime(updated)
	}
	s.writeAtom(w, r, f)
}

// feedEvents is the Atom feed of the events the list's filters select,
// newest first.
func (s *Server) feedEvents(w http.ResponseWriter, r *http.Request) {
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
	qs := q.values().Encode()
	self, alt, title := "/feeds/events.atom", "/events", "storyline: events"
	if qs != "" {
		self, alt = self+"?"+qs, alt+"?"+qs
	}
	if q.Entity != "" {
		title += " of " + q.Entity
	}
	s.writeEventFeed(w, r, x, x.match(q), self, alt, title)
}

// feedEntity is the Atom feed of an entity's events, newest first:
// /feeds/entities/{id}.atom.
func (s *Server) feedEntity(w http.ResponseWriter, r *http.Request) {
	id, ok := strings.CutSuffix(r.PathValue("file"), ".atom")
	if !ok {
		s.pageError(w, r, http.StatusNotFound, "An entity feed is /feeds/entities/{id}.atom.")
		return
	}
	x, err := s.index(r.Context())
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	c, ok := x.entity(id)
	if !ok {
		s.pageError(w, r, http.StatusNotFound, "There is no such entity in the archive.")
		return
	}
	var evs []*indexedEvent
	for _, i := range x.entityEvents[c.ID] {
		evs = append(evs, &x.events[i])
	}
	s.writeEventFeed(w, r, x, evs, entityFeedURL(c.ID), "/entities/"+url.PathEscape(c.ID), "storyline: events of "+c.Name)
}
