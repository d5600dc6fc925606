package ner

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Feature templates. A feature is the FNV-1a hash of a template id and one
// or two strings; template ids must never be renumbered once a model ships.
const (
	tBias byte = iota + 1
	tWord
	tLower
	tShape
	tShort
	tPrefix
	tSuffix
	tLowerM1
	tLowerP1
	tLowerM2
	tLowerP2
	tBigramL
	tBigramR
	tShape3
	tShapeL
	tShapeR
	tInitShape
	tHeadLower
	tCluster
	tClusterM1
	tClusterP1
	tGaz
	tGazM1
	tGazP1
	tGazM2
	tHyphenPart
	tDocCap
	tDocLow
	tNoCluster
	tLen
	tWordM1
	tWordP1
	tGazW
	// stage-2 (document memory) templates
	tS1Label
	tS1LabelM1
	tS1LabelP1
	tDocMaj
	tDocHas
	tDocMajShape
	tS1Bigram
	tAggL
	tAggR
	tDocPos
	tS1LabelM2
	tS1LabelP2
	tS1Trigram
)

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hash1(t byte, s string) uint64 {
	h := uint64(fnvOffset)
	h ^= uint64(t)
	h *= fnvPrime
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

func hash2(t byte, a, b string) uint64 {
	h := hash1(t, a)
	h ^= 0xff
	h *= fnvPrime
	for i := 0; i < len(b); i++ {
		h ^= uint64(b[i])
		h *= fnvPrime
	}
	return h
}

func hashInt(t byte, n int) uint64 {
	h := uint64(fnvOffset)
	h ^= uint64(t)
	h *= fnvPrime
	h ^= uint64(n)
	h *= fnvPrime
	h ^= uint64(n >> 8)
	h *= fnvPrime
	h ^= uint64(n >> 16)
	h *= fnvPrime
	h ^= uint64(n >> 24)
	h *= fnvPrime
	return h
}

// token holds what the feature templates read of one token.
type token struct {
	word, lower, shape, short string
	cluster                   string
	gaz                       uint32
	capital, initial, head    bool
	letters                   bool
}

// wordShape maps letters to X/x, digits to d and keeps other characters;
// long is truncated to 8 runes, short collapses repeats.
func wordShape(w string) (long, short string) {
	var lb, sb [32]byte
	l, s := lb[:0], sb[:0]
	var last byte
	n := 0
	for _, r := range w {
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLetter(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		case r < utf8.RuneSelf:
			c = byte(r)
		default:
			c = '~'
		}
		if n < 8 {
			l = append(l, c)
		}
		n++
		if c != last && len(s) < 16 {
			s = append(s, c)
		}
		last = c
	}
	return string(l), string(s)
}

func isHeadline(words []string) bool {
	letters, upper := 0, 0
	for _, w := range words {
		hasLetter, allUpper := false, true
		for _, r := range w {
			if unicode.IsLetter(r) {
				hasLetter = true
				if !unicode.IsUpper(r) {
					allUpper = false
				}
			}
		}
		if hasLetter {
			letters++
			if allUpper {
				upper++
			}
		}
	}
	return letters >= 2 && upper*10 >= letters*7
}

func titleCase(lower string) string {
	r, n := utf8.DecodeRuneInString(lower)
	if r == utf8.RuneError {
		return lower
	}
	return string(unicode.ToUpper(r)) + lower[n:]
}

// resources are the read-only lookups the features use.
type resources struct {
	clusters map[string]string
	gaz      *gazetteer
}

func (rs *resources) cluster(w, lower string) string {
	if c, ok := rs.clusters[w]; ok {
		return c
	}
	if c, ok := rs.clusters[titleCase(lower)]; ok {
		return c
	}
	if c, ok := rs.clusters[lower]; ok {
		return c
	}
	return ""
}

// docTokens prepares the tokens of one document: sentences of words.
func (rs *resources) docTokens(doc [][]string) [][]token {
	out := make([][]token, len(doc))
	var lower []string
	var capital []bool
	var gz []uint32
	var buf []byte
	for si, words := range doc {
		head := isHeadline(words)
		toks := make([]token, len(words))
		lower = lower[:0]
		capital = capital[:0]
		for i, w := range words {
			t := &toks[i]
			w = normalizeWord(w)
			t.word = w
			t.lower = strings.ToLower(w)
			t.shape, t.short = wordShape(w)
			r, _ := utf8.DecodeRuneInString(w)
			t.capital = unicode.IsUpper(r)
			t.letters = unicode.IsLetter(r)
			t.initial = i == 0 || (i == 1 && !unicode.IsLetter(firstRune(words[0])))
			t.head = head
			t.cluster = rs.cluster(w, t.lower)
			lower = append(lower, t.lower)
			capital = append(capital, t.capital)
		}
		if cap(gz) < len(words) {
			gz = make([]uint32, len(words))
		}
		gz = gz[:len(words)]
		buf = rs.gaz.match(lower, capital, gz, buf)
		for i := range toks {
			toks[i].gaz = gz[i]
		}
		out[si] = toks
	}
	return out
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// docStats are label-free document-level facts about word forms.
type docStats struct {
	capMid map[string]bool // lower form seen capitalised, not sentence-initial, outside headlines
	lowMid map[string]bool // lower form seen in lower case outside headlines
	// ctx holds, per capitalised lower form, the lower-cased left and right
	// neighbours of its first occurrences (at most maxAgg each).
	ctx map[string]*aggContext
}

const maxAgg = 6

type aggContext struct {
	left, right []string
}

func newDocStats(doc [][]token) docStats {
	ds := docStats{capMid: map[string]bool{}, lowMid: map[string]bool{}, ctx: map[string]*aggContext{}}
	for _, s := range doc {
		for i, t := range s {
			if t.capital && t.letters {
				a := ds.ctx[t.lower]
				if a == nil {
					a = &aggContext{}
					ds.ctx[t.lower] = a
				}
				if i > 0 && len(a.left) < maxAgg && !slices.Contains(a.left, s[i-1].lower) {
					a.left = append(a.left, s[i-1].lower)
				}
				if i+1 < len(s) && len(a.right) < maxAgg && !slices.Contains(a.right, s[i+1].lower) {
					a.right = append(a.right, s[i+1].lower)
				}
			}
			if t.head || !t.letters {
				continue
			}
			if t.capital && !t.initial {
				ds.capMid[t.lower] = true
			} else if !t.capital {
				ds.lowMid[t.lower] = true
			}
		}
	}
	return ds
}

// prefixLens are the cluster path prefixes used as features: the three
// nested levels of BuildClusters (16, 128 and 1024 classes).
var prefixLens = [...]int{4, 11, 21}

func posKind(t *token) string {
	switch {
	case t.head:
		return "h"
	case t.initial:
		return "i"
	}
	return "m"
}

// localFeatures appends the stage-1 feature hashes of token i of sentence s.
func localFeatures(out []uint64, s []token, i int, ds *docStats) []uint64 {
	t := &s[i]
	out = append(out, hash1(tBias, ""))
	out = append(out, hash1(tWord, t.word), hash1(tLower, t.lower), hash1(tShape, t.shape), hash1(tShort, t.short))
	n := 0
	for k := range t.lower {
		if k == 0 {
			continue
		}
		n++
		if n > 4 {
			break
		}
		out = append(out, hash1(tPrefix, t.lower[:k]))
	}
	n = 0
	for k := len(t.lower) - 1; k > 0 && n < 4; k-- {
		if !utf8.RuneStart(t.lower[k]) {
			continue
		}
		n++
		out = append(out, hash1(tSuffix, t.lower[k:]))
	}
	get := func(j int) *token {
		if j < 0 || j >= len(s) {
			return nil
		}
		return &s[j]
	}
	pad := func(j int) string {
		if j < 0 {
			return "<s>"
		}
		return "</s>"
	}
	m1, p1, m2, p2 := get(i-1), get(i+1), get(i-2), get(i+2)
	lowerOr := func(x *token, j int) string {
		if x == nil {
			return pad(j)
		}
		return x.lower
	}
	shapeOr := func(x *token, j int) string {
		if x == nil {
			return pad(j)
		}
		return x.short
	}
	out = append(out,
		hash1(tLowerM1, lowerOr(m1, i-1)), hash1(tLowerP1, lowerOr(p1, i+1)),
		hash1(tLowerM2, lowerOr(m2, i-2)), hash1(tLowerP2, lowerOr(p2, i+2)),
		hash2(tBigramL, lowerOr(m1, i-1), t.lower), hash2(tBigramR, t.lower, lowerOr(p1, i+1)),
		hash2(tShape3, shapeOr(m1, i-1)+"|"+t.short, shapeOr(p1, i+1)),
		hash2(tShapeL, shapeOr(m1, i-1), t.short), hash2(tShapeR, t.short, shapeOr(p1, i+1)),
	)
	if m1 != nil {
		out = append(out, hash1(tWordM1, m1.word))
	}
	if p1 != nil {
		out = append(out, hash1(tWordP1, p1.word))
	}
	kind := posKind(t)
	out = append(out, hash2(tInitShape, kind, t.short))
	if t.head {
		out = append(out, hash1(tHeadLower, t.lower))
	}
	if t.cluster != "" {
		for _, l := range prefixLens {
			if l > len(t.cluster) {
				l = len(t.cluster)
			}
			out = append(out, hash2(tCluster, t.cluster[:l], kind))
			out = append(out, hash1(tCluster, t.cluster[:l]))
		}
	} else {
		out = append(out, hash2(tNoCluster, t.short, kind))
	}
	for _, x := range [...]struct {
		t  *token
		tp byte
	}{{m1, tClusterM1}, {p1, tClusterP1}} {
		if x.t != nil && x.t.cluster != "" {
			c := x.t.cluster
			out = append(out, hash1(x.tp, c[:min(4, len(c))]), hash1(x.tp, c[:min(8, len(c))]), hash1(x.tp, c))
		}
	}
	for _, x := range [...]struct {
		t  *token
		tp byte
	}{{t, tGaz}, {m1, tGazM1}, {p1, tGazP1}, {m2, tGazM2}} {
		if x.t == nil {
			continue
		}
		for g, b := x.t.gaz, 0; g != 0; g, b = g>>1, b+1 {
			if g&1 != 0 {
				out = append(out, hashInt(x.tp, b))
				if x.tp == tGaz {
					out = append(out, hash2(tGazW, kind, gazClasses[b/2]+string('0'+byte(b%2))))
				}
			}
		}
	}
	if strings.Contains(t.word, "-") && len(t.word) > 2 {
		for _, part := range strings.Split(t.lower, "-") {
			if part != "" {
				out = append(out, hash1(tHyphenPart, part))
			}
		}
	}
	if t.letters {
		if ds.capMid[t.lower] {
			out = append(out, hash2(tDocCap, kind, boolStr(t.capital)))
		}
		if ds.lowMid[t.lower] {
			out = append(out, hash2(tDocLow, kind, boolStr(t.capital)))
		}
	}
	if t.capital && t.letters {
		if a := ds.ctx[t.lower]; a != nil {
			for _, l := range a.left {
				out = append(out, hash1(tAggL, l))
			}
			for _, r := range a.right {
				out = append(out, hash1(tAggR, r))
			}
		}
	}
	out = append(out, hashInt(tLen, min(len(t.word), 12)))
	return out
}

func boolStr(b bool) string {
	if b {
		return "T"
	}
	return "F"
}

// typographic maps typographic punctuation to the ASCII forms of the
// CoNLL/Penn Treebank training data, so that "People’s" reads as "People's".
var typographic = strings.NewReplacer("’", "'", "‘", "`", "“", "``", "”", "''", "—", "--", "–", "-", "…", "...")

// normalizeWord returns w with typographic punctuation in ASCII form.
func normalizeWord(w string) string {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			return typographic.Replace(w)
		}
	}
	return w
}
