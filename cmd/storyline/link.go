package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/storyline-news/storyline/internal/evaluate"
	"github.com/storyline-news/storyline/internal/event"
	"github.com/storyline-news/storyline/internal/link"
	"github.com/storyline-news/storyline/internal/timex"
)

type clustersCmd struct {
	Format string `help:"Output format: jsonl ({\"doc\",\"cluster\",\"story\"} per article) or table." enum:"jsonl,table" default:"jsonl"`
}

// clusterLine is one line of `storyline clusters --format jsonl`.
type clusterLine struct {
	Doc         string `json:"doc"`
	Cluster     string `json:"cluster"`
	Story       string `json:"story"`
	DuplicateOf string `json:"duplicate_of,omitempty"`
}

func (c *clustersCmd) Run(e *env) error {
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	lk, err := link.ReplayStore(e.ctx, st)
	if err != nil {
		return err
	}
	if c.Format == "jsonl" {
		enc := json.NewEncoder(e.stdout)
		for _, id := range lk.Order {
			r := lk.Results[id]
			if err := enc.Encode(clusterLine{Doc: id, Cluster: r.Cluster, Story: r.Story, DuplicateOf: r.DuplicateOf}); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DOC\tCLUSTER\tSTORY\tDUPLICATE OF")
	for _, id := range lk.Order {
		r := lk.Results[id]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", id, r.Cluster, r.Story, r.DuplicateOf)
	}
	return tw.Flush()
}

type storiesCmd struct {
	Format string `help:"Output format: table or jsonl." enum:"table,jsonl" default:"table"`
}

func (c *storiesCmd) Run(e *env) error {
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	lk, err := link.ReplayStore(e.ctx, st)
	if err != nil {
		return err
	}
	stories := lk.Linker.Stories()
	if c.Format == "jsonl" {
		enc := json.NewEncoder(e.stdout)
		for _, s := range stories {
			if err := enc.Encode(s); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STORY\tFROM\tTO\tARTICLES\tEVENTS\tTITLE")
	for _, s := range stories {
		from, to := "-", "-"
		if !s.Start.IsZero() {
			from, to = s.Start.Format("2006-01-02"), s.End.Format("2006-01-02")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\n", s.ID, from, to, s.Docs, len(s.Events), clip(s.Title, 70))
	}
	return tw.Flush()
}

// linkedEventLine is one line of `storyline events --format jsonl`: one
// real-world event linked across articles, in the DESIGN schema.
type linkedEventLine struct {
	ID           string          `json:"id"`
	Kind         string          `json:"kind"`
	Plover       string          `json:"plover"`
	Participants []string        `json:"participants"`
	Place        *string         `json:"place"`
	When         *string         `json:"when"`
	WhenText     string          `json:"when_text,omitempty"`
	Status       string          `json:"status"`
	Story        string          `json:"story"`
	Cluster      string          `json:"cluster"`
	Mentions     []linkedMention `json:"mentions"`
}

type linkedMention struct {
	Doc       string `json:"doc"`
	Text      string `json:"text"`
	Status    string `json:"status"`
	When      string `json:"when,omitempty"`
	Date      string `json:"date,omitempty"`
	Duplicate bool   `json:"duplicate,omitempty"`
}

func newLinkedEventLine(lk *link.Replay, ev link.Event) linkedEventLine {
	l := linkedEventLine{ID: ev.ID, Kind: ev.Kind, Plover: event.PloverConsult, Participants: lk.Participants(ev),
		WhenText: ev.WhenText, Status: ev.Status, Story: ev.Story, Cluster: ev.Cluster}
	if ev.Place != "" {
		l.Place = &ev.Place
	}
	if ev.When != "" {
		l.When = &ev.When
	}
	for _, m := range ev.Mentions {
		lm := linkedMention{Doc: m.Doc, Text: m.Sentence, Status: m.Status, When: m.When, Duplicate: m.Duplicate}
		if !m.Date.IsZero() {
			lm.Date = m.Date.Format("2006-01-02")
		}
		l.Mentions = append(l.Mentions, lm)
	}
	return l
}

// printLinkedEvents writes the linked events as a table: time, kind, status
// (of the latest report), participants, place, and the reporting articles.
func printLinkedEvents(lk *link.Replay, w io.Writer, evs []link.Event) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "WHEN\tKIND\tSTATUS\tPARTICIPANTS\tPLACE\tSOURCES")
	for _, ev := range evs {
		when, place := ev.When, ev.Place
		if when == "" {
			when = "-"
		}
		if place == "" {
			place = "-"
		}
		var docs []string
		for _, m := range ev.Mentions {
			if len(docs) == 0 || docs[len(docs)-1] != m.Doc {
				docs = append(docs, m.Doc)
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", when, ev.Kind, ev.Status,
			clip(strings.Join(lk.Participants(ev), ", "), 50), clip(place, 24), strings.Join(docs, ", "))
	}
	return tw.Flush()
}

// byWhen orders events by the start of their TIMEX3 value (undated last),
// keeping the linker's order among equals.
func byWhen(evs []link.Event) {
	start := func(ev link.Event) (time.Time, bool) {
		t, _, ok := timex.ValueRange(ev.When)
		return t, ok
	}
	sort.SliceStable(evs, func(i, j int) bool {
		a, oka := start(evs[i])
		b, okb := start(evs[j])
		if oka != okb {
			return oka
		}
		return oka && a.Before(b)
	})
}

type evalClusterCmd struct {
	Gold   string `help:"JSONL gold assignment, one {\"doc\",\"cluster\",\"story\"} a line (see build ecb-gold)." required:"" type:"existingfile"`
	Level  string `help:"Score event clusters (the gold's cluster) or stories (the gold's story)." enum:"event,story" default:"event"`
	Format string `help:"Output format: text or json." enum:"text,json" default:"text"`
}

// Run links the archive and scores its clusters (or stories) against the
// gold: B-cubed and pairwise P/R/F1, V-measure and adjusted Rand index.
func (c *evalClusterCmd) Run(e *env) error {
	f, err := os.Open(c.Gold)
	if err != nil {
		return err
	}
	goldCl, goldSt, err := evaluate.ReadAssignments(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("read %s: %w", c.Gold, err)
	}
	gold := goldCl
	if c.Level == "story" {
		gold = goldSt
	}
	if len(gold) == 0 {
		return fmt.Errorf("%s has no %s labels", c.Gold, c.Level)
	}
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	lk, err := link.ReplayStore(e.ctx, st)
	if err != nil {
		return err
	}
	pred := make(map[string]string, len(lk.Results))
	for id, r := range lk.Results {
		if c.Level == "story" {
			pred[id] = r.Story
		} else {
			pred[id] = r.Cluster
		}
	}
	sc := evaluate.ScoreClusters(gold, pred)
	if c.Format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(sc)
	}
	fmt.Fprintf(e.stdout, "%s level: %d gold documents (%d missing from the archive), %d gold and %d predicted clusters\n",
		c.Level, sc.Docs, sc.Missing, sc.Gold, sc.Predicted)
	fmt.Fprintf(e.stdout, "B-cubed   P %.3f  R %.3f  F1 %.3f\n", sc.BCubed.P, sc.BCubed.R, sc.BCubed.F())
	fmt.Fprintf(e.stdout, "pairwise  P %.3f  R %.3f  F1 %.3f\n", sc.Pairwise.P, sc.Pairwise.R, sc.Pairwise.F())
	fmt.Fprintf(e.stdout, "V-measure %.3f (homogeneity %.3f, completeness %.3f)  ARI %.3f\n",
		sc.VMeasure, sc.Homogeneity, sc.Completeness, sc.ARI)
	return nil
}

type buildECBGoldCmd struct {
	Data string `help:"ECB+ corpus directory (topic folders of *ecb.xml and *ecbplus.xml)." default:"../shared/data/ecbplus" type:"existingdir"`
	Out  string `help:"Output JSONL file; - for standard output." default:"-"`
}

// Run writes the ECB+ gold assignment: the topic folder is the story, the
// topic with the file's ecb/ecbplus suffix the event.
func (c *buildECBGoldCmd) Run(e *env) error {
	if c.Out == "-" {
		return evaluate.WriteECBGold(e.stdout, c.Data)
	}
	return writeFileAtomic(c.Out, func(w *bufio.Writer) error { return evaluate.WriteECBGold(w, c.Data) })
}
