package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/store"
)

// readInputs reads sources on the worker pool and sends every item (an
// article or a failure) to items, which it closes when all are read or
// ctx is cancelled. Failures of a whole input come out as items naming it.
func (in *Ingester) readInputs(ctx context.Context, sources []article.Source, stdin io.Reader, items chan<- article.Item, prog *progress) {
	srcCh := make(chan article.Source)
	var wg sync.WaitGroup
	for range in.opts.Workers {
		wg.Go(func() {
			for src := range srcCh {
				err := in.reader.Read(ctx, src, stdin, func(it article.Item) error {
					select {
					case items <- it:
						return nil
					case <-ctx.Done():
						return ctx.Err()
					}
				})
				if err != nil && !errors.Is(err, context.Canceled) {
					select {
					case items <- article.Item{Origin: src.Path, Err: err}:
					case <-ctx.Done():
					}
				}
				prog.sourceDone()
			}
		})
	}
	go func() {
		defer close(srcCh)
		for _, s := range sources {
			select {
			case srcCh <- s:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(items)
	}()
}

// Sink takes one article as read (not cleaned, not analysed) and says
// what became of it: store.Added when it was accepted as new,
// store.Duplicate when its receiver already had it. An error stops the
// run.
type Sink func(ctx context.Context, a *article.Article) (store.Outcome, error)

// Send reads every input that paths name exactly as Ingest does (same
// sources, same worker pool, same failure reporting) but hands each article
// read to sink, one at a time, instead of cleaning, analysing and storing
// it: the first stage of a distributed run, whose later stages run
// elsewhere. The Ingester's cleaner and store are not used. The summary
// counts Added and Duplicate from sink's outcomes; the error is for what
// stops the whole run: sink's error or the context's cancellation.
func (in *Ingester) Send(ctx context.Context, paths []string, stdin io.Reader, sink Sink) (Summary, error) {
	start := time.Now()
	var sum Summary
	var sources []article.Source
	err := in.reader.Sources(ctx, paths, func(s article.Source) error {
		sources = append(sources, s)
		return nil
	})
	if err != nil {
		return sum, fmt.Errorf("list inputs: %w", err)
	}
	sum.Sources = len(sources)
	prog := newProgress(ctx, in.opts.Progress, len(sources))
	defer prog.finish()

	readCtx, stopReading := context.WithCancel(ctx)
	defer stopReading()
	items := make(chan article.Item, 4*in.opts.BatchSize)
	in.readInputs(readCtx, sources, stdin, items, prog)
	var sinkErr error
	for it := range items {
		if it.Err != nil {
			in.fail(&sum, it.Origin, it.Err)
			continue
		}
		if it.Article == nil || sinkErr != nil {
			continue
		}
		prog.articleRead()
		sum.Read++
		sum.Bytes += int64(len(it.Article.Text) + len(it.Article.Title))
		out, err := sink(ctx, it.Article)
		if err != nil {
			sinkErr = fmt.Errorf("send %s: %w", it.Article.ID, err)
			stopReading()
			continue
		}
		sum.count([]*store.Doc{{Article: it.Article}}, []store.Outcome{out})
		prog.articles(1)
	}
	sum.Elapsed = time.Since(start)
	if sinkErr != nil {
		return sum, sinkErr
	}
	if err := ctx.Err(); err != nil {
		return sum, fmt.Errorf("send stopped: %w", err)
	}
	return sum, nil
}
