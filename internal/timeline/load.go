package timeline

import (
	"context"
	"fmt"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/timex"
)

// Source is what FromStore and StoryEvents read: the part of store.Store
// (or of the server's archive) they need.
type Source interface {
	Get(ctx context.Context, id string) (*store.Record, error)
	List(ctx context.Context, opts store.ListOptions, fn func(*store.Record) error) error
	Timexes(ctx context.Context, id string) ([]timex.Timex, error)
	Events(ctx context.Context, f store.EventFilter, fn func(store.StoredEvent) error) error
	LinkedEvents(ctx context.Context, f store.LinkFilter, fn func(store.LinkedEvent) error) error
}

// FromStore reads documents from an archive: the articles with the given
// ids, in that order (unknown ids are skipped), or every article in date
// order when ids is nil; each with its stored temporal expressions and one
// Event per reported mention of its contact events.
func FromStore(ctx context.Context, st Source, ids []string) ([]Doc, error) {
	var recs []*store.Record
	if ids == nil {
		err := st.List(ctx, store.ListOptions{Order: store.ByDate}, func(r *store.Record) error {
			recs = append(recs, r)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("list archive: %w", err)
		}
	} else {
		for _, id := range ids {
			r, err := st.Get(ctx, id)
			if err == store.ErrNotFound {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("get %s: %w", id, err)
			}
			recs = append(recs, r)
		}
	}
	docs := make([]Doc, 0, len(recs))
	for _, r := range recs {
		tx, err := st.Timexes(ctx, r.ID)
		if err != nil {
			return nil, fmt.Errorf("timexes of %s: %w", r.ID, err)
		}
		var evs []Event
		err = st.Events(ctx, store.EventFilter{Doc: r.ID}, func(se store.StoredEvent) error {
			// An event's When is empty unless a date applies to it
			// (event.WhenNone), so it is taken as it is.
			for _, m := range se.Mentions {
				evs = append(evs, Event{ID: se.ID(), Kind: se.Kind, Status: m.Status, When: se.When,
					Start: m.Sentence.Start, End: m.Sentence.End})
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("events of %s: %w", r.ID, err)
		}
		docs = append(docs, Doc{
			ID: r.ID, Title: r.Title, Source: r.Source, URL: r.URL,
			Date: r.Date, Text: r.Text, Timexes: tx, Events: evs,
		})
	}
	return docs, nil
}

// StoryEvents reads the real-world events linked into a story, each with
// the sentences that report it (from the stored per-article events its
// mentions point to), for Options.Events.
func StoryEvents(ctx context.Context, st Source, story string) ([]StoryEvent, error) {
	var linked []store.LinkedEvent
	err := st.LinkedEvents(ctx, store.LinkFilter{Story: story}, func(ev store.LinkedEvent) error {
		linked = append(linked, ev)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("events of story %s: %w", story, err)
	}
	perDoc := map[string][]store.StoredEvent{} // doc -> its events by position
	docEvents := func(doc string) ([]store.StoredEvent, error) {
		if evs, ok := perDoc[doc]; ok {
			return evs, nil
		}
		var evs []store.StoredEvent
		err := st.Events(ctx, store.EventFilter{Doc: doc}, func(se store.StoredEvent) error {
			evs = append(evs, se)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("events of %s: %w", doc, err)
		}
		perDoc[doc] = evs
		return evs, nil
	}
	out := make([]StoryEvent, 0, len(linked))
	for _, ev := range linked {
		se := StoryEvent{ID: ev.ID, Kind: ev.Kind, Status: ev.Status, When: ev.When, Names: ev.Names, Place: ev.Place}
		for _, m := range ev.Mentions {
			evs, err := docEvents(m.Doc)
			if err != nil {
				return nil, err
			}
			for _, a := range evs {
				if a.N != m.N {
					continue
				}
				for _, am := range a.Mentions {
					se.Reports = append(se.Reports, EventReport{Doc: m.Doc, Article: a.ID(), Start: am.Sentence.Start, End: am.Sentence.End})
				}
			}
		}
		out = append(out, se)
	}
	return out, nil
}
