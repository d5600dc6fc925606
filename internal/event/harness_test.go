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

// readArticles reads, cleans and analyses the articles at paths.
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

var _ = time.Time{}
