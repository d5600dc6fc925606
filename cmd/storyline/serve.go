package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"sync"
	"time"

	"github.com/storyline-news/storyline/internal/linkstage"
	"github.com/storyline-news/storyline/internal/server"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/watch"
)

// serveCmd is `storyline serve`: the HTTP API, web pages and Atom feeds,
// and with --watch the feed poller, in one process, until SIGTERM or Ctrl-C.
type serveCmd struct {
	inputFlags
	watchFlags
	Addr            string        `help:"Address to listen on. Listening beyond loopback requires a token." default:"127.0.0.1:8080"`
	Token           string        `help:"Bearer token required by POST /api/v1/articles." env:"STORYLINE_TOKEN"`
	Watch           string        `help:"Also poll the feeds listed in FILE (OPML, or one feed URL a line)." type:"existingfile" placeholder:"FILE"`
	MaxBody         int64         `help:"Largest request body accepted, in bytes." default:"16777216"`
	ShutdownTimeout time.Duration `help:"How long requests in flight may run on at shutdown." default:"10s"`
	ReadOnly        bool          `help:"Serve the archive without ingesting or linking (no POST /api/v1/articles, no --watch): for several servers side by side on a shared PostgreSQL archive that workers and a linker fill (distributed mode)."`
	Pprof           string        `help:"Also serve Go's profiler (net/http/pprof) on this loopback address, for profiling the server under load." placeholder:"ADDR"`
}

func (c *serveCmd) Run(e *env) error {
	if c.ReadOnly && c.Watch != "" {
		return errors.New("serve: --read-only and --watch exclude each other")
	}
	if err := server.CheckListen(c.Addr, c.Token); err != nil {
		return err
	}
	var feeds []string
	if c.Watch != "" {
		var err error
		if feeds, err = readFeedFile(c.Watch); err != nil {
			return err
		}
	}
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	c.NoProgress = true
	opts := server.Options{
		Token:        c.Token,
		MaxBodyBytes: c.MaxBody,
		Logger:       e.log,
	}
	var lk *linkstage.Stage
	if !c.ReadOnly {
		// One link stage for the server's ingests and the watcher's; open
		// it now, so that stories hold every stored article from the start.
		if lk, err = linkstage.Open(e.ctx, st, linkstage.Options{Logger: e.log}); err != nil {
			return err
		}
		defer lk.Close()
		opts.Ingester = e.linkedIngester(st, c.inputFlags, lk)
	}
	var w *watch.Watcher
	if len(feeds) > 0 {
		if w, err = c.watcher(e, st, feeds, c.inputFlags, lk); err != nil {
			return err
		}
		opts.Metrics = append(opts.Metrics, w)
	}
	srv, err := server.New(st, opts)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	fmt.Fprintf(e.stderr, "storyline: serving http://%s/\n", ln.Addr())
	ctx, cancel := context.WithCancel(e.ctx)
	defer cancel()
	var wg sync.WaitGroup
	if w != nil {
		wg.Go(func() { w.Run(ctx) })
	}
	if c.Pprof != "" {
		pln, err := listenPprof(c.Pprof)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "storyline: profiler on http://%s/debug/pprof/\n", pln.Addr())
		wg.Go(func() { servePprof(ctx, pln) })
	}
	err = srv.Serve(ctx, ln, c.ShutdownTimeout)
	cancel()
	wg.Wait()
	// the linker's state for a fast restart (nothing is lost without it)
	if lk != nil {
		if serr := lk.Snapshot(context.WithoutCancel(e.ctx)); serr != nil && err == nil {
			err = serr
		}
	}
	return err
}

// watchFlags are the polling flags shared by serve --watch and watch.
type watchFlags struct {
	Interval   time.Duration `help:"Time between two polls of a feed." default:"15m"`
	HostDelay  time.Duration `help:"Least time between two requests to one host." default:"2s"`
	MaxBackoff time.Duration `help:"Longest wait before polling a failing feed again." default:"6h"`
}

// watcher returns the feed watcher; it links through lk (which serve
// shares with its own ingests).
func (f watchFlags) watcher(e *env, st store.Store, feeds []string, in inputFlags, lk *linkstage.Stage) (*watch.Watcher, error) {
	state, ok := st.(watch.State)
	if !ok {
		return nil, errors.New("this archive cannot keep feed state")
	}
	in.NoProgress = true
	return watch.New(feeds, state, e.linkedIngester(st, in, lk), watch.Options{
		Interval:     f.Interval,
		HostDelay:    f.HostDelay,
		MaxBackoff:   f.MaxBackoff,
		AllowPrivate: in.AllowPrivate,
		MaxBytes:     in.MaxBytes,
		Logger:       e.log,
	}), nil
}

func readFeedFile(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("feed list: %w", err)
	}
	defer f.Close()
	feeds, err := watch.ReadFeedList(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(feeds) == 0 {
		return nil, fmt.Errorf("%s: no feeds listed", path)
	}
	return feeds, nil
}

// listenPprof listens for the profiler, on loopback only: profiles expose
// the process's memory.
func listenPprof(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("pprof address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("pprof address %q: loopback only", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen for pprof: %w", err)
	}
	return ln, nil
}

// servePprof serves net/http/pprof on ln until ctx is done.
func servePprof(ctx context.Context, ln net.Listener) {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	srv.Serve(ln)
}
