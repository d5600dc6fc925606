package clean

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// GlueResult is the outcome of EvalGlue.
type GlueResult struct {
	Docs      int     `json:"docs"`
	Tokens    int     `json:"tokens"`    // whitespace-separated tokens read
	Glued     int     `json:"glued"`     // word pairs glued
	Splits    int     `json:"splits"`    // splits SplitGlued made
	Correct   int     `json:"correct"`   // splits that restored a glued pair exactly
	Precision float64 `json:"precision"` // Correct / Splits
	Recall    float64 `json:"recall"`    // Correct / Glued
	// FalseSplits and Missed list a few errors ("left|right" at the split
	// made, or the glued pair missed) for inspection.
	FalseSplits []string `json:"false_splits,omitempty"`
	Missed      []string `json:"missed,omitempty"`
}

// maxGlueExamples bounds the error examples kept in a GlueResult.
const maxGlueExamples = 200

// EvalGlue measures glued-word repair on clean news the word table never
// saw: the TEXT of the TimeBank and AQUAINT documents under
// dataDir/tempeval3, tags stripped. In each document, adjacent pairs of
// purely alphabetic tokens separated by one space are glued with
// probability rate (never overlapping), keeping their natural case, so both
// "aSenate" and "uproarabout" shapes occur; then SplitGlued runs with the
// document's own words as vocabulary. A split is correct when it restores a
// glued pair exactly. The same seed gives the same result.
func EvalGlue(ctx context.Context, dataDir string, seed int64, rate float64) (GlueResult, error) {
	return evalGlueFiles(ctx, dataDir, seed, rate, 0)
}

// evalGlueFiles is EvalGlue over at most maxDocs documents (all when 0).
func evalGlueFiles(ctx context.Context, dataDir string, seed int64, rate float64, maxDocs int) (GlueResult, error) {
	var res GlueResult
	var files []string
	for _, sub := range []string{"TimeBank", "AQUAINT"} {
		m, err := filepath.Glob(filepath.Join(dataDir, "tempeval3", sub, "*.tml"))
		if err != nil {
			return res, fmt.Errorf("eval glue: glob: %w", err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		return res, fmt.Errorf("eval glue: no TimeBank or AQUAINT documents under %s", dataDir)
	}
	sort.Strings(files)
	if maxDocs > 0 && len(files) > maxDocs {
		files = files[:maxDocs]
	}
	rng := rand.New(rand.NewSource(seed))
	c := New(Options{})
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return res, fmt.Errorf("eval glue: %w", err)
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return res, fmt.Errorf("eval glue: read %s: %w", f, err)
		}
		text := timeMLText(string(b))
		glued, joins, ntok := glueText(text, rng, rate)
		res.Docs++
		res.Tokens += ntok
		res.Glued += len(joins)
		vocab := articleVocab(glued)
		edits := c.glueEdits(glued, vocab)
		res.Splits += len(edits)
		made := make(map[int]bool, len(edits))
		for _, e := range edits {
			made[e.At] = true
			if joins[e.At] {
				res.Correct++
			} else if len(res.FalseSplits) < maxGlueExamples {
				res.FalseSplits = append(res.FalseSplits, glued[e.Start:e.At]+"|"+glued[e.At:e.End])
			}
		}
		for at := range joins {
			if !made[at] && len(res.Missed) < maxGlueExamples {
				s, e := at, at
				for s > 0 && isASCIILetter(glued[s-1]) {
					s--
				}
				for e < len(glued) && isASCIILetter(glued[e]) {
					e++
				}
				res.Missed = append(res.Missed, glued[s:at]+"|"+glued[at:e])
			}
		}
	}
	sort.Strings(res.Missed)
	if res.Splits > 0 {
		res.Precision = float64(res.Correct) / float64(res.Splits)
	}
	if res.Glued > 0 {
		res.Recall = float64(res.Correct) / float64(res.Glued)
	}
	return res, nil
}

// glueText joins random adjacent alphabetic token pairs of text and returns
// the glued text, the byte offsets (in the glued text) where a space was
// removed, and the number of tokens.
func glueText(text string, rng *rand.Rand, rate float64) (string, map[int]bool, int) {
	var b strings.Builder
	b.Grow(len(text))
	joins := map[int]bool{}
	ntok := 0
	prevAlpha := false // previous token was purely alphabetic and not glued on its right
	i := 0
	for i < len(text) {
		// whitespace
		j := i
		for j < len(text) && (text[j] == ' ' || text[j] == '\n' || text[j] == '\t' || text[j] == '\r') {
			j++
		}
		ws := text[i:j]
		k := j
		for k < len(text) && !(text[k] == ' ' || text[k] == '\n' || text[k] == '\t' || text[k] == '\r') {
			k++
		}
		tok := text[j:k]
		i = k
		if tok == "" {
			b.WriteString(ws)
			break
		}
		ntok++
		alpha := isAlphaWord(tok)
		if ws == " " && prevAlpha && alpha && rng.Float64() < rate {
			joins[b.Len()] = true
			b.WriteString(tok)
			prevAlpha = false
			continue
		}
		b.WriteString(ws)
		b.WriteString(tok)
		prevAlpha = alpha
	}
	return b.String(), joins, ntok
}

func isAlphaWord(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isASCIILetter(s[i]) {
			return false
		}
	}
	return true
}

// articleVocab counts the ASCII letter-run words of text, as written.
func articleVocab(text string) map[string]int {
	v := make(map[string]int, 256)
	addVocab(v, text)
	return v
}

// addVocab adds the ASCII letter-run words of text to v.
func addVocab(v map[string]int, text string) {
	i := 0
	for i < len(text) {
		if !isASCIILetter(text[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(text) && isASCIILetter(text[j]) {
			j++
		}
		if j-i > 1 {
			v[text[i:j]]++
		}
		i = j
	}
}
