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
// Items come out in input order (the sources in order, each source's items
// in its own order) however the workers interleave, so that a run is
// reproducible: which of two articles with one id keeps it, which version
// of an article is the update, and the order undated articles are linked
// in do not depend on scheduling.
func (in *Ingester) readInputs(ctx context.Context, sources []article.Source, stdin io.Reader, items chan<- article.Item, prog *progress) {
	type job struct {
		src article.Source
		out chan article.Item // this source's items, closed when read
	}
	jobs := make(chan job)
	// the sources being read, in input order; its capacity bounds how far
	// reading runs ahead of the source whose items are being passed on
	order := make(chan chan article.Item, 2*in.opts.Workers)
	var wg sync.WaitGroup
	for range in.opts.Workers {
		wg.Go(func() {
			for j := range jobs {
				err := in.reader.Read(ctx, j.src, stdin, func(it article.Item) error {
					select {
					case j.out <- it:
						return nil
					case <-ctx.Done():
						return ctx.Err()
					}
				})
				if err != nil && !errors.Is(err, context.Canceled) {
					select {
					case j.out <- article.Item{Origin: j.src.Path, Err: err}:
					case <-ctx.Done():
					}
				}
				close(j.out)
				prog.sourceDone()
			}
		})
	}
	go func() {
		defer close(jobs)
		defer close(order)
		for _, s := range sources {
			j := job{src: s, out: make(chan article.Item, 64)}
			select {
			case order <- j.out:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- j:
			case <-ctx.Done():
				close(j.out) // never read: the sequence below must not wait for it
				return
			}
		}
	}()
	go func() {
		defer close(items)
		for out := range order {
			for it := range out {
				select {
				case items <- it:
				case <-ctx.Done():
					// stopped: let the workers finish without waiting
					// for a reader
				}
			}
		}
		wg.Wait()
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
	items, prog, stopReading, err := in.startReading(ctx, paths, stdin, &sum)
	if err != nil {
		return sum, err
	}
	defer prog.finish()
	defer stopReading()
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

// startReading lists the inputs paths name (counting them in sum.Sources)
// and starts reading them on the reader workers: the read items arrive on
// the returned channel, which is closed when every input is read or stop
// is called. The caller finishes the progress bar.
func (in *Ingester) startReading(ctx context.Context, paths []string, stdin io.Reader, sum *Summary) (<-chan article.Item, *progress, context.CancelFunc, error) {
	var sources []article.Source
	err := in.reader.Sources(ctx, paths, func(s article.Source) error {
		sources = append(sources, s)
		return nil
	})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("list inputs: %w", err)
	}
	sum.Sources = len(sources)
	prog := newProgress(ctx, in.opts.Progress, len(sources))
	readCtx, stop := context.WithCancel(ctx)
	items := make(chan article.Item, 4*in.opts.BatchSize)
	in.readInputs(readCtx, sources, stdin, items, prog)
	return items, prog, stop, nil
}
