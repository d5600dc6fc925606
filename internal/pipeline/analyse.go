package pipeline

import (
	"context"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/timex"
)

// Analyser runs the per-article analysis: it needs nothing but the article
// and read-only models, so it runs on every core. It is safe for concurrent
// use.
type Analyser struct {
	timex *timex.Tagger
}

// NewAnalyser returns the standard analysis: document date, then temporal
// expressions.
func NewAnalyser() *Analyser {
	return &Analyser{timex: timex.New()}
}

// Analyse fills in d's analysis from d.Article, which it may update: an
// article without a publication date gets one inferred from its text (with
// source "inferred" and a confidence below 1) when the text gives enough
// evidence; otherwise the date stays unknown.
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
	return nil
}
