package clean

import (
	"strings"
	"unicode/utf8"
)

// Limits on an inferred title.
const (
	maxTitleWords = 25
	maxTitleBytes = 250
	minTitleWords = 2
)

// inferTitle takes the title out of lines when the first paragraph is one
// short line that does not end like a sentence (no final full stop, colon,
// comma or semicolon) and more text follows it. It returns the title ("" if
// none) and the remaining lines.
func inferTitle(lines []string) (string, []string) {
	first := -1
	for i, l := range lines {
		if l != "" {
			first = i
			break
		}
	}
	if first < 0 || first+1 >= len(lines) || lines[first+1] != "" {
		return "", lines // no blank line after it: part of a paragraph
	}
	more := false
	for _, l := range lines[first+1:] {
		if l != "" {
			more = true
			break
		}
	}
	if !more {
		return "", lines
	}
	t := lines[first]
	sh := shapeOf(t)
	if sh.words < minTitleWords || sh.words > maxTitleWords || len(t) > maxTitleBytes || !sh.letters {
		return "", lines
	}
	switch r, _ := utf8.DecodeLastRuneInString(strings.TrimRight(t, "\"'”’)")); r {
	case '.', ':', ',', ';', '…':
		return "", lines
	}
	rest := lines[first+1:]
	for len(rest) > 0 && rest[0] == "" {
		rest = rest[1:]
	}
	return t, rest
}
