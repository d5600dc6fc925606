package evaluate

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
)

// PRF holds entity counts and the precision, recall and F1 derived from them.
type PRF struct {
	TP, FP, FN int     // true positives, false positives (spurious), false negatives (missed)
	Precision  float64 // TP / (TP+FP), 0 when undefined
	Recall     float64 // TP / (TP+FN), 0 when undefined
	F1         float64 // harmonic mean of Precision and Recall, 0 when undefined
}

func (p *PRF) finish() {
	if p.TP+p.FP > 0 {
		p.Precision = float64(p.TP) / float64(p.TP+p.FP)
	}
	if p.TP+p.FN > 0 {
		p.Recall = float64(p.TP) / float64(p.TP+p.FN)
	}
	if p.Precision+p.Recall > 0 {
		p.F1 = 2 * p.Precision * p.Recall / (p.Precision + p.Recall)
	}
}

// NERResult is an entity-level score of a named-entity tagger.
type NERResult struct {
	Overall  PRF
	ByType   map[string]PRF // keyed by entity type ("PER", "LOC", ...)
	Tokens   int            // number of tokens scored
	Accuracy float64        // token-level tag accuracy, as conlleval reports it
}

// Types returns the entity types of r in sorted order.
func (r NERResult) Types() []string {
	ts := make([]string, 0, len(r.ByType))
	for t := range r.ByType {
		ts = append(ts, t)
	}
	sort.Strings(ts)
	return ts
}

// String formats r like conlleval's summary: overall then one line per type.
func (r NERResult) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "tokens %d, accuracy %.2f%%; found %d, gold %d, correct %d\n",
		r.Tokens, 100*r.Accuracy, r.Overall.TP+r.Overall.FP, r.Overall.TP+r.Overall.FN, r.Overall.TP)
	fmt.Fprintf(&b, "%-8s precision %6.2f%%; recall %6.2f%%; FB1 %6.2f\n", "overall", 100*r.Overall.Precision, 100*r.Overall.Recall, 100*r.Overall.F1)
	for _, t := range r.Types() {
		p := r.ByType[t]
		fmt.Fprintf(&b, "%-8s precision %6.2f%%; recall %6.2f%%; FB1 %6.2f  %d\n", t, 100*p.Precision, 100*p.Recall, 100*p.F1, p.TP+p.FP)
	}
	return b.String()
}

// Chunk is one entity span over a tag sequence: tokens [Start, End) of type Type.
type Chunk struct {
	Start, End int
	Type       string
}

func splitTag(tag string) (prefix, typ string) {
	if tag == "O" || tag == "" {
		return "O", ""
	}
	if len(tag) >= 2 && tag[1] == '-' {
		return tag[:1], tag[2:]
	}
	return "I", tag // a bare type, as conlleval accepts with -r off: treat as inside
}

// chunkEnd reports whether a chunk ended just before the current tag,
// following conlleval's endOfChunk.
func chunkEnd(prevTag, prevType, tag, typ string) bool {
	switch {
	case prevTag == "B" && (tag == "B" || tag == "S" || tag == "O"),
		prevTag == "I" && (tag == "B" || tag == "S" || tag == "O"),
		prevTag == "E" || prevTag == "S":
		return true
	}
	return prevTag != "O" && prevType != typ
}

// chunkStart reports whether a chunk starts at the current tag, following
// conlleval's startOfChunk.
func chunkStart(prevTag, prevType, tag, typ string) bool {
	switch {
	case tag == "B" || tag == "S",
		(prevTag == "E" || prevTag == "S" || prevTag == "O") && (tag == "E" || tag == "I"):
		return true
	}
	return tag != "O" && prevType != typ
}

// Chunks returns the entity chunks of one tag sequence, reading IOB1, IOB2
// (BIO), IOE and IOBES tags exactly as conlleval does.
func Chunks(tags []string) []Chunk {
	var out []Chunk
	prevTag, prevType := "O", ""
	open := -1
	for i := 0; i <= len(tags); i++ {
		tag, typ := "O", ""
		if i < len(tags) {
			tag, typ = splitTag(tags[i])
		}
		if open >= 0 && chunkEnd(prevTag, prevType, tag, typ) {
			out = append(out, Chunk{open, i, prevType})
			open = -1
		}
		if chunkStart(prevTag, prevType, tag, typ) {
			open = i
		}
		prevTag, prevType = tag, typ
	}
	return out
}

// NER scores predicted against gold tags, sentence by sentence: gold[i] and
// pred[i] are the tags of sentence i and must have equal lengths. An entity
// counts as correct only when its span and type both match exactly
// (conlleval's definition). Tags may be IOB1, BIO or IOBES; each side is
// decoded on its own.
func NER(gold, pred [][]string) (NERResult, error) {
	if len(gold) != len(pred) {
		return NERResult{}, fmt.Errorf("score ner: %d gold sentences, %d predicted", len(gold), len(pred))
	}
	res := NERResult{ByType: map[string]PRF{}}
	correctTags := 0
	for i := range gold {
		if len(gold[i]) != len(pred[i]) {
			return NERResult{}, fmt.Errorf("score ner: sentence %d: %d gold tags, %d predicted", i, len(gold[i]), len(pred[i]))
		}
		for j := range gold[i] {
			res.Tokens++
			if gold[i][j] == pred[i][j] {
				correctTags++
			}
		}
		g, p := Chunks(gold[i]), Chunks(pred[i])
		gs := make(map[Chunk]bool, len(g))
		for _, c := range g {
			gs[c] = true
		}
		ps := make(map[Chunk]bool, len(p))
		for _, c := range p {
			ps[c] = true
			s := res.ByType[c.Type]
			if gs[c] {
				s.TP++
				res.Overall.TP++
			} else {
				s.FP++
				res.Overall.FP++
			}
			res.ByType[c.Type] = s
		}
		for _, c := range g {
			if !ps[c] {
				s := res.ByType[c.Type]
				s.FN++
				res.Overall.FN++
				res.ByType[c.Type] = s
			}
		}
	}
	res.Overall.finish()
	for t, s := range res.ByType {
		s.finish()
		res.ByType[t] = s
	}
	if res.Tokens > 0 {
		res.Accuracy = float64(correctTags) / float64(res.Tokens)
	}
	return res, nil
}

// NERFromCoNLL scores a conlleval input file: one token a line with the gold
// tag in the second-to-last column and the predicted tag in the last; blank
// lines separate sentences and -DOCSTART- lines are boundaries.
func NERFromCoNLL(r io.Reader) (NERResult, error) {
	var gold, pred [][]string
	var g, p []string
	flush := func() {
		if len(g) > 0 {
			gold, pred = append(gold, g), append(pred, p)
			g, p = nil, nil
		}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		if len(f) == 0 || f[0] == "-DOCSTART-" {
			flush()
			continue
		}
		if len(f) < 3 {
			return NERResult{}, fmt.Errorf("conll line %d: want at least 3 columns, got %d", line, len(f))
		}
		g, p = append(g, f[len(f)-2]), append(p, f[len(f)-1])
	}
	if err := sc.Err(); err != nil {
		return NERResult{}, fmt.Errorf("read conll: %w", err)
	}
	flush()
	return NER(gold, pred)
}
