package server

import (
	"context"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/link"
	"github.com/storyline-news/storyline/internal/timeline"
)

// storyURL and storyFeedURL are a story's page and Atom feed.
func storyURL(id string) string     { return "/stories/" + url.PathEscape(id) }
func storyFeedURL(id string) string { return "/feeds/stories/" + url.PathEscape(id) + ".atom" }

// storyView is a story as the lists show it.
type storyView struct {
	link.Story
	EventCount int
	Sparkline  template.HTML
}

// sparkline dimensions, in SVG user units (drawn one to one in CSS
// pixels up to sparkMaxW).
const (
	sparkBuckets = 40
	sparkHeight  = 24
	sparkBarW    = 6
	sparkMaxW    = 240
)

// sparkUnit is a sparkline's bucket: a day, a week or a month.
type sparkUnit struct {
	name  string
	index func(first, d time.Time) int
}

var sparkUnits = []sparkUnit{
	{"day", func(first, d time.Time) int { return int(d.Sub(first) / (24 * time.Hour)) }},
	{"week", func(first, d time.Time) int { return int(d.Sub(first) / (7 * 24 * time.Hour)) }},
	{"month", func(first, d time.Time) int {
		return (d.Year()-first.Year())*12 + int(d.Month()) - int(first.Month())
	}},
}

// sparkline draws the articles of a story per day, per week or, over
// long spans, per month (the finest unit with at most sparkBuckets bars)
// as an inline SVG bar chart. It uses attributes and classes only (the
// CSP forbids inline styles) and carries its reading as an accessible
// label and title.
func sparkline(title string, dates []time.Time) template.HTML {
	var first, last time.Time
	n := 0
	for _, d := range dates {
		if d.IsZero() {
			continue
		}
		d = day(d)
		if first.IsZero() || d.Before(first) {
			first = d
		}
		if d.After(last) {
			last = d
		}
		n++
	}
	if n == 0 {
		return template.HTML(`<span class="spark-none">no dated articles</span>`)
	}
	unit := sparkUnits[len(sparkUnits)-1]
	for _, u := range sparkUnits {
		if u.index(first, last) < sparkBuckets {
			unit = u
			break
		}
	}
	buckets := unit.index(first, last) + 1
	counts := make([]int, buckets)
	peak := 0
	for _, d := range dates {
		if d.IsZero() {
			continue
		}
		i := unit.index(first, day(d))
		counts[i]++
		peak = max(peak, counts[i])
	}
	label := fmt.Sprintf("Activity of %s: %d dated article%s from %s to %s, per %s, at most %d in a %s",
		title, n, plural(n), displayDate(first), displayDate(last), unit.name, peak, unit.name)
	w := max(buckets*sparkBarW, 2*sparkBarW)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="spark" role="img" aria-label="%s" viewBox="0 0 %d %d" width="%d" height="%d" preserveAspectRatio="none" focusable="false">`,
		html.EscapeString(label), w, sparkHeight, min(w, sparkMaxW), sparkHeight)
	fmt.Fprintf(&b, `<title>%s</title>`, html.EscapeString(label))
	fmt.Fprintf(&b, `<line class="spark-base" x1="0" y1="%d" x2="%d" y2="%d"></line>`, sparkHeight, w, sparkHeight)
	for i, c := range counts {
		if c == 0 {
			continue
		}
		h := max(3, c*(sparkHeight-2)/peak)
		fmt.Fprintf(&b, `<rect class="spark-bar" x="%d" y="%d" width="%d" height="%d"></rect>`,
			i*sparkBarW, sparkHeight-h, sparkBarW-1, h)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text in it is escaped above
}

func day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// storyViews returns stories with their sparklines, drawn from the
// articles of each story in the link snapshot.
func storyViews(ai *archiveIndex, x *storyIndex, sts []link.Story) []storyView {
	out := make([]storyView, 0, len(sts))
	for _, st := range sts {
		out = append(out, ai.storyView(st, x.lx.storyDocs[st.ID]))
	}
	return out
}

// storyView returns a story with the sparkline of its articles (docs).
func (x *archiveIndex) storyView(st link.Story, docs []string) storyView {
	dates := make([]time.Time, 0, len(docs))
	for _, d := range docs {
		dates = append(dates, x.docs[d].Date)
	}
	return storyView{Story: st, EventCount: len(st.Events), Sparkline: sparkline(st.Title, dates)}
}

type storiesPage struct {
	layoutData
	Stories []storyView
	Prev    string
	Next    string
}

func (s *Server) pageStories(w http.ResponseWriter, r *http.Request) {
	p, err := parsePage(r.URL.Query(), DefaultPageSize)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	ai, x, err := s.indexes(r.Context())
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	all, err := x.list(r.Context())
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	key := strings.Join([]string{"stories page", x.lx.key, fmt.Sprint(ai.stats), strconv.Itoa(p.Offset), strconv.Itoa(p.Limit)}, "\x00")
	s.servePage(w, r, key, func(context.Context) (*builtBody, error) {
		sts, more := pageOf(all, p)
		out := storiesPage{layoutData: layoutData{Title: "Stories", Nav: "stories"}, Stories: storyViews(ai, x, sts)}
		out.Prev, out.Next = pageLinks("/stories", url.Values{}, p, more)
		return build(s.renderBytes("stories", out))
	})
}

// linkedView is a linked event as the story page shows it.
type linkedView struct {
	link.Event
	Sources []sourceView
}

// Title names the event: "Meeting: Antony Blinken, Wang Yi".
func (v linkedView) Title() string {
	t := capitalise(v.Kind)
	if len(v.Names) > 0 {
		t += ": " + strings.Join(v.Names, ", ")
	}
	return t
}

// Anchor is the event's fragment id on the story page.
func (v linkedView) Anchor() string { return "event-" + v.ID }

// sourceView is one report of a linked event: its article, sentence and
// the per-article event page.
type sourceView struct {
	Article   docMeta
	Text      string
	Status    string
	Duplicate bool
	Event     string
}

func linkedViews(ai *archiveIndex, evs []link.Event) []linkedView {
	out := make([]linkedView, 0, len(evs))
	for _, ev := range evs {
		v := linkedView{Event: ev}
		for _, m := range ev.Mentions {
			v.Sources = append(v.Sources, sourceView{Article: ai.doc(m.Doc), Text: m.Sentence, Status: m.Status,
				Duplicate: m.Duplicate, Event: ev.ID})
		}
		out = append(out, v)
	}
	return out
}

type storyPage struct {
	layoutData
	S        storyView
	Q        storyQuery
	Entities []string
	Statuses []string
	Events   []linkedView
	Articles []docMeta
	Timeline []timelineEntry
}

func (s *Server) pageStory(w http.ResponseWriter, r *http.Request) {
	q, err := parseStoryQuery(r.URL.Query(), MaxPageSize)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	ai, x, err := s.indexes(r.Context())
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	ctx := r.Context()
	st, ok, err := x.story(ctx, r.PathValue("id"))
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	if !ok {
		s.pageError(w, r, http.StatusNotFound, "There is no such story in the archive.")
		return
	}
	// The page is held per version of the story, of the archive and of
	// the links (its timeline names linked events), and per filter.
	key := strings.Join([]string{"story page", storyKey(st), fmt.Sprint(ai.stats), x.lx.key, q.Entity, q.Status,
		strconv.Itoa(q.Offset), strconv.Itoa(q.Limit)}, "\x00")
	s.servePage(w, r, key, func(ctx context.Context) (*builtBody, error) {
		d, err := s.storyData(ctx, x, st)
		if err != nil {
			return nil, err
		}
		tl, err := s.storyTimeline(ctx, st, d, timelineQuery{Dates: timeline.DefaultDates, PerDate: timeline.DefaultPerDate})
		if err != nil {
			return nil, err
		}
		lx := x.lx
		sel, all := filterEvents(d.events, q.Entity, q.Status), d.events
		docs := d.docs
		p := storyPage{
			layoutData: layoutData{Title: st.Title, Nav: "stories", Feed: storyFeedURL(st.ID), FeedTitle: "Events of this story"},
			S:          ai.storyView(st, docs), Q: q, Statuses: eventStatuses,
			Events:   linkedViews(ai, sel),
			Timeline: ai.timelineEntries(lx, tl, ""),
		}
		seen := map[string]bool{}
		for _, ev := range all {
			for _, n := range ev.Names {
				if n != "" && !seen[n] {
					seen[n] = true
					p.Entities = append(p.Entities, n)
				}
			}
		}
		for _, d := range docs {
			p.Articles = append(p.Articles, ai.doc(d))
		}
		return build(s.renderBytes("story", p))
	})
}

// feedStory is the Atom feed of a story's events, newest first:
// /feeds/stories/{id}.atom. An entry's updated time is the date of the
// latest article reporting the event, so a status change (which a later
// report brings) updates it.
func (s *Server) feedStory(w http.ResponseWriter, r *http.Request) {
	id, ok := strings.CutSuffix(r.PathValue("file"), ".atom")
	if !ok {
		s.pageError(w, r, http.StatusNotFound, "A story feed is /feeds/stories/{id}.atom.")
		return
	}
	ai, x, err := s.indexes(r.Context())
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	st, ok, err := x.story(r.Context(), id)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	if !ok {
		s.pageError(w, r, http.StatusNotFound, "There is no such story in the archive.")
		return
	}
	d, err := s.storyData(r.Context(), x, st)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	evs := linkedViews(ai, d.events)
	// Story events are oldest first, undated last: reverse the dated ones.
	var dated, undated []linkedView
	for _, ev := range evs {
		if ev.When == "" || whenStart(ev.When).IsZero() {
			undated = append(undated, ev)
		} else {
			dated = append(dated, ev)
		}
	}
	for i, j := 0, len(dated)-1; i < j; i, j = i+1, j-1 {
		dated[i], dated[j] = dated[j], dated[i]
	}
	evs, _ = pageOf(append(dated, undated...), page{Limit: feedSize})
	base := baseURL(r)
	self, alt := storyFeedURL(st.ID), storyURL(st.ID)
	f := atomFeed{
		ID:    base + self,
		Title: "storyline: " + st.Title,
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base + self},
			{Rel: "alternate", Type: "text/html", Href: base + alt},
		},
	}
	var updated time.Time
	for _, ev := range evs {
		upd := ai.latestReport(ev.Event)
		f.Entries = append(f.Entries, storyEntry(base+alt, ev, upd))
		if upd.After(updated) {
			updated = upd
		}
	}
	if updated.IsZero() {
		updated = time.Unix(0, 0)
	}
	f.Updated = atomTime(updated)
	s.writeAtom(w, r, f)
}

// storyEntry is a linked event as an Atom entry, updated at upd (when its
// latest report was published).
func storyEntry(page string, ev linkedView, upd time.Time) atomEntry {
	href := page + "#" + url.PathEscape(ev.Anchor())
	summary := strings.TrimSpace(ev.Status + " " + ev.When + " " + ev.Place)
	if len(ev.Sources) > 0 {
		last := ev.Sources[len(ev.Sources)-1]
		summary += ": “" + excerpt(last.Text, 400) + "”"
	}
	if upd.IsZero() {
		upd = time.Unix(0, 0)
	}
	e := atomEntry{
		ID:      href,
		Title:   atomText{Type: "text", Body: ev.Title() + " (" + ev.Status + ")"},
		Updated: atomTime(upd),
		Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: href}},
		Summary: &atomText{Type: "text", Body: summary},
	}
	return e
}
