package evaluate

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sharedData = "../../../shared/data"

// TestEvalTimelinesT17 runs the Timeline17 evaluation on the development
// topics. It is slow (every topic is ingested), so it runs only when
// STORYLINE_TIMELINE_EVAL is set: to "all" for every topic, else to a
// comma-separated list of topic folders. STORYLINE_TIMELINE_CACHE names a
// directory where analysed topics are cached between runs.
func TestEvalTimelinesT17(t *testing.T) {
	which := os.Getenv("STORYLINE_TIMELINE_EVAL")
	if which == "" {
		t.Skip("set STORYLINE_TIMELINE_EVAL to run")
	}
	dir := filepath.Join(sharedData, "t17")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("no development data")
	}
	r, err := LoadRouge(filepath.Join(sharedData, "rouge"))
	if err != nil {
		t.Fatal(err)
	}
	opts := TimelineEvalOptions{Rouge: r, Cache: os.Getenv("STORYLINE_TIMELINE_CACHE"), Out: os.Getenv("STORYLINE_TIMELINE_OUT")}
	if which != "all" {
		opts.Topics = strings.Split(which, ",")
	}
	rep, err := EvalTimelines(context.Background(), dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range rep.Results {
		s := res.Score
		t.Logf("%-22s d=%3d k=%d dateF %.3f AR1 %.3f AR2 %.3f C1 %.3f", res.Topic, res.Dates, res.PerDate,
			s.Date.F(), s.AlignM1Rouge1.F(), s.AlignM1Rouge2.F(), s.Concat1.F())
	}
	a := rep.Average
	t.Logf("%-22s dateF %.3f AR1 %.3f AR2 %.3f C1 %.3f C2 %.3f", "AVERAGE", a.Date.F(), a.AlignM1Rouge1.F(), a.AlignM1Rouge2.F(), a.Concat1.F(), a.Concat2.F())
}
