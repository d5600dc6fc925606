package store

import (
	"slices"
	"strings"
	"unicode"
)

// The rule of SameArticle. Word shingles (runs of shingleWords consecutive
// words) are shared by two versions of one text and rarely by two texts that
// are merely about the same thing: on Timeline17, of 3,000 pairs of reports
// of one topic on one day by different outlets, one reaches an overlap of
// 0.4 over whole texts and one of 0.5 over leads, while the 590 unrelated
// articles sharing an id all stay below 0.2; a version with a paragraph
// added scores 1. Single words cannot tell these apart: reports of one
// topic share most of their vocabulary.
const (
	shingleWords = 3
	leadWords    = 30
	sameOverlap  = 0.5
)

// SameArticle reports whether a new content (newTitle, newText) stored under
// the id of an old one is plausibly a version of the same article, rather
// than a different article whose id happens to collide. Both stores decide
// with it whether a new content under a known id is an update or is renamed.
//
// The rule, over lower-cased words (runs of letters and digits), grouped in
// shingles of three consecutive words (the whole text when it is shorter):
//   - a text without words is a stub that any content completes: same;
//   - equal non-empty titles (ignoring case and spacing): same;
//   - the shingles of the two texts (title and text) overlap: same when
//     |A∩B| / min(|A|,|B|) >= 0.5, so an edited, extended or cut version
//     is the same article;
//   - the leads (first 30 words of the texts) overlap by the same measure:
//     same, so a rewrite that keeps the lead is the same article.
//
// Anything else, including two reports of one event by different outlets,
// is a different article.
func SameArticle(oldTitle, oldText, newTitle, newText string) bool {
	oldWords, newWords := words(oldText), words(newText)
	if len(oldWords) == 0 || len(newWords) == 0 {
		return true
	}
	if t := normTitle(oldTitle); t != "" && t == normTitle(newTitle) {
		return true
	}
	if shingleOverlap(append(words(oldTitle), oldWords...), append(words(newTitle), newWords...)) >= sameOverlap {
		return true
	}
	return shingleOverlap(oldWords[:min(len(oldWords), leadWords)], newWords[:min(len(newWords), leadWords)]) >= sameOverlap
}

// words returns the lower-cased runs of letters and digits of s.
func words(s string) []string {
	w := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i := range w {
		w[i] = strings.ToLower(w[i])
	}
	return w
}

// normTitle lower-cases a title and collapses its spacing.
func normTitle(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// shingleOverlap returns the overlap coefficient of the shingles of a and
// b: runs of shingleWords consecutive words, or of as many words as the
// shorter of a and b has when that is fewer.
func shingleOverlap(a, b []string) float64 {
	n := min(shingleWords, len(a), len(b))
	return overlap(shingles(a, n), shingles(b, n))
}

// shingles returns the set of runs of n consecutive words of w.
func shingles(w []string, n int) map[string]struct{} {
	set := make(map[string]struct{}, len(w))
	for i := 0; n > 0 && i+n <= len(w); i++ {
		set[strings.Join(w[i:i+n], "\x00")] = struct{}{}
	}
	return set
}

// overlap returns the overlap coefficient |a∩b| / min(|a|,|b|), 0 when
// either set is empty.
func overlap(a, b map[string]struct{}) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) == 0 {
		return 0
	}
	n := 0
	for k := range a {
		if _, ok := b[k]; ok {
			n++
		}
	}
	return float64(n) / float64(len(a))
}

// derivedOutcome is the outcome of storing content of hash under the
// derived id (RenamedID) of an article whose own id names another article,
// the derived id holding version (0 when none) of content cur: Renamed
// when new, Duplicate when it holds this content, else Updated (the
// unlikely case of two contents sharing the derived id's eight hex digits).
func derivedOutcome(version int, cur, hash string) Outcome {
	switch {
	case version == 0:
		return Renamed
	case cur == hash:
		return Duplicate
	}
	return Updated
}

// storedArticle is the current version of an article as Put compares it
// with incoming content.
type storedArticle struct {
	id, hash, title, text string
	version               int
}

// scanStoredArticle scans the columns id, version, hash, title, text.
func scanStoredArticle(sc scanner) (storedArticle, error) {
	var a storedArticle
	err := sc.Scan(&a.id, &a.version, &a.hash, &a.title, &a.text)
	return a, err
}

// renamedVersionOf returns the first of cands, in id order, holding an
// article that content (title, text) is a version of (SameArticle): the
// renamed article an edit belongs to. cands are the articles stored under
// derived ids (RenamedID) of the edit's id.
func renamedVersionOf(cands []storedArticle, title, text string) (storedArticle, bool) {
	slices.SortFunc(cands, func(a, b storedArticle) int { return strings.Compare(a.id, b.id) })
	for _, c := range cands {
		if SameArticle(c.title, c.text, title, text) {
			return c, true
		}
	}
	return storedArticle{}, false
}

// RenamedID returns the id under which Put stores an article whose own id
// names a different stored article: the id, "~" and the first eight hex
// digits of the article's content hash (article.ContentHash).
func RenamedID(id, hash string) string {
	return id + "~" + hash[:min(8, len(hash))]
}
