package evaluate

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/timex"
)

const (
	sharedData = "../../../shared/data"
	tempeval   = sharedData + "/tempeval3"
)

func TestScoreTimexes(t *testing.T) {
	gold := []timex.Timex{
		{Start: 0, End: 6, Type: "DATE", Value: "1998-01-08"},
		{Start: 10, End: 20, Type: "DURATION", Value: "P1W"},
		{Start: 30, End: 35, Type: "DATE", Value: "PAST_REF"},
	}
	sys := []timex.Timex{
		{Start: 0, End: 6, Type: "DATE", Value: "1998-01-08"},   // strict, all correct
		{Start: 12, End: 20, Type: "DATE", Value: "P1W"},        // relaxed, type wrong
		{Start: 40, End: 45, Type: "DATE", Value: "FUTURE_REF"}, // false alarm
	}
	s, pairs := ScoreTimexes(gold, sys)
	want := TimexScore{Docs: 1, Gold: 3, System: 3, Strict: 1, Relaxed: 2, TypeOK: 1, ValueOK: 2}
	if s != want {
		t.Fatalf("score = %+v, want %+v", s, want)
	}
	if len(pairs) != 4 {
		t.Fatalf("pairs = %d, want 4", len(pairs))
	}
	if _, _, f := s.RelaxedPRF(); f < 0.666 || f > 0.667 {
		t.Errorf("relaxed F1 = %v", f)
	}
}

// TestTempEval3 reports scores on the TempEval-3 training data and checks
// the acceptance thresholds. Run with -v to see the figures; set
// TIMEX_DUMP=1 to print every miss and false alarm.
func TestTempEval3(t *testing.T) {
	if _, err := os.Stat(tempeval); err != nil {
		t.Skip("TempEval-3 data not present")
	}
	tg := timex.New()
	var pooled TimexScore
	for _, c := range []string{"TimeBank", "AQUAINT"} {
		rep, err := EvalTimexDir(filepath.Join(tempeval, c), tg)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-8s %s", c, rep.Pooled)
		pooled.Add(rep.Pooled)
		if os.Getenv("TIMEX_DUMP") != "" {
			dump(rep)
		}
	}
	t.Logf("%-8s %s", "pooled", pooled)
	// Regression floors: the figures of the last change (relaxed 0.947,
	// value 0.820) minus a small margin. The value target is 0.85; most
	// remaining value errors are annotation conventions that vary between
	// documents (see the package report).
	if _, _, f := pooled.RelaxedPRF(); f < 0.94 {
		t.Errorf("pooled relaxed extent F1 %.4f < 0.94", f)
	}
	if f := pooled.ValueF1(); f < 0.815 {
		t.Errorf("pooled value F1 %.4f < 0.815", f)
	} else if f < 0.85 {
		t.Logf("pooled value F1 %.4f is below the 0.85 target", f)
	}
}

func dump(rep TimexReport) {
	for _, d := range rep.Docs {
		for _, p := range d.Pairs {
			ctx := func(x *timex.Timex) string {
				a, b := max(0, x.Start-40), min(len(d.Doc.Text), x.End+40)
				return strings.ReplaceAll(d.Doc.Text[a:x.Start]+"["+x.Text+"]"+d.Doc.Text[x.End:b], "\n", " ")
			}
			switch {
			case p.Gold == nil:
				fmt.Printf(filepath.Base(filepath.Dir(d.Path))+"\tFA\t%s\t%s\t%s\t%s\n", p.System.Type, p.System.Value, p.System.Text, ctx(p.System))
			case p.System == nil:
				fmt.Printf(filepath.Base(filepath.Dir(d.Path))+"\tMISS\t%s\t%s\t%s\t%s\t%s\n", p.Gold.Type, p.Gold.Value, p.Gold.Text, d.Doc.DCTValue, ctx(p.Gold))
			case p.Gold.Value != p.System.Value || p.Gold.Type != p.System.Type:
				fmt.Printf(filepath.Base(filepath.Dir(d.Path))+"\tVAL\t%s/%s\t%s/%s\t%s|%s\t%s\t%s\n", p.Gold.Type, p.System.Type, p.Gold.Value, p.System.Value, p.Gold.Text, p.System.Text, d.Doc.DCTValue, ctx(p.Gold))
			case os.Getenv("TIMEX_DUMP") == "2":
				fmt.Printf(filepath.Base(filepath.Dir(d.Path))+"\tOK\t%s\t%s\t%s\n", p.System.Type, p.System.Value, p.System.Text)
			case p.Gold.Start != p.System.Start || p.Gold.End != p.System.End:
				fmt.Printf(filepath.Base(filepath.Dir(d.Path))+"\tEXT\t%s|%s\t%s\n", p.Gold.Text, p.System.Text, ctx(p.Gold))
			}
		}
	}
}

// TestSilver runs the scorer over the TempEval-3 silver data (automatic
// labels: a sanity check, not truth). Enable with TIMEX_SILVER=1.
func TestSilver(t *testing.T) {
	if os.Getenv("TIMEX_SILVER") == "" {
		t.Skip("set TIMEX_SILVER=1")
	}
	dir := filepath.Join(tempeval, "silver")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("silver data not present")
	}
	rep, err := EvalTimexDir(dir, timex.New())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("silver   %s", rep.Pooled)
	if os.Getenv("TIMEX_DUMP") != "" {
		dump(rep)
	}
}
