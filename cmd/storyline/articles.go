package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/timex"
)

type articlesCmd struct {
	Format string `help:"Output format: table or jsonl." enum:"table,jsonl" default:"table"`
	Order  string `help:"Order: date, id or ingest." enum:"date,id,ingest" default:"date"`
	Limit  int    `help:"Print at most this many (0: all)." default:"0"`
}

func (c *articlesCmd) Run(e *env) error {
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	opts := store.ListOptions{Limit: c.Limit}
	switch c.Order {
	case "id":
		opts.Order = store.ByID
	case "ingest":
		opts.Order = store.ByIngest
	}
	if c.Format == "jsonl" {
		enc := json.NewEncoder(e.stdout)
		return st.List(e.ctx, opts, func(r *store.Record) error { return enc.Encode(r) })
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tSOURCE\tWORDS\tTITLE")
	err = st.List(e.ctx, opts, func(r *store.Record) error {
		_, err := fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", r.ID, dateOrDash(r), clip(r.Source, 24),
			len(strings.Fields(r.Text)), clip(titleOrLead(r), 70))
		return err
	})
	if err != nil {
		return err
	}
	return tw.Flush()
}

type showCmd struct {
	Format string `help:"Output format: text or json." enum:"text,json" default:"text"`
	Doc    string `arg:"" name:"doc" help:"Document id."`
}

func (c *showCmd) Run(e *env) error {
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	r, err := st.Get(e.ctx, c.Doc)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no article with id %q (see 'storyline articles')", c.Doc)
	}
	if err != nil {
		return err
	}
	tx, err := st.Timexes(e.ctx, r.ID)
	if err != nil {
		return err
	}
	ents, err := st.Entities(e.ctx, r.ID)
	if err != nil {
		return err
	}
	if c.Format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			*store.Record
			Timexes  []timex.Timex   `json:"timexes"`
			Entities []entity.Entity `json:"entities"`
		}{r, tx, ents})
	}
	printArticle(e.stdout, r)
	printTimexes(e.stdout, tx)
	printArticleEntities(e.stdout, ents)
	return nil
}

// printTimexes lists an article's temporal expressions, one a line.
func printTimexes(w io.Writer, tx []timex.Timex) {
	if len(tx) == 0 {
		return
	}
	fmt.Fprintf(w, "Temporal expressions (%d):\n", len(tx))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, t := range tx {
		val := t.Value
		if t.Mod != "" {
			val += " mod=" + t.Mod
		}
		if t.Quant != "" {
			val += " quant=" + t.Quant
		}
		if t.Freq != "" {
			val += " freq=" + t.Freq
		}
		fmt.Fprintf(tw, "  %d-%d\t%s\t%s\t%s\n", t.Start, t.End, t.Type, val, strconv.Quote(t.Text))
	}
	tw.Flush()
}

// printArticleHead writes an article like printArticle, with the people,
// places and organisations it names beside its metadata.
func printArticleHead(w io.Writer, r *store.Record, ents []entity.Entity) {
	byType := map[string][]string{}
	for _, en := range ents {
		t := en.Type
		if en.Source {
			t = "source"
		}
		byType[t] = append(byType[t], en.Name)
	}
	printArticleWith(w, r, func(field func(k, v string)) {
		field("People", strings.Join(byType["PER"], ", "))
		field("Places", strings.Join(byType["LOC"], ", "))
		field("Orgs", strings.Join(byType["ORG"], ", "))
		field("Sources", strings.Join(byType["source"], ", "))
	})
}

// printArticle writes an article's metadata block and its cleaned text.
func printArticle(w io.Writer, r *store.Record) { printArticleWith(w, r, nil) }

// printArticleWith writes an article's metadata block, then the fields
// extra adds, then its cleaned text.
func printArticleWith(w io.Writer, r *store.Record, extra func(field func(k, v string))) {
	fmt.Fprintf(w, "── %s ", r.ID)
	fmt.Fprintln(w, strings.Repeat("─", max(0, 60-utf8.RuneCountInString(r.ID))))
	field := func(k, v string) {
		if v != "" {
			fmt.Fprintf(w, "%-8s %s\n", k+":", v)
		}
	}
	field("Title", r.Title)
	date := "unknown"
	if !r.Date.IsZero() {
		date = r.Date.Format("2006-01-02")
		if h, m, s := r.Date.Clock(); h+m+s != 0 {
			date = r.Date.Format("2006-01-02 15:04 MST")
		}
		if r.DateSource != "" {
			date += " (from " + r.DateSource
			if r.DateConfidence > 0 && r.DateConfidence < 1 {
				date += fmt.Sprintf(", confidence %.2f", r.DateConfidence)
			}
			date += ")"
		}
	}
	field("Date", date)
	field("Place", r.Place)
	field("Source", r.Source)
	field("Author", r.Author)
	field("URL", r.URL)
	field("Language", r.Language)
	field("Origin", r.Origin)
	field("Format", r.Format)
	if r.Version > 1 {
		field("Version", fmt.Sprint(r.Version))
	}
	if extra != nil {
		extra(field)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, r.Text)
	fmt.Fprintln(w)
}

func dateOrDash(r *store.Record) string {
	if r.Date.IsZero() {
		return "-"
	}
	return r.Date.Format("2006-01-02")
}

func titleOrLead(r *store.Record) string {
	if r.Title != "" {
		return r.Title
	}
	return "(" + firstLine(r.Text) + ")"
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// clip shortens s to at most n runes, marking the cut with an ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
