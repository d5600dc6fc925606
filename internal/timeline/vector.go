package timeline

import (
	"math"
	"strings"
	"unicode"
)

// vector is a sparse term-weight vector.
type vector map[string]float64

// tokens returns the content words of s, lower-cased.
func tokens(s string) []string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	out := f[:0]
	for _, w := range f {
		if len(w) < 2 || stopwords[w] {
			continue
		}
		out = append(out, w)
	}
	return out
}

func termCounts(words []string) vector {
	v := make(vector, len(words))
	for _, w := range words {
		v[w]++
	}
	return v
}

// weight multiplies term counts by idf and normalises to unit length.
func (v vector) weight(idf map[string]float64) {
	for w, c := range v {
		v[w] = c * idf[w]
	}
	v.normalise()
}

// normalise scales v to unit length.
func (v vector) normalise() {
	var n float64
	for _, x := range v {
		n += x * x
	}
	if n == 0 {
		return
	}
	n = math.Sqrt(n)
	for w := range v {
		v[w] /= n
	}
}

// dot returns the dot product (the cosine of unit vectors).
func dot(a, b vector) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	var s float64
	for w, x := range a {
		s += x * b[w]
	}
	return s
}

// stopwords are English function words left out of sentence vectors.
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a about above after again against all also am an and any are as at be
		because been before being below between both but by can could did do does doing down during each
		few for from further had has have having he her here hers herself him himself his how i if in into
		is it its itself just me more most my myself no nor not now of off on once only or other our ours
		ourselves out over own same she should so some such than that the their theirs them themselves then
		there these they this those through to too under until up very was we were what when where which
		while who whom why will with would you your yours yourself yourselves said says say told mr mrs ms
		one two new last first year years week day today yesterday monday tuesday wednesday thursday
		friday saturday sunday s t re ve ll d m don didn doesn isn wasn weren won wouldn`) {
		m[w] = true
	}
	return m
}()
