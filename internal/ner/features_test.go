package ner

import (
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
	if got, want := hashStart(tBias), hash1(tBias, ""); got != want {
		t.Errorf("bias: %x, want %x", got, want)
	}
}
