package ner

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Sentence is one CoNLL sentence: the raw input lines, the tokens (first
// column) and, when the input has them, the gold tags (last column).
type Sentence struct {
	Lines  []string
	Tokens []string
	Gold   []string
}

// Document is a run of sentences between -DOCSTART- lines (or the whole
// input when it has none). Doc is the -DOCSTART- line that opened it, if any.
type Document struct {
	Doc       string
	Sentences []Sentence
}

// ReadCoNLL reads CoNLL-format input: one token a line with whitespace
// separated columns (token first), blank lines between sentences and
// -DOCSTART- lines between documents. With gold set, the last column of
// every token line is kept as its gold tag (lines need at least two columns).
func ReadCoNLL(r io.Reader, gold bool) ([]Document, error) {
	var docs []Document
	var cur Document
	var sent Sentence
	flushSent := func() {
		if len(sent.Tokens) > 0 {
			cur.Sentences = append(cur.Sentences, sent)
			sent = Sentence{}
		}
	}
	flushDoc := func() {
		flushSent()
		if len(cur.Sentences) > 0 || cur.Doc != "" {
			docs = append(docs, cur)
		}
		cur = Document{}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
			flushSent()
		case f[0] == "-DOCSTART-":
			flushDoc()
			cur.Doc = line
		default:
			if gold && len(f) < 2 {
				return nil, fmt.Errorf("conll line %d: want a token and a tag, got %q", n, line)
			}
			sent.Lines = append(sent.Lines, line)
			sent.Tokens = append(sent.Tokens, f[0])
			if gold {
				sent.Gold = append(sent.Gold, f[len(f)-1])
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read conll: %w", err)
	}
	flushDoc()
	return docs, nil
}

// toBIO converts IOB1 (or BIO) tags of one sentence into BIO.
func toBIO(tags []string) []string {
	out := make([]string, len(tags))
	prevType := ""
	for i, t := range tags {
		if t == "O" || len(t) < 3 || t[1] != '-' {
			out[i], prevType = "O", ""
			continue
		}
		typ := t[2:]
		if t[0] == 'B' || typ != prevType {
			out[i] = "B-" + typ
		} else {
			out[i] = "I-" + typ
		}
		prevType = typ
	}
	return out
}
