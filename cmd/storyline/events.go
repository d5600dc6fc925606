package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/clean"
	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/evaluate"
	"github.com/storyline-news/storyline/internal/event"
	"github.com/storyline-news/storyline/internal/link"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
)

type eventsCmd struct {
	Format      string `help:"Output format: jsonl (one event a line, DESIGN schema) or table." enum:"jsonl,table" default:"table"`
	Kind        string `help:"Only this kind: meeting, talks, summit, call or visit." enum:",meeting,talks,summit,call,visit" default:""`
	Status      string `help:"Only this status: happened, planned, possible, postponed or cancelled." enum:",happened,planned,possible,postponed,cancelled" default:""`
	Participant string `help:"Only events with this participant (full name as listed)."`
	Doc         string `help:"Only the events of this article."`
	From        string `help:"Only events on or after this day (YYYY-MM-DD)."`
	To          string `help:"Only events on or before this day (YYYY-MM-DD)."`
	PerArticle  bool   `help:"One line per event of one article, with the evidence for every field, instead of one per real-world event linked across articles."`
}

// eventLine is one line of `storyline events --format jsonl`: the DESIGN
// contract (id, kind, participants, place, when, when_text, status, story,
// mentions) plus the article, the TIMEX3 mod and the evidence of every
// field. Until stories are linked, each line is one event of one article
// and story is null.
type eventLine struct {
	ID           string         `json:"id"`
	Kind         string         `json:"kind"`
	Plover       string         `json:"plover"`
	Participants []string       `json:"participants"`
	Place        *string        `json:"place"`
	When         *string        `json:"when"`
	WhenText     string         `json:"when_text,omitempty"`
	Mod          string         `json:"mod,omitempty"`
	Status       string         `json:"status"`
	Negated      bool           `json:"negated,omitempty"`
	Story        *string        `json:"story"`
	Doc          string         `json:"doc"`
	Mentions     []eventMention `json:"mentions"`
	Evidence     eventEvidence  `json:"evidence"`
}

type eventMention struct {
	Doc     string     `json:"doc"`
	Text    string     `json:"text"`
	Status  string     `json:"status"`
	Start   int        `json:"start"`
	End     int        `json:"end"`
	Trigger event.Span `json:"trigger"`
}

type eventEvidence struct {
	Trigger      event.Span          `json:"trigger"`
	Participants []event.Participant `json:"participants"`
	Place        *event.Span         `json:"place,omitempty"`
	When         *event.Span         `json:"when,omitempty"`
	Status       *event.Span         `json:"status,omitempty"`
}

// participantNames returns the event's participants by canonical name
// where the entity layer knows them, each once, in order.
func participantNames(ident *entity.Identity, doc string, ev event.Event) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, p := range ev.Participants {
		name := p.Name
		if c := ident.Name(doc, p.EntityKey); c != "" && p.EntityKey != "" {
			name = c
		}
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out
}

func newEventLine(se store.StoredEvent, ident *entity.Identity) eventLine {
	ev := se.Event
	l := eventLine{
		ID: se.ID(), Kind: ev.Kind, Plover: ev.Plover, Participants: participantNames(ident, se.Doc, ev),
		WhenText: ev.WhenText, Mod: ev.Mod, Status: ev.Status, Negated: ev.Negated, Doc: se.Doc,
		Evidence: eventEvidence{Trigger: ev.Trigger, Participants: ev.Participants, Place: ev.PlaceEvidence,
			When: ev.WhenEvidence, Status: ev.StatusEvidence},
	}
	if ev.Place != "" {
		l.Place = &ev.Place
	}
	if ev.When != "" {
		l.When = &ev.When
	}
	for _, m := range ev.Mentions {
		l.Mentions = append(l.Mentions, eventMention{Doc: se.Doc, Text: m.Sentence.Text, Status: m.Status,
			Start: m.Sentence.Start, End: m.Sentence.End, Trigger: m.Trigger})
	}
	return l
}

func (c *eventsCmd) Run(e *env) error {
	f := store.EventFilter{Kind: c.Kind, Status: c.Status, Participant: c.Participant, Doc: c.Doc}
	var err error
	if f.From, err = optionalDay(c.From); err != nil {
		return fmt.Errorf("--from: %w", err)
	}
	if f.To, err = optionalDay(c.To); err != nil {
		return fmt.Errorf("--to: %w", err)
	}
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	if !c.PerArticle {
		return c.runLinked(e, st, f)
	}
	ident, err := entity.Rebuild(e.ctx, st.EachEntities)
	if err != nil {
		return err
	}
	if c.Format == "jsonl" {
		enc := json.NewEncoder(e.stdout)
		return st.Events(e.ctx, f, func(se store.StoredEvent) error { return enc.Encode(newEventLine(se, ident)) })
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "WHEN\tKIND\tSTATUS\tPARTICIPANTS\tPLACE\tREPORTS\tDOC")
	err = st.Events(e.ctx, f, func(se store.StoredEvent) error {
		when, status, place := eventCells(se.Event)
		_, err := fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", when, se.Kind, status,
			clip(strings.Join(participantNames(ident, se.Doc, se.Event), ", "), 50), clip(place, 24), len(se.Mentions), se.Doc)
		return err
	})
	if err != nil {
		return err
	}
	return tw.Flush()
}

// runLinked prints the real-world events linked across articles that
// match f (kind, status, participant, date range; Doc keeps the events an
// article reports).
func (c *eventsCmd) runLinked(e *env, st store.Store, f store.EventFilter) error {
	if err := e.ensureLinked(st); err != nil {
		return err
	}
	var evs []link.Event
	lf := store.LinkFilter{Kind: f.Kind, Status: f.Status, Participant: f.Participant, Doc: f.Doc, From: f.From, To: f.To}
	err := st.LinkedEvents(e.ctx, lf, func(ev store.LinkedEvent) error {
		evs = append(evs, ev)
		return nil
	})
	if err != nil {
		return err
	}
	if c.Format == "jsonl" {
		enc := json.NewEncoder(e.stdout)
		for _, ev := range evs {
			if err := enc.Encode(newLinkedEventLine(ev)); err != nil {
				return err
			}
		}
		return nil
	}
	byWhen(evs)
	return printLinkedEvents(e.stdout, evs)
}

// eventCells formats an event's time (with its mod), status (with its
// negation) and place for a table, "-" for what is unknown.
func eventCells(ev event.Event) (when, status, place string) {
	when, status, place = ev.When, ev.Status, ev.Place
	if when == "" {
		when = "-"
	}
	if ev.Mod != "" {
		when += " (" + strings.ToLower(ev.Mod) + ")"
	}
	if ev.Negated {
		status = "not " + status
	}
	if place == "" {
		place = "-"
	}
	return when, status, place
}

// optionalDay parses YYYY-MM-DD, or returns the zero time for "".
func optionalDay(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse("2006-01-02", s)
}

type evalFiveWCmd struct {
	Gold   string `help:"Directory of Giveme5W1H gold articles (news-please JSON with coders' answers)." default:"../shared/data/giveme5w1h-gold" type:"existingdir"`
	Format string `help:"Output format: text or json." enum:"text,json" default:"text"`
}

// Run answers who, when and where from each gold article's main event
// (the same cleaning and analysis as ingest) and scores the answers.
func (c *evalFiveWCmd) Run(e *env) error {
	cl := clean.New(clean.Options{})
	an := pipeline.NewAnalyser()
	analyse := func(ctx context.Context, a *article.Article) (evaluate.FiveWAnswer, error) {
		cl.Clean(a)
		d := &store.Doc{Article: a}
		if err := an.Analyse(ctx, d); err != nil {
			return evaluate.FiveWAnswer{}, err
		}
		ans := event.MainAnswers(a.Text, a.Title, a.Date, a.Place, d.Entities, d.Timexes, d.Events)
		return evaluate.FiveWAnswer{Who: ans.Who, When: ans.WhenText, Where: ans.Where}, nil
	}
	total, _, err := evaluate.EvalFiveW(e.ctx, c.Gold, analyse)
	if err != nil {
		return err
	}
	if c.Format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(total)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(e.stdout, "Giveme5W1H: %d articles; a question counts where at least two coders answered it\n", total.Docs)
	fmt.Fprintln(tw, "question\tgold\tanswered\tcorrect\tprecision\trecall\t")
	for _, q := range []struct {
		name string
		q    evaluate.FiveWQuestion
	}{{"who", total.Who}, {"when", total.When}, {"where", total.Where}} {
		p, r, _ := q.q.PRF()
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.3f\t%.3f\t\n", q.name, q.q.Gold, q.q.Answered, q.q.Correct, p, r)
	}
	return tw.Flush()
}
