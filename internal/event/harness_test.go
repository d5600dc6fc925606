package event

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/clean"
	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/timex"
)

// analysed is one article run through the pipeline's per-article analysis
// up to entities, as internal/pipeline does it.
type analysed struct {
	a    *article.Article
	ents []entity.Entity
	tx   []timex.Timex
}

var (
	resolverOnce sync.Once
	resolver     *entity.Resolver
	resolverErr  error
	tagger       = timex.New()
)

func getResolver(t testing.TB) *entity.Resolver {
	resolverOnce.Do(func() { resolver, resolverErr = entity.NewResolver() })
	if resolverErr != nil {
		t.Fatal(resolverErr)
	}
	return resolver
}

// anchors are the publication dates of the undated samples, given to the
// event tests so that they test events, not document dating: 000 is AFP's
// report of the Munich meeting "today" (16 February 2024), 001 Politico's
// of Friday 17 February 2023 (the conference "opened Friday"; Blinken flew
// "on Thursday"), 004 the Monday after "last Friday" (27 September 2024).
var anchors = map[string]time.Time{
	"000_6394e120e0103872": time.Date(2024, 2, 16, 0, 0, 0, 0, time.UTC),
	"001_ce929a0f18dc0e62": time.Date(2023, 2, 17, 0, 0, 0, 0, time.UTC),
	"004_869f1232419da740": time.Date(2024, 9, 30, 0, 0, 0, 0, time.UTC),
}

// readArticles reads, cleans and analyses the articles at paths; an
// undated article named in anchors gets that date.
func readArticles(t testing.TB, paths ...string) []analysed {
	t.Helper()
	r := article.NewReader(article.Options{})
	c := clean.New(clean.Options{})
	var out []analysed
	err := r.ReadPaths(context.Background(), paths, nil, func(it article.Item) error {
		if it.Err != nil {
			return it.Err
		}
		a := it.Article
		c.Clean(a)
		if d, ok := anchors[a.ID]; ok && a.Date.IsZero() {
			a.Date = d
		}
		if a.Date.IsZero() {
			dd := tagger.ResolveDocDate(a.Date, a.Text)
			if (dd.Source == "inferred" && dd.Confidence >= 0.3) || dd.Source == "header" {
				a.Date = dd.Date
			}
		}
		out = append(out, analysed{a: a, ents: getResolver(t).Article(a.Text), tx: tagger.Tag(a.Text, a.Date)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
