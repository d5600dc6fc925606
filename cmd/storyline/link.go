package main

import (
	"bufio"
	"encoding/json"
	"errors"
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
	"github.com/storyline-news/storyline/internal/linkstage"
	"github.com/storyline-news/storyline/internal/store"
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
	if err := e.ensureLinked(st); err != nil {
		return err
	}
	if c.Format == "jsonl" {
		enc := json.NewEncoder(e.stdout)
		return st.DocLinks(e.ctx, "", func(r store.DocLink) error {
			return enc.Encode(clusterLine{Doc: r.Doc, Cluster: r.Cluster, Story: r.Story, DuplicateOf: r.DuplicateOf})
		})
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DOC\tCLUSTER\tSTORY\tDUPLICATE OF")
	err = st.DocLinks(e.ctx, "", func(r store.DocLink) error {
		_, err := fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Doc, r.Cluster, r.Story, r.DuplicateOf)
		return err
	})
	if err != nil {
		return err
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
	if err := e.ensureLinked(st); err != nil {
		return err
	}
	var stories []link.Story
	err = st.Stories(e.ctx, func(s store.Story) error {
		stories = append(stories, s)
		return nil
	})
	if err != nil {
		return err
	}
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

func newLinkedEventLine(ev link.Event) linkedEventLine {
	l := linkedEventLine{ID: ev.ID, Kind: ev.Kind, Plover: event.PloverConsult, Participants: nonNilStrings(ev.Names),
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
func printLinkedEvents(w io.Writer, evs []link.Event) error {
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
			clip(strings.Join(ev.Names, ", "), 50), clip(place, 24), strings.Join(docs, ", "))
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

// nonNilStrings turns nil into an empty list (JSON []).
func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ensureLinked links the articles of the archive that are stored but not
// linked yet (ingested with --no-link, or by an older storyline), and
// refines, as ingest would have, so that the commands reading links see
// the whole archive.
func (e *env) ensureLinked(st store.Store) error {
	n := 0
	err := st.Unlinked(e.ctx, func(string) error {
		n++
		return errStop
	})
	if err != nil && !errors.Is(err, errStop) {
		return err
	}
	if n == 0 {
		return nil
	}
	x := e.linkStage(st)
	defer x.Close()
	err = e.linkAndRefine(x, true)
	if errors.Is(err, store.ErrLinkLocked) {
		// The process linking the archive links these articles; read the
		// links stored so far.
		e.log.Warn("articles not linked yet: another process is linking this archive; showing the links stored so far", "err", err)
		return nil
	}
	return err
}

// errStop ends an iteration early.
var errStop = errors.New("stop")

type linkCmd struct {
	Rebuild  bool `help:"Relink the whole archive from scratch, in publication order, and refine (batch mode), replacing the stored links."`
	NoRefine bool `help:"Without --rebuild: link incrementally only, without the batch refinement of the clusters."`
}

// Run links the articles stored but not linked yet, or with --rebuild the
// whole archive again, and prints what the links hold.
func (c *linkCmd) Run(e *env) error {
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	if c.Rebuild {
		n, err := linkstage.Relink(e.ctx, st, linkstage.Options{Logger: e.log})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "relinked %d articles in %.2fs\n", n, time.Since(start).Seconds())
	} else {
		x := e.linkStage(st)
		defer x.Close()
		if err := e.linkAndRefine(x, !c.NoRefine); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "linked: %d articles in the linker's history, working set %d clusters, %d stories, %d events (%.2fs)\n",
			x.Stats().Docs, x.Stats().Clusters, x.Stats().Stories, x.Stats().Events, time.Since(start).Seconds())
	}
	docs, stories, events := 0, 0, 0
	if err := st.DocLinks(e.ctx, "", func(store.DocLink) error { docs++; return nil }); err != nil {
		return err
	}
	if err := st.Stories(e.ctx, func(store.Story) error { stories++; return nil }); err != nil {
		return err
	}
	if err := st.LinkedEvents(e.ctx, store.LinkFilter{}, func(store.LinkedEvent) error { events++; return nil }); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "archive: %d articles linked, %d stories, %d real-world events\n", docs, stories, events)
	return nil
}

type evalClusterCmd struct {
	Gold   string `help:"JSONL gold assignment, one {\"doc\",\"cluster\",\"story\"} a line (see build ecb-gold)." required:"" type:"existingfile"`
	Level  string `help:"Score event clusters (the gold's cluster) or stories (the gold's story)." enum:"event,story" default:"event"`
	Stored bool   `help:"Score the links stored as the archive was ingested (incremental linking, batch by batch) instead of linking the whole archive again in batch mode."`
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
	pred := map[string]string{}
	put := func(doc, cluster, story string) {
		if c.Level == "story" {
			pred[doc] = story
		} else {
			pred[doc] = cluster
		}
	}
	if c.Stored {
		if err := e.ensureLinked(st); err != nil {
			return err
		}
		err = st.DocLinks(e.ctx, "", func(d store.DocLink) error {
			put(d.Doc, d.Cluster, d.Story)
			return nil
		})
		if err != nil {
			return err
		}
	} else {
		lk, err := link.ReplayStore(e.ctx, st, true)
		if err != nil {
			return err
		}
		for id, r := range lk.Results {
			put(id, r.Cluster, r.Story)
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
