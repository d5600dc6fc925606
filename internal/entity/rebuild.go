package entity

import (
	"context"
	"fmt"
)

// Identity is the cross-article identity of an archive, rebuilt from its
// stored per-article entities: the Index, and for every article the
// canonical id of each of its entity keys.
type Identity struct {
	Index *Index
	// Keys maps an article id, then an article entity key ("e1"), to the
	// canonical id the Index gave it.
	Keys map[string]map[string]string
	// Names maps a canonical id to its canonical name.
	Names map[string]string
}

// Rebuild replays the per-article entities that each yields (an archive's
// EachEntities: articles in the order they were first stored) into a new
// Index. The same archive always gives the same ids.
func Rebuild(ctx context.Context, each func(ctx context.Context, fn func(doc string, ents []Entity) error) error) (*Identity, error) {
	x := &Identity{Index: NewIndex(), Keys: map[string]map[string]string{}, Names: map[string]string{}}
	err := each(ctx, func(doc string, ents []Entity) error {
		m := make(map[string]string, len(ents))
		for i, id := range x.Index.Add(doc, ents) {
			m[ents[i].Key] = id
		}
		x.Keys[doc] = m
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("rebuild entity identity: %w", err)
	}
	for _, c := range x.Index.Canonical() {
		x.Names[c.ID] = c.Name
	}
	return x, nil
}

// Name returns the canonical name of an article's entity, or "" when the
// article or key is unknown.
func (x *Identity) Name(doc, key string) string {
	return x.Names[x.Keys[doc][key]]
}
