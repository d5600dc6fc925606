package evaluate

import (
	"math"
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestChunks(t *testing.T) {
	tests := []struct {
		name string
		tags string
		want []Chunk
	}{
		{"iob1", "I-PER I-PER O I-LOC B-LOC I-LOC", []Chunk{{0, 2, "PER"}, {3, 4, "LOC"}, {4, 6, "LOC"}}},
		{"bio", "B-PER I-PER O B-LOC B-LOC I-LOC", []Chunk{{0, 2, "PER"}, {3, 4, "LOC"}, {4, 6, "LOC"}}},
		{"type change", "I-ORG I-PER", []Chunk{{0, 1, "ORG"}, {1, 2, "PER"}}},
		{"dangling I", "O I-MISC I-MISC", []Chunk{{1, 3, "MISC"}}},
		{"iobes", "S-PER B-ORG E-ORG", []Chunk{{0, 1, "PER"}, {1, 3, "ORG"}}},
		{"all O", "O O", nil},
	}
	for _, tt := range tests {
		got := Chunks(strings.Fields(tt.tags))
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Chunks = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestNERFromCoNLL(t *testing.T) {
	f, err := os.Open("testdata/conlleval_sample.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := NERFromCoNLL(f)
	if err != nil {
		t.Fatal(err)
	}
	// Gold: PER(0-2) LOC(3) | ORG(0) MISC(2); predicted: PER(0-2) LOC(3-5 wrong span) | ORG(0) PER(2 wrong type).
	want := PRF{TP: 2, FP: 2, FN: 2}
	if res.Overall.TP != want.TP || res.Overall.FP != want.FP || res.Overall.FN != want.FN {
		t.Fatalf("overall = %+v, want counts %+v", res.Overall, want)
	}
	if math.Abs(res.Overall.F1-0.5) > 1e-9 {
		t.Errorf("F1 = %v, want 0.5", res.Overall.F1)
	}
	if p := res.ByType["PER"]; p.TP != 1 || p.FP != 1 || p.FN != 0 {
		t.Errorf("PER = %+v", p)
	}
	if !strings.Contains(res.String(), "overall") {
		t.Errorf("String() lacks overall line: %s", res.String())
	}
}

func TestNERLengthMismatch(t *testing.T) {
	if _, err := NER([][]string{{"O"}}, [][]string{{"O", "O"}}); err == nil {
		t.Error("want error on length mismatch")
	}
}
