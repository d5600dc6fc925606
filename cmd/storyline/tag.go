package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/storyline-news/storyline/internal/timex"
)

// tagCmd groups the commands that annotate files in the community's
// standard formats, for scoring with other tools.
type tagCmd struct {
	Timex tagTimexCmd `cmd:"" help:"Find and normalise temporal expressions (TIMEX3) in plain text or TimeML files."`
	NER   tagNERCmd   `cmd:"" name:"ner" help:"Tag named entities (PER, ORG, LOC, MISC) in CoNLL or plain-text files."`
}

type tagTimexCmd struct {
	DCT    string   `name:"dct" help:"Document creation time YYYY-MM-DD for plain-text input (default: from the text, else unknown)."`
	Format string   `help:"Output: timeml (one file per input) or jsonl (one document a line, with its creation date, where that came from, and its timexes)." enum:"timeml,jsonl" default:"timeml"`
	Out    string   `help:"Directory for TimeML output files (same file names as the inputs); standard output when empty." type:"path"`
	Files  []string `arg:"" name:"file" help:"Plain text or TimeML files." type:"existingfile"`
}

func (c *tagTimexCmd) Run(e *env) error {
	var flagDCT time.Time
	if c.DCT != "" {
		t, err := time.Parse("2006-01-02", c.DCT)
		if err != nil {
			return fmt.Errorf("--dct %q: want YYYY-MM-DD", c.DCT)
		}
		flagDCT = t
	}
	if c.Out != "" && c.Format == "timeml" {
		if err := os.MkdirAll(c.Out, 0o755); err != nil {
			return fmt.Errorf("create %s: %w", c.Out, err)
		}
	}
	tagger := timex.New()
	enc := json.NewEncoder(e.stdout)
	failed := 0
	for _, path := range c.Files {
		doc, err := readTimexDoc(path)
		if err != nil {
			fmt.Fprintf(e.stderr, "storyline: %v\n", err)
			failed++
			continue
		}
		if doc.DCT.IsZero() && doc.DCTValue == "" {
			doc.DCT = flagDCT // plain text: --dct, else what the text says
		}
		td := tagger.TagDoc(doc)
		switch {
		case c.Format == "jsonl":
			if err := enc.Encode(td); err != nil {
				return err
			}
		case c.Out == "":
			if err := timex.WriteTaggedTimeML(e.stdout, doc, td); err != nil {
				return fmt.Errorf("write TimeML for %s: %w", path, err)
			}
		default:
			out := filepath.Join(c.Out, filepath.Base(path))
			var buf bytes.Buffer
			if err := timex.WriteTaggedTimeML(&buf, doc, td); err != nil {
				return fmt.Errorf("write TimeML for %s: %w", path, err)
			}
			if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
				return fmt.Errorf("write %s: %w", out, err)
			}
		}
	}
	if failed > 0 {
		return partialError{failed}
	}
	return nil
}

// readTimexDoc reads a TimeML file (its TEXT and creation time; its own
// TIMEX3 tags are dropped) or a plain-text file.
func readTimexDoc(path string) (timex.Doc, error) {
	f, err := os.Open(path)
	if err != nil {
		return timex.Doc{}, err
	}
	defer f.Close()
	doc, err := timex.ReadDoc(io.LimitReader(f, maxStdin), path)
	if err != nil {
		return doc, err
	}
	doc.Gold = nil
	return doc, nil
}

// maxStdin bounds what a tag command reads from standard input.
const maxStdin = 256 << 20

// readAllLimited reads r up to maxStdin bytes.
func readAllLimited(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxStdin+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxStdin {
		return nil, fmt.Errorf("input larger than %d bytes", maxStdin)
	}
	return data, nil
}
