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
	for _, yc := range []float64{0.1, 0.2, 0.3} {
		for _, ea := range []float64{0.2, 0.3} {
			for _, ct := range []float64{0.15, 0.18} {
				cl, st := linkECB(docs, Options{YearConflict: yc, EntityAgreement: ea, ClusterThreshold: ct})
				t.Logf("yc %.2f ea %.2f ct %.2f event F %.3f story F %.3f", yc, ea, ct,
					evaluate.ScoreClusters(gev, cl).BCubed.F(), evaluate.ScoreClusters(gst, st).BCubed.F())
			}
		}
	}
}
