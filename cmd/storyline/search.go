package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/storyline-news/storyline/internal/store"
)

type searchCmd struct {
	Limit  int      `help:"Most results to print." default:"20"`
	Format string   `help:"Output format: text or jsonl." enum:"text,jsonl" default:"text"`
	Query  []string `arg:"" name:"query" help:"Words to find (all must match), a \"quoted phrase\", or an FTS5 query (OR, NOT, prefix*)."`
}

func (c *searchCmd) Run(e *env) error {
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	hits, err := st.Search(e.ctx, strings.Join(c.Query, " "), c.Limit)
	if err != nil {
		return err
	}
	if c.Format == "jsonl" {
		enc := json.NewEncoder(e.stdout)
		for _, h := range hits {
			h.Snippet = strings.NewReplacer(store.HighlightStart, "", store.HighlightEnd, "").Replace(h.Snippet)
			if err := enc.Encode(h); err != nil {
				return err
			}
		}
		return nil
	}
	on, off := "[", "]"
	if e.stdoutIsTerminal() {
		on, off = "\x1b[1m", "\x1b[0m"
	}
	hl := strings.NewReplacer(store.HighlightStart, on, store.HighlightEnd, off, "\n", " ")
	if len(hits) == 0 {
		fmt.Fprintln(e.stderr, "no matches")
	}
	for i, h := range hits {
		date := "undated"
		if !h.Date.IsZero() {
			date = h.Date.Format("2006-01-02")
		}
		title := h.Title
		if title == "" {
			title = "(untitled)"
		}
		fmt.Fprintf(e.stdout, "%d. %s  %s  %s\n   %s\n", i+1, h.ID, date, title, hl.Replace(h.Snippet))
	}
	return nil
}
