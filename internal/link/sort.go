package link

import (
	"sort"

	"github.com/storyline-news/storyline/internal/store"
)

// SortDocs puts documents in publication order, the order Add expects:
// undated ones, then dated ones by date, ties by id. Undated articles go
// first because their clusters and stories never leave the working set
// by age (only by count), so the dated articles linked after them can
// still join them; linked last, they could reach only the clusters of the
// newest dates (Options.ClusterWindow).
func SortDocs(docs []*store.Doc) {
	sort.SliceStable(docs, func(i, j int) bool {
		a, b := docs[i].Article, docs[j].Article
		if a.Date.IsZero() != b.Date.IsZero() {
			return a.Date.IsZero()
		}
		if !a.Date.Equal(b.Date) {
			return a.Date.Before(b.Date)
		}
		return a.ID < b.ID
	})
}
