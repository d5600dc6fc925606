package evaluate

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestScoreClusters(t *testing.T) {
	gold := map[string]string{"a": "1", "b": "1", "c": "1", "d": "2", "e": "2"}
	tests := []struct {
		name            string
		pred            map[string]string
		bp, br, pp, pr  float64
		v, ari          float64
		missing, nclust int
	}{
		{"perfect", map[string]string{"a": "x", "b": "x", "c": "x", "d": "y", "e": "y"}, 1, 1, 1, 1, 1, 1, 0, 2},
		{"relabelled perfect with extra doc", map[string]string{"a": "y", "b": "y", "c": "y", "d": "x", "e": "x", "z": "x"}, 1, 1, 1, 1, 1, 1, 0, 2},
		{"all in one", map[string]string{"a": "x", "b": "x", "c": "x", "d": "x", "e": "x"},
			(3*3.0/5 + 2*2.0/5) / 5, 1, 4.0 / 10, 1, 0, 0, 0, 1},
		{"singletons (missing)", map[string]string{}, 1, (3*1.0/3 + 2*1.0/2) / 5, 1, 0, 0.5897275217561566, 0, 5, 5}, // V: homogeneity 1, completeness H(G)/H(P)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := ScoreClusters(gold, tc.pred)
			near := func(what string, got, want float64) {
				if math.Abs(got-want) > 1e-9 {
					t.Errorf("%s = %v, want %v", what, got, want)
				}
			}
			near("B3 P", s.BCubed.P, tc.bp)
			near("B3 R", s.BCubed.R, tc.br)
			near("pair P", s.Pairwise.P, tc.pp)
			near("pair R", s.Pairwise.R, tc.pr)
			near("V", s.VMeasure, tc.v)
			near("ARI", s.ARI, tc.ari)
			if s.Missing != tc.missing || s.Predicted != tc.nclust {
				t.Errorf("missing %d clusters %d, want %d %d", s.Missing, s.Predicted, tc.missing, tc.nclust)
			}
		})
	}
}

func TestScoreClustersKnownARI(t *testing.T) {
	// sklearn: adjusted_rand_score([0,0,1,1],[0,0,1,2]) = 0.5714285714285715
	// v_measure_score([0,0,1,1],[0,0,1,2]) = 0.8
	gold := map[string]string{"a": "0", "b": "0", "c": "1", "d": "1"}
	pred := map[string]string{"a": "0", "b": "0", "c": "1", "d": "2"}
	s := ScoreClusters(gold, pred)
	if math.Abs(s.ARI-0.5714285714285715) > 1e-9 || math.Abs(s.VMeasure-0.8) > 1e-9 {
		t.Errorf("ARI %v V %v", s.ARI, s.VMeasure)
	}
}

func TestReadAssignments(t *testing.T) {
	in := `{"doc":"a","cluster":"c1","story":"s1"}
{"doc":"b","cluster":"c2"}

{"doc":"a","cluster":"c3","story":"s1"}
`
	c, s, err := ReadAssignments(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if c["a"] != "c3" || c["b"] != "c2" || s["a"] != "s1" || len(s) != 1 {
		t.Errorf("got %v %v", c, s)
	}
	if _, _, err := ReadAssignments(strings.NewReader(`{"cluster":"x"}`)); err == nil {
		t.Error("no error for a line without doc")
	}
}

func TestECBGold(t *testing.T) {
	root := t.TempDir()
	for _, p := range []string{"1/1_10ecb.xml", "1/1_2ecbplus.xml", "10/10_1ecb.xml", "2/2_1ecb.xml"} {
		if err := os.MkdirAll(filepath.Join(root, filepath.Dir(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, p), []byte("<Document/>"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := WriteECBGold(&b, root); err != nil {
		t.Fatal(err)
	}
	want := `{"doc":"1_10ecb","cluster":"1_ecb","story":"1"}
{"doc":"1_2ecbplus","cluster":"1_ecbplus","story":"1"}
{"doc":"2_1ecb","cluster":"2_ecb","story":"2"}
{"doc":"10_1ecb","cluster":"10_ecb","story":"10"}
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
