package link

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// term is an interned feature: a word, or an entity or event id.
type term = uint32

// vec is a sparse vector sorted by term.
type vec []tw

type tw struct {
	t term
	w float32
}

// vocab interns features and counts their document frequency.
type vocab struct {
	ids   map[string]term
	df    []int32
	rev   []string // term -> feature, built on demand
	ent   []bool   // term -> is an instance (entity, event, date, number) feature
	docs  int
	prior float64
}

func newVocab(prior float64) *vocab { return &vocab{ids: map[string]term{}, prior: prior} }

func (v *vocab) id(s string) term {
	if id, ok := v.ids[s]; ok {
		return id
	}
	id := term(len(v.df))
	v.ids[s] = id
	v.df = append(v.df, 0)
	v.ent = append(v.ent, isInstance(s))
	return id
}

// isInstance reports whether a feature names an instance: an entity, an
// event, a date or a number.
func isInstance(s string) bool { return strings.ContainsAny(s, "@#:0123456789") }

// prior are pseudo-documents that contain no term: they keep the
// inverse document frequencies of a young index from collapsing to zero
// (with two documents every shared word would otherwise weigh nothing).

// idf is the smoothed inverse document frequency of t.
func (v *vocab) idf(t term) float64 {
	return math.Log((float64(v.docs) + v.prior) / float64(v.df[t]+1))
}

// features accumulates one document's raw feature counts and boosts,
// indexed by term; weigh resets it. It is reused from one document to the
// next, so that counting allocates nothing once it has grown.
type features struct {
	count   []float64 // by term
	boost   []float64 // by term; 0: none
	in      []bool    // by term: counted in this document
	touched []term    // terms counted, in first-seen order
}

// add counts c occurrences of t; a non-zero boost replaces t's boost.
func (f *features) add(t term, c, boost float64) {
	if int(t) >= len(f.count) {
		n := max(int(t)+1, 2*len(f.count), 1024)
		f.count = append(f.count, make([]float64, n-len(f.count))...)
		f.boost = append(f.boost, make([]float64, n-len(f.boost))...)
		f.in = append(f.in, make([]bool, n-len(f.in))...)
	}
	if !f.in[t] {
		f.in[t] = true
		f.touched = append(f.touched, t)
	}
	f.count[t] += c
	if boost != 0 {
		f.boost[t] = boost
	}
}

// weigh turns f's raw counts into a unit TF-IDF vector:
// (1+log tf)·idf·boost, and resets f. It counts the document's features in
// the document frequencies first.
func (v *vocab) weigh(f *features) vec {
	v.docs++
	for _, t := range f.touched {
		v.df[t]++
	}
	out := make(vec, 0, len(f.touched))
	for _, t := range f.touched {
		w := (1 + math.Log(f.count[t])) * v.idf(t)
		if b := f.boost[t]; b != 0 {
			w *= b
		}
		f.count[t], f.boost[t], f.in[t] = 0, 0, false
		if w <= 0 {
			continue
		}
		out = append(out, tw{t, float32(w)})
	}
	f.touched = f.touched[:0]
	// Sum in term order, so that the norm does not depend on the order
	// the features came in.
	slices.SortFunc(out, func(a, b tw) int { return cmp.Compare(a.t, b.t) })
	var norm float64
	for _, x := range out {
		norm += float64(x.w) * float64(x.w)
	}
	if norm == 0 {
		return nil
	}
	n := float32(1 / math.Sqrt(norm))
	for i := range out {
		out[i].w *= n
	}
	return out
}

// top returns the n heaviest entries of v, heaviest first (ties by term).
func top(v vec, n int) vec {
	if len(v) <= n {
		return v
	}
	c := append(vec(nil), v...)
	selectFirst(c, n, heavier)
	c = c[:n]
	slices.SortFunc(c, byWeight)
	return c
}

// words calls fn with each lower-cased content word of s: letters or
// digits, two runes or more, not a stopword.
func words(s string, fn func(string)) { wordsN(s, -1, fn) }

// wordsN is words stopping after n words (n < 0: no limit).
func wordsN(s string, n int, fn func(string)) {
	start, ascii := -1, true
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := s[start:end]
		start = -1
		if ascii && len(w) < 2 || !ascii && utf8.RuneCountInString(w) < 2 {
			return
		}
		if w = lower(w); stop[w] {
			return
		}
		n--
		fn(w)
	}
	for i := 0; i < len(s) && n != 0; {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				if start < 0 {
					start, ascii = i, true
				}
			} else {
				flush(i)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			ascii = false
		} else {
			flush(i)
		}
		i += size
	}
	if n != 0 {
		flush(len(s))
	}
}

var stop = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a about above after again against all also am an and any are as at be
because been before being below between both but by can could did do does doing down during each
few for from further had has have having he her here hers herself him himself his how i if in into
is it its itself just me more most my myself no nor not now of off on once only or other our ours
ourselves out over own same she should so some such than that the their theirs them themselves then
there these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself yourselves said says say told according
new one two also year years people time us mr mrs ms last first would could may might since
yesterday today tomorrow monday tuesday wednesday thursday friday saturday sunday week month
just like get got make made many much well back even still way news reported report reports via
s t don didn isn wasn won re ve ll`) {
		m[w] = true
	}
	return m
}()

// lower is strings.ToLower without allocating for lower-case ASCII.
func lower(w string) string {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 0x80 || 'A' <= c && c <= 'Z' {
			return strings.ToLower(w)
		}
	}
	return w
}
