package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
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
	Format string   `help:"Output: timeml (one file per input) or jsonl (standard output)." enum:"timeml,jsonl" default:"timeml"`
	Out    string   `help:"Directory for TimeML output files (same file names as the inputs); standard output when empty." type:"path"`
	Files  []string `arg:"" name:"file" help:"Plain text or TimeML files." type:"existingfile"`
}

// timexLine is one JSONL output line of tag timex.
type timexLine struct {
	Doc string `json:"doc"`
	DCT string `json:"dct,omitempty"`
	timex.Timex
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
		doc, err := readTimexInput(path, flagDCT, tagger)
		if err != nil {
			fmt.Fprintf(e.stderr, "storyline: %v\n", err)
			failed++
			continue
		}
		tx := tagger.Tag(doc.Text, doc.DCT)
		switch {
		case c.Format == "jsonl":
			for _, t := range tx {
				if err := enc.Encode(timexLine{Doc: doc.ID, DCT: doc.DCTValue, Timex: t}); err != nil {
					return err
				}
			}
		case c.Out == "":
			if err := timex.WriteTimeML(e.stdout, doc, tx); err != nil {
				return fmt.Errorf("write TimeML for %s: %w", path, err)
			}
		default:
			out := filepath.Join(c.Out, filepath.Base(path))
			var buf bytes.Buffer
			if err := timex.WriteTimeML(&buf, doc, tx); err != nil {
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

// readTimexInput reads a TimeML file (its TEXT and creation time; its own
// TIMEX3 tags are ignored) or a plain-text file, whose creation time is
// dct when given, else what the text says (a date line, or inferred), else
// unknown.
func readTimexInput(path string, dct time.Time, tagger *timex.Tagger) (timex.Doc, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return timex.Doc{}, fmt.Errorf("read %s: %w", path, err)
	}
	id := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	head := string(data[:min(len(data), 2048)])
	if strings.Contains(head, "<TimeML") || strings.Contains(head, "<TEXT>") {
		doc, err := timex.ParseTimeML(bytes.NewReader(data))
		if err != nil {
			return doc, fmt.Errorf("read %s: %w", path, err)
		}
		if doc.ID == "" {
			doc.ID = id
		}
		doc.Gold = nil
		return doc, nil
	}
	doc := timex.Doc{ID: id, Text: string(bytes.ToValidUTF8(data, []byte("\uFFFD")))}
	if dct.IsZero() {
		dct = tagger.ResolveDocDate(time.Time{}, doc.Text).Date
	}
	if !dct.IsZero() {
		doc.DCT = dct
		doc.DCTValue = dct.Format("2006-01-02")
	}
	return doc, nil
}
