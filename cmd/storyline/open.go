package main

import (
	"fmt"
	"io"
	"os"

	"github.com/alecthomas/kong"
	"github.com/mattn/go-isatty"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/clean"
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
}

func (e *env) ingester(st store.Store, f inputFlags, skipAnalysis bool) *pipeline.Ingester {
	r := article.NewReader(article.Options{AllowPrivate: f.AllowPrivate, MaxBytes: f.MaxBytes})
	var prog io.Writer
	if e.stderrIsTerminal && !f.NoProgress {
		prog = e.stderr
	}
	return pipeline.New(r, clean.New(clean.Options{}), st, pipeline.Options{
		Workers:      f.Workers,
		Progress:     prog,
		Logger:       e.log,
		SkipAnalysis: skipAnalysis,
	})
}

func (e *env) stdoutIsTerminal() bool {
	f, ok := e.stdout.(*os.File)
	return ok && isTerminal(f)
}
