package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/storyline-news/storyline/internal/link"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/timeline"
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
	lk, err := e.lockedLinkStage(st)
	if err != nil {
		return err
	}
	defer lk.Close()
	// Linking follows the re-dating pass, which can date undated articles
	// and so change the publication order.
	in := e.ingesterWith(st, c.inputFlags, pipeline.Options{})
	sum, ingestErr := in.Ingest(e.ctx, c.Paths, e.stdin)
	printSummary(e.stderr, sum)
	if ingestErr != nil {
		return ingestErr
	}
	if _, err := in.Redate(e.ctx); err != nil {
		return fmt.Errorf("re-date undated articles: %w", err)
	}
	// links the new articles in publication order, snapshots and refines
	if err := e.linkAndRefine(lk, true); err != nil {
		return err
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
	stories, err := printRunStories(e, st, ids)
	if err != nil {
		return err
	}
	if err := printRunTimelines(e, st, ids, stories); err != nil {
		return err
	}
	if sum.Failed > 0 {
		return partialError{sum.Failed}
	}
	return nil
}

// printRunStories prints the stories the given articles belong to, each
// with its real-world events in date order, their status (that of the
// latest report) and the articles that report them.
func printRunStories(e *env, st store.Store, ids []string) ([]store.Story, error) {
	if err := e.ensureLinked(st); err != nil {
		return nil, err
	}
	mine := map[string]bool{}
	for _, id := range ids {
		r, err := st.DocLink(e.ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
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
		return nil, err
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
			return nil, err
		}
		byWhen(evs)
		if err := printLinkedEvents(e.stdout, evs); err != nil {
			return nil, err
		}
		fmt.Fprintln(e.stdout)
	}
	return stories, nil
}

// runTimelineStories bounds the stories whose timelines run prints.
const runTimelineStories = 3

// printRunTimelines prints the timeline of each of the largest stories the
// run's articles belong to (at most runTimelineStories), each with its
// linked events at their own dates; or, when nothing is linked, the
// timeline of the run's articles.
func printRunTimelines(e *env, st store.Store, ids []string, stories []store.Story) error {
	opts := timeline.Options{Dates: 12, PerDate: 1}
	if len(stories) == 0 {
		docs, err := timeline.FromStore(e.ctx, st, ids)
		if err != nil || len(docs) == 0 {
			return err
		}
		fmt.Fprintf(e.stdout, "\n== Timeline ==\n\n")
		return timeline.Write(e.stdout, timeline.Build(docs, opts), "text", "")
	}
	stories = slices.Clone(stories)
	slices.SortStableFunc(stories, func(a, b store.Story) int { return cmp.Compare(b.Docs, a.Docs) })
	for _, s := range stories[:min(len(stories), runTimelineStories)] {
		tl, err := buildStoryTimeline(e.ctx, st, s.ID, opts)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "\n== Timeline of story %s: %s ==\n\n", s.ID, s.Title)
		if err := timeline.Write(e.stdout, tl, "text", ""); err != nil {
			return err
		}
	}
	return nil
}

// buildStoryTimeline builds the timeline of a stored story: its articles,
// and its linked events placed at their own dates.
func buildStoryTimeline(ctx context.Context, st store.Store, story string, opts timeline.Options) ([]timeline.Entry, error) {
	var ids []string
	err := st.DocLinks(ctx, story, func(d store.DocLink) error {
		ids = append(ids, d.Doc)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("articles of story %s: %w", story, err)
	}
	docs, err := timeline.FromStore(ctx, st, ids)
	if err != nil {
		return nil, err
	}
	if opts.Events, err = timeline.StoryEvents(ctx, st, story); err != nil {
		return nil, err
	}
	return timeline.Build(docs, opts), nil
}
