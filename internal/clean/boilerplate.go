package clean

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/article"
)

// Furniture patterns: lines that sites put around and inside stories. They
// are matched on the folded, lower-cased line without trailing punctuation.
var (
	// furnitureExact are whole lines.
	furnitureExact = map[string]bool{
		"advertisement": true, "advertisements": true, "ad": true, "sponsored": true, "sponsored content": true,
		"share": true, "share this": true, "share this article": true, "share this story": true, "share this page": true,
		"share on facebook": true, "share on twitter": true, "share via email": true, "tweet": true, "email": true, "print": true,
		"subscribe": true, "subscribe now": true, "subscribe today": true, "newsletter": true, "sign up": true, "sign in": true, "log in": true,
		"enlarge this image": true, "toggle caption": true, "hide caption": true, "show caption": true, "expand": true,
		"read more": true, "read more here": true, "continue reading": true, "read full article": true, "read the full story": true,
		"view source": true, "source": true, "related": true, "related articles": true,
		"related stories": true, "related content": true, "related news": true, "recommended": true, "recommended for you": true,
		"most read": true, "most popular": true, "trending": true, "trending now": true, "top stories": true,
		"back to top": true, "skip to content": true, "skip to main content": true, "skip advertisement": true,
		"comments": true, "leave a comment": true, "view comments": true, "comment": true,
		"image": true, "photo": true, "video": true, "watch": true, "listen": true, "listen to this article": true,
		"close": true, "menu": true, "search": true, "home": true, "next": true, "previous": true,
		"all rights reserved": true, "click here": true, "follow us": true, "loading": true, "play video": true,
		"story continues below advertisement": true, "article continues below": true, "scroll to continue": true,
	}
	// furniturePrefixes open a furniture line of at most maxPrefixWords words.
	furniturePrefixes = []string{
		"read more:", "read more at", "read also:", "also read:", "see also:", "related:", "more:",
		"photo:", "photos:", "photo by", "photo credit", "photograph:", "image:", "images:", "image credit",
		"image copyright", "image source", "picture:", "pictured:", "credit:", "file photo", "video:",
		"sign up for", "sign up to", "subscribe to", "subscribe for", "follow us on", "follow us", "like us on",
		"click here", "click to", "tap here", "download the", "get the latest", "don't miss", "copyright ©",
		"copyright (c)", "© ", "(c) ", "this article was originally published", "this story was originally published",
		"this article first appeared", "share this", "share on facebook", "share on twitter", "share via",
	}
	// stampPrefixes open a publication stamp; the line must hold a digit
	// and not read like a sentence ("Updated: June 19, 2023 10:43").
	stampPrefixes = []string{"published:", "published on", "updated:", "updated on", "last updated", "posted:",
		"posted on", "first published", "originally published"}
	// creditPrefixes open a wire credit; the line must not read like a
	// sentence ("Reporting by Jane Doe; Editing by Richard Roe").
	creditPrefixes = []string{"reporting by", "editing by", "additional reporting by", "writing by", "compiled by"}
	// furnitureContains mark cookie and consent banners and rights notices.
	furnitureContains = []string{
		"we use cookies", "this site uses cookies", "this website uses cookies", "accept cookies",
		"accept all cookies", "by continuing to use this", "all rights reserved", "javascript is disabled",
		"enable javascript", "your browser does not support",
	}
)

const (
	maxPrefixWords   = 15 // longest line a furniture prefix may open
	maxContainsWords = 40 // longest line a cookie or rights notice may be
	maxEdgeWords     = 3  // longest head line taken as furniture by shape alone
	maxTailWords     = 6  // longest tail line taken as furniture by shape alone
	maxParenWords    = 12 // longest fully parenthesised line (a credit)
)

// matchKey returns the line folded, lower-cased, without trailing
// punctuation, for pattern matching and line statistics.
func matchKey(line string) string {
	k := strings.ToLower(FoldForMatch(line))
	k = strings.TrimRightFunc(k, func(r rune) bool {
		return r == '.' || r == ':' || r == '!' || r == '|' || r == '>' || r == '»' || r == '›' || unicode.IsSpace(r)
	})
	return strings.TrimSpace(k)
}

// patternFurniture reports whether line is site furniture by its wording.
func patternFurniture(line string) bool {
	k := matchKey(line)
	if k == "" {
		return false
	}
	if furnitureExact[k] {
		return true
	}
	words := countWords(line)
	if words <= maxPrefixWords {
		kp := strings.ToLower(FoldForMatch(line))
		for _, p := range furniturePrefixes {
			if strings.HasPrefix(kp, p) {
				return true
			}
		}
		for _, p := range stampPrefixes {
			if strings.HasPrefix(kp, p) && strings.ContainsAny(kp, "0123456789") &&
				(!shapeOf(line).finalPunct || shapeOf(line).lowerWords <= 2) {
				return true
			}
		}
		for _, p := range creditPrefixes {
			if strings.HasPrefix(kp, p) && (strings.ContainsRune(kp, ';') || !shapeOf(line).finalPunct) {
				return true
			}
		}
		if isURLLine(k) {
			return true
		}
	}
	if words <= maxContainsWords {
		for _, p := range furnitureContains {
			if strings.Contains(k, p) {
				return true
			}
		}
	}
	if isByline(line, words) {
		return true
	}
	if words <= maxParenWords && isParenthesised(line) {
		return true // "(Getty Images)", "(AP Photo/Andy Wong)"
	}
	return false
}

// isByline reports whether line is a byline: "By" and a few capitalised
// words ("By Jane Doe and John Roe, Reuters").
func isByline(line string, words int) bool {
	if words < 2 || words > 10 || !strings.HasPrefix(line, "By ") {
		return false
	}
	sh := shapeOf(line)
	return !sh.finalPunct || strings.HasSuffix(line, ".") && sh.lowerWords <= 2 && words <= 6
}

// isParenthesised reports whether line is wholly inside one pair of
// parentheses or brackets.
func isParenthesised(line string) bool {
	if len(line) < 3 {
		return false
	}
	open, close := line[0], line[len(line)-1]
	if !(open == '(' && close == ')' || open == '[' && close == ']') {
		return false
	}
	inner := line[1 : len(line)-1]
	return !strings.ContainsAny(inner, "()[]")
}

// isURLLine reports whether the lower-case k is a bare address.
func isURLLine(k string) bool {
	if strings.ContainsRune(k, ' ') {
		return false
	}
	return strings.HasPrefix(k, "http://") || strings.HasPrefix(k, "https://") || strings.HasPrefix(k, "www.")
}

// countWords counts space-separated words.
func countWords(s string) int {
	n := 0
	in := false
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}

// lineShape describes a line's sentence structure.
type lineShape struct {
	words      int
	finalPunct bool // ends like a sentence: . ! ? or a closing quote after one
	lowerWords int  // words starting with a lower-case letter
	letters    bool // has a letter at all
}

func shapeOf(line string) lineShape {
	sh := lineShape{words: countWords(line)}
	t := strings.TrimRight(line, "\"'”’)]")
	if t != "" {
		switch r, _ := utf8.DecodeLastRuneInString(t); r {
		case '.', '!', '?', '…', ':', ';', ',':
			sh.finalPunct = true
		}
	}
	start := true
	for _, r := range line {
		if unicode.IsLetter(r) {
			sh.letters = true
			if start && unicode.IsLower(r) {
				sh.lowerWords++
			}
		}
		start = r == ' '
	}
	return sh
}

// edgeFurniture reports whether a line at the head of a body is furniture
// by its shape alone: a few words, no sentence punctuation, no word in
// lower case ("Top Stories", "World News 24").
func edgeFurniture(sh lineShape, maxWords int) bool {
	return sh.words <= maxWords && !sh.finalPunct && sh.lowerWords == 0
}

// tailFurniture reports whether a line closing a body is furniture by its
// shape: short, no sentence punctuation, at most one lower-case word ("Go
// To Source", "Reporting by Jane Doe").
func tailFurniture(sh lineShape) bool {
	return sh.words <= maxTailWords && !sh.finalPunct && sh.lowerWords <= 1
}

// lineStats counts, per source, in how many distinct articles each short
// line occurs. It is the only mutable state of a Cleaner.
type lineStats struct {
	mu      sync.Mutex
	sources map[string]*sourceLines
}

type sourceLines struct {
	docs  map[string]bool // article ids already observed
	lines map[string]int  // line key → articles
}

// maxLinesPerSource bounds the memory one source may take.
const maxLinesPerSource = 200000

func newLineStats() *lineStats {
	return &lineStats{sources: map[string]*sourceLines{}}
}

// observe records the short lines of one article of source.
func (ls *lineStats) observe(source, id string, keys []string) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	sl := ls.sources[source]
	if sl == nil {
		sl = &sourceLines{docs: map[string]bool{}, lines: map[string]int{}}
		ls.sources[source] = sl
	}
	if sl.docs[id] {
		return
	}
	if len(sl.docs) < maxLinesPerSource {
		sl.docs[id] = true
	}
	for _, k := range keys {
		if _, ok := sl.lines[k]; ok || len(sl.lines) < maxLinesPerSource {
			sl.lines[k]++
		}
	}
}

// count returns in how many articles of source the line key was seen.
func (ls *lineStats) count(source, key string) int {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if sl := ls.sources[source]; sl != nil {
		return sl.lines[key]
	}
	return 0
}

// statKeys returns the distinct keys of the short lines of text.
func (c *Cleaner) statKeys(text string) []string {
	seen := map[string]bool{}
	var keys []string
	for _, line := range strings.Split(text, "\n") {
		if line == "" || countWords(line) > c.opts.MaxFurnitureWords || len(line) > 200 {
			continue
		}
		k := matchKey(line)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		keys = append(keys, k)
	}
	return keys
}

// Observe records the lines of a in the statistics of its source
// (a.Source), so that short lines repeated across at least
// Options.MinRepeat articles of one source are recognised as furniture by
// Clean. Observing the same article id twice counts once. Articles without
// a source are not recorded. Safe for concurrent use.
func (c *Cleaner) Observe(a *article.Article) {
	if a == nil || a.Source == "" || c.opts.DisableBoilerplate {
		return
	}
	id := a.ID
	if id == "" {
		id = article.ContentID(a.Title, a.Text)
	}
	c.lines.observe(a.Source, id, c.statKeys(normalizeUnicode(a.Text)))
}

// repeatedFurniture reports whether a short line was seen in at least
// MinRepeat articles of source.
func (c *Cleaner) repeatedFurniture(source, line string, sh lineShape) bool {
	if source == "" || sh.words > c.opts.MaxFurnitureWords || len(line) > 200 {
		return false
	}
	if sh.finalPunct && sh.words > 5 {
		return false // a repeated sentence (a quote, a boilerplate fact) is text
	}
	return c.lines.count(source, matchKey(line)) >= c.opts.MinRepeat
}

// removeFurniture drops furniture lines from lines (empty strings are
// paragraph breaks and are kept) and returns the kept lines and the
// removed ones. Pattern and repeated lines go wherever they are; lines
// judged by shape alone go only at the head (before the first line that
// reads like text) and at the tail.
func (c *Cleaner) removeFurniture(lines []string, source string, removed []string) ([]string, []string) {
	drop := make([]bool, len(lines))
	shapes := make([]lineShape, len(lines))
	for i, l := range lines {
		if l == "" || len(l) > maxFurnitureBytes {
			continue // long lines are text
		}
		sh := shapeOf(l)
		shapes[i] = sh
		if !sh.letters && sh.words <= 3 {
			drop[i] = true // "|", "***", "1/12"
			continue
		}
		if patternFurniture(l) || c.repeatedFurniture(source, l, sh) {
			drop[i] = true
		}
	}
	isText := func(i int, edge func(lineShape) bool) bool {
		return len(lines[i]) > maxFurnitureBytes || !edge(shapes[i])
	}
	// Head: leading short lines without sentence structure; none of them
	// when nothing else would be left.
	headEnd := -1
	for i, l := range lines {
		if l != "" && !drop[i] && isText(i, func(sh lineShape) bool { return edgeFurniture(sh, maxEdgeWords) }) {
			headEnd = i
			break
		}
	}
	for i := 0; i < headEnd; i++ {
		if lines[i] != "" {
			drop[i] = true
		}
	}
	// Tail: trailing short lines without sentence structure, never the
	// first line of text.
	first := firstTextLine(lines, drop)
	for i := len(lines) - 1; i > first; i-- {
		if lines[i] == "" || drop[i] {
			continue
		}
		if isText(i, tailFurniture) {
			break
		}
		drop[i] = true
	}
	out := lines[:0:0]
	for i, l := range lines {
		if drop[i] {
			removed = append(removed, l)
			continue
		}
		out = append(out, l)
	}
	return out, removed
}

// maxFurnitureBytes is the longest line that may be furniture: longer
// lines are text.
const maxFurnitureBytes = 400

// firstTextLine returns the index of the first kept non-empty line.
func firstTextLine(lines []string, drop []bool) int {
	for i, l := range lines {
		if l != "" && !drop[i] {
			return i
		}
	}
	return -1
}
