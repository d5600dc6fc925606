package server

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/link"
)

// eventEntry is a linked event as an Atom entry: its title names the
// kind and participants, its summary quotes the latest report; Updated is
// the date of the latest article reporting it (so a status change, which
// a later report brings, updates it), Published the first report's.
func eventEntry(base string, x *archiveIndex, ev link.Event) atomEntry {
	v := x.view(ev)
	href := base + "/events/" + url.PathEscape(v.ID)
	summary := strings.TrimSpace(v.Status + " " + v.When + " " + v.Place)
	if i := latestMention(ev); i >= 0 {
		summary += ": “" + excerpt(ev.Mentions[i].Sentence, 400) + "”"
	}
	upd := x.latestReport(ev)
	if upd.IsZero() {
		upd = time.Unix(0, 0)
	}
	e := atomEntry{
		ID:      href,
		Title:   atomText{Type: "text", Body: v.Title() + " (" + v.Status + ")"},
		Updated: atomTime(upd),
		Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: href}},
		Summary: &atomText{Type: "text", Body: summary},
	}
	if len(ev.Mentions) > 0 && !ev.Mentions[0].Date.IsZero() {
		e.Published = atomTime(ev.Mentions[0].Date)
	}
	if v.Article.Source != "" {
		e.Author = &atomPerson{Name: v.Article.Source}
	}
	return e
}

// writeEventFeed writes the feedSize events of evs whose latest reports
// are the newest as an Atom feed, newest first.
func (s *Server) writeEventFeed(w http.ResponseWriter, r *http.Request, x *archiveIndex, evs []link.Event, self, alternate, title string) {
	evs = slices.Clone(evs)
	upd := make(map[string]time.Time, len(evs))
	for _, ev := range evs {
		upd[ev.ID] = x.latestReport(ev)
	}
	sort.SliceStable(evs, func(i, j int) bool { return upd[evs[i].ID].After(upd[evs[j].ID]) })
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
	updated := time.Unix(0, 0)
	for _, ev := range evs {
		f.Entries = append(f.Entries, eventEntry(base, x, ev))
		if u := upd[ev.ID]; u.After(updated) {
			updated = u
		}
	}
	f.Updated = atomTime(updated)
	s.writeAtom(w, r, f)
}

// feedEvents is the Atom feed of the events the list's filters select,
// newest first.
func (s *Server) feedEvents(w http.ResponseWriter, r *http.Request) {
	q, x, evs, err := s.requestedEvents(r)
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
	s.writeEventFeed(w, r, x, evs, self, alt, title)
}

// feedEntity is the Atom feed of an entity's events, newest first:
// /feeds/entities/{id}.atom.
func (s *Server) feedEntity(w http.ResponseWriter, r *http.Request) {
	id, ok := strings.CutSuffix(r.PathValue("file"), ".atom")
	if !ok {
		s.pageError(w, r, http.StatusNotFound, "An entity feed is /feeds/entities/{id}.atom.")
		return
	}
	x, lx, err := s.eventState(r.Context())
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	c, ok := x.entity(id)
	if !ok {
		s.pageError(w, r, http.StatusNotFound, "There is no such entity in the archive.")
		return
	}
	var evs []link.Event
	for _, i := range lx.entityEvents(c.ID, c.Name) {
		evs = append(evs, lx.events[i])
	}
	s.writeEventFeed(w, r, x, evs, entityFeedURL(c.ID), "/entities/"+url.PathEscape(c.ID), "storyline: events of "+c.Name)
}
