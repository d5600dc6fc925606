package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/storyline-news/storyline/internal/ner"
)

type tagNERCmd struct {
	Format string   `help:"conll: CoNLL input (token in column 1), lines echoed with the predicted tag appended; jsonl: plain text in, one entity a line out." enum:"conll,jsonl" default:"conll"`
	Model  string   `help:"Model file to use instead of the embedded one." type:"existingfile"`
	Files  []string `arg:"" name:"file" help:"Input files (- for standard input)."`
}

// nerLine is one JSONL output line of tag ner.
type nerLine struct {
	Doc string `json:"doc"`
	ner.Entity
}

func (c *tagNERCmd) Run(e *env) error {
	m, err := loadNERModel(c.Model)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(e.stdout)
	failed := 0
	for _, path := range c.Files {
		var data []byte
		var err error
		if path == "-" {
			data, err = readAllLimited(e.stdin)
		} else {
			data, err = os.ReadFile(path)
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "storyline: read %s: %v\n", path, err)
			failed++
			continue
		}
		if c.Format == "conll" {
			if err := m.TagCoNLL(strings.NewReader(string(data)), e.stdout); err != nil {
				fmt.Fprintf(e.stderr, "storyline: tag %s: %v\n", path, err)
				failed++
			}
			continue
		}
		doc := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		for _, ent := range m.TagText(string(data)) {
			if err := enc.Encode(nerLine{Doc: doc, Entity: ent}); err != nil {
				return err
			}
		}
	}
	if failed > 0 {
		return partialError{failed}
	}
	return nil
}

type evalNERCmd struct {
	Gold   string `help:"CoNLL-2003 file with gold tags in the last column." required:"" type:"existingfile"`
	Model  string `help:"Model file to use instead of the embedded one." type:"existingfile"`
	Format string `help:"Output format: text or json." enum:"text,json" default:"text"`
}

func (c *evalNERCmd) Run(e *env) error {
	m, err := loadNERModel(c.Model)
	if err != nil {
		return err
	}
	f, err := os.Open(c.Gold)
	if err != nil {
		return err
	}
	defer f.Close()
	docs, err := ner.ReadCoNLL(bufio.NewReader(f), true)
	if err != nil {
		return fmt.Errorf("read %s: %w", c.Gold, err)
	}
	res, err := m.Evaluate(docs)
	if err != nil {
		return fmt.Errorf("score %s: %w", c.Gold, err)
	}
	if c.Format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	fmt.Fprint(e.stdout, res.String())
	return nil
}

type trainCmd struct {
	NER trainNERCmd `cmd:"" name:"ner" help:"Train the named-entity tagger (deterministic given the seed)."`
}

type trainNERCmd struct {
	Train      string `help:"CoNLL training file." default:"../shared/data/conll2003/eng.train" type:"existingfile"`
	Dev        string `help:"CoNLL development file (early stopping, model selection)." default:"../shared/data/conll2003/eng.testa" type:"existingfile"`
	Clusters   string `help:"Word clusters file (see build clusters)." default:"internal/ner/data/clusters.tsv.gz" type:"existingfile"`
	Gazetteers string `help:"Gazetteer file (see build gazetteers)." default:"internal/ner/data/gazetteers.tsv.gz" type:"existingfile"`
	Epochs     int    `help:"Maximum epochs per stage." default:"25"`
	Seed       uint64 `help:"Shuffling seed." default:"1"`
	Out        string `help:"Output model file." default:"internal/ner/model/ner.model.gz" type:"path"`
}

func (c *trainNERCmd) Run(e *env) error {
	m, err := ner.Train(e.ctx, ner.TrainConfig{
		TrainFile: c.Train, DevFile: c.Dev, ClusterFile: c.Clusters, GazetteerFile: c.Gazetteers,
		Epochs: c.Epochs, Seed: c.Seed,
		Logf: func(format string, args ...any) { e.log.Info(fmt.Sprintf(format, args...)) },
	})
	if err != nil {
		return err
	}
	return writeFileAtomic(c.Out, func(w *bufio.Writer) error { return m.Save(w) })
}

type buildClustersCmd struct {
	Data string `help:"Development data directory." default:"../shared/data" type:"path"`
	Out  string `help:"Output file." default:"internal/ner/data/clusters.tsv.gz" type:"path"`
}

func (c *buildClustersCmd) Run(e *env) error {
	return writeFileAtomic(c.Out, gzipIfNamed(c.Out, func(w io.Writer) error { return ner.BuildClusters(e.ctx, c.Data, w) }))
}

type buildGazetteersCmd struct {
	Data string `help:"Development data directory." default:"../shared/data" type:"path"`
	Out  string `help:"Output file." default:"internal/ner/data/gazetteers.tsv.gz" type:"path"`
}

func (c *buildGazetteersCmd) Run(e *env) error {
	return writeFileAtomic(c.Out, gzipIfNamed(c.Out, func(w io.Writer) error { return ner.BuildGazetteers(e.ctx, c.Data, w) }))
}

// gzipIfNamed returns a fill function for writeFileAtomic that compresses
// what build writes when path ends in ".gz" (best compression, no name or
// time in the header, so a rebuild gives the same bytes).
func gzipIfNamed(path string, build func(io.Writer) error) func(*bufio.Writer) error {
	return func(w *bufio.Writer) error {
		if !strings.HasSuffix(path, ".gz") {
			return build(w)
		}
		zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
		if err != nil {
			return err
		}
		if err := build(zw); err != nil {
			return err
		}
		return zw.Close()
	}
}

// loadNERModel returns the model in path, or the embedded one.
func loadNERModel(path string) (*ner.Model, error) {
	if path == "" {
		m, err := ner.Default()
		if err != nil {
			return nil, fmt.Errorf("load embedded NER model: %w", err)
		}
		return m, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := ner.Load(f)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	return m, nil
}
