package ner

import "math"

// Labels are the BIO tags the tagger predicts, in weight-row order.
var labels = []string{"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"}

const nLab = 9

// entityTypes indexes the type of label l as labelType[l] (0 = O).
var labelType = [nLab]int{0, 1, 1, 2, 2, 3, 3, 4, 4}

var typeNames = [...]string{"O", "PER", "ORG", "LOC", "MISC"}

func labelIndex(tag string) int {
	for i, l := range labels {
		if l == tag {
			return i
		}
	}
	return 0
}

func isInside(l int) bool { return l > 0 && l%2 == 0 }

// allowed reports whether label cur may follow label prev (prev == nLab at
// the start of a sentence): I-X only continues B-X or I-X.
func allowed(prev, cur int) bool {
	if !isInside(cur) {
		return true
	}
	return prev < nLab && prev > 0 && labelType[prev] == labelType[cur]
}

// sentFeats are the feature ids of one sentence: token i fires
// ids[off[i]:off[i+1]].
type sentFeats struct {
	ids []int32
	off []int32
}

func (sf *sentFeats) reset() {
	sf.ids = sf.ids[:0]
	sf.off = append(sf.off[:0], 0)
}

func (sf *sentFeats) n() int { return len(sf.off) - 1 }

// viterbi returns the best label sequence under weights w (feature-major,
// nLab per feature) and transitions t ((nLab+1) x nLab, last row = start).
// scratch is reused between calls.
func viterbi(w, t []float32, sf *sentFeats, out []int8, scratch *[]float32, back *[]int8) []int8 {
	n := sf.n()
	out = out[:0]
	if n == 0 {
		return out
	}
	if cap(*scratch) < 2*n*nLab {
		*scratch = make([]float32, 2*n*nLab)
		*back = make([]int8, n*nLab)
	}
	emit := (*scratch)[:n*nLab]
	delta := (*scratch)[n*nLab : 2*n*nLab]
	bp := (*back)[:n*nLab]
	for i := range emit {
		emit[i] = 0
	}
	for i := 0; i < n; i++ {
		e := emit[i*nLab : (i+1)*nLab : (i+1)*nLab]
		for _, f := range sf.ids[sf.off[i]:sf.off[i+1]] {
			row := w[int(f)*nLab : int(f)*nLab+nLab : int(f)*nLab+nLab]
			for l := range e {
				e[l] += row[l]
			}
		}
	}
	ninf := float32(math.Inf(-1))
	for l := 0; l < nLab; l++ {
		if allowed(nLab, l) {
			delta[l] = emit[l] + t[nLab*nLab+l]
		} else {
			delta[l] = ninf
		}
	}
	for i := 1; i < n; i++ {
		prev := delta[(i-1)*nLab : i*nLab]
		cur := delta[i*nLab : (i+1)*nLab]
		for l := 0; l < nLab; l++ {
			best, arg := ninf, 0
			for p := 0; p < nLab; p++ {
				if !allowed(p, l) {
					continue
				}
				if s := prev[p] + t[p*nLab+l]; s > best {
					best, arg = s, p
				}
			}
			cur[l] = best + emit[i*nLab+l]
			bp[i*nLab+l] = int8(arg)
		}
	}
	last := delta[(n-1)*nLab : n*nLab]
	best, arg := ninf, 0
	for l, s := range last {
		if s > best {
			best, arg = s, l
		}
	}
	for cap(out) < n {
		out = make([]int8, 0, n)
	}
	out = out[:n]
	out[n-1] = int8(arg)
	for i := n - 1; i > 0; i-- {
		out[i-1] = bp[i*nLab+int(out[i])]
	}
	return out
}
