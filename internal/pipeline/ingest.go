// Package pipeline owns the stages that take inputs to the archive: reading
// sources on a pool of workers, cleaning, per-article analysis, batching into
// store transactions, progress and the run summary.
//
// It wires packages article, clean and store together and holds no logic of
// theirs. One bad input never stops a run: its failure is recorded with the
// file (and record) it came from and the run goes on. Cancelling the context
// (Ctrl-C) stops reading new inputs; articles already read are stored in
// complete transactions, so the archive is always consistent and a rerun
// completes it without doubling anything.
package pipeline

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/clean"
	"github.com/storyline-news/storyline/internal/store"
)

// Options configure an Ingester. The zero value is usable.
type Options struct {
	// Workers is the number of reading and cleaning workers; 0 means one
	// per available core.
	Workers int
	// BatchSize is the number of articles stored per transaction (default 256).
	BatchSize int
	// Window is the number of articles whose lines are observed by the
	// cleaner before any of them is cleaned, so furniture repeated across
	// the articles of one source is recognised (default 2048). It bounds
	// the memory a run holds.
	Window int
	// Progress, when not nil, receives a progress bar (a terminal).
	Progress io.Writer
	// Logger receives one line per failed input; nil discards.
	Logger *slog.Logger
	// SkipAnalysis stores articles cleaned but not analysed (no inferred
	// dates, temporal expressions or entities): the fastest way to archive.
	SkipAnalysis bool
	// Analyse, when not nil, runs on every document after the standard
	// analysis and before it is stored, on the worker pool. An error fails
	// that article only.
	Analyse func(ctx context.Context, d *store.Doc) error
	// Link, when not nil, links the new and updated articles of every
	// stored batch, in one goroutine, right after the batch is stored
	// (package linkstage), undated ones included (first: publication
	// order, link.SortDocs); it is opened (Open) before the first batch.
	// Nil leaves articles unlinked (a caller that re-dates articles after the
	// run, Ingester.Redate, links them after that, in the publication
	// order the re-dating may change).
	Link Linker
}

// Linker links stored articles and stores the links; *linkstage.Stage
// satisfies it.
type Linker interface {
	// Open prepares linking (and links what the archive holds unlinked);
	// opening again does nothing.
	Open(ctx context.Context) error
	// Link links a stored batch of documents.
	Link(ctx context.Context, batch []*store.Doc) error
}

// Failure names an input that could not be read or stored, and why.
type Failure struct {
	Origin string `json:"origin"`
	Err    string `json:"error"`
}

// Summary counts what a run did.
type Summary struct {
	Sources int `json:"sources"`
	Read    int `json:"read"`
	Added   int `json:"new"`
	Updated int `json:"updated"`
	// Renamed counts the new articles stored under a derived id because
	// their own id names a different stored article (store.Renamed).
	Renamed   int           `json:"renamed"`
	Duplicate int           `json:"duplicate"`
	Failed    int           `json:"failed"`
	Bytes     int64         `json:"bytes"`
	Elapsed   time.Duration `json:"elapsed_ns"`
	Failures  []Failure     `json:"failures,omitempty"`
	// Linked counts the articles linked (new, updated and renamed ones).
	Linked int `json:"linked"`
	// IDs lists the document ids of the articles read, in the order stored
	// (a renamed article's derived id).
	IDs []string `json:"-"`
}

// Ingester reads inputs, cleans them and stores them.
type Ingester struct {
	analyser *Analyser
	reader   *article.Reader
	cleaner  *clean.Cleaner
	store    store.Store
	opts     Options
}

// New returns an Ingester writing to st.
func New(r *article.Reader, c *clean.Cleaner, st store.Store, opts Options) *Ingester {
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 256
	}
	if opts.Window <= 0 {
		opts.Window = 2048
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Ingester{analyser: NewAnalyser(), reader: r, cleaner: c, store: st, opts: opts}
}

// Ingest reads every input that paths name (files, directories, "-" for
// stdin, URLs), cleans and stores the articles, and returns what it did.
// Failed inputs are counted and listed in the summary, not returned as an
// error; the error is for what stops the whole run: a store failure or the
// context's cancellation (then the summary covers what was done before).
func (in *Ingester) Ingest(ctx context.Context, paths []string, stdin io.Reader) (Summary, error) {
	start := time.Now()
	var sum Summary
	lk := in.opts.Link
	if lk != nil {
		if err := lk.Open(ctx); err != nil {
			return sum, fmt.Errorf("open linking: %w", err)
		}
	}
	items, prog, stopReading, err := in.startReading(ctx, paths, stdin, &sum)
	if err != nil {
		return sum, err
	}
	defer prog.finish()
	defer stopReading()

	// Windows of read articles go to the cleaning and analysis stage, which sends
	// cleaned batches to the store stage: cleaning and storing overlap.
	windows := make(chan []*store.Doc, 1)
	batches := make(chan []*store.Doc, 2)
	var mu sync.Mutex // guards sum from here on
	var storeErr, linkErr error
	// Stored batches go to the link stage, one goroutine: linking
	// overlaps storing the next batch.
	toLink := make(chan []*store.Doc, 2)
	linkDone := make(chan struct{})
	go func() {
		defer close(linkDone)
		lctx := context.WithoutCancel(ctx)
		for batch := range toLink {
			if linkErr != nil {
				continue
			}
			err := lk.Link(lctx, batch)
			mu.Lock()
			if err != nil {
				linkErr = fmt.Errorf("link batch: %w", err)
			} else {
				sum.Linked += len(batch)
			}
			mu.Unlock()
		}
	}()
	storeDone := make(chan struct{})
	go func() {
		defer close(storeDone)
		defer close(toLink)
		// Articles already read are stored even after a cancel, so a
		// stopped run loses nothing it had read.
		sctx := context.WithoutCancel(ctx)
		for batch := range batches {
			if storeErr != nil {
				continue
			}
			own := make([]string, len(batch))
			for i, d := range batch {
				own[i] = d.Article.ID
			}
			outs, err := in.store.Put(sctx, batch)
			mu.Lock()
			if err != nil {
				storeErr = fmt.Errorf("store batch: %w", err)
				stopReading()
			} else {
				sum.count(batch, outs)
			}
			mu.Unlock()
			prog.articles(len(batch))
			for i, o := range outs {
				if o == store.Renamed {
					in.opts.Logger.Info("article id names a different stored article: stored under a derived id",
						"origin", batch[i].Article.Origin, "id", own[i], "stored_as", batch[i].Article.ID)
				}
			}
			if err == nil && lk != nil {
				var fresh []*store.Doc
				for i, o := range outs {
					if o == store.Added || o == store.Updated || o == store.Renamed {
						fresh = append(fresh, batch[i])
					}
				}
				if len(fresh) > 0 {
					toLink <- fresh
				}
			}
		}
	}()
	cleanDone := make(chan struct{})
	go func() {
		defer close(cleanDone)
		defer close(batches)
		for w := range windows {
			in.clean(context.WithoutCancel(ctx), w, batches, func(origin string, err error) {
				mu.Lock()
				in.fail(&sum, origin, err)
				mu.Unlock()
				prog.articles(1)
			})
		}
	}()

	window := make([]*store.Doc, 0, in.opts.Window)
	for it := range items {
		if it.Err != nil {
			mu.Lock()
			in.fail(&sum, it.Origin, it.Err)
			mu.Unlock()
			continue
		}
		if it.Article == nil {
			continue
		}
		in.cleaner.Observe(it.Article)
		prog.articleRead()
		mu.Lock()
		sum.Read++
		sum.Bytes += int64(len(it.Article.Text) + len(it.Article.Title))
		mu.Unlock()
		window = append(window, &store.Doc{Article: it.Article})
		if len(window) >= in.opts.Window {
			windows <- window
			window = make([]*store.Doc, 0, in.opts.Window)
		}
	}
	if len(window) > 0 {
		windows <- window
	}
	close(windows)
	<-cleanDone
	<-storeDone
	<-linkDone
	sum.Elapsed = time.Since(start)
	if storeErr != nil {
		return sum, storeErr
	}
	if linkErr != nil {
		return sum, linkErr
	}
	if err := ctx.Err(); err != nil {
		return sum, fmt.Errorf("ingest stopped: %w", err)
	}
	return sum, nil
}

// count adds the outcomes of a stored batch.
func (s *Summary) count(batch []*store.Doc, outs []store.Outcome) {
	for i, o := range outs {
		switch o {
		case store.Added:
			s.Added++
		case store.Updated:
			s.Updated++
		case store.Renamed:
			s.Renamed++
		case store.Duplicate:
			s.Duplicate++
		}
		s.IDs = append(s.IDs, batch[i].Article.ID)
	}
}

func (in *Ingester) fail(sum *Summary, origin string, err error) {
	sum.Failed++
	sum.Failures = append(sum.Failures, Failure{Origin: origin, Err: err.Error()})
	in.opts.Logger.Info("input failed", "origin", origin, "err", err)
}

// clean cleans and analyses a window of articles, batch by batch, on the
// worker pool, and sends each finished batch to out. Articles whose analysis
// fails are reported through fail and left out.
func (in *Ingester) clean(ctx context.Context, window []*store.Doc, out chan<- []*store.Doc, fail func(string, error)) {
	for lo := 0; lo < len(window); lo += in.opts.BatchSize {
		part := window[lo:min(lo+in.opts.BatchSize, len(window))]
		errs := make([]error, len(part))
		var next atomic.Int64
		var wg sync.WaitGroup
		for range min(in.opts.Workers, len(part)) {
			wg.Go(func() {
				for {
					i := int(next.Add(1)) - 1
					if i >= len(part) {
						return
					}
					d := part[i]
					in.cleaner.Clean(d.Article)
					if !in.opts.SkipAnalysis {
						errs[i] = in.analyser.Analyse(ctx, d)
					}
					if errs[i] == nil && in.opts.Analyse != nil {
						errs[i] = in.opts.Analyse(ctx, d)
					}
				}
			})
		}
		wg.Wait()
		batch := make([]*store.Doc, 0, len(part))
		for i, d := range part {
			if errs[i] != nil {
				fail(d.Article.Origin, fmt.Errorf("analyse %s: %w", d.Article.ID, errs[i]))
				continue
			}
			batch = append(batch, d)
		}
		if len(batch) > 0 {
			out <- batch
		}
	}
}
