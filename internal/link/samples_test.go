package link

import (
	"testing"
)

func TestSamplesDump(t *testing.T) {
	docs := ingestDocs(t, "../../examples")
	l := New(Options{KeepHistory: true})
	for _, d := range docs {
		r := l.Add(d, nil)
		t.Logf("%s %s cl=%s st=%s dup=%q events=%v", d.Article.ID, d.Article.Date.Format("2006-01-02"), r.Cluster, r.Story, r.DuplicateOf, r.Events)
		for i, e := range d.Events {
			t.Logf("   %d %s %v when=%q mod=%q place=%q status=%s", i, e.Kind, e.Names(), e.When, e.Mod, e.Place, e.Status)
		}
	}
	for _, e := range l.Events() {
		var ms []string
		for _, m := range e.Mentions {
			ms = append(ms, m.Doc[:3]+":"+m.Status)
		}
		t.Logf("EV %s %s %v %q %q %s %v", e.ID, e.Kind, e.Names, e.Place, e.When, e.Status, ms)
	}
	for _, s := range l.Stories() {
		t.Logf("ST %s %q %v %v", s.ID, s.Title, s.Clusters, len(s.Events))
	}
}
