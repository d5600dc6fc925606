package ner

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

const fixtureData = "testdata/datadir"

func TestBuildGazetteersFixture(t *testing.T) {
	var a, b bytes.Buffer
	if err := BuildGazetteers(context.Background(), fixtureData, &a); err != nil {
		t.Fatal(err)
	}
	if err := BuildGazetteers(context.Background(), fixtureData, &b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("BuildGazetteers is not deterministic")
	}
	out := a.String()
	for _, want := range []string{"city\tberlin\n", "city\tberlino\n", "city\tparigi\n", "country\tgermany\n",
		"country\tfrance\n", "title\tmr.\n", "outlet\tbloomberg\n", "lowerword\tminister\n", "capword\tparis\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("gazetteer lacks %q", want)
		}
	}
	for _, bad := range []string{"city\tber\n", "city\tберлин\n"} {
		if strings.Contains(out, bad) {
			t.Errorf("gazetteer has %q (codes and non-Latin names are dropped)", bad)
		}
	}
}

func TestBuildClustersFixture(t *testing.T) {
	var a, b bytes.Buffer
	opt := ClusterOptions{MinCount: 1, Classes: []int{2, 4}}
	if err := BuildClustersWith(context.Background(), fixtureData, &a, opt); err != nil {
		t.Fatal(err)
	}
	if err := BuildClustersWith(context.Background(), fixtureData, &b, opt); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("BuildClusters is not deterministic")
	}
	lines := strings.Split(strings.TrimSpace(a.String()), "\n")
	words := map[string]string{}
	for _, l := range lines {
		f := strings.Split(l, "\t")
		if len(f) != 3 || len(f[0]) != 3 {
			t.Fatalf("bad cluster line %q (want 1+2 path bits, word, count)", l)
		}
		words[f[1]] = f[0]
	}
	for _, w := range []string{"minister", "German", "French", "Paris", "Dutch"} {
		if words[w] == "" {
			t.Errorf("%q not clustered", w)
		}
	}
	if words["Kollegen"] != "" {
		t.Error("a German SemEval text was read")
	}
	if err := BuildClustersWith(context.Background(), fixtureData, &a, ClusterOptions{Classes: []int{4, 3}}); err == nil {
		t.Error("accepted class counts that are not increasing powers of two")
	}
}

func TestGazetteerMatch(t *testing.T) {
	g := newGazetteer(map[string]uint32{"new york": 1 << 0, "new york city": 1 << 0, "york": 1 << 1, "mr.": 1 << 4})
	lower := []string{"mr.", "smith", "left", "new", "york", "city"}
	capital := []bool{true, true, false, true, true, true}
	got := make([]uint32, len(lower))
	g.match(lower, capital, got, nil)
	want := []uint32{1 << 8, 0, 0, 1 << 0, 1<<1 | 1<<2, 1 << 1}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("token %d (%s): bits %b, want %b", i, lower[i], got[i], want[i])
		}
	}
	capital[3] = false // "new york" lower-case: name classes do not match
	g.match(lower, capital, got, nil)
	if got[3] != 0 {
		t.Errorf("lower-case 'new' matched: %b", got[3])
	}
}
