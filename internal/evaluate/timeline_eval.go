package evaluate

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

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/clean"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/text"
	"github.com/storyline-news/storyline/internal/timeline"
)

// TimelineEvalOptions configure EvalTimelines.
type TimelineEvalOptions struct {
	// Rouge scores the summaries; required.
	Rouge *Rouge
	// Topics, when not empty, restricts the run to these folder names.
	Topics []string
	// Build builds a timeline; nil means timeline.Build.
	Build func(docs []timeline.Doc, opts timeline.Options) []timeline.Entry
	// Load returns the analysed articles of a topic folder; nil means
	// TopicDocs (the standard pipeline, in memory).
	Load func(ctx context.Context, dir string) ([]timeline.Doc, error)
}

// TimelineResult is the score of one built timeline against its gold one.
type TimelineResult struct {
	Topic   string        `json:"topic"`
	Gold    string        `json:"gold"`
	Docs    int           `json:"docs"`
	Dates   int           `json:"dates"`
	PerDate int           `json:"per_date"`
	Score   TimelineScore `json:"score"`
	// Timeline is the built timeline.
	Timeline []DatedText `json:"-"`
}

// TimelineReport holds every timeline's score and their average (precision
// and recall averaged, F from the averages).
type TimelineReport struct {
	Results []TimelineResult `json:"results"`
	Average TimelineScore    `json:"average"`
}

// EvalTimelines runs the Timeline17 setup on every folder under dir that
// holds articles.json and one or more *.timeline.json gold files: the
// folder's articles are ingested through the standard pipeline into an
// in-memory archive and are the story; for each gold timeline a timeline is
// built with as many dates as the gold one, its average number of sentences
// per date (rounded), dates clipped to the gold's first and last date, and
// scored with ScoreTimeline.
func EvalTimelines(ctx context.Context, dir string, opts TimelineEvalOptions) (TimelineReport, error) {
	var rep TimelineReport
	if opts.Rouge == nil {
		return rep, errors.New("timeline eval: no ROUGE resources")
	}
	build, load := opts.Build, opts.Load
	if build == nil {
		build = timeline.Build
	}
	if load == nil {
		load = TopicDocs
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return rep, fmt.Errorf("timeline eval: %w", err)
	}
	var scores []TimelineScore
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
			gold, err := ReadTimeline(gp)
			if err != nil {
				return rep, fmt.Errorf("timeline eval: %w", err)
			}
			topts := GoldSetup(gold)
			pred := ToDatedText(build(docs, topts))
			sc, err := opts.Rouge.ScoreTimeline(pred, gold)
			if err != nil {
				return rep, fmt.Errorf("timeline eval %s: %w", gp, err)
			}
			rep.Results = append(rep.Results, TimelineResult{
				Topic: topic, Gold: filepath.Base(gp), Docs: len(docs),
				Dates: topts.Dates, PerDate: topts.PerDate, Score: sc, Timeline: pred,
			})
			scores = append(scores, sc)
		}
	}
	if len(scores) == 0 {
		return rep, fmt.Errorf("timeline eval: no folder under %s holds articles.json and *.timeline.json", dir)
	}
	rep.Average = AverageScores(scores)
	return rep, nil
}

// GoldSetup returns the standard Timeline17 options for a gold timeline:
// as many dates as it has, its average number of sentences per date
// (rounded, at least 1), dates between its first and last.
func GoldSetup(gold []DatedText) timeline.Options {
	var o timeline.Options
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

// ToDatedText flattens a built timeline to one DatedText per date, the
// sentences joined by a space.
func ToDatedText(tl []timeline.Entry) []DatedText {
	out := make([]DatedText, 0, len(tl))
	for _, e := range tl {
		var b strings.Builder
		for i, s := range e.Sentences {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s.Text)
		}
		out = append(out, DatedText{Date: e.Date.Format(time.DateOnly), Text: b.String()})
	}
	return out
}

// TopicDocs ingests a topic folder's articles.json through the standard
// pipeline into a fresh in-memory archive and returns its documents.
func TopicDocs(ctx context.Context, dir string) ([]timeline.Doc, error) {
	return IngestDocs(ctx, []string{filepath.Join(dir, "articles.json")})
}

// IngestDocs reads, cleans and analyses the inputs at paths through the
// standard pipeline into a fresh in-memory archive and returns its
// documents as timeline input, in date order.
func IngestDocs(ctx context.Context, paths []string) ([]timeline.Doc, error) {
	st, err := store.OpenSQLite(ctx, ":memory:")
	if err != nil {
		return nil, fmt.Errorf("open in-memory archive: %w", err)
	}
	defer st.Close()
	in := pipeline.New(article.NewReader(article.Options{}), clean.New(clean.Options{}), st, pipeline.Options{})
	if _, err := in.Ingest(ctx, paths, nil); err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	return timeline.FromStore(ctx, st, nil)
}
