package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/storyline-news/storyline/internal/linkstage"
	"github.com/storyline-news/storyline/internal/pipeline"
)

type ingestCmd struct {
	ingestFlags
	Format string   `help:"Summary format: text or json." enum:"text,json" default:"text"`
	Paths  []string `arg:"" name:"path" help:"Files, directories, http(s) URLs, or - for standard input."`
	// Distributed mode (see worker.go).
	Queue       string `help:"Publish the articles read to this NATS JetStream server, for storyline worker processes to analyse and store, instead of doing it here." placeholder:"nats://HOST:PORT"`
	MetricsAddr string `help:"With --queue: address of /healthz and /metrics, or off." default:"127.0.0.1:9465"`
	queueFlags
}

func (c *ingestCmd) Run(e *env) error {
	if c.Queue != "" {
		sum, err := c.publishInputs(e)
		return c.report(e, sum, err)
	}
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	var lk *linkstage.Stage
	if !c.NoLink {
		if lk, err = e.lockedLinkStage(st); err != nil {
			return err
		}
		defer lk.Close()
	}
	// Linking follows the re-dating pass, which can date undated articles
	// and so change the publication order.
	in := e.ingesterWith(st, c.inputFlags, pipeline.Options{SkipAnalysis: c.SkipAnalysis})
	sum, err := in.Ingest(e.ctx, c.Paths, e.stdin)
	if err == nil {
		if _, err = in.Redate(e.ctx); err != nil {
			err = fmt.Errorf("re-date undated articles: %w", err)
		}
	}
	if err == nil && lk != nil {
		// links the new articles in publication order, then snapshots
		err = e.linkAndRefine(lk, !c.NoRefine)
	}
	return c.report(e, sum, err)
}

// report prints a run's summary and returns the command's error: err,
// else a partialError when inputs failed.
func (c *ingestCmd) report(e *env, sum pipeline.Summary, err error) error {
	if c.Format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(sum); err != nil {
			return err
		}
	} else {
		printSummary(e.stdout, sum)
	}
	if err != nil {
		return err
	}
	if sum.Failed > 0 {
		return partialError{sum.Failed}
	}
	return nil
}

// printSummary writes the one-line count of a run and one line per failure.
func printSummary(w io.Writer, s pipeline.Summary) {
	secs := s.Elapsed.Seconds()
	rate := 0.0
	if secs > 0 {
		rate = float64(s.Read) / secs
	}
	fmt.Fprintf(w, "read %d, new %d, updated %d, renamed %d, duplicate %d, failed %d (%d inputs, %.1f MB, %.2fs, %.0f articles/s)\n",
		s.Read, s.Added, s.Updated, s.Renamed, s.Duplicate, s.Failed, s.Sources, float64(s.Bytes)/1e6, secs, rate)
	for _, f := range s.Failures {
		// Reader errors already begin with "read <origin>: ".
		msg := strings.TrimPrefix(f.Err, "read "+f.Origin+": ")
		fmt.Fprintf(w, "  failed: %s: %s\n", f.Origin, msg)
	}
}

// linkAndRefine opens the link stage x, which links the archive's
// unlinked articles in publication order (linkstage.Stage.Open, which
// takes the archive's link lock unless x holds it), and, when refine is
// set and it linked any, runs the batch refinement over the linker's
// working set. The caller closes x.
func (e *env) linkAndRefine(x *linkstage.Stage, refine bool) error {
	if err := x.Open(e.ctx); err != nil {
		return err
	}
	if refine && x.Linked() > 0 {
		if _, err := x.Refine(e.ctx); err != nil {
			return fmt.Errorf("refine links: %w", err)
		}
	}
	return nil
}
