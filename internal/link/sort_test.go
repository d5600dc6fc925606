package link

import (
	"fmt"
	"slices"
	"testing"

	"github.com/storyline-news/storyline/internal/store"
)

func TestSortDocs(t *testing.T) {
	docs := []*store.Doc{
		doc("d", "2024-03-02", "", ""), doc("b", "", "", ""), doc("c", "2024-03-01", "", ""),
		doc("a", "2024-03-02", "", ""), doc("e", "", "", ""),
	}
	SortDocs(docs)
	var got []string
	for _, d := range docs {
		got = append(got, d.Article.ID)
	}
	if want := []string{"b", "e", "c", "a", "d"}; !slices.Equal(got, want) {
		t.Errorf("publication order %v, want %v", got, want)
	}
}

// TestUndatedInMixedArchive checks why publication order puts undated
// articles first: an undated report of an event from years before the
// archive's newest articles joins the cluster of that event's dated
// reports, which linking it after every dated article could not reach
// (the cluster has left the working set by age).
func TestUndatedInMixedArchive(t *testing.T) {
	docs := []*store.Doc{
		doc("old", "2020-05-04", "Quake kills twelve on the island", quake),
		doc("undated", "", "Island quake: twelve dead", quake+" Schools stayed closed."),
	}
	// a later stream of unrelated news moves the newest date on by months
	topics := []string{"budget", "election", "strike", "harvest", "merger", "tournament", "concert", "flood"}
	for i := range 96 {
		tp := topics[i%len(topics)]
		docs = append(docs, doc(fmt.Sprintf("n%02d", i), fmt.Sprintf("2023-%02d-%02d", 1+i/24, 1+i%24),
			fmt.Sprintf("The %s news number %d", tp, i),
			fmt.Sprintf("Reporters covered the %s story number %d of the season in the %s district, item %d.", tp, i, tp, i*7)))
	}
	SortDocs(docs)
	cl, _ := linkAll(New(Options{}), docs)
	if cl["undated"] != cl["old"] {
		t.Errorf("undated report in cluster %s, dated report in %s: want one cluster", cl["undated"], cl["old"])
	}
	// linked last, as publication order had it before, the undated
	// report finds the old cluster evicted
	last := append(slices.Clone(docs[1:]), docs[0])
	if last[len(last)-1].Article.ID != "undated" {
		t.Fatalf("test set-up: undated article is not first in publication order")
	}
	cl, _ = linkAll(New(Options{}), last)
	if cl["undated"] == cl["old"] {
		t.Errorf("linked after the newest articles, the undated report still reached the old cluster: the test shows nothing")
	}
}
