package main

import (
	"fmt"
	"os"

	"github.com/alecthomas/kong"
	"github.com/mattn/go-isatty"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/clean"
	"github.com/storyline-news/storyline/internal/linkstage"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
)

func isTerminal(f *os.File) bool {
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

// openStore opens the archive named by --db: a postgres:// URL or a SQLite
// file (~ expanded).
func (e *env) openStore() (store.Store, error) {
	dsn := e.cli.DB
	if !store.IsPostgresDSN(dsn) {
		dsn = kong.ExpandPath(dsn)
	}
	st, err := store.Open(e.ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("open archive: %w", err)
	}
	return st, nil
}

// inputFlags are the flags shared by the commands that read inputs.
type inputFlags struct {
	AllowPrivate bool  `help:"Allow fetching URLs on private, loopback and link-local addresses."`
	MaxBytes     int64 `help:"Largest input accepted, in bytes." default:"67108864"`
	Workers      int   `help:"Reading and cleaning workers (0: one per core)." default:"0"`
	NoProgress   bool  `help:"Never draw a progress bar."`
}

// ingestFlags are the inputFlags of ingest, which may skip analysis.
type ingestFlags struct {
	inputFlags
	SkipAnalysis bool `help:"Store cleaned articles without analysing them (no inferred dates, temporal expressions or entities)."`
	NoLink       bool `help:"Store articles without linking them into events, clusters and stories (storyline link does it later)."`
	NoRefine     bool `help:"Link incrementally only: skip the batch refinement that revisits the clusters once the run's articles are linked."`
}

// linkedIngester returns an ingester that links through the given link
// stage: ingesters of one archive running at once (serve --watch) share
// its one stage, which the command snapshots before it exits.
func (e *env) linkedIngester(st store.Store, f inputFlags, lk *linkstage.Stage) *pipeline.Ingester {
	return e.ingesterWith(st, f, pipeline.Options{Link: lk})
}

// linkStage returns a new, unopened link stage of the archive st; its
// caller closes it (which releases the archive's link lock).
func (e *env) linkStage(st store.Store) *linkstage.Stage {
	return linkstage.New(st, linkstage.Options{Logger: e.log})
}

// lockedLinkStage returns a new link stage of st that holds the archive's
// link lock, taken before the command reads anything: when another process
// links the archive, the command fails now rather than after its run. Its
// caller closes it.
func (e *env) lockedLinkStage(st store.Store) (*linkstage.Stage, error) {
	lk := e.linkStage(st)
	if err := lk.Lock(e.ctx); err != nil {
		return nil, err
	}
	return lk, nil
}

// ingesterWith returns an ingester with the pipeline options o: the input
// flags set the workers and progress bar, and the command's logger is
// used. It links only through o.Link, a stage its caller closes.
func (e *env) ingesterWith(st store.Store, f inputFlags, o pipeline.Options) *pipeline.Ingester {
	r := article.NewReader(article.Options{AllowPrivate: f.AllowPrivate, MaxBytes: f.MaxBytes})
	if e.stderrIsTerminal && !f.NoProgress {
		o.Progress = e.stderr
	}
	o.Workers, o.Logger = f.Workers, e.log
	return pipeline.New(r, clean.New(clean.Options{}), st, o)
}

func (e *env) stdoutIsTerminal() bool {
	f, ok := e.stdout.(*os.File)
	return ok && isTerminal(f)
}
