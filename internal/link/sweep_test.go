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
	for _, ea := range []float64{-1, 0.2} {
		for _, ew := range []float64{0.5, 1, 1.5} {
			for _, ct := range []float64{0.1, 0.15, 0.2} {
				cl, st := linkECB(docs, Options{ClusterThreshold: ct, EntityAgreement: ea, EntityWeight: ew})
				t.Logf("agree %.1f ew %.1f ct %.2f event F %.3f story F %.3f", ea, ew, ct,
					evaluate.ScoreClusters(gev, cl).BCubed.F(), evaluate.ScoreClusters(gst, st).BCubed.F())
			}
		}
	}
}
