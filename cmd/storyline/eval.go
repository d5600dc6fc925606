package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/storyline-news/storyline/internal/clean"
	"github.com/storyline-news/storyline/internal/evaluate"
	"github.com/storyline-news/storyline/internal/timex"
)

// evalCmd groups the evaluations on the labelled development data.
type evalCmd struct {
	Glue     evalGlueCmd     `cmd:"" help:"Measure glued-word repair on TimeBank/AQUAINT text glued at random."`
	Timex    evalTimexCmd    `cmd:"" help:"TempEval-3 task A scores of the TIMEX3 tagger on gold TimeML files."`
	NER      evalNERCmd      `cmd:"" name:"ner" help:"conlleval-equivalent entity-level scores of the NER tagger on a CoNLL file."`
	Timeline evalTimelineCmd `cmd:"" help:"Timeline17 date F1 and ROUGE (tilse alignment) of built timelines."`
	FiveW    evalFiveWCmd    `cmd:"" name:"5w1h" help:"Who, when and where of each article's main event against the Giveme5W1H coders."`
	Cluster  evalClusterCmd  `cmd:"" help:"Score the archive's event clusters or stories against a JSONL gold assignment."`
	Scale    evalScaleCmd    `cmd:"" help:"Store and link Timeline17 articles replayed N times: linking rate, store rate, memory."`
}

type evalGlueCmd struct {
	Data   string  `help:"Development data directory." default:"../shared/data" type:"path"`
	Seed   int64   `help:"Random seed for choosing the pairs to glue." default:"1"`
	Rate   float64 `help:"Share of adjacent word pairs glued." default:"0.03"`
	Format string  `help:"Output format: text or json." enum:"text,json" default:"text"`
}

func (c *evalGlueCmd) Run(e *env) error {
	res, err := clean.EvalGlue(e.ctx, c.Data, c.Seed, c.Rate)
	if err != nil {
		return err
	}
	if c.Format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	fmt.Fprintf(e.stdout, "glued-word repair on %d documents, %d tokens, %d glued pairs (seed %d, rate %.3f)\n",
		res.Docs, res.Tokens, res.Glued, c.Seed, c.Rate)
	fmt.Fprintf(e.stdout, "splits %d, correct %d\nprecision %.4f\nrecall    %.4f\n",
		res.Splits, res.Correct, res.Precision, res.Recall)
	for i, s := range res.FalseSplits {
		if i == 10 {
			break
		}
		fmt.Fprintf(e.stdout, "  false split: %s\n", s)
	}
	for i, s := range res.Missed {
		if i == 10 {
			break
		}
		fmt.Fprintf(e.stdout, "  missed:      %s\n", s)
	}
	return nil
}

type evalTimexCmd struct {
	Gold   []string `help:"Directory of gold TimeML files, scored per immediate sub-directory and pooled; repeat to pool several." required:"" type:"existingdir"`
	Format string   `help:"Output format: text or json." enum:"text,json" default:"text"`
}

func (c *evalTimexCmd) Run(e *env) error {
	tagger := timex.New()
	rep := evaluate.TimexReport{Corpora: map[string]evaluate.TimexScore{}}
	for _, dir := range c.Gold {
		r, err := evaluate.EvalTimexDir(dir, tagger)
		if err != nil {
			return err
		}
		for name, sc := range r.Corpora {
			acc := rep.Corpora[name]
			acc.Add(sc)
			rep.Corpora[name] = acc
		}
		rep.Pooled.Add(r.Pooled)
	}
	if c.Format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "corpus\tgold\tsystem\tstrict P\tstrict R\tstrict F1\trelaxed P\trelaxed R\trelaxed F1\ttype F1\tvalue F1\t")
	row := func(name string, s evaluate.TimexScore) {
		sp, sr, sf := s.StrictPRF()
		rp, rr, rf := s.RelaxedPRF()
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t\n",
			name, s.Gold, s.System, sp, sr, sf, rp, rr, rf, s.TypeF1(), s.ValueF1())
	}
	for _, name := range rep.CorpusNames() {
		row(name, rep.Corpora[name])
	}
	if len(rep.Corpora) > 1 {
		row("pooled", rep.Pooled)
	}
	return tw.Flush()
}
