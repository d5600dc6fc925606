package main

import (
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/timeline"
)

type runCmd struct {
	inputFlags
	Paths []string `arg:"" name:"path" help:"Files, directories, http(s) URLs, or - for standard input."`
}

// Run ingests the inputs and prints what storyline knows of them: the
// cleaned articles in date order (undated last) with their metadata and
// entities, their contact events, and their timeline.
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
	fmt.Fprintf(e.stdout, "== Articles (%d), in date order, undated last ==\n\n", len(recs))
	for _, r := range recs {
		ents, err := st.Entities(e.ctx, r.ID)
		if err != nil {
			return err
		}
		printArticleHead(e.stdout, r, ents)
	}
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
	}
	if err := printRunEvents(e, st, ids); err != nil {
		return err
	}
	if docs, err := timeline.FromStore(e.ctx, st, ids); err != nil {
		return err
	} else if len(docs) > 0 {
		fmt.Fprintf(e.stdout, "\n== Timeline ==\n\n")
		tl := timeline.Build(docs, timeline.Options{Dates: 12, PerDate: 1})
		if err := timeline.Write(e.stdout, tl, "text", ""); err != nil {
			return err
		}
	}
	if sum.Failed > 0 {
		return partialError{sum.Failed}
	}
	return nil
}

// printRunEvents lists the contact events of the given articles, by
// article in the given order.
func printRunEvents(e *env, st store.Store, ids []string) error {
	canon, err := canonicalNames(e.ctx, st)
	if err != nil {
		return err
	}
	var rows []string
	for _, id := range ids {
		err := st.Events(e.ctx, store.EventFilter{Doc: id}, func(se store.StoredEvent) error {
			when, status, place := eventCells(se.Event)
			rows = append(rows, fmt.Sprintf("%s\t%s\t%s\t%s\t%s\t%s", when, se.Kind, status,
				strings.Join(participantNames(se.Event, canon[id]), ", "), place, id))
			return nil
		})
		if err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "== Events (%d) ==\n\n", len(rows))
	if len(rows) == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "WHEN\tKIND\tSTATUS\tPARTICIPANTS\tPLACE\tARTICLE")
	for _, r := range rows {
		fmt.Fprintln(tw, r)
	}
	return tw.Flush()
}
