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

// hashStart begins the hash of a feature of template t.
func hashStart(t byte) uint64 {
	h := uint64(fnvOffset)
	h ^= uint64(t)
	h *= fnvPrime
	return h
}

// hashAdd continues hash h with the bytes of s.
func hashAdd(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// hashByte continues hash h with byte c.
func hashByte(h uint64, c byte) uint64 {
	h ^= uint64(c)
	h *= fnvPrime
	return h
}

// hashSep continues hash h with the separator between the two strings of
// a two-string feature.
func hashSep(h uint64) uint64 { return hashByte(h, 0xff) }

func hash1(t byte, s string) uint64 { return hashAdd(hashStart(t), s) }

func hash2(t byte, a, b string) uint64 { return hashAdd(hashSep(hash1(t, a)), b) }

func hashInt(t byte, n int) uint64 {
	h := hashStart(t)
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
	form                      int32 // index of lower among the distinct lower forms of the document
	wh                        *wordHashes
	gaz                       uint32
	capital, initial, head    bool
	letters                   bool
}

// appendShape appends to dst the long and then the short shape of w and
// returns the length of the short one. The shape maps letters to X/x, digits to d and
// keeps other characters; the long shape is truncated to 8 runes, the
// short one collapses repeats (and stops at 16 bytes).
func appendShape(dst []byte, w string) (out []byte, short int) {
	var sb [16]byte
	s := sb[:0]
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
			dst = append(dst, c)
		}
		n++
		if c != last && len(s) < 16 {
			s = append(s, c)
		}
		last = c
	}
	return append(dst, s...), len(s)
}

// appendLower appends strings.ToLower(w) to dst, without allocating when
// w is ASCII.
func appendLower(dst []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			return append(dst, strings.ToLower(w)...)
		}
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
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

// resources are the read-only lookups the features use.
type resources struct {
	clusters map[string]string
	gaz      *gazetteer
}

// cluster returns the cluster path of the word w (lower-cased: lower),
// trying w, then lower with its first letter upper-cased, then lower; buf
// is scratch space, returned for reuse.
func (rs *resources) cluster(w, lower string, buf []byte) (string, []byte) {
	if c, ok := rs.clusters[w]; ok {
		return c, buf
	}
	// A key equal to one already missed is not looked up again.
	r, n := utf8.DecodeRuneInString(lower)
	if r != utf8.RuneError { // else the title-case form is lower itself
		buf = utf8.AppendRune(buf[:0], unicode.ToUpper(r))
		buf = append(buf, lower[n:]...)
		if string(buf) != w {
			if c, ok := rs.clusters[string(buf)]; ok {
				return c, buf
			}
		}
	}
	if lower != w {
		if c, ok := rs.clusters[lower]; ok {
			return c, buf
		}
	}
	return "", buf
}

// docPrep holds the buffers of prepare, reused from one document to the
// next.
type docPrep struct {
	toks    []token
	sents   [][]token
	wordIDs map[string]int32 // distinct words of the document (as given) -> index in words
	words   []wordInfo
	wid     []int32          // per token: index in words
	forms   map[string]int32 // lower form -> token.form
	gazMemo []gazMemo        // per form: its lookup as a one-token phrase
	lower   []string
	capital []bool
	forms1  []int32 // token.form of the tokens of one sentence
	gz      []uint32
	buf     []byte  // scratch for map keys
	str     []byte  // lower forms and shapes of the document's distinct words
	ends    []int32 // per distinct word: ends in str of its lower form, long and short shape
}

// wordInfo is what prepare derives from a word alone, once per distinct
// word of a document.
type wordInfo struct {
	word, lower, shape, short string
	cluster                   string
	form                      int32
	capital, letters          bool
	hashes                    wordHashes
}

// wordHashes are the hashes of feature keys, or of their first parts, that
// contextFeatures reads of a token's word, hashed once per distinct word
// of a document.
type wordHashes struct {
	lowerM1, lowerP1, lowerM2, lowerP2 uint64    // hash1(tLowerM1, lower), ...
	bigramL, bigramR                   uint64    // hash1(tBigramL, lower), hash1(tBigramR, lower)
	wordM1, wordP1                     uint64    // hash1(tWordM1, word), hash1(tWordP1, word)
	clusterM1, clusterP1               [3]uint64 // see clusterHashes; zero without a cluster
}

func (h *wordHashes) set(word, lower, cluster string) {
	h.lowerM1, h.lowerP1 = hash1(tLowerM1, lower), hash1(tLowerP1, lower)
	h.lowerM2, h.lowerP2 = hash1(tLowerM2, lower), hash1(tLowerP2, lower)
	h.bigramL, h.bigramR = hash1(tBigramL, lower), hash1(tBigramR, lower)
	h.wordM1, h.wordP1 = hash1(tWordM1, word), hash1(tWordP1, word)
	if cluster != "" {
		h.clusterM1, h.clusterP1 = clusterHashes(tClusterM1, cluster), clusterHashes(tClusterP1, cluster)
	}
}

// clusterHashes returns the hashes of template t with the cluster path c
// cut to 4 and 8 bytes, and whole.
func clusterHashes(t byte, c string) [3]uint64 {
	// FNV-1a hashes a key byte by byte: the hash of a prefix continues
	// into the hash of the longer prefix.
	n4, n8 := min(4, len(c)), min(8, len(c))
	h4 := hashAdd(hashStart(t), c[:n4])
	h8 := hashAdd(h4, c[n4:n8])
	return [3]uint64{h4, h8, hashAdd(h8, c[n8:])}
}

// docTokens prepares the tokens of one document: sentences of words.
func (rs *resources) docTokens(doc [][]string) [][]token {
	var p docPrep
	return rs.prepare(&p, doc)
}

// prepare prepares the tokens of one document (sentences of words) in the
// buffers of p; the result is valid until the next use of p.
func (rs *resources) prepare(p *docPrep, doc [][]string) [][]token {
	n := 0
	for _, words := range doc {
		n += len(words)
	}
	if p.wordIDs == nil {
		p.wordIDs = map[string]int32{}
		p.forms = map[string]int32{}
	} else {
		clear(p.wordIDs)
		clear(p.forms)
	}
	p.words = p.words[:0]
	p.wid = slices.Grow(p.wid[:0], n)[:n]
	p.ends = p.ends[:0]
	p.str = p.str[:0]
	k := 0
	for _, words := range doc {
		for _, w := range words {
			id, ok := p.wordIDs[w]
			if !ok {
				id = int32(len(p.words))
				p.wordIDs[w] = id
				w = normalizeWord(w)
				p.words = append(p.words, wordInfo{word: w})
				p.str = appendLower(p.str, w)
				lowerEnd := int32(len(p.str))
				var short int
				p.str, short = appendShape(p.str, w)
				p.ends = append(p.ends, lowerEnd, int32(len(p.str)-short), int32(len(p.str)))
			}
			p.wid[k] = id
			k++
		}
	}
	str := string(p.str) // one allocation for the strings of all words
	prevEnd := int32(0)
	for i := range p.words {
		wi := &p.words[i]
		e := p.ends[3*i:]
		wi.lower, wi.shape, wi.short = str[prevEnd:e[0]], str[e[0]:e[1]], str[e[1]:e[2]]
		prevEnd = e[2]
		f, ok := p.forms[wi.lower]
		if !ok {
			f = int32(len(p.forms))
			p.forms[wi.lower] = f
		}
		wi.form = f
		r, _ := utf8.DecodeRuneInString(wi.word)
		wi.capital = unicode.IsUpper(r)
		wi.letters = unicode.IsLetter(r)
		wi.cluster, p.buf = rs.cluster(wi.word, wi.lower, p.buf)
		wi.hashes.set(wi.word, wi.lower, wi.cluster)
	}
	p.gazMemo = resize(p.gazMemo, len(p.forms))

	p.toks = slices.Grow(p.toks[:0], n)[:n]
	p.sents = slices.Grow(p.sents[:0], len(doc))[:len(doc)]
	k = 0
	for si, words := range doc {
		head := isHeadline(words)
		toks := p.toks[k : k+len(words) : k+len(words)]
		p.lower = p.lower[:0]
		p.capital = p.capital[:0]
		p.forms1 = p.forms1[:0]
		for i := range toks {
			wi := &p.words[p.wid[k+i]]
			toks[i] = token{word: wi.word, lower: wi.lower, shape: wi.shape, short: wi.short,
				cluster: wi.cluster, form: wi.form, wh: &wi.hashes, capital: wi.capital, letters: wi.letters,
				initial: i == 0 || (i == 1 && !unicode.IsLetter(firstRune(words[0]))),
				head:    head}
			p.lower = append(p.lower, wi.lower)
			p.capital = append(p.capital, wi.capital)
			p.forms1 = append(p.forms1, wi.form)
		}
		p.gz = slices.Grow(p.gz[:0], len(words))[:len(words)]
		p.buf = rs.gaz.matchCached(p.lower, p.capital, p.forms1, p.gazMemo, p.gz, p.buf)
		for i := range toks {
			toks[i].gaz = p.gz[i]
		}
		p.sents[si] = toks
		k += len(words)
	}
	return p.sents
}

// nForms returns the number of distinct lower forms of the last document
// prepared.
func (p *docPrep) nForms() int { return len(p.forms) }

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// docStats are label-free document-level facts about word forms, indexed
// by token.form.
type docStats struct {
	capMid []bool  // lower form seen capitalised, not sentence-initial, outside headlines
	lowMid []bool  // lower form seen in lower case outside headlines
	ctx    []int32 // index in aggs of the contexts of a capitalised form, or -1
	// aggs hold, per capitalised lower form, the lower-cased left and right
	// neighbours of its first occurrences (at most maxAgg each).
	aggs []aggContext
}

const maxAgg = 6

type aggContext struct {
	left, right []string
}

func newDocStats(doc [][]token, nForms int) docStats {
	var ds docStats
	ds.reset(doc, nForms)
	return ds
}

// reset makes ds the statistics of doc, reusing its memory.
func (ds *docStats) reset(doc [][]token, nForms int) {
	ds.capMid = resize(ds.capMid, nForms)
	ds.lowMid = resize(ds.lowMid, nForms)
	ds.ctx = slices.Grow(ds.ctx[:0], nForms)[:nForms]
	for i := range ds.ctx {
		ds.ctx[i] = -1
	}
	ds.aggs = ds.aggs[:0]
	for _, s := range doc {
		for i, t := range s {
			if t.capital && t.letters {
				k := ds.ctx[t.form]
				if k < 0 {
					k = int32(len(ds.aggs))
					ds.ctx[t.form] = k
					if len(ds.aggs) < cap(ds.aggs) {
						ds.aggs = ds.aggs[:k+1]
						ds.aggs[k].left = ds.aggs[k].left[:0]
						ds.aggs[k].right = ds.aggs[k].right[:0]
					} else {
						ds.aggs = append(ds.aggs, aggContext{})
					}
				}
				a := &ds.aggs[k]
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
				ds.capMid[t.form] = true
			} else if !t.capital {
				ds.lowMid[t.form] = true
			}
		}
	}
}

// resize returns s with length n and every element zero, reusing its memory.
func resize[T any](s []T, n int) []T {
	s = slices.Grow(s[:0], n)[:n]
	clear(s)
	return s
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
	return contextFeatures(wordFeatures(out, &s[i]), s, i, ds)
}

// wordFeatures appends the stage-1 feature hashes that depend on the word
// of token t alone: the first ones localFeatures appends.
func wordFeatures(out []uint64, t *token) []uint64 {
	out = append(out, hashStart(tBias))
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
	return out
}

// contextFeatures appends the stage-1 feature hashes of token i of
// sentence s that follow its wordFeatures.
func contextFeatures(out []uint64, s []token, i int, ds *docStats) []uint64 {
	t := &s[i]
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
	// The neighbours' hashes come from their wordHashes, those of padding
	// are hashed here: the keys are those of the comments.
	var lowM1, lowP1, lowM2, lowP2, bigL uint64
	if m1 != nil {
		lowM1, bigL = m1.wh.lowerM1, m1.wh.bigramL
	} else {
		lowM1, bigL = hash1(tLowerM1, pad(i-1)), hash1(tBigramL, pad(i-1))
	}
	if p1 != nil {
		lowP1 = p1.wh.lowerP1
	} else {
		lowP1 = hash1(tLowerP1, pad(i+1))
	}
	if m2 != nil {
		lowM2 = m2.wh.lowerM2
	} else {
		lowM2 = hash1(tLowerM2, pad(i-2))
	}
	if p2 != nil {
		lowP2 = p2.wh.lowerP2
	} else {
		lowP2 = hash1(tLowerP2, pad(i+2))
	}
	out = append(out,
		lowM1, lowP1, // tLowerM1, lower of m1; tLowerP1, lower of p1
		lowM2, lowP2, // tLowerM2, lower of m2; tLowerP2, lower of p2
		hashAdd(hashSep(bigL), t.lower),                  // tBigramL, lower of m1, t.lower
		hashAdd(hashSep(t.wh.bigramR), lowerOr(p1, i+1)), // tBigramR, t.lower, lower of p1
		hashAdd(hashSep(hashAdd(hashByte(hash1(tShape3, shapeOr(m1, i-1)), '|'), t.short)), shapeOr(p1, i+1)), // shapes "m1|t", p1
		hash2(tShapeL, shapeOr(m1, i-1), t.short), hash2(tShapeR, t.short, shapeOr(p1, i+1)),
	)
	if m1 != nil {
		out = append(out, m1.wh.wordM1) // tWordM1, m1.word
	}
	if p1 != nil {
		out = append(out, p1.wh.wordP1) // tWordP1, p1.word
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
	if m1 != nil && m1.cluster != "" {
		out = append(out, m1.wh.clusterM1[:]...) // tClusterM1, prefixes of m1.cluster
	}
	if p1 != nil && p1.cluster != "" {
		out = append(out, p1.wh.clusterP1[:]...) // tClusterP1, prefixes of p1.cluster
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
					out = append(out, hashByte(hash2(tGazW, kind, gazClasses[b/2]), '0'+byte(b%2))) // class name + "0" or "1"
				}
			}
		}
	}
	if strings.Contains(t.word, "-") && len(t.word) > 2 {
		for rest, more := t.lower, true; more; {
			var part string
			part, rest, more = strings.Cut(rest, "-")
			if part != "" {
				out = append(out, hash1(tHyphenPart, part))
			}
		}
	}
	if t.letters {
		if ds.capMid[t.form] {
			out = append(out, hash2(tDocCap, kind, boolStr(t.capital)))
		}
		if ds.lowMid[t.form] {
			out = append(out, hash2(tDocLow, kind, boolStr(t.capital)))
		}
	}
	if t.capital && t.letters {
		if k := ds.ctx[t.form]; k >= 0 {
			a := &ds.aggs[k]
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
