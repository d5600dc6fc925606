package clean

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normalizeUnicode returns s in NFC with zero-width characters and soft
// hyphens removed, control characters stripped (line breaks kept), exotic
// spaces turned into plain spaces, runs of spaces collapsed, and every line
// trimmed. Line breaks are normalised to "\n" and runs of more than one
// blank line become one blank line, so paragraphs are separated by exactly
// "\n\n". Quotation marks and dashes are kept as written (see FoldForMatch).
func normalizeUnicode(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if !isASCII(s) {
		s = norm.NFC.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	// pendingSpace: a space is owed before the next visible rune of the line;
	// newlines: line breaks owed before the next visible rune.
	pendingSpace := false
	newlines := 0
	started := false
	for i := 0; i < len(s); {
		c := s[i]
		if c > ' ' && c < 0x7f && newlines == 0 && (!pendingSpace || !started) {
			// fast path: visible ASCII with no separator owed before it
			pendingSpace = false
			started = true
			b.WriteByte(c)
			i++
			continue
		}
		var r rune
		size := 1
		if c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		switch {
		case r == '\n' || r == '\u2028' || r == '\u2029' || r == '\u0085':
			newlines++
			pendingSpace = false
			continue
		case r == '\r':
			// "\r\n" counts once; a lone "\r" is a line break
			if i < len(s) && s[i] == '\n' {
				continue
			}
			newlines++
			pendingSpace = false
			continue
		case r == ' ' || r == '\t' || isExoticSpace(r):
			pendingSpace = true
			continue
		case isZeroWidth(r):
			continue
		case r < 0x20 || r >= 0x7f && r < 0xa0:
			continue
		}
		if started {
			switch {
			case newlines >= 2:
				b.WriteString("\n\n")
			case newlines == 1:
				b.WriteByte('\n')
			case pendingSpace:
				b.WriteByte(' ')
			}
		}
		newlines = 0
		pendingSpace = false
		started = true
		if size == 1 {
			b.WriteByte(c)
		} else {
			b.WriteRune(r)
		}
	}
	out := b.String()
	// Removing a control or zero-width character can bring a base letter
	// and a combining mark together: compose them too.
	if !isASCII(out) && !norm.NFC.IsNormalString(out) {
		out = norm.NFC.String(out)
	}
	return out
}

// isExoticSpace reports whether r is a space other than ' ' and '\t'
// (no-break, en/em and other typographic spaces, ideographic space).
func isExoticSpace(r rune) bool {
	switch r {
	case '\u00a0', '\u1680', '\u202f', '\u205f', '\u3000', '\v', '\f':
		return true
	}
	return r >= '\u2000' && r <= '\u200a'
}

// isZeroWidth reports whether r is an invisible formatting character that
// scraping leaves in text: zero-width space, non-joiner and joiner, word
// joiner, byte-order mark, soft hyphen and bidirectional marks.
func isZeroWidth(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u200e', '\u200f', '\u180e':
		return true
	}
	return r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069'
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldReplacer maps typographic quotes and dashes to their ASCII forms.
var foldReplacer = strings.NewReplacer(
	"\u2018", "'", "\u2019", "'", "\u201a", "'", "\u201b", "'", "\u2032", "'",
	"\u201c", "\"", "\u201d", "\"", "\u201e", "\"", "\u201f", "\"", "\u2033", "\"",
	"\u00ab", "\"", "\u00bb", "\"",
	"\u2010", "-", "\u2011", "-", "\u2012", "-", "\u2013", "-", "\u2014", "-",
	"\u2015", "-", "\u2212", "-", "\ufe58", "-", "\ufe63", "-", "\uff0d", "-",
)

// FoldForMatch returns s with typographic quotation marks folded to ' and "
// and dashes (hyphen, non-breaking hyphen, figure, en and em dash, minus)
// folded to '-', for loose matching of strings. Cleaning does not fold the
// article text itself: the cleaned Text is the reference for byte offsets
// used by later stages, and keeps the article's own characters. Note that
// folding changes byte lengths, so offsets into a folded string are not
// offsets into the original.
func FoldForMatch(s string) string {
	if isASCII(s) {
		return s
	}
	return foldReplacer.Replace(s)
}
