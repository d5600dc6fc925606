package timeline

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
)

// term is one weighted term of a sparse vector.
type term struct {
	id int32
	w  float64
}

// vector is a sparse term-weight vector sorted by term id, so that sums
// are computed in one order and results are reproducible.
type vector []term

// vocab maps words to term ids.
type vocab map[string]int32

func (v vocab) id(w string) int32 {
	id, ok := v[w]
	if !ok {
		id = int32(len(v))
		v[w] = id
	}
	return id
}

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

// termCounts returns the counts of words as a vector.
func termCounts(words []string, voc vocab) vector {
	v := make(vector, 0, len(words))
	for _, w := range words {
		v = append(v, term{voc.id(w), 1})
	}
	slices.SortFunc(v, func(a, b term) int { return cmp.Compare(a.id, b.id) })
	out := v[:0]
	for _, t := range v {
		if n := len(out); n > 0 && out[n-1].id == t.id {
			out[n-1].w++
			continue
		}
		out = append(out, t)
	}
	return out
}

// weight multiplies term counts by idf and normalises to unit length.
func (v vector) weight(idf []float64) {
	for i := range v {
		v[i].w *= idf[v[i].id]
	}
	v.normalise()
}

// normalise scales v to unit length.
func (v vector) normalise() {
	var n float64
	for _, t := range v {
		n += t.w * t.w
	}
	if n == 0 {
		return
	}
	n = math.Sqrt(n)
	for i := range v {
		v[i].w /= n
	}
}

// dot returns the dot product (the cosine of unit vectors).
func dot(a, b vector) float64 {
	var s float64
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].id < b[j].id:
			i++
		case a[i].id > b[j].id:
			j++
		default:
			s += a[i].w * b[j].w
			i++
			j++
		}
	}
	return s
}

// sum returns the unit-length sum of vs. Each term's weights are added in
// input order, so the result is reproducible.
func sum(vs []vector) vector {
	acc := map[int32]float64{}
	for _, v := range vs {
		for _, t := range v {
			acc[t.id] += t.w
		}
	}
	out := make(vector, 0, len(acc))
	for id, w := range acc {
		out = append(out, term{id, w})
	}
	slices.SortFunc(out, func(a, b term) int { return cmp.Compare(a.id, b.id) })
	out.normalise()
	return out
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
