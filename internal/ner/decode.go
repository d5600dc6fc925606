package ner

import (
	"math"
	"unicode"
)

// Labels are the BILOU tags the tagger predicts internally, in weight-row
// order: O, then B (begin), I (inside), L (last), U (unit) for each type.
// Tags leave the package as BIO (see bioTag).
var labels = []string{"O",
	"B-PER", "I-PER", "L-PER", "U-PER",
	"B-ORG", "I-ORG", "L-ORG", "U-ORG",
	"B-LOC", "I-LOC", "L-LOC", "U-LOC",
	"B-MISC", "I-MISC", "L-MISC", "U-MISC"}

const nLab = 17

var typeNames = [...]string{"O", "PER", "ORG", "LOC", "MISC"}

// labelType is the index in typeNames of the type of label l.
func labelType(l int8) int {
	if l == 0 {
		return 0
	}
	return (int(l)-1)/4 + 1
}

// labelPos is the BILOU position of label l: 0 O, 1 B, 2 I, 3 L, 4 U.
func labelPos(l int) int {
	if l == 0 {
		return 0
	}
	return (l-1)%4 + 1
}

func labelIndex(tag string) int8 {
	for i, l := range labels {
		if l == tag {
			return int8(i)
		}
	}
	return 0
}

// bioTags holds bioTag of every label.
var bioTags = func() (a [nLab]string) {
	for l := range a {
		a[l] = bioTag(int8(l))
	}
	return a
}()

// bioTag maps a BILOU label to its BIO tag.
func bioTag(l int8) string {
	switch labelPos(int(l)) {
	case 0:
		return "O"
	case 1, 4:
		return "B-" + typeNames[labelType(l)]
	}
	return "I-" + typeNames[labelType(l)]
}

// toBILOU converts the BIO tags of a sentence to BILOU labels.
func toBILOU(bio []string) []int8 {
	out := make([]int8, len(bio))
	for i, t := range bio {
		if t == "O" || len(t) < 3 {
			continue
		}
		next := ""
		if i+1 < len(bio) {
			next = bio[i+1]
		}
		cont := len(next) > 2 && next[0] == 'I' && next[2:] == t[2:]
		var pos string
		switch {
		case t[0] == 'B' && cont:
			pos = "B"
		case t[0] == 'B':
			pos = "U"
		case cont:
			pos = "I"
		default:
			pos = "L"
		}
		out[i] = labelIndex(pos + t[1:])
	}
	return out
}

var allowedTab = func() (a [nLab + 1][nLab]bool) {
	for p := 0; p <= nLab; p++ {
		for c := 0; c < nLab; c++ {
			pp := 0 // start behaves like O
			if p < nLab {
				pp = labelPos(p)
			}
			cp := labelPos(c)
			open := pp == 1 || pp == 2 // prev leaves an entity open
			if cp == 2 || cp == 3 {
				a[p][c] = open && labelType(int8(p)) == labelType(int8(c))
			} else {
				a[p][c] = !open
			}
		}
	}
	return a
}()

// allowedPrev lists, for each label, the labels that may precede it.
var allowedPrev = func() (a [nLab][]int8) {
	for c := 0; c < nLab; c++ {
		for p := 0; p < nLab; p++ {
			if allowedTab[p][c] {
				a[c] = append(a[c], int8(p))
			}
		}
	}
	return a
}()

// allowed reports whether label cur may follow label prev (prev == nLab at
// the start of a sentence) under BILOU.
func allowed(prev, cur int) bool { return allowedTab[prev][cur] }

// canEnd reports whether a sentence may end with label l.
func canEnd(l int) bool { p := labelPos(l); return p != 1 && p != 2 }

// sentFeats are the feature ids of one sentence: token i fires
// ids[off[i]:off[i+1]].
type sentFeats struct {
	ids    []int32
	off    []int32
	bucket []uint8 // token class of each token, selecting its extra transition weights
	// base, when set, holds more features of the same tokens (stage 2
	// extends stage 1 this way without copying its ids).
	base *sentFeats
}

// tokenIDs returns the feature ids of token i: its own and its base ones.
func (sf *sentFeats) tokenIDs(i int) (own, base []int32) {
	own = sf.ids[sf.off[i]:sf.off[i+1]]
	if sf.base != nil {
		base = sf.base.ids[sf.base.off[i]:sf.base.off[i+1]]
	}
	return own, base
}

func addRows(e *[nLab]float32, w []float32, ids []int32) {
	for _, f := range ids {
		addRow(e, w, f)
	}
}

// addRowsStrided adds to e the weight rows of the features ids, in order,
// where the row of feature f is rows[f*stride+off:][:nLab]. Each element
// of e receives the same float32 additions in the same order as in
// addRows, but the sums are kept in registers, half a row at a time.
func addRowsStrided(e *[nLab]float32, rows []float32, stride, off int, ids []int32) {
	a0, a1, a2, a3, a4, a5, a6, a7, a8 := e[0], e[1], e[2], e[3], e[4], e[5], e[6], e[7], e[8]
	for _, f := range ids {
		r := (*[nLab]float32)(rows[int(f)*stride+off:])
		a0 += r[0]
		a1 += r[1]
		a2 += r[2]
		a3 += r[3]
		a4 += r[4]
		a5 += r[5]
		a6 += r[6]
		a7 += r[7]
		a8 += r[8]
	}
	e[0], e[1], e[2], e[3], e[4], e[5], e[6], e[7], e[8] = a0, a1, a2, a3, a4, a5, a6, a7, a8
	b0, b1, b2, b3, b4, b5, b6, b7 := e[9], e[10], e[11], e[12], e[13], e[14], e[15], e[16]
	for _, f := range ids {
		r := (*[nLab]float32)(rows[int(f)*stride+off:])
		b0 += r[9]
		b1 += r[10]
		b2 += r[11]
		b3 += r[12]
		b4 += r[13]
		b5 += r[14]
		b6 += r[15]
		b7 += r[16]
	}
	e[9], e[10], e[11], e[12], e[13], e[14], e[15], e[16] = b0, b1, b2, b3, b4, b5, b6, b7
}

// addRow adds the weight row of feature f to e.
func addRow(e *[nLab]float32, w []float32, f int32) {
	row := (*[nLab]float32)(w[int(f)*nLab:])
	for l := range e {
		e[l] += row[l]
	}
}

func (sf *sentFeats) reset() {
	sf.ids = sf.ids[:0]
	sf.off = append(sf.off[:0], 0)
	sf.bucket = sf.bucket[:0]
}

// Transition weights: block 0 is shared by all tokens, block 1+b adds to
// it for tokens of class b (see tokenBucket), so that, say, entering an
// entity at a capitalised word costs differently than at a lower-case one.
const (
	nBuckets  = 7
	transSize = (nLab + 1) * nLab
	transLen  = (1 + nBuckets) * transSize
)

// tokenBucket classifies a token for the transition weights: 0 lower-case
// word, 1 capitalised mid-sentence, 2 capitalised sentence-initial, 3 all
// capitals, 4 starting with a digit, 5 punctuation, 6 anything else.
func tokenBucket(t *token) uint8 {
	r := firstRune(t.word)
	switch {
	case t.letters && !t.capital:
		return 0
	case t.capital && t.head || t.capital && len(t.word) > 1 && t.short == "X":
		return 3
	case t.capital && t.initial:
		return 2
	case t.capital:
		return 1
	case unicode.IsDigit(r):
		return 4
	case unicode.IsPunct(r) || unicode.IsSymbol(r):
		return 5
	}
	return 6
}

func (sf *sentFeats) n() int { return len(sf.off) - 1 }

// viterbi returns the best label sequence under weights w (feature-major,
// nLab per feature) and transitions t ((nLab+1) x nLab, last row = start).
// scratch is reused between calls.
func viterbi(w, t []float32, sf *sentFeats, out []int8, scratch *[]float32, back *[]int8) []int8 {
	n := sf.n()
	if n == 0 {
		return out[:0]
	}
	if cap(*scratch) < 2*n*nLab {
		*scratch = make([]float32, 2*n*nLab)
		*back = make([]int8, n*nLab)
	}
	emit := (*scratch)[:n*nLab]
	for i := range emit {
		emit[i] = 0
	}
	for i := 0; i < n; i++ {
		e := (*[nLab]float32)(emit[i*nLab:])
		own, base := sf.tokenIDs(i)
		addRows(e, w, base)
		addRows(e, w, own)
	}
	return decode(t, sf.bucket, emit, out, (*scratch)[n*nLab:2*n*nLab], (*back)[:n*nLab])
}

// decode returns, in out's memory, the best label sequence of a sentence
// of len(bucket) tokens with emission scores emit (nLab per token) under
// transitions t. delta and bp are scratch space of len(emit).
func decode(t []float32, bucket []uint8, emit []float32, out []int8, delta []float32, bp []int8) []int8 {
	n := len(bucket)
	out = out[:0]
	if n == 0 {
		return out
	}
	ninf := float32(math.Inf(-1))
	tb := t[transSize*(1+int(bucket[0])):]
	for l := 0; l < nLab; l++ {
		if allowed(nLab, l) {
			delta[l] = emit[l] + t[nLab*nLab+l] + tb[nLab*nLab+l]
		} else {
			delta[l] = ninf
		}
	}
	// The loops below visit, for each label, the labels allowedPrev lists
	// for it, in the same (ascending) order, written out for the BILOU
	// layout of labels (see TestDecodeLayout): O, B-* and U-* may follow
	// O, L-* and U-*; I-T and L-T may follow B-T and I-T.
	t0 := (*[transSize]float32)(t)
	for i := 1; i < n; i++ {
		prev := (*[nLab]float32)(delta[(i-1)*nLab:])
		cur := (*[nLab]float32)(delta[i*nLab:])
		em := (*[nLab]float32)(emit[i*nLab:])
		bpi := (*[nLab]int8)(bp[i*nLab:])
		tb := (*[transSize]float32)(t[transSize*(1+int(bucket[i])):])
		for _, l := range [...]int{0, 1, 4, 5, 8, 9, 12, 13, 16} { // O, B-*, U-*
			best, arg := ninf, 0
			// Unrolled over p = O, L-*, U-*: the compiler does not.
			if s := prev[0] + t0[0*nLab+l] + tb[0*nLab+l]; s > best {
				best, arg = s, 0
			}
			if s := prev[3] + t0[3*nLab+l] + tb[3*nLab+l]; s > best {
				best, arg = s, 3
			}
			if s := prev[4] + t0[4*nLab+l] + tb[4*nLab+l]; s > best {
				best, arg = s, 4
			}
			if s := prev[7] + t0[7*nLab+l] + tb[7*nLab+l]; s > best {
				best, arg = s, 7
			}
			if s := prev[8] + t0[8*nLab+l] + tb[8*nLab+l]; s > best {
				best, arg = s, 8
			}
			if s := prev[11] + t0[11*nLab+l] + tb[11*nLab+l]; s > best {
				best, arg = s, 11
			}
			if s := prev[12] + t0[12*nLab+l] + tb[12*nLab+l]; s > best {
				best, arg = s, 12
			}
			if s := prev[15] + t0[15*nLab+l] + tb[15*nLab+l]; s > best {
				best, arg = s, 15
			}
			if s := prev[16] + t0[16*nLab+l] + tb[16*nLab+l]; s > best {
				best, arg = s, 16
			}
			cur[l] = best + em[l]
			bpi[l] = int8(arg)
		}
		for b := 1; b < nLab; b += 4 { // B-T
			for _, l := range [...]int{b + 1, b + 2} { // I-T, L-T
				best, arg := ninf, 0
				if s := prev[b] + t0[b*nLab+l] + tb[b*nLab+l]; s > best { // B-T
					best, arg = s, b
				}
				if s := prev[b+1] + t0[(b+1)*nLab+l] + tb[(b+1)*nLab+l]; s > best { // I-T
					best, arg = s, b+1
				}
				cur[l] = best + em[l]
				bpi[l] = int8(arg)
			}
		}
	}
	last := delta[(n-1)*nLab : n*nLab]
	best, arg := ninf, 0
	for l, s := range last {
		if s > best && canEnd(l) {
			best, arg = s, l
		}
	}
	if cap(out) < n {
		out = make([]int8, 0, n)
	}
	out = out[:n]
	out[n-1] = int8(arg)
	for i := n - 1; i > 0; i-- {
		out[i-1] = bp[i*nLab+int(out[i])]
	}
	return out
}
