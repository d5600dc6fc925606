package ner

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestAppendLower(t *testing.T) {
	for _, w := range []string{"", "abc", "Peter", "U.S.", "ÉCOLE", "İstanbul", "a\xffB", "Straße", "KELVIN"} {
		if got := string(appendLower([]byte("x"), w)); got != "x"+strings.ToLower(w) {
			t.Errorf("appendLower(%q) = %q, want %q", w, got[1:], strings.ToLower(w))
		}
	}
}

func TestAppendShape(t *testing.T) {
	for _, c := range []struct{ w, long, short string }{
		{"Blackburn", "Xxxxxxxx", "Xx"},
		{"1996-08-22", "dddd-dd-", "d-d-d"},
		{"Zürich’s", "Xxxxxx~x", "Xx~x"},
		{"", "", ""},
	} {
		b, n := appendShape(nil, c.w)
		if long, short := string(b[:len(b)-n]), string(b[len(b)-n:]); long != c.long || short != c.short {
			t.Errorf("appendShape(%q) = %q, %q; want %q, %q", c.w, long, short, c.long, c.short)
		}
	}
}

// TestIncrementalHashes checks that the features hashed part by part equal
// the hashes of the concatenated keys they replace.
func TestIncrementalHashes(t *testing.T) {
	a, b, c := "Xx", "x", "d-d"
	if got, want := hashAdd(hashSep(hashAdd(hashByte(hash1(tShape3, a), '|'), b)), c), hash2(tShape3, a+"|"+b, c); got != want {
		t.Errorf("shape trigram: %x, want %x", got, want)
	}
	if got, want := hashByte(hash2(tGazW, "m", "city"), '1'), hash2(tGazW, "m", "city1"); got != want {
		t.Errorf("gazetteer class: %x, want %x", got, want)
	}
	if got, want := hashAdd(hashSep(hashAdd(hash1(tS1Trigram, "B-PER"), "L-PER")), "O"), hash2(tS1Trigram, "B-PERL-PER", "O"); got != want {
		t.Errorf("label trigram: %x, want %x", got, want)
	}
	for _, c := range []string{"", "01", "0110", "011010", "01101001", "0110100111010"} {
		want := [3]uint64{hash1(tClusterM1, c[:min(4, len(c))]), hash1(tClusterM1, c[:min(8, len(c))]), hash1(tClusterM1, c)}
		if got := clusterHashes(tClusterM1, c); got != want {
			t.Errorf("clusterHashes(%q) = %x, want %x", c, got, want)
		}
	}
	if got, want := hashStart(tBias), hash1(tBias, ""); got != want {
		t.Errorf("bias: %x, want %x", got, want)
	}
}

// TestAddRowsStrided checks that the register-held sums of tagging equal,
// bit for bit, the sums of addRows that training decodes with.
func TestAddRowsStrided(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const nFeat = 50
	w1 := make([]float32, nFeat*nLab)
	w2 := make([]float32, nFeat*nLab)
	for i := range w1 {
		w1[i] = float32(rng.NormFloat64())
		w2[i] = float32(rng.NormFloat64() * 1e-3)
	}
	m := &Model{hashes: make([]uint64, nFeat), w1: w1, w2: w2}
	m.index()
	for range 100 {
		ids := make([]int32, rng.IntN(60))
		for i := range ids {
			ids[i] = int32(rng.IntN(nFeat))
		}
		var want1, want2, got1, got2 [nLab]float32
		want1[3], got1[3] = 0.25, 0.25
		addRows(&want1, w1, ids)
		addRows(&want2, w2, ids)
		addRowsStrided(&got1, m.rows, 2*nLab, 0, ids)
		addRowsStrided(&got2, m.rows, 2*nLab, nLab, ids)
		if got1 != want1 || got2 != want2 {
			t.Fatalf("ids %v: sums differ", ids)
		}
	}
}
