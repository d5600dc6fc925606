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
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/timex"
)

// archiveIndex is what the event, entity and timeline routes read: the
// cross-article entities rebuilt from the stored per-article entities (in
// ingest order, as the CLI does), every stored event with its participants
// resolved to canonical entities, and the metadata of the articles that
// report them. It is built about once per statsTTL and dropped on ingest.
type archiveIndex struct {
	// entities are the canonical entities, most mentioned first.
	entities []entity.Canonical
	entityAt map[string]int // canonical id -> index in entities
	// events are in store order: by article in ingest order, then by
	// position in the article.
	events  []indexedEvent
	eventAt map[string]int // event id -> index in events
	// entityEvents lists, per canonical id, the indexes of its events.
	entityEvents map[string][]int
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

// indexedEvent is a stored event with its id, participants by canonical
// entity and the start of its time, when a calendar value.
type indexedEvent struct {
	store.StoredEvent
	id           string
	participants []participantRef
	date         time.Time
}

// participantRef is a participant by canonical entity; ID is "" when the
// entity layer does not know it.
type participantRef struct {
	ID   string
	Name string
	Type string
}

// loadIndex reads the archive into an archiveIndex.
func loadIndex(ctx context.Context, a Archive) (*archiveIndex, error) {
	x := &archiveIndex{
		entityAt:     map[string]int{},
		eventAt:      map[string]int{},
		entityEvents: map[string][]int{},
		docEntities:  map[string]map[string]bool{},
		docs:         map[string]docMeta{},
	}
	ident, err := entity.Rebuild(ctx, a.EachEntities)
	if err != nil {
		return nil, err
	}
	keys := ident.Keys // doc -> entity key -> canonical id
	for doc, m := range keys {
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
	err = a.Events(ctx, store.EventFilter{}, func(se store.StoredEvent) error {
		ev := indexedEvent{StoredEvent: se, id: se.ID(), date: whenStart(se.When)}
		seen := map[string]bool{}
		for _, p := range se.Participants {
			ref := participantRef{Name: p.Name, Type: p.Type}
			if id := keys[se.Doc][p.EntityKey]; id != "" && p.EntityKey != "" {
				if i, ok := x.entityAt[id]; ok {
					ref = participantRef{ID: id, Name: x.entities[i].Name, Type: x.entities[i].Type}
				}
			}
			k := ref.ID + "\x00" + ref.Name
			if seen[k] {
				continue
			}
			seen[k] = true
			ev.participants = append(ev.participants, ref)
		}
		n := len(x.events)
		x.eventAt[ev.id] = n
		for _, p := range ev.participants {
			if p.ID != "" {
				x.entityEvents[p.ID] = append(x.entityEvents[p.ID], n)
			}
		}
		x.events = append(x.events, ev)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read events: %w", err)
	}
	err = a.List(ctx, store.ListOptions{Order: store.ByIngest}, func(r *store.Record) error {
		x.docs[r.ID] = docMeta{ID: r.ID, Title: r.Title, Label: r.Title, Source: r.Source, URL: r.URL, Date: r.Date, IngestedAt: r.IngestedAt}
		if r.Title == "" {
			m := x.docs[r.ID]
			m.Label = untitled(r)
			x.docs[r.ID] = m
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	return x, nil
}

// index returns the archive index, about statsTTL old at most.
func (s *Server) index(ctx context.Context) (*archiveIndex, error) {
	return s.indexCache.get(ctx, func(ctx context.Context) (*archiveIndex, error) {
		return loadIndex(ctx, s.archive)
	})
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

// eventQuery selects events.
type eventQuery struct {
	page
	Entity, Kind, Status, Doc string
	From, To                  time.Time
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

// parseEventQuery reads entity, kind, status, doc, from, to, limit and
// offset.
func parseEventQuery(v url.Values, def int) (eventQuery, error) {
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	var q eventQuery
	var err error
	if q.page, err = parsePage(v, def); err != nil {
		return q, err
	}
	q.Entity, q.Kind, q.Status, q.Doc = get("entity"), get("kind"), get("status"), get("doc")
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
	for k, s := range map[string]string{"entity": q.Entity, "kind": q.Kind, "status": q.Status, "doc": q.Doc,
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

// match returns the events q selects (ignoring its page), in store order.
func (x *archiveIndex) match(q eventQuery) []*indexedEvent {
	var ids map[string]bool
	if q.Entity != "" {
		ids = x.entityIDs(q.Entity)
	}
	var out []*indexedEvent
	for i := range x.events {
		ev := &x.events[i]
		if q.Kind != "" && ev.Kind != q.Kind || q.Status != "" && ev.Status != q.Status || q.Doc != "" && ev.Doc != q.Doc {
			continue
		}
		if !q.From.IsZero() && (ev.date.IsZero() || ev.date.Before(q.From)) {
			continue
		}
		if !q.To.IsZero() && (ev.date.IsZero() || ev.date.After(q.To)) {
			continue
		}
		if q.Entity != "" && !ev.involves(q.Entity, ids) {
			continue
		}
		out = append(out, ev)
	}
	return out
}

func (ev *indexedEvent) involves(name string, ids map[string]bool) bool {
	for _, p := range ev.participants {
		if ids[p.ID] || strings.EqualFold(p.Name, name) {
			return true
		}
	}
	for _, p := range ev.Participants {
		if strings.EqualFold(p.Name, name) {
			return true
		}
	}
	return false
}

// newestFirst sorts events by their time, newest first (undated ones by
// their article's date), later in the archive first on ties.
func (x *archiveIndex) newestFirst(evs []*indexedEvent) {
	key := func(ev *indexedEvent) time.Time {
		if !ev.date.IsZero() {
			return ev.date
		}
		return x.docs[ev.Doc].Date
	}
	sort.SliceStable(evs, func(i, j int) bool {
		a, b := key(evs[i]), key(evs[j])
		if !a.Equal(b) {
			return a.After(b)
		}
		return x.eventAt[evs[i].id] > x.eventAt[evs[j].id]
	})
}

// pageOf returns one page of items and whether more follow.
func pageOf[T any](all []T, p page) ([]T, bool) {
	if p.Offset >= len(all) {
		return nil, false
	}
	end := min(len(all), p.Offset+p.Limit)
	return all[p.Offset:end], end < len(all)
}
