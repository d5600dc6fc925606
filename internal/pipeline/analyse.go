package pipeline

import (
	"context"
	"fmt"
	"sync"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/event"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/text"
	"github.com/storyline-news/storyline/internal/timex"
)

// Analyser runs the per-article analysis: it needs nothing but the article
// and read-only models, so it runs on every core. It is safe for concurrent
// use. The entity resolver (and the NER model under it) is loaded on first
// use.
type Analyser struct {
	timex    *timex.Tagger
	events   *event.Extractor
	resolver func() (*entity.Resolver, error)
}

// NewAnalyser returns the standard analysis: document date, temporal
// expressions, entities, contact events.
func NewAnalyser() *Analyser {
	return &Analyser{timex: timex.New(), events: event.NewExtractor(), resolver: sync.OnceValues(entity.NewResolver)}
}

// Analyse fills in d's analysis from d.Article, which it may update: an
// article without a publication date gets one inferred from its text (with
// source "inferred" and a confidence below 1) when the text gives enough
// evidence (see timex.MinInferredConfidence); otherwise the date stays
// unknown.
func (an *Analyser) Analyse(ctx context.Context, d *store.Doc) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	a := d.Article
	if a.Date.IsZero() {
		dd := an.timex.ResolveDocDate(a.Date, a.Text)
		switch dd.Source {
		case "inferred":
			a.Date, a.DateSource, a.DateConfidence = dd.Date, article.DateFromInferred, dd.Confidence
		case "header":
			a.Date, a.DateSource, a.DateConfidence = dd.Date, article.DateFromHeader, dd.Confidence
		}
	}
	d.Timexes = an.timex.Tag(a.Text, a.Date)
	res, err := an.resolver()
	if err != nil {
		return fmt.Errorf("load entity resolver: %w", err)
	}
	// One tokenisation for the entities and the events.
	sents, toks := text.AppendSentences(nil, a.Text, make([]text.Token, 0, len(a.Text)/5+1))
	d.Entities = res.ArticleTokens(a.Text, toks)
	d.Events = an.events.ExtractSplit(a.Text, sents, toks, a.Date, a.Place, d.Entities, d.Timexes)
	return nil
}
