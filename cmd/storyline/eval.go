package main

import (
	"encoding/json"
	"fmt"

	"github.com/storyline-news/storyline/internal/clean"
)

// evalCmd groups the evaluations on the labelled development data.
type evalCmd struct {
	Glue evalGlueCmd `cmd:"" help:"Measure glued-word repair on TimeBank/AQUAINT text glued at random."`
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
