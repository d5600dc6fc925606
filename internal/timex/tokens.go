package timex

import (
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// Token kinds.
const (
	kWord uint8 = iota
	kNum
	kPunct
)

// token is one word, number or punctuation mark with its byte span.
type token struct {
	start, end int
	low        string // lower-cased text
	num        int    // value of a digit run (kNum), capped
	ndig       int    // number of digits (kNum)
	kind       uint8
	sp         bool // preceded by white space (or start of text)
	upper      bool // starts with an upper-case letter
	sentStart  bool // first token of a sentence
	lx         lex
}

// tokenize splits text into tokens, appending to toks[:0]. Letters (any
// script) form words, ASCII digits form numbers, every other non-space rune
// is a one-rune punctuation token. The lower-cased text is written into
// low (grown as needed) and returned with the tokens; the tokens' low
// strings may alias it, so low must not be reused while they are in use.
func tokenize(text string, toks []token, low []byte) ([]token, []byte) {
	toks = toks[:0]
	// One ASCII-lower-cased copy of the text serves every ASCII word, so
	// tokens need no allocation of their own.
	lowered, low := asciiLower(text, low)
	sp := true
	sent := true
	nl := 0
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			sp = true
			i++
			continue
		case c == '\n':
			sp = true
			nl++
			if nl >= 2 {
				sent = true
			}
			i++
			continue
		}
		nl = 0
		start := i
		var t token
		t.start, t.sp = start, sp
		switch {
		case c >= '0' && c <= '9':
			n := 0
			for i < len(text) && text[i] >= '0' && text[i] <= '9' {
				if n < 1e8 {
					n = n*10 + int(text[i]-'0')
				}
				i++
			}
			t.kind, t.num, t.ndig = kNum, n, i-start
		case c < utf8.RuneSelf:
			if isASCIILetter(c) {
				for i < len(text) && isASCIILetter(text[i]) {
					i++
				}
				if i < len(text) && text[i] >= utf8.RuneSelf {
					i = scanWord(text, i)
				}
				t.kind = kWord
				t.upper = c >= 'A' && c <= 'Z'
			} else {
				i++
				t.kind = kPunct
			}
		default:
			r, size := utf8.DecodeRuneInString(text[i:])
			if unicode.IsLetter(r) {
				i = scanWord(text, i)
				t.kind = kWord
				t.upper = unicode.IsUpper(r)
			} else if unicode.IsSpace(r) {
				sp = true
				i += size
				continue
			} else {
				i += size
				t.kind = kPunct
			}
		}
		t.end = i
		t.low = text[start:i]
		if t.kind == kWord {
			if isASCII(t.low) {
				t.low = lowered[start:i]
			} else {
				t.low = strings.ToLower(t.low)
			}
		}
		if t.low == "’" {
			t.low = "'"
		}
		if t.low == "–" || t.low == "—" {
			t.low = "-"
		}
		t.sentStart = sent
		if t.kind != kPunct {
			t.lx = lexicon[t.low]
		}
		sent = false
		if t.kind == kPunct && (t.low == "!" || t.low == "?" || t.low == ";") {
			sent = true
		}
		if t.kind == kPunct && t.low == "." && len(toks) > 0 {
			// A full stop ends a sentence unless it follows an abbreviation or
			// a one-letter word (initials, "U.S.").
			// Nor does a decimal point ("0.86", "$42.875").
			p := toks[len(toks)-1]
			decimal := p.kind == kNum && p.end == start && i < len(text) && text[i] >= '0' && text[i] <= '9'
			if !(p.kind == kWord && (p.end-p.start == 1 || p.lx.abbr)) && !decimal {
				sent = true
			}
		}
		toks = append(toks, t)
		sp = false
	}
	return toks, low
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func scanWord(text string, i int) int {
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			if !isASCIILetter(c) {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) {
			return i
		}
		i += size
	}
	return i
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// asciiLower returns s with ASCII letters lower-cased; other bytes are kept,
// so offsets are preserved. When s has upper-case letters the result is
// written into buf (grown as needed, and returned) and aliases it: it is
// valid until buf is next written. Otherwise s itself is returned.
func asciiLower(s string, buf []byte) (string, []byte) {
	i := 0
	for ; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			break
		}
	}
	if i == len(s) {
		return s, buf
	}
	b := append(buf[:0], s...)
	for ; i < len(b); i++ {
		if c := b[i]; c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return unsafe.String(unsafe.SliceData(b), len(b)), b
}
