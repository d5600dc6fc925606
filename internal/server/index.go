package server

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/event"
	"github.com/storyline-news/storyline/internal/link"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/timex"
)

// archiveIndex is what the entity routes and the pages citing articles
// read: the cross-article entities rebuilt from the stored per-article
// entities (entity.Rebuild, in ingest order, as the CLI does: the link
// stage persists the canonical names of event participants, not the
// aliases, roles and counts the entity pages show) and the metadata of
// every article. Rebuilding is the costly part at 10,000 articles, so the
// index is held, checked about once per statsTTL in the background, and
// rebuilt only when the archive's counts change (or on a POSTed ingest).
type archiveIndex struct {
	// stats are the counts the index was built at.
	stats store.Stats
	// entities are the canonical entities, most mentioned first.
	entities []entity.Canonical
	entityAt map[string]int // canonical id -> index in entities
	// docEntities holds, per article, the canonical ids it names.
	docEntities map[string]map[string]bool
	docs        map[string]docMeta
}

// docMeta is an article's metadata, without its text. Label is its title,
// or for an untitled article the start of its text.
type docMeta struct {
	ID, Title, Label, Source, URL string
	Date, IngestedAt              time.Time
}

// participantRef is a participant by canonical entity; ID is "" when the
// entity is unknown.
type participantRef struct {
	ID   string
	Name string
	Type string
}

// loadIndex reads the archive into an archiveIndex, or returns prev when
// the archive's counts are those prev was built at.
func loadIndex(ctx context.Context, a Archive, prev *archiveIndex) (*archiveIndex, error) {
	st, err := a.Stats(ctx)
	if err != nil {
		return nil, err
	}
	if prev != nil && prev.stats == st {
		return prev, nil
	}
	x := &archiveIndex{
		stats:       st,
		entityAt:    map[string]int{},
		docEntities: map[string]map[string]bool{},
		docs:        map[string]docMeta{},
	}
	ident, err := entity.Rebuild(ctx, a.EachEntities)
	if err != nil {
		return nil, err
	}
	for doc, m := range ident.Keys { // doc -> entity key -> canonical id
		set := make(map[string]bool, len(m))
		for _, id := range m {
			set[id] = true
		}
		x.docEntities[doc] = set
	}
	x.entities = ident.Index.Canonical()
	sort.SliceStable(x.entities, func(i, j int) bool {
		if x.entities[i].Mentions != x.entities[j].Mentions {
			return x.entities[i].Mentions > x.entities[j].Mentions
		}
		return x.entities[i].Name < x.entities[j].Name
	})
	for i, c := range x.entities {
		x.entityAt[c.ID] = i
	}
	err = a.List(ctx, store.ListOptions{Order: store.ByIngest}, func(r *store.Record) error {
		m := docMeta{ID: r.ID, Title: r.Title, Label: r.Title, Source: r.Source, URL: r.URL, Date: r.Date, IngestedAt: r.IngestedAt}
		if r.Title == "" {
			m.Label = untitled(r)
		}
		x.docs[r.ID] = m
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	return x, nil
}

// index returns the archive index, about statsTTL old at most.
func (s *Server) index(ctx context.Context) (*archiveIndex, error) {
	return s.indexCache.update(ctx, func(ctx context.Context, prev *archiveIndex) (*archiveIndex, error) {
		return loadIndex(ctx, s.archive, prev)
	})
}

// doc returns an article's metadata; an article the index does not hold
// yet is named by its id.
func (x *archiveIndex) doc(id string) docMeta {
	if m, ok := x.docs[id]; ok {
		return m
	}
	return docMeta{ID: id, Label: id}
}

// participants returns a linked event's participants, by canonical entity
// when the index knows it.
func (x *archiveIndex) participants(ev link.Event) []participantRef {
	out := make([]participantRef, 0, len(ev.Participants))
	for i, id := range ev.Participants {
		p := participantRef{}
		if i < len(ev.Names) {
			p.Name = ev.Names[i]
		}
		if c, ok := x.entity(id); ok {
			p.ID, p.Type = c.ID, c.Type
			if p.Name == "" {
				p.Name = c.Name
			}
		}
		if p.Name == "" {
			p.Name = id
		}
		out = append(out, p)
	}
	return out
}

// whenStart returns the first day of a TIMEX3 value with a calendar
// range ("2024-02-16", "2023-11", "2024-SP"), or the zero time: the day the
// store's date filter compares.
func whenStart(v string) time.Time {
	t, _, ok := timex.ValueRange(v)
	if !ok {
		return time.Time{}
	}
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// entity returns a canonical entity by id.
func (x *archiveIndex) entity(id string) (entity.Canonical, bool) {
	i, ok := x.entityAt[id]
	if !ok {
		return entity.Canonical{}, false
	}
	return x.entities[i], true
}

// entityIDs returns the canonical ids a name, alias or id designates
// (case-insensitive).
func (x *archiveIndex) entityIDs(q string) map[string]bool {
	out := map[string]bool{}
	for _, c := range x.entities {
		if strings.EqualFold(c.ID, q) || strings.EqualFold(c.Name, q) {
			out[c.ID] = true
			continue
		}
		for _, a := range c.Aliases {
			if strings.EqualFold(a, q) {
				out[c.ID] = true
				break
			}
		}
	}
	return out
}

// eventQuery selects linked events (store.LinkFilter): Entity is a
// participant's canonical name or id.
type eventQuery struct {
	page
	Entity, Kind, Status, Doc, Story string
	From, To                         time.Time
}

// kinds and statuses are the values the kind and status filters accept.
var (
	eventKinds    = []string{event.KindMeeting, event.KindTalks, event.KindSummit, event.KindCall, event.KindVisit}
	eventStatuses = []string{event.StatusHappened, event.StatusPlanned, event.StatusPossible, event.StatusPostponed, event.StatusCancelled}
)

func oneOf(v string, set []string) bool {
	for _, s := range set {
		if v == s {
			return true
		}
	}
	return false
}

// parseEventQuery reads entity, kind, status, doc, story, from, to, limit
// and offset.
func parseEventQuery(v url.Values, def int) (eventQuery, error) {
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	var q eventQuery
	var err error
	if q.page, err = parsePage(v, def); err != nil {
		return q, err
	}
	q.Entity, q.Kind, q.Status, q.Doc, q.Story = get("entity"), get("kind"), get("status"), get("doc"), get("story")
	if q.Kind != "" && !oneOf(q.Kind, eventKinds) {
		return q, badRequest{fmt.Sprintf("kind %q: want one of %s", q.Kind, strings.Join(eventKinds, ", "))}
	}
	if q.Status != "" && !oneOf(q.Status, eventStatuses) {
		return q, badRequest{fmt.Sprintf("status %q: want one of %s", q.Status, strings.Join(eventStatuses, ", "))}
	}
	if q.From, q.To, err = parseRange(get("from"), get("to")); err != nil {
		return q, err
	}
	return q, nil
}

// parseRange reads an inclusive date range; either end may be empty.
func parseRange(from, to string) (f, t time.Time, err error) {
	for _, p := range []struct {
		name, s string
		dst     *time.Time
	}{{"from", from, &f}, {"to", to, &t}} {
		if p.s == "" {
			continue
		}
		d, err := time.Parse(time.DateOnly, p.s)
		if err != nil {
			return f, t, badRequest{fmt.Sprintf("%s %q: want a date YYYY-MM-DD", p.name, p.s)}
		}
		*p.dst = d
	}
	return f, t, nil
}

// values returns q as query parameters (without offset), for links.
func (q eventQuery) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"entity": q.Entity, "kind": q.Kind, "status": q.Status, "doc": q.Doc, "story": q.Story,
		"from": dateParam(q.From), "to": dateParam(q.To)} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if q.Limit != DefaultPageSize {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	return v
}

// pageOf returns one page of items and whether more follow.
func pageOf[T any](all []T, p page) ([]T, bool) {
	if p.Offset >= len(all) {
		return nil, false
	}
	end := min(len(all), p.Offset+p.Limit)
	return all[p.Offset:end], end < len(all)
}
