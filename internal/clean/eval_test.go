package clean

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestEvalGlue runs the glued-word evaluation on a slice of TimeBank and
// AQUAINT (all of it when STORYLINE_EVAL_FULL=1) and checks the targets.
func TestEvalGlue(t *testing.T) {
	dir := dataDir(t)
	maxDocs := 40
	if os.Getenv("STORYLINE_EVAL_FULL") == "1" {
		maxDocs = 0
	}
	seed := int64(1)
	if s := os.Getenv("STORYLINE_EVAL_SEED"); s != "" {
		seed, _ = strconv.ParseInt(s, 10, 64)
	}
	rate := 0.03
	if s := os.Getenv("STORYLINE_EVAL_RATE"); s != "" {
		rate, _ = strconv.ParseFloat(s, 64)
	}
	res, err := evalGlueFiles(context.Background(), dir, seed, rate, maxDocs)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("docs=%d tokens=%d glued=%d splits=%d correct=%d precision=%.4f recall=%.4f",
		res.Docs, res.Tokens, res.Glued, res.Splits, res.Correct, res.Precision, res.Recall)
	if os.Getenv("STORYLINE_EVAL_VERBOSE") == "1" {
		t.Logf("false splits:\n%s", strings.Join(res.FalseSplits, "\n"))
		t.Logf("missed:\n%s", strings.Join(res.Missed, "\n"))
	}
	if res.Precision < 0.97 || res.Recall < 0.85 {
		t.Errorf("below target: precision %.4f (≥0.97), recall %.4f (≥0.85)", res.Precision, res.Recall)
	}
}
