package clean

import (
	"math"
	"slices"
	"strings"
)

// Split is one repaired glued word: Original as found in the text and
// Replacement with the restored space ("thatBlinken" → "that Blinken").
type Split struct {
	Original    string `json:"original"`
	Replacement string `json:"replacement"`
}

// glueEdit is a split at byte offset At of the text: a space is inserted
// there. Start and End delimit the token that was split.
type glueEdit struct {
	Start, At, End int
}

// maxGlueToken bounds the length of a token considered for splitting.
const maxGlueToken = 40

// SplitGlued repairs words run together by scraping in s ("thatBlinken",
// "uproarabout", "USAWashington") and returns the repaired text and the
// splits made. vocab holds the article's own words as written (a name used
// elsewhere in the article, such as "Blinken", counts as a known word) and
// may be nil. A token is split only when it is unknown to the embedded
// word table and to vocab, and one split turns it into two well-attested
// words; real words and names are left whole.
func (c *Cleaner) SplitGlued(s string, vocab map[string]int) (string, []Split) {
	edits := c.glueEdits(s, vocab)
	if len(edits) == 0 {
		return s, nil
	}
	return applyGlueEdits(s, edits)
}

// applyGlueEdits inserts a space at every edit and lists the splits.
func applyGlueEdits(s string, edits []glueEdit) (string, []Split) {
	var b strings.Builder
	b.Grow(len(s) + len(edits))
	splits := make([]Split, 0, len(edits))
	last := 0
	for _, e := range edits {
		b.WriteString(s[last:e.At])
		b.WriteByte(' ')
		last = e.At
		splits = append(splits, Split{
			Original:    s[e.Start:e.End],
			Replacement: s[e.Start:e.At] + " " + s[e.At:e.End],
		})
	}
	b.WriteString(s[last:])
	return b.String(), splits
}

// glueEdits finds the glued tokens of s.
func (c *Cleaner) glueEdits(s string, vocab map[string]int) []glueEdit {
	if c.opts.DisableGlue {
		return nil
	}
	tab := c.table()
	edits := punctEdits(tab, s)
	nPunct := len(edits)
	var lower [maxGlueToken]byte
	i := 0
	n := len(s)
	for i < n {
		ch := s[i]
		if !isASCIILetter(ch) {
			i++
			continue
		}
		j := i + 1
		for j < n && isASCIILetter(s[j]) {
			j++
		}
		start, end := i, j
		i = j
		if end-start < 3 || end-start > maxGlueToken {
			continue
		}
		if !glueBoundaryBefore(s, start) || !glueBoundaryAfter(s, end) {
			continue
		}
		tok := s[start:end]
		for k := 0; k < len(tok); k++ {
			lower[k] = toLowerASCII(tok[k])
		}
		if vocab[tok] >= 2 && !(vocab[tok] == 2 && functionPair(tab, tok, lower[:len(tok)])) {
			// a token the article repeats is a word: the same glue twice
			// is rare, except of two function words ("ofthe")
			continue
		}
		if st, ok := tab.lookup(string(lower[:len(tok)])); ok {
			// A token in lower case is known when the table has it in
			// lower case: "ina", "asa" are names, "in a", "as a" glue.
			if st.N >= minTableCount && (string(lower[:len(tok)]) != tok || st.Lower >= minTableCount) {
				continue
			}
		}
		if at := c.splitPoint(tab, tok, lower[:len(tok)], vocab); at > 0 {
			edits = append(edits, glueEdit{Start: start, At: start + at, End: end})
		}
	}
	if nPunct > 0 {
		slices.SortFunc(edits, func(a, b glueEdit) int { return a.At - b.At })
	}
	return edits
}

// punctEdits finds words glued to the punctuation before them: a closing
// bracket directly followed by a letter ("vehicles]with") and a sentence
// end directly followed by a capitalised word ("forthcoming.The"), where
// the word before is a lower-case word of the table and the token is not an
// address ("www.Example", "Amazon.Com").
func punctEdits(tab *wordTable, s string) []glueEdit {
	var edits []glueEdit
	for i := 1; i+1 < len(s); i++ {
		c := s[i]
		switch {
		case (c == ']' || c == ')') && isASCIILetter(s[i+1]) && isASCIILetter(s[i-1]):
			edits = append(edits, glueEdit{Start: wordStart(s, i), At: i + 1, End: wordEnd(s, i+1)})
		case (c == '.' || c == '?' || c == '!') && isUpperASCII(s[i+1]) && i+2 < len(s) && isLowerASCII(s[i+2]) && isLowerASCII(s[i-1]):
			ls, re := wordStart(s, i), wordEnd(s, i+1)
			left, right := s[ls:i], s[i+1:re]
			if len(left) < 3 || !isAlphaWord(left) || !isAlphaWord(right) || ls > 0 && !isSpaceByte(s[ls-1]) {
				continue
			}
			var buf [maxGlueToken]byte
			if len(left) > maxGlueToken || len(right) > maxGlueToken {
				continue
			}
			l := lowerInto(buf[:0], left)
			if st, ok := tab.lookup(string(l)); !ok || st.Lower < 5 || string(l) == "www" {
				continue
			}
			r := lowerInto(buf[len(l):len(l)], right)
			if st, ok := tab.lookup(string(r)); !ok || st.N < 5 {
				continue
			}
			edits = append(edits, glueEdit{Start: ls, At: i + 1, End: re})
		}
	}
	return edits
}

// wordStart returns the start of the non-space run ending at i.
func wordStart(s string, i int) int {
	for i > 0 && !isSpaceByte(s[i-1]) {
		i--
	}
	return i
}

// wordEnd returns the end of the ASCII letter run starting at i.
func wordEnd(s string, i int) int {
	for i < len(s) && isASCIILetter(s[i]) {
		i++
	}
	return i
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\n' || c == '\t' }

// lowerInto appends the lower case of ASCII s to dst.
func lowerInto(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		dst = append(dst, toLowerASCII(s[i]))
	}
	return dst
}

// glueBoundaryBefore reports whether the letter run starting at i stands
// as a word of its own on its left: at the start, after a space or opening
// punctuation, not after an apostrophe, digit, '.', '/', '@' and the like
// (contractions, abbreviations, addresses).
func glueBoundaryBefore(s string, i int) bool {
	if i == 0 {
		return true
	}
	switch c := s[i-1]; c {
	case ' ', '\n', '\t', '"', '(', '[', '-':
		return true
	default:
		if c >= 0x80 {
			// “ ‘ — – end in 0x9c, 0x98, 0x94, 0x93 (U+201C, U+2018, U+2014, U+2013)
			return i >= 3 && s[i-3] == 0xe2 && s[i-2] == 0x80 &&
				(c == 0x9c || c == 0x98 || c == 0x94 || c == 0x93)
		}
		return false
	}
}

// glueBoundaryAfter reports whether the letter run ending at j stands as a
// word of its own on its right.
func glueBoundaryAfter(s string, j int) bool {
	if j == len(s) {
		return true
	}
	switch c := s[j]; c {
	case ' ', '\n', '\t', ',', ';', ':', '!', '?', '"', ')', ']', '-', '\'':
		return true
	case '.':
		// not "google.com" nor "e.g."
		return j+1 == len(s) || !isASCIILetter(s[j+1])
	default:
		if c >= 0x80 {
			// ” ’ — – (U+201D, U+2019, U+2014, U+2013)
			return j+2 < len(s) && s[j] == 0xe2 && s[j+1] == 0x80 &&
				(s[j+2] == 0x9d || s[j+2] == 0x99 || s[j+2] == 0x94 || s[j+2] == 0x93)
		}
		return false
	}
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isUpperASCII(c byte) bool  { return c >= 'A' && c <= 'Z' }
func isLowerASCII(c byte) bool  { return c >= 'a' && c <= 'z' }

func toLowerASCII(c byte) byte {
	if isUpperASCII(c) {
		return c + 'a' - 'A'
	}
	return c
}

// partShape is how a candidate part is written.
type partShape uint8

const (
	shapeLower   partShape = iota // "about"
	shapeTitle                    // "Senate" as the start of a token (may open a sentence)
	shapeTitleIn                  // "Senate" after a lower-case letter: must be a name
	shapeUpper                    // "USA"
)

// partCount returns the evidence that part, written as shape, is a word:
// its table count in that shape plus a bonus for each use in the article.
func partCount(tab *wordTable, part string, lower []byte, shape partShape, vocab map[string]int) float64 {
	var cnt float64
	if st, ok := tab.lookup(string(lower)); ok {
		switch shape {
		case shapeLower:
			cnt = float64(st.Lower)
		case shapeTitle:
			cnt = float64(st.N)
		case shapeTitleIn:
			cnt = float64(st.CapMid)
		case shapeUpper:
			cnt = float64(st.N - st.Lower)
		}
	}
	if vocab != nil {
		cnt += vocabWeight * float64(vocab[part])
	}
	return cnt
}

// bigramBonus is added to the log score of a split whose two words are
// attested as a pair, to choose between competing split points.
const bigramBonus = 3

// vocabWeight is what one use of a word elsewhere in the article is worth,
// in table counts.
const vocabWeight = 5

// minPartCount is the evidence a part of the given length needs: short
// strings are words by accident (or pieces of tokens), so they must be
// frequent.
func minPartCount(n int) float64 {
	switch {
	case n <= 2:
		return 500
	case n == 3:
		return 30
	case n == 4:
		return 8
	default:
		return 3
	}
}

// splitPoint returns the byte offset inside tok where a space restores two
// words, or 0 when tok should stay whole. lower is tok in lower case.
func (c *Cleaner) splitPoint(tab *wordTable, tok string, lower []byte, vocab map[string]int) int {
	n := len(tok)
	// Case boundaries: "thatBlinken" (lower→Upper), "USAWashington"
	// (an upper-case run, then a capitalised word).
	allUpper := true
	for k := 0; k < n; k++ {
		if isLowerASCII(tok[k]) {
			allUpper = false
			break
		}
	}
	if allUpper {
		return 0
	}
	for k := 1; k < n; k++ {
		if !isUpperASCII(tok[k]) {
			continue
		}
		if isLowerASCII(tok[k-1]) {
			return c.caseSplit(tab, tok, lower, k, vocab)
		}
		if k+1 < n && isUpperASCII(tok[k-1]) && isLowerASCII(tok[k+1]) {
			// an upper-case run, then lower case: "USA|Washington" or
			// "FBI|agents"
			if at := c.caseSplit(tab, tok, lower, k, vocab); at > 0 {
				return at
			}
			return c.caseSplit(tab, tok, lower, k+1, vocab)
		}
	}
	// No case boundary: "uproarabout", "Thursdaythat", "Blinkenpostponed".
	leftShape := shapeLower
	if isUpperASCII(tok[0]) {
		for k := 1; k < n; k++ {
			if isUpperASCII(tok[k]) {
				return 0 // mixed shapes we do not handle
			}
		}
		leftShape = shapeTitle
	}
	if derivedWord(tab, lower) {
		return 0
	}
	// Every split point where both parts are words is a reading.
	type reading struct {
		k      int
		cl, cr float64
	}
	var reads [maxGlueToken]reading
	nr := 0
	for k := 1; k < n; k++ {
		if !partAllowed(tok[:k], true) || !partAllowed(tok[k:], false) {
			continue
		}
		cl := partCount(tab, tok[:k], lower[:k], leftShape, vocab)
		if cl < minPartCount(k) {
			continue
		}
		cr := partCount(tab, tok[k:], lower[k:], shapeLower, vocab)
		if cr < minPartCount(n-k) {
			continue
		}
		reads[nr] = reading{k, cl, cr}
		nr++
	}
	if nr == 0 {
		return 0
	}
	// Short tokens ("sailor", "novice") and tokens with several readings
	// ("sideshow": "side show" or "sides how") are words more often than
	// glue: their split must be a pair seen in the table.
	strict := n <= 6 || nr > 1 || vocab[tok] >= 2
	best, bestScore := 0, math.Inf(-1)
	for _, rd := range reads[:nr] {
		k := rd.k
		l, r := lower[:k], lower[k:]
		attested := tab.hasBigram(l, r)
		named := leftShape == shapeTitle && vocab[tok[:k]] > 0 && k >= 4
		if !attested && (strict && !named || n-k == 1 || n == 7 && !named && !(isFunction(tab, l) && isFunction(tab, r))) {
			continue
		}
		if leftShape == shapeTitle {
			if !titleSplitOK(tab, tok[:k], l, r, attested, vocab) {
				continue
			}
		} else if lf, rf := isFunction(tab, l), isFunction(tab, r); lf && prefixLike(l) && latinate(r, attested) {
			// "a" and "in" are also English prefixes of adjectives and
			// abstract nouns ("asymptomatic", "invisibility").
			continue
		} else if attested {
			if !lf && !rf && tab.compoundLike(l, r) {
				continue
			}
		} else {
			if !lf && !rf && (tab.compoundLike(l, r) || !contentPairOK(tab, l, r)) {
				// Two content words: closed compounds ("videotape") look
				// the same.
				continue
			}
		}
		sc := math.Log(rd.cl) + math.Log(rd.cr)
		if attested {
			sc += bigramBonus
		}
		if sc > bestScore {
			best, bestScore = k, sc
		}
	}
	return best
}

// partAllowed rules out one-letter parts other than the words "a" and "I"
// opening a token.
func partAllowed(p string, left bool) bool {
	if len(p) > 1 {
		return true
	}
	if left {
		return p == "a" || p == "A" || p == "I"
	}
	return p == "a"
}

// caseSplit checks a split at a case boundary k ("thatBlinken" at 4,
// "USAWashington" at 3) and returns k when both sides are words, else 0.
func (c *Cleaner) caseSplit(tab *wordTable, tok string, lower []byte, k int, vocab map[string]int) int {
	left, right := tok[:k], tok[k:]
	if !partAllowed(left, true) || len(right) < 2 && right != "I" {
		return 0
	}
	ls, ok := shapeOfPart(left, true)
	if !ok {
		return 0 // "McDonaldsCorp": several humps, leave
	}
	rs, ok := shapeOfPart(right, false)
	if !ok {
		return 0
	}
	cl := partCount(tab, left, lower[:k], ls, vocab)
	if cl < minPartCount(len(left)) {
		return 0
	}
	cr := partCount(tab, right, lower[k:], rs, vocab)
	if cr < minPartCount(len(right)) && right != "I" {
		return 0
	}
	l, r := lower[:k], lower[k:]
	attested := tab.hasBigram(l, r)
	switch {
	case attested:
	case rs == shapeLower:
		// an acronym, then a lower-case word: "FBI|agents", "NATO|has"
		if len(right) <= 2 && !isFunction(tab, r) {
			return 0
		}
	case ls == shapeUpper && rs == shapeTitleIn:
		// an acronym, then a name: "USA|Washington"
		if vocab[right] == 0 && !isName(tab, r) {
			return 0
		}
	case ls == shapeTitle:
		// Two capitalised words: brand names ("PayPal", "YouTube",
		// "HarperCollins") look the same; ask for two known names.
		lname := vocab[left] > 0 || isName(tab, l)
		rname := vocab[right] > 0 || isName(tab, r)
		if !lname || !rname {
			return 0
		}
	}
	return k
}

// shapeOfPart returns how a part of a token is written, and false when it
// mixes cases in a way no single word does.
func shapeOfPart(p string, left bool) (partShape, bool) {
	switch {
	case len(p) > 1 && isUpperASCII(p[0]) && isUpperASCII(p[1]):
		for q := 2; q < len(p); q++ {
			if !isUpperASCII(p[q]) {
				return 0, false
			}
		}
		return shapeUpper, true
	case isUpperASCII(p[0]):
		for q := 1; q < len(p); q++ {
			if isUpperASCII(p[q]) {
				return 0, false
			}
		}
		if left {
			return shapeTitle, true
		}
		return shapeTitleIn, true
	default:
		for q := 1; q < len(p); q++ {
			if isUpperASCII(p[q]) {
				return 0, false
			}
		}
		return shapeLower, true
	}
}
