package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/storyline-news/storyline/internal/entity"
)

type entitiesCmd struct {
	Type   string `help:"Only entities of this type: PER, ORG, LOC or MISC." enum:",PER,ORG,LOC,MISC" default:""`
	Format string `help:"Output format: table or jsonl." enum:"table,jsonl" default:"table"`
	Min    int    `help:"Only entities named in at least this many articles." default:"1"`
}

// Run rebuilds the cross-article identity from the stored per-article
// entities, in ingest order, and lists the canonical entities, most
// mentioned first.
func (c *entitiesCmd) Run(e *env) error {
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	ident, err := entity.Rebuild(e.ctx, st.EachEntities)
	if err != nil {
		return err
	}
	var list []entity.Canonical
	for _, ce := range ident.Index.Canonical() {
		if (c.Type == "" || ce.Type == c.Type) && ce.Articles >= c.Min {
			list = append(list, ce)
		}
	}
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].Mentions != list[j].Mentions {
			return list[i].Mentions > list[j].Mentions
		}
		return list[i].Name < list[j].Name
	})
	if c.Format == "jsonl" {
		enc := json.NewEncoder(e.stdout)
		for _, ce := range list {
			if err := enc.Encode(ce); err != nil {
				return err
			}
		}
		return nil
	}
	return printEntities(e.stdout, list)
}

func printEntities(w io.Writer, list []entity.Canonical) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTYPE\tNAME\tMENTIONS\tARTICLES\tALIASES\tROLES")
	for _, ce := range list {
		typ := ce.Type
		if ce.Source {
			typ += " (source)"
		}
		name := ce.Name
		if ce.Country != "" && ce.Country != ce.Name {
			where := ce.Country
			if ce.Admin != "" && ce.Admin != ce.Name {
				where = ce.Admin + ", " + ce.Country
			}
			name += " (" + where + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\t%s\n", ce.ID, typ, name, ce.Mentions, ce.Articles,
			clip(strings.Join(ce.Aliases, "; "), 40), clip(strings.Join(ce.Roles, "; "), 60))
	}
	return tw.Flush()
}

// printArticleEntities lists one article's entities, one a line.
func printArticleEntities(w io.Writer, ents []entity.Entity) {
	if len(ents) == 0 {
		return
	}
	fmt.Fprintf(w, "Entities (%d):\n", len(ents))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, en := range ents {
		typ := en.Type
		if en.Source {
			typ += " (source)"
		}
		extra := strings.Join(en.Roles, "; ")
		if en.Country != "" && en.Country != en.Name {
			extra = strings.TrimPrefix(extra+"; "+en.Country, "; ")
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%d\t%s\n", en.Key, typ, en.Name, len(en.Mentions), clip(extra, 70))
	}
	tw.Flush()
}
