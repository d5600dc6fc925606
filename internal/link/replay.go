package link

import (
	"context"
	"fmt"

	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/store"
)

// Replay is the archive after linking: every article's cluster and story,
// the real-world events and the stories, with canonical entity names.
type Replay struct {
	// Linker holds the linked events and stories (Events, Stories).
	Linker *Linker
	// Results are each article's cluster and story, merges resolved.
	Results map[string]Result
	// Order lists the article ids in publication order.
	Order []string
	// Names maps canonical entity ids to names.
	Names map[string]string
}

// LoadDocs reads every article of the archive with its stored analysis
// (temporal expressions, entities, events), in publication order
// (SortDocs).
func LoadDocs(ctx context.Context, st store.Store) ([]*store.Doc, error) {
	var docs []*store.Doc
	err := st.List(ctx, store.ListOptions{Order: store.ByID}, func(r *store.Record) error {
		a := r.Article
		docs = append(docs, &store.Doc{Article: &a})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load archive: %w", err)
	}
	for _, d := range docs {
		id := d.Article.ID
		if d.Timexes, err = st.Timexes(ctx, id); err != nil {
			return nil, fmt.Errorf("load archive: %w", err)
		}
		if d.Entities, err = st.Entities(ctx, id); err != nil {
			return nil, fmt.Errorf("load archive: %w", err)
		}
		err = st.Events(ctx, store.EventFilter{Doc: id}, func(se store.StoredEvent) error {
			d.Events = append(d.Events, se.Event)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("load archive: %w", err)
		}
	}
	SortDocs(docs)
	return docs, nil
}

// ReplayStore links the whole archive in memory, in batch mode: every
// article with its stored analysis, in publication order (SortDocs), with
// canonical entity ids from a replay of the entity index in the same
// order, keeping every event and story (Options.KeepHistory), then, with
// refine, refined once (Linker.Refine) as linkstage.Relink does. Replaying is
// deterministic. It reads the store and never writes it: evaluations use
// it (eval cluster); the archive's own links are stored incrementally by
// package linkstage, which gives the same links when it links the same
// order (linkstage.Relink).
func ReplayStore(ctx context.Context, st store.Store, refine bool) (*Replay, error) {
	docs, err := LoadDocs(ctx, st)
	if err != nil {
		return nil, err
	}
	idx := entity.NewIndex()
	l := New(Options{KeepHistory: true})
	out := &Replay{Linker: l, Results: make(map[string]Result, len(docs)), Names: map[string]string{}}
	into := map[string]string{}
	for _, d := range docs {
		res := l.Add(d, idx.Add(d.Article.ID, d.Entities))
		for _, m := range res.Merges {
			into[m.From] = m.Into
		}
		out.Results[d.Article.ID] = res
		for _, m := range res.Moves {
			r := out.Results[m.Doc]
			r.Cluster = m.Into
			out.Results[m.Doc] = r
		}
		out.Order = append(out.Order, d.Article.ID)
	}
	if refine && len(docs) > 0 {
		ref := l.Refine()
		for _, m := range ref.Moves {
			r := out.Results[m.Doc]
			r.Cluster = m.Into
			out.Results[m.Doc] = r
		}
		for _, m := range ref.Merges {
			into[m.From] = m.Into
		}
	}
	resolve := func(id string) string {
		for i := 0; i < 64; i++ {
			next, ok := into[id]
			if !ok {
				break
			}
			id = next
		}
		return id
	}
	for id, r := range out.Results {
		r.Cluster, r.Story = resolve(r.Cluster), resolve(r.Story)
		out.Results[id] = r
	}
	for _, c := range idx.Canonical() {
		out.Names[c.ID] = c.Name
	}
	return out, nil
}

// Participants returns an event's participants by canonical name.
func (lk *Replay) Participants(ev Event) []string {
	out := make([]string, 0, len(ev.Participants))
	for i, id := range ev.Participants {
		name := lk.Names[id]
		if name == "" && i < len(ev.Names) {
			name = ev.Names[i]
		}
		out = append(out, name)
	}
	return out
}
