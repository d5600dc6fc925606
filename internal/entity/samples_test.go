package entity

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/clean"
)

// loadSamples reads the five sample articles from ../../examples with the
// text reader and cleans them as the pipeline does. It skips the test when
// the samples are absent.
func loadSamples(tb testing.TB) []*article.Article {
	tb.Helper()
	paths, _ := filepath.Glob(filepath.Join("..", "..", "examples", "00*.txt"))
	if len(paths) == 0 {
		tb.Skip("sample articles absent")
	}
	sort.Strings(paths)
	rd := article.NewReader(article.Options{})
	cl := clean.New(clean.Options{})
	var out []*article.Article
	for _, p := range paths {
		err := rd.Read(context.Background(), article.Source{Path: p}, nil, func(it article.Item) error {
			if it.Err != nil {
				return it.Err
			}
			out = append(out, it.Article)
			return nil
		})
		if err != nil {
			tb.Fatalf("read %s: %v", p, err)
		}
	}
	for _, a := range out { // as the pipeline does: observe all, then clean
		cl.Observe(a)
	}
	for _, a := range out {
		cl.Clean(a)
	}
	return out
}

// TestDumpSamples logs the entities of the samples when ENTITY_DUMP is set.
func TestDumpSamples(t *testing.T) {
	if os.Getenv("ENTITY_DUMP") == "" {
		t.Skip("set ENTITY_DUMP=1")
	}
	r := testResolver(t)
	for _, a := range loadSamples(t) {
		var b strings.Builder
		for _, e := range r.Article(a.Text) {
			fmt.Fprintf(&b, "%s %s %q src=%v aliases=%q roles=%q country=%q admin=%q geo=%d n=%d", e.Key, e.Type, e.Name, e.Source, e.Aliases, e.Roles, e.Country, e.Admin, e.GeoID, len(e.Mentions))
			for _, m := range e.Mentions {
				if m.RoleOnly {
					fmt.Fprintf(&b, " ROLEONLY(%q)", m.Text)
				}
			}
			b.WriteByte('\n')
		}
		t.Logf("=== %s\n%s", a.ID, b.String())
	}
}

// TestSamplesPersons checks the acceptance list of issue 4 on the five
// sample articles: exactly one canonical person for each person below, and
// no person for the outlets or a bare title.
func TestSamplesPersons(t *testing.T) {
	r := testResolver(t)
	arts := loadSamples(t)
	ents := make([][]Entity, len(arts))
	for i, a := range arts {
		ents[i] = r.Article(a.Text)
	}
	for _, reverse := range []bool{false, true} {
		x := NewIndex()
		for i := range arts {
			k := i
			if reverse {
				k = len(arts) - 1 - i
			}
			x.Add(arts[k].ID, ents[k])
		}
		t.Run(map[bool]string{false: "forward", true: "reverse"}[reverse], func(t *testing.T) { checkSamples(t, x) })
	}
}

// checkSamples checks the acceptance list on an index of the samples.
func checkSamples(t *testing.T, x *Index) {
	var persons []Canonical
	for _, c := range x.Canonical() {
		if c.Type == "PER" {
			persons = append(persons, c)
		}
	}
	count := func(name string) int {
		n := 0
		k := normName(name)
		for _, p := range persons {
			if normName(p.Name) == k || slicesContainsNorm(p.Aliases, k) {
				n++
			}
		}
		return n
	}
	for _, name := range []string{"Antony Blinken", "Anthony Blinken", "Wang Yi", "Xi Jinping", "Joe Biden", "Qin Gang",
		"Jake Sullivan", "Subrahmanyam Jaishankar", "Bill Gates", "Kurt Campbell", "Lin Jian", "Wang Wenbin",
		"Matthew Miller", "Donald Trump"} {
		if n := count(name); n != 1 {
			t.Errorf("%s: %d person entities, want 1", name, n)
		}
	}
	for _, p := range persons {
		k := normName(p.Name)
		if outletSet[k] || len(strings.Fields(k)) == 0 || roleNouns[k] || courtesy[k] {
			t.Errorf("person %q (%+v) is an outlet or a bare title", p.Name, p)
		}
	}
	for _, tc := range []struct{ name, country, admin string }{
		{"Munich", "Germany", ""}, {"Woodside", "United States", "California"}, {"Beijing", "China", ""},
		{"Chinese", "China", ""}, {"Washington", "United States", "District of Columbia"},
	} {
		found := false
		for _, c := range x.Canonical() {
			if c.Name == tc.name {
				found = true
				if c.Country != tc.country || c.Admin != tc.admin {
					t.Errorf("%s: %s/%s, want %s/%s", tc.name, c.Country, c.Admin, tc.country, tc.admin)
				}
			}
		}
		if !found {
			t.Errorf("%s: not found", tc.name)
		}
	}
	for _, name := range []string{"Bloomberg", "AFP", "CCTV", "People's Daily"} {
		found := false
		for _, c := range x.Canonical() {
			if normName(c.Name) == normName(name) {
				found = true
				if !c.Source || c.Type != "ORG" {
					t.Errorf("%s: %+v, want a source", name, c)
				}
			}
		}
		if !found {
			t.Errorf("%s: not found", name)
		}
	}
	if testing.Verbose() {
		for _, c := range x.Canonical() {
			if c.Type == "PER" || c.Type == "LOC" || c.Source || c.Country != "" {
				t.Logf("%s %s %q aliases=%q roles=%q source=%v place=%s/%s/%d mentions=%d articles=%d", c.ID, c.Type, c.Name, c.Aliases, c.Roles, c.Source, c.Country, c.Admin, c.GeoID, c.Mentions, c.Articles)
			}
		}
	}
}

func slicesContainsNorm(ss []string, k string) bool {
	for _, s := range ss {
		if normName(s) == k {
			return true
		}
	}
	return false
}
