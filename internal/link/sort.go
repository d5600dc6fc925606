package link

import (
	"sort"

	"github.com/storyline-news/storyline/internal/store"
)

// SortDocs puts documents in publication order, the order Add expects:
// dated ones by date, then undated ones, ties by id.
func SortDocs(docs []*store.Doc) {
	sort.SliceStable(docs, func(i, j int) bool {
		a, b := docs[i].Article, docs[j].Article
		if a.Date.IsZero() != b.Date.IsZero() {
			return !a.Date.IsZero()
		}
		if !a.Date.Equal(b.Date) {
			return a.Date.Before(b.Date)
		}
		return a.ID < b.ID
	})
}
