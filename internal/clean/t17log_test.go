package clean

import (
	"os"
	"testing"
)

func TestT17Log(t *testing.T) {
	if os.Getenv("T17LOG") == "" {
		t.Skip()
	}
	arts := benchArticles(&testing.B{})
	c := New(Options{})
	for i := range arts {
		c.Observe(&arts[i])
	}
	nt, nd, ns, nr := 0, 0, 0, 0
	for i := range arts {
		a := arts[i]
		rep := c.Clean(&a)
		if rep.TitleInferred {
			nt++
			t.Logf("TITLE %q", a.Title)
		}
		if rep.DatelineFound {
			nd++
			t.Logf("DATELINE %q", rep.Dateline)
		}
		for _, l := range rep.RemovedLines {
			nr++
			t.Logf("REMOVED %q", l)
		}
		for _, s := range rep.Splits {
			ns++
			t.Logf("SPLIT %q -> %q", s.Original, s.Replacement)
		}
	}
	t.Logf("articles=%d titles=%d datelines=%d removed=%d splits=%d", len(arts), nt, nd, nr, ns)
}
