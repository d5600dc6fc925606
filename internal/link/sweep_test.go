package link

import (
	"os"
	"testing"

	"github.com/storyline-news/storyline/internal/evaluate"
)

// TestECBSweep logs ECB+ scores over a grid of options (STORYLINE_ECB_SWEEP=1).
func TestECBSweep(t *testing.T) {
	if os.Getenv("STORYLINE_ECB_SWEEP") == "" {
		t.Skip("set STORYLINE_ECB_SWEEP=1")
	}
	docs, gold := ecbDocs(t)
	gev, gst := goldMaps(gold)
	for _, sm := range []float64{0.15, 0.18, 0.2, 0.22, 0.25} {
		for _, stt := range []float64{0.25} {
			for _, tw := range []float64{2} {
				cl, st := linkECB(docs, Options{StoryMerge: sm, StoryThreshold: stt, TimeWeight: tw})
				t.Logf("sm %.2f st %.2f tw %.0f event F %.3f story F %.3f", sm, stt, tw,
					evaluate.ScoreClusters(gev, cl).BCubed.F(), evaluate.ScoreClusters(gst, st).BCubed.F())
			}
		}
	}
}
