package link

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestSamples checks the outcome DESIGN.md asks of the five sample
// articles: one story; the Beijing meetings of 18 and 19 June 2023 one
// event each with both sources, the 19 June one happened; the Munich
// meetings of February 2023 (001) and February 2024 (000) two events; the
// "spring" call of 000 and the April 2024 call of 004 one event.
func TestSamples(t *testing.T) {
	dir := "../../examples"
	if m, _ := filepath.Glob(filepath.Join(dir, "00*.txt")); len(m) < 5 {
		t.Skip("examples absent")
	}
	docs := ingestDocs(t, dir)
	l := New(Options{KeepHistory: true})
	stories := map[string]bool{}
	for _, d := range docs {
		r := l.Add(d, nil)
		stories[r.Story] = true
		for _, m := range r.Merges {
			delete(stories, m.From)
		}
	}
	if len(stories) != 1 || len(l.Stories()) != 1 {
		t.Errorf("stories = %v, want one", stories)
	}
	evs := l.Events()
	if testing.Verbose() {
		for _, e := range evs {
			var ms []string
			for _, m := range e.Mentions {
				ms = append(ms, m.Doc[:3]+":"+m.Status)
			}
			t.Logf("%s %s %v %q %q %s %v", e.ID, e.Kind, e.Names, e.Place, e.When, e.Status, ms)
		}
		for _, s := range l.Stories() {
			t.Logf("story %s %q %s..%s clusters %d events %d", s.ID, s.Title, s.Start.Format("2006-01-02"), s.End.Format("2006-01-02"), len(s.Clusters), len(s.Events))
		}
	}
	// find returns the events with these participant surnames, kind family
	// and a mention in doc.
	find := func(fam, doc string, names ...string) []Event {
		var out []Event
		for _, e := range evs {
			if family(e.Kind) != fam {
				continue
			}
			all := strings.Join(e.Names, "|")
			ok := true
			for _, n := range names {
				ok = ok && strings.Contains(all, n)
			}
			if !ok {
				continue
			}
			for _, m := range e.Mentions {
				if strings.HasPrefix(m.Doc, doc) {
					out = append(out, e)
					break
				}
			}
		}
		return out
	}
	sources := func(e Event) []string {
		var s []string
		for _, m := range e.Mentions {
			if !slices.Contains(s, m.Doc[:3]) {
				s = append(s, m.Doc[:3])
			}
		}
		slices.Sort(s)
		return s
	}
	for _, tc := range []struct {
		name   string
		names  []string
		when   string
		status string
	}{
		{"18 June Blinken-Qin", []string{"Blinken", "Qin"}, "2023-06-18", "happened"},
		{"19 June Blinken-Wang", []string{"Blinken", "Wang Yi"}, "2023-06-19", "happened"},
	} {
		got := find("meet", "002", tc.names...)
		if len(got) != 1 {
			t.Errorf("%s: %d events from 002, want 1", tc.name, len(got))
			continue
		}
		e := got[0]
		if s := sources(e); !slices.Equal(s, []string{"002", "003"}) || e.When != tc.when || e.Status != tc.status {
			t.Errorf("%s: sources %v when %q status %q, want [002 003] %q %q", tc.name, s, e.When, e.Status, tc.when, tc.status)
		}
	}
	m24, m23 := find("meet", "000", "Blinken", "Wang Yi"), find("meet", "001", "Blinken", "Wang Yi")
	if len(m24) != 1 || len(m23) != 1 || m24[0].ID == m23[0].ID {
		t.Errorf("Munich meetings: 000 %v, 001 %v, want two distinct events", ids(m24), ids(m23))
	}
	spring, april := find("call", "000", "Biden", "Xi"), find("call", "004", "Biden", "Xi")
	if len(spring) != 1 || !slices.ContainsFunc(april, func(e Event) bool { return e.ID == spring[0].ID }) {
		t.Errorf("spring call of 000 %v not among the calls of 004 %v", ids(spring), ids(april))
	} else if spring[0].When != "2024-04" || spring[0].Status != "happened" {
		t.Errorf("spring/April call: when %q status %q, want 2024-04 happened", spring[0].When, spring[0].Status)
	}
	_ = os.Getenv
}

func ids(evs []Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.ID)
	}
	return out
}
