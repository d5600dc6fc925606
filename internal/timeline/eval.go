package timeline

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/evaluate"
	"github.com/storyline-news/storyline/internal/text"
)

// EvalOptions configure Eval.
type EvalOptions struct {
	// Rouge scores the summaries; required.
	Rouge *evaluate.Rouge
	// Topics, when not empty, restricts the run to these folder names.
	Topics []string
	// Build builds a timeline; nil means the package's Build.
	Build func(docs []Doc, opts Options) []Entry
	// Load returns the analysed articles of a topic folder (the CLI runs
	// the standard pipeline into an in-memory archive); required.
	Load func(ctx context.Context, dir string) ([]Doc, error)
}

// EvalResult is the score of one built timeline against its gold one.
type EvalResult struct {
	Topic   string                 `json:"topic"`
	Gold    string                 `json:"gold"`
	Docs    int                    `json:"docs"`
	Dates   int                    `json:"dates"`
	PerDate int                    `json:"per_date"`
	Score   evaluate.TimelineScore `json:"score"`
	// Timeline is the built
	Timeline []evaluate.DatedText `json:"-"`
}

// EvalReport holds every timeline's score and their average (precision
// and recall averaged, F from the averages).
type EvalReport struct {
	Results []EvalResult           `json:"results"`
	Average evaluate.TimelineScore `json:"average"`
}

// Eval runs the Timeline17 setup on every folder under dir that
// holds articles.json and one or more *.timeline.json gold files: the
// folder's articles are ingested through the standard pipeline into an
// in-memory archive and are the story; for each gold timeline a timeline is
// built with as many dates as the gold one, its average number of sentences
// per date (rounded), dates clipped to the gold's first and last date, and
// scored with ScoreTimeline.
func Eval(ctx context.Context, dir string, opts EvalOptions) (EvalReport, error) {
	var rep EvalReport
	if opts.Rouge == nil {
		return rep, errors.New("timeline eval: no ROUGE resources")
	}
	build, load := opts.Build, opts.Load
	if build == nil {
		build = Build
	}
	if load == nil {
		return rep, errors.New("timeline eval: no loader for the topic folders")
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return rep, fmt.Errorf("timeline eval: %w", err)
	}
	var scores []evaluate.TimelineScore
	for _, ent := range ents {
		topic := ent.Name()
		if !ent.IsDir() || len(opts.Topics) > 0 && !slices.Contains(opts.Topics, topic) {
			continue
		}
		tdir := filepath.Join(dir, topic)
		golds, _ := filepath.Glob(filepath.Join(tdir, "*.timeline.json"))
		if len(golds) == 0 {
			continue
		}
		if _, err := os.Stat(filepath.Join(tdir, "articles.json")); err != nil {
			continue
		}
		docs, err := load(ctx, tdir)
		if err != nil {
			return rep, fmt.Errorf("timeline eval %s: %w", topic, err)
		}
		slices.Sort(golds)
		for _, gp := range golds {
			gold, err := evaluate.ReadTimeline(gp)
			if err != nil {
				return rep, fmt.Errorf("timeline eval: %w", err)
			}
			topts := GoldSetup(gold)
			pred := ToDatedText(build(docs, topts))
			sc, err := opts.Rouge.ScoreTimeline(pred, gold)
			if err != nil {
				return rep, fmt.Errorf("timeline eval %s: %w", gp, err)
			}
			rep.Results = append(rep.Results, EvalResult{
				Topic: topic, Gold: filepath.Base(gp), Docs: len(docs),
				Dates: topts.Dates, PerDate: topts.PerDate, Score: sc, Timeline: pred,
			})
			scores = append(scores, sc)
		}
	}
	if len(scores) == 0 {
		return rep, fmt.Errorf("timeline eval: no folder under %s holds articles.json and *.timeline.json", dir)
	}
	rep.Average = evaluate.AverageScores(scores)
	return rep, nil
}

// GoldSetup returns the standard Timeline17 options for a gold timeline:
// as many dates as it has, its average number of sentences per date
// (rounded, at least 1), dates between its first and last.
func GoldSetup(gold []evaluate.DatedText) Options {
	var o Options
	dates := map[string]int{}
	for _, e := range gold {
		dates[e.Date] += len(text.Sentences(e.Text))
	}
	o.Dates = len(dates)
	total := 0
	var first, last string
	for d, n := range dates {
		total += n
		if first == "" || d < first {
			first = d
		}
		if d > last {
			last = d
		}
	}
	if o.Dates > 0 {
		o.PerDate = max(1, int(math.Round(float64(total)/float64(o.Dates))))
		o.From, _ = time.Parse(time.DateOnly, first)
		o.To, _ = time.Parse(time.DateOnly, last)
	}
	return o
}

// ToDatedText flattens a built timeline to one evaluate.DatedText per date, the
// sentences joined by a space.
func ToDatedText(tl []Entry) []evaluate.DatedText {
	out := make([]evaluate.DatedText, 0, len(tl))
	for _, e := range tl {
		var b strings.Builder
		for i, s := range e.Sentences {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s.Text)
		}
		out = append(out, evaluate.DatedText{Date: e.Date.Format(time.DateOnly), Text: b.String()})
	}
	return out
}
