package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/storyline-news/storyline/internal/evaluate"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/timeline"
)

// timelineCmd prints the timeline of a story, of the articles matching a
// query, or of the whole archive.
type timelineCmd struct {
	Story   string   `arg:"" optional:"" help:"Story id (storyline stories): the story is its articles."`
	Query   string   `short:"q" help:"Full-text query: the story is the articles matching it."`
	Limit   int      `help:"Most articles a query takes, best matches first." default:"1000"`
	Dates   int      `help:"Number of dates." default:"10"`
	PerDate int      `help:"Sentences per date." default:"1"`
	From    string   `help:"First date (YYYY-MM-DD)."`
	To      string   `help:"Last date (YYYY-MM-DD)."`
	Prefer  []string `help:"Prefer sentences holding these words (comma-separated); \"contact\" for meeting, talks, call and visit words."`
	Format  string   `help:"Output format: text, markdown, json or timelinejs." enum:"text,markdown,json,timelinejs" default:"text"`
}

func (c *timelineCmd) Run(e *env) error {
	opts := timeline.Options{Dates: c.Dates, PerDate: c.PerDate}
	if len(c.Prefer) > 0 {
		var words []string
		for _, w := range c.Prefer {
			if w == "contact" {
				words = append(words, timeline.ContactWords()...)
			} else {
				words = append(words, w)
			}
		}
		opts.SentenceBoost = timeline.WordBoost(words, 0.5)
	}
	var err error
	if opts.From, err = parseDay(c.From); err != nil {
		return fmt.Errorf("--from: %w", err)
	}
	if opts.To, err = parseDay(c.To); err != nil {
		return fmt.Errorf("--to: %w", err)
	}
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	var ids []string
	title := "All articles"
	if c.Story != "" {
		if c.Query != "" {
			return errors.New("timeline: give a story or --query, not both")
		}
		if err := e.ensureLinked(st); err != nil {
			return fmt.Errorf("timeline: %w", err)
		}
		s, err := st.Story(e.ctx, c.Story)
		if err != nil {
			return fmt.Errorf("timeline: %w", err)
		}
		tl, err := buildStoryTimeline(e.ctx, st, s.ID, opts)
		if err != nil {
			return fmt.Errorf("timeline: %w", err)
		}
		return timeline.Write(e.stdout, tl, c.Format, s.Title)
	}
	if c.Query != "" {
		hits, err := st.Search(e.ctx, c.Query, c.Limit)
		if err != nil {
			return fmt.Errorf("timeline: %w", err)
		}
		ids = make([]string, 0, len(hits))
		for _, h := range hits {
			ids = append(ids, h.ID)
		}
		title = c.Query
	}
	docs, err := timeline.FromStore(e.ctx, st, ids)
	if err != nil {
		return fmt.Errorf("timeline: %w", err)
	}
	if len(docs) == 0 {
		return errors.New("timeline: no articles")
	}
	tl := timeline.Build(docs, opts)
	return timeline.Write(e.stdout, tl, c.Format, title)
}

// writeJSON writes v as indented JSON to path, creating its directory.
func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

func parseDay(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.DateOnly, s)
}

// evalTimelineCmd scores timelines built on Timeline17-style folders.
// Registered in evalCmd as `Timeline evalTimelineCmd`.
type evalTimelineCmd struct {
	Data   string   `help:"Directory of topic folders, each with articles.json and *.timeline.json." default:"../shared/data/t17" type:"path"`
	Rouge  string   `help:"Directory of ROUGE-1.5.5's smart_common_words.txt and wordnet2.0_exc.tsv (default: DATA/../rouge)." type:"path"`
	Out    string   `help:"Write each built timeline to OUT/<folder>/<gold file name>." type:"path"`
	Topic  []string `help:"Only these folders (repeatable)."`
	Format string   `help:"Output format: text or json." enum:"text,json" default:"text"`
}

// topicDocs ingests a topic folder's articles.json through the standard
// pipeline (clean, analyse) into a fresh in-memory archive, so no topic
// sees another's articles, and returns its documents.
func (e *env) topicDocs(ctx context.Context, dir string) ([]timeline.Doc, error) {
	st, _, err := pipeline.IngestInMemory(ctx, []string{filepath.Join(dir, "articles.json")}, e.log)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	defer st.Close()
	return timeline.FromStore(ctx, st, nil)
}

func (c *evalTimelineCmd) Run(e *env) error {
	rdir := c.Rouge
	if rdir == "" {
		rdir = filepath.Join(filepath.Dir(filepath.Clean(c.Data)), "rouge")
	}
	r, err := evaluate.LoadRouge(rdir)
	if err != nil {
		return err
	}
	rep, err := timeline.Eval(e.ctx, c.Data, timeline.EvalOptions{
		Rouge: r, Topics: c.Topic, Load: e.topicDocs,
	})
	if err != nil {
		return err
	}
	if c.Out != "" {
		for _, res := range rep.Results {
			if err := writeJSON(filepath.Join(c.Out, res.Topic, res.Gold), res.Timeline); err != nil {
				return err
			}
		}
	}
	if c.Format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "folder\tgold\tdocs\tdates\tk\tdate F1\tAR-1 F\tAR-2 F\tconcat R-1 F\tconcat R-2 F\t")
	row := func(topic, gold, docs, dates, k string, s evaluate.TimelineScore) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t\n", topic, gold, docs, dates, k,
			s.Date.F(), s.AlignM1Rouge1.F(), s.AlignM1Rouge2.F(), s.Concat1.F(), s.Concat2.F())
	}
	for _, res := range rep.Results {
		row(res.Topic, res.Gold, fmt.Sprint(res.Docs), fmt.Sprint(res.Dates), fmt.Sprint(res.PerDate), res.Score)
	}
	row("average", fmt.Sprintf("%d timelines", len(rep.Results)), "", "", "", rep.Average)
	return tw.Flush()
}
