package main

import (
	"fmt"

	"github.com/storyline-news/storyline/internal/linkstage"
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
	w, err := c.watcher(e, st, feeds, c.inputFlags, linkstage.New(st, linkstage.Options{Logger: e.log}))
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "storyline: watching %d feed(s)\n", len(feeds))
	return w.Run(e.ctx)
}
