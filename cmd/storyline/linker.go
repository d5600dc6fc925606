package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/storyline-news/storyline/internal/linkstage"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/queue"
)

// linkerCmd is `storyline linker`: link the articles the workers announce,
// in order, as the one active linker (or its standby), until SIGTERM or
// Ctrl-C.
type linkerCmd struct {
	queueFlags
	Queue        string        `help:"NATS server address." required:"" placeholder:"nats://HOST:PORT"`
	Batch        int           `help:"Notifications fetched and acknowledged at once." default:"64"`
	MaxDelay     time.Duration `help:"Longest an announced article waits to be linked while the queue never falls quiet." default:"30s"`
	AckWait      time.Duration `help:"How long the server waits for an ack before redelivering to a standby." default:"30s"`
	LeaseTTL     time.Duration `help:"How long the lease outlives a dead linker: a standby takes over after about this long." default:"10s"`
	Consumer     string        `help:"Durable consumer of the linker." default:"linker"`
	DrainTimeout time.Duration `help:"How long the batch in hand may run on after SIGTERM." default:"60s"`
	MetricsAddr  string        `help:"Address of /healthz and /metrics, or off." default:"127.0.0.1:9466"`
	NoRefine     bool          `help:"Link incrementally only: skip the batch refinement of the clusters after each round."`
}

func (c *linkerCmd) Run(e *env) error {
	conn, err := e.connectQueue(c.Queue, c.Stream, "storyline linker")
	if err != nil {
		return err
	}
	defer conn.Close()
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	m := queue.NewMetrics("linker")
	stopMetrics, err := e.serveMetrics(c.MetricsAddr, m)
	if err != nil {
		return err
	}
	defer stopMetrics()
	ctx, cancel := e.drainContext(c.DrainTimeout, "drain timed out; leaving the batch in hand for the standby")
	defer cancel()
	e.log.Info("linker started; standing by until it holds the lease", "queue", c.Queue)
	for {
		err = queue.RunLinker(ctx, e.ctx.Done(), conn, st, queue.LinkerOptions{
			Consumer: c.Consumer,
			Batch:    c.Batch,
			AckWait:  c.AckWait,
			MaxDelay: c.MaxDelay,
			NoRefine: c.NoRefine,
			Analyser: pipeline.NewAnalyser(),
			Lease:    queue.LeaseOptions{TTL: c.LeaseTTL},
			Link:     linkstage.Options{Logger: e.log},
			Logger:   e.log,
			Metrics:  m,
		})
		if !errors.Is(err, queue.ErrLeaseLost) {
			break
		}
		// Another linker took over (this one was cut off from the server
		// for longer than the lease): stand by again, from the stored
		// state.
		e.log.Warn("lease lost; standing by again")
	}
	if err != nil {
		return fmt.Errorf("linker: %w", err)
	}
	return nil
}
