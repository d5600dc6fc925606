package timeline

import (
	"context"
	"fmt"

	"github.com/storyline-news/storyline/internal/store"
)

// FromStore reads documents from an archive: the articles with the given
// ids, in that order (unknown ids are skipped), or every article in date
// order when ids is nil; each with its stored temporal expressions and one
// Event per reported mention of its contact events.
func FromStore(ctx context.Context, st store.Store, ids []string) ([]Doc, error) {
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
