// Command storyline turns a pile or a stream of news articles into a clean,
// searchable archive and, stage by stage, into events, stories and
// timelines. This package only parses flags, wires the internal packages
// together and prints; it holds no logic of its own.
//
// Exit codes: 0 all well; 1 usage or fatal error; 2 finished, but some
// inputs failed (each is named on standard error).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/alecthomas/kong"

	"github.com/storyline-news/storyline/internal/store"
)

// Exit codes of the storyline command.
const (
	exitOK      = 0
	exitFatal   = 1
	exitPartial = 2
)

// cli is the command line: global flags and one field per command.
type cli struct {
	DB        string `help:"Archive: a SQLite database file, or a postgres:// URL for PostgreSQL." default:"storyline.db" env:"STORYLINE_DB"`
	LogFormat string `help:"Log format: text or json." enum:"text,json" default:"text"`
	LogLevel  string `help:"Log level: debug, info, warn or error." enum:"debug,info,warn,error" default:"warn"`

	Run      runCmd      `cmd:"" help:"The main job: ingest inputs and print what storyline knows of them."`
	Ingest   ingestCmd   `cmd:"" help:"Read, clean and store articles from files, directories, URLs or - (stdin)."`
	Articles articlesCmd `cmd:"" help:"List the archived articles."`
	Show     showCmd     `cmd:"" help:"Show one article: cleaned text and all metadata."`
	Search   searchCmd   `cmd:"" help:"Full-text search over titles and texts, ranked, with snippets."`
	Entities entitiesCmd `cmd:"" help:"List the people, organisations, places and other names across the archive."`
	Events   eventsCmd   `cmd:"" help:"List contact events (meetings, talks, summits, calls, visits) with participants, place, date and status."`
	Clusters clustersCmd `cmd:"" help:"Each article's event cluster and story."`
	Stories  storiesCmd  `cmd:"" help:"List the stories: clusters and events threaded over time."`
	Link     linkCmd     `cmd:"" help:"Link the articles not linked yet (ingest links what it stores unless --no-link), or --rebuild every link in publication order."`
	Timeline timelineCmd `cmd:"" help:"Timeline of a story, a query or the whole archive."`
	Serve    serveCmd    `cmd:"" help:"Serve the JSON API, web pages and Atom feeds (and poll feeds with --watch)."`
	Watch    watchCmd    `cmd:"" help:"Poll news feeds and ingest their new items continuously."`
	Worker   workerCmd   `cmd:"" help:"Distributed mode: analyse and store the articles that ingest --queue publishes."`
	Linker   linkerCmd   `cmd:"" help:"Distributed mode: link the articles the workers stored, as the one active linker or its standby."`
	Tag      tagCmd      `cmd:"" help:"Annotate files in standard formats (TimeML, CoNLL)."`
	Eval     evalCmd     `cmd:"" help:"Evaluations on the labelled development data."`
	Train    trainCmd    `cmd:"" help:"Train the models embedded in the binary from ../shared/data."`
	Build    buildCmd    `cmd:"" help:"Rebuild the data files embedded in the binary from ../shared/data."`
}

// env is what every command's Run receives: the streams, the logger, the
// context and the global flags.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	log    *slog.Logger
	cli    *cli
	// stderrIsTerminal decides whether progress bars are drawn.
	stderrIsTerminal bool
}

// partialError reports that a command finished but some inputs failed.
type partialError struct{ failed int }

func (e partialError) Error() string { return fmt.Sprintf("%d input(s) failed", e.failed) }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, isTerminal(os.Stderr))
	stop()
	os.Exit(code)
}

// run parses args, runs the chosen command and returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, tty bool) int {
	var c cli
	exitCode := -1
	parser, err := kong.New(&c,
		kong.Name("storyline"),
		kong.Description("storyline turns news articles into events, stories and timelines."),
		kong.UsageOnError(),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true}),
		kong.Writers(stdout, stderr),
		kong.Exit(func(code int) { exitCode = code }),
	)
	if err != nil {
		fmt.Fprintf(stderr, "storyline: %v\n", err)
		return exitFatal
	}
	kctx, err := parser.Parse(args)
	if exitCode >= 0 { // --help printed
		return exitCode
	}
	if err != nil {
		fmt.Fprintf(stderr, "storyline: %v\n", err)
		return exitFatal
	}
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, cli: &c, stderrIsTerminal: tty}
	e.log = newLogger(stderr, c.LogFormat, c.LogLevel)
	err = kctx.Run(e)
	var pe partialError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &pe):
		fmt.Fprintf(stderr, "storyline: %v\n", err)
		return exitPartial
	default:
		fmt.Fprintf(stderr, "storyline: %v\n", err)
		if errors.Is(err, store.ErrLinkLocked) {
			fmt.Fprintln(stderr, linkLockedHint)
		}
		return exitFatal
	}
}

// linkLockedHint follows the error of a command refused the archive's link
// lock (store.ErrLinkLocked): what to do about it.
const linkLockedHint = "storyline: one process links an archive at a time (ingest, run, link, watch, serve, linker); " +
	"stop the one linking, or ingest with --no-link and let it link (a linker round, `storyline link` or the next start of serve links what is stored)"

func newLogger(w io.Writer, format, level string) *slog.Logger {
	var lv slog.Level
	_ = lv.UnmarshalText([]byte(level))
	opts := &slog.HandlerOptions{Level: lv}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
