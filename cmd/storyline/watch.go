package main

import (
	"context"
	"fmt"
)

// watchCmd is `storyline watch`: poll feeds and ingest their new items
// continuously, until SIGTERM or Ctrl-C.
type watchCmd struct {
	inputFlags
	watchFlags
	Feeds string `help:"Feeds to poll: an OPML file, or one feed URL a line." type:"existingfile" required:"" placeholder:"FILE"`
}

func (c *watchCmd) Run(e *env) error {
	feeds, err := readFeedFile(c.Feeds)
	if err != nil {
		return err
	}
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	lk, err := e.lockedLinkStage(st)
	if err != nil {
		return err
	}
	defer lk.Close()
	w, err := c.watcher(e, st, feeds, c.inputFlags, lk)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "storyline: watching %d feed(s)\n", len(feeds))
	err = w.Run(e.ctx)
	// the linker's state for a fast restart (nothing is lost without it)
	if serr := lk.Snapshot(context.WithoutCancel(e.ctx)); serr != nil && err == nil {
		err = serr
	}
	return err
}
