package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"

	"github.com/storyline-news/storyline/internal/clean"
	"github.com/storyline-news/storyline/internal/entity"
)

// buildCmd groups the commands that rebuild the data files embedded in the
// binary from the development data.
type buildCmd struct {
	Wordfreq   buildWordfreqCmd   `cmd:"" help:"Rebuild the word-frequency table used to repair glued words."`
	Clusters   buildClustersCmd   `cmd:"" help:"Rebuild the word clusters of the NER tagger from unlabelled news text."`
	Gazetteers buildGazetteersCmd `cmd:"" help:"Rebuild the NER gazetteers (GeoNames places, demonyms, titles, outlets)."`
	Places     buildPlacesCmd     `cmd:"" help:"Rebuild the place table that links places to GeoNames."`
	ECBGold    buildECBGoldCmd    `cmd:"" name:"ecb-gold" help:"Write the ECB+ gold clusters (event and story) as JSONL for eval cluster."`
}

type buildWordfreqCmd struct {
	Data string `help:"Development data directory." default:"../shared/data" type:"path"`
	Out  string `help:"Output file." default:"internal/clean/wordfreq.bin.gz" type:"path"`
}

func (c *buildWordfreqCmd) Run(e *env) error {
	return writeFileAtomic(c.Out, func(w *bufio.Writer) error {
		return clean.BuildWordFreq(e.ctx, c.Data, w)
	})
}

// writeFileAtomic writes a file through a temporary file in the same
// directory, renamed into place only when fill succeeds.
func writeFileAtomic(path string, fill func(*bufio.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path))
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriter(tmp)
	if err := fill(w); err != nil {
		tmp.Close()
		return fmt.Errorf("build %s: %w", path, err)
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("rename into %s: %w", path, err)
	}
	return nil
}

type buildPlacesCmd struct {
	Data string `help:"Development data directory." default:"../shared/data" type:"path"`
	Out  string `help:"Output file (gzip)." default:"internal/entity/data/places.tsv.gz" type:"path"`
}

func (c *buildPlacesCmd) Run(e *env) error {
	return writeFileAtomic(c.Out, func(w *bufio.Writer) error {
		return entity.BuildPlaces(e.ctx, c.Data, w)
	})
}
