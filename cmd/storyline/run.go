package main

import (
	"fmt"
	"sort"

	"github.com/storyline-news/storyline/internal/store"
)

type runCmd struct {
	inputFlags
	Paths []string `arg:"" name:"path" help:"Files, directories, http(s) URLs, or - for standard input."`
}

// Run ingests the inputs and prints what storyline knows of them: for now
// the cleaned articles in date order, undated last.
func (c *runCmd) Run(e *env) error {
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	sum, ingestErr := e.ingester(st, c.inputFlags, false).Ingest(e.ctx, c.Paths, e.stdin)
	printSummary(e.stderr, sum)
	if ingestErr != nil {
		return ingestErr
	}
	seen := map[string]bool{}
	var recs []*store.Record
	for _, id := range sum.IDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		r, err := st.Get(e.ctx, id)
		if err != nil {
			return fmt.Errorf("read back %s: %w", id, err)
		}
		recs = append(recs, r)
	}
	sort.SliceStable(recs, func(i, j int) bool {
		a, b := recs[i], recs[j]
		if a.Date.IsZero() != b.Date.IsZero() {
			return b.Date.IsZero()
		}
		if !a.Date.Equal(b.Date) {
			return a.Date.Before(b.Date)
		}
		return a.ID < b.ID
	})
	fmt.Fprintf(e.stdout, "%d articles, in date order (undated last)\n\n", len(recs))
	for _, r := range recs {
		ents, err := st.Entities(e.ctx, r.ID)
		if err != nil {
			return err
		}
		printArticleHead(e.stdout, r, ents)
	}
	if sum.Failed > 0 {
		return partialError{sum.Failed}
	}
	return nil
}
