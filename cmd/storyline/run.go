package main

import (
	"errors"
	"fmt"
	"github.com/storyline-news/storyline/internal/link"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/timeline"
	"sort"
)

type runCmd struct {
	inputFlags
	Paths []string `arg:"" name:"path" help:"Files, directories, http(s) URLs, or - for standard input."`
}

// Run ingests the inputs and prints what storyline knows of them: the
// cleaned articles in date order (undated last) with their metadata and
// entities, the stories they belong to with their events, and their
// timeline.
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
	if err := printRunStories(e, st, ids); err != nil {
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

// printRunStories prints the stories the given articles belong to, each
// with its real-world events in date order, their status (that of the
// latest report) and the articles that report them.
func printRunStories(e *env, st store.Store, ids []string) error {
	if err := e.ensureLinked(st); err != nil {
		return err
	}
	mine := map[string]bool{}
	for _, id := range ids {
		r, err := st.DocLink(e.ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		mine[r.Story] = true
	}
	var stories []link.Story
	err := st.Stories(e.ctx, func(s store.Story) error {
		if mine[s.ID] {
			stories = append(stories, s)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, s := range stories {
		span := "undated"
		if !s.Start.IsZero() {
			span = s.Start.Format("2006-01-02") + " to " + s.End.Format("2006-01-02")
		}
		fmt.Fprintf(e.stdout, "== Story %s: %s (%s, %d articles) ==\n\n", s.ID, s.Title, span, s.Docs)
		var evs []link.Event
		err := st.LinkedEvents(e.ctx, store.LinkFilter{Story: s.ID}, func(ev store.LinkedEvent) error {
			evs = append(evs, ev)
			return nil
		})
		if err != nil {
			return err
		}
		byWhen(evs)
		if err := printLinkedEvents(e.stdout, evs); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout)
	}
	return nil
}
