// Package text owns sentence splitting and tokenisation of article text with
// byte offsets into the original string.
//
// Tokens follow the CoNLL-2003 / Penn Treebank conventions closely enough to
// score a tagger on CoNLL data: punctuation is split from words, clitics such
// as "n't" and "'s" become tokens of their own, while abbreviations ("U.S.",
// "Mr.", "Feb."), numbers ("1,000", "3.5", "1996-08-22") and hyphenated words
// stay whole. The package does not repair text (glued words, boilerplate):
// that is package clean's job. It depends on the standard library only.
package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one token of a text. Start and End are byte offsets into the text
// given to Tokens, with Text == text[Start:End].
type Token struct {
	Start, End int
	Text       string
}

// Span is a byte range [Start, End) of a text.
type Span struct {
	Start, End int
}

// abbreviations are lower-cased words that keep their trailing period.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sr": true, "jr": true,
	"st": true, "mt": true, "ft": true, "gen": true, "col": true, "lt": true, "sgt": true,
	"capt": true, "cmdr": true, "adm": true, "maj": true, "gov": true, "sen": true, "rep": true,
	"rev": true, "hon": true, "pres": true, "supt": true, "insp": true, "messrs": true, "mme": true,
	"inc": true, "corp": true, "ltd": true, "co": true, "bros": true, "plc": true, "cos": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thur": true, "thurs": true, "fri": true, "sat": true, "sun": true,
	"vs": true, "etc": true, "no": true, "nos": true, "vol": true, "pp": true, "approx": true, "dept": true,
	"est": true, "fig": true, "ave": true, "blvd": true, "rd": true,
	"ala": true, "ariz": true, "ark": true, "calif": true, "colo": true, "conn": true, "del": true,
	"fla": true, "ga": true, "ill": true, "ind": true, "kan": true, "kans": true, "ky": true, "la": true,
	"md": true, "mass": true, "mich": true, "minn": true, "miss": true, "mo": true, "mont": true,
	"neb": true, "nev": true, "okla": true, "ore": true, "pa": true, "penn": true, "tenn": true,
	"tex": true, "va": true, "vt": true, "wash": true, "wis": true, "wyo": true,
}

// isAbbreviation reports whether the lower-cased word is in abbreviations,
// without allocating for the short ASCII words the list holds.
func isAbbreviation(word string) bool {
	if len(word) > 16 || !isASCII(word) {
		return abbreviations[strings.ToLower(word)]
	}
	var buf [16]byte
	b := buf[:len(word)]
	for i := range b {
		c := word[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return abbreviations[string(b)]
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf { // the same answer, without the Unicode tables
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// isListNumber reports whether the digits text[start:end] open a line and
// are followed by a period, as in the ranking "1. Michael Schumacher".
func isListNumber(text string, start, end int) bool {
	if end-start > 3 {
		return false
	}
	for _, c := range []byte(text[start:end]) {
		if c < '0' || c > '9' {
			return false
		}
	}
	line := strings.LastIndexByte(text[:start], '\n')
	return strings.TrimSpace(text[line+1:start]) == ""
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == '‘' }

// Tokens splits text into tokens with byte offsets. Invalid UTF-8 bytes
// become single-byte tokens. The result is empty for blank text.
func Tokens(text string) []Token {
	return AppendTokens(make([]Token, 0, len(text)/5+1), text)
}

// AppendTokens appends the tokens of text, as Tokens splits them (offsets
// relative to text), to dst and returns the extended slice. Passing a
// reused dst[:0] tokenises without allocating once dst is large enough.
func AppendTokens(dst []Token, text string) []Token {
	toks := dst
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			toks = append(toks, Token{i, i + 1, text[i : i+1]})
			i++
		case unicode.IsSpace(r):
			i += size
		case isWordRune(r):
			i = appendWord(&toks, text, i, i)
		case r == '.' && i+1 < len(text) && text[i+1] >= '0' && text[i+1] <= '9' && (i == 0 || !isWordRune(lastRune(text[:i]))):
			i = appendWord(&toks, text, i, i+1) // a decimal such as .596
		default:
			j := i + size
			// Runs of the same punctuation: "...", "--", "``", "''", "!!".
			if r == '.' || r == '-' || r == '`' || r == '\'' || r == '!' || r == '?' || r == '*' || r == '=' || r == '_' {
				for j < len(text) && rune(text[j]) == r {
					j++
				}
			}
			if r == '\'' && j == i+1 && i+1 < len(text) {
				// "'s" etc. after a non-word (e.g. after a closing quote) stays a clitic.
				if n := cliticLen(text[i:]); n > 0 {
					j = i + n
				}
			}
			toks = append(toks, Token{i, j, text[i:j]})
			i = j
		}
	}
	return toks
}

// cliticLen returns the byte length of a clitic ("'s", "'re", "'ve", "'ll",
// "'d", "'m") at the start of s that ends at a word boundary, or 0.
func cliticLen(s string) int {
	r, size := utf8.DecodeRuneInString(s)
	if !isApostrophe(r) {
		return 0
	}
	rest := s[size:]
	for _, c := range [...]string{"s", "re", "ve", "ll", "d", "m"} {
		if len(rest) >= len(c) && strings.EqualFold(rest[:len(c)], c) {
			if len(rest) == len(c) {
				return size + len(c)
			}
			next, _ := utf8.DecodeRuneInString(rest[len(c):])
			if !isWordRune(next) {
				return size + len(c)
			}
		}
	}
	return 0
}

// appendWord consumes the word starting at i and appends its token(s).
func appendWord(toks *[]Token, text string, start, j int) int {
	allShortSegments := true // dot-separated segments of at most 2 letters ("U.S", "p.m")
	seg := 0
	hasDot := false
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if isWordRune(r) {
			j += size
			seg++
			if seg > 2 {
				allShortSegments = false
			}
			continue
		}
		// A connector is kept only between word runes.
		if j+size >= len(text) {
			break
		}
		next, _ := utf8.DecodeRuneInString(text[j+size:])
		prev, _ := utf8.DecodeLastRuneInString(text[start:j])
		if !isWordRune(next) {
			break
		}
		ok := false
		switch {
		case r == '-' || r == '&' || r == '/' || r == '_' || r == '@':
			ok = true
		case r == ',' || r == ':':
			ok = unicode.IsDigit(prev) && unicode.IsDigit(next)
		case r == '.':
			if unicode.IsDigit(prev) && unicode.IsDigit(next) {
				ok = true
			} else if unicode.IsLetter(prev) && unicode.IsLetter(next) && allShortSegments && seg <= 2 {
				// Only "U.S"-like words: every segment so far and the next one short.
				k := j + size
				n := 0
				for k < len(text) {
					r2, s2 := utf8.DecodeRuneInString(text[k:])
					if !unicode.IsLetter(r2) {
						break
					}
					n++
					k += s2
				}
				ok = n <= 2
				hasDot = hasDot || ok
			}
		case isApostrophe(r):
			ok = unicode.IsLetter(prev) && unicode.IsLetter(next)
		}
		if !ok {
			break
		}
		j += size
		seg = 0
	}
	word := text[start:j]
	// Keep a trailing period on abbreviations.
	if j < len(text) && text[j] == '.' && !(j+1 < len(text) && text[j+1] == '.') {
		r0, n0 := utf8.DecodeRuneInString(word)
		single := n0 == len(word) && unicode.IsUpper(r0)
		if hasDot || single || isAbbreviation(word) || isListNumber(text, start, j) {
			j++
			word = text[start:j]
		}
	}
	// Split clitics: "n't", "'s", "'re", ...
	if !strings.Contains(word, ".") {
		if k := clitic(word); k > 0 {
			*toks = append(*toks, Token{start, start + k, text[start : start+k]}, Token{start + k, j, text[start+k : j]})
			return j
		}
	}
	*toks = append(*toks, Token{start, j, word})
	return j
}

// clitic returns the byte index at which word splits into stem and clitic,
// or 0 when it does not.
func clitic(word string) int {
	if isASCII(word) {
		// As below, without lower-casing a copy of word: for ASCII text
		// EqualFold compares the lower-case forms.
		if len(word) > 3 && strings.EqualFold(word[len(word)-3:], "n't") {
			return len(word) - 3
		}
	} else {
		lw := strings.ToLower(word)
		if strings.HasSuffix(lw, "n't") && len(lw) > 3 {
			return len(word) - 3
		}
		if strings.HasSuffix(lw, "n’t") && len(lw) > len("n’t") {
			return len(word) - len("n’t")
		}
	}
	for k := len(word) - 1; k > 0; k-- {
		r, size := utf8.DecodeRuneInString(word[k:])
		if size == 0 || r == utf8.RuneError && size == 1 {
			continue
		}
		if isApostrophe(r) {
			if cliticLen(word[k:]) == len(word)-k {
				return k
			}
			return 0
		}
	}
	return 0
}

// Sentences splits text into sentences. A sentence ends at ".", "!" or "?"
// (possibly followed by closing quotes or brackets) when the next token
// starts a sentence, and always at a blank line. Abbreviations such as
// "Mr.", "U.S." or "Feb." do not end sentences, even where one is the last
// word of a sentence ("... in the U.S. The ..."). Spans cover the first to the
// last token of each sentence; blank text yields no sentences.
func Sentences(text string) []Span {
	out, _ := AppendSentences(nil, text, nil)
	return out
}

// AppendSentences appends the sentences of text, as Sentences splits them,
// to dst and returns the extended slice. scratch is working space for the
// tokens of text: its contents are overwritten and it is returned, grown
// as needed and holding the tokens of text (as Tokens returns them), so
// that callers can reuse both slices and avoid allocating.
func AppendSentences(dst []Span, text string, scratch []Token) ([]Span, []Token) {
	toks := AppendTokens(scratch[:0], text)
	out := dst
	first := 0
	for i := range toks {
		end := false
		if i+1 < len(toks) {
			gap := text[toks[i].End:toks[i+1].Start]
			if strings.Count(gap, "\n") >= 2 {
				end = true
			} else if isTerminal(toks[i].Text) && !isCloser(toks[i+1].Text) {
				end = startsSentence(toks, i+1)
			} else if isCloser(toks[i].Text) && i > first && isTerminal(toks[i-1].Text) {
				end = startsSentence(toks, i+1)
			}
		} else {
			end = true
		}
		if end {
			out = append(out, Span{toks[first].Start, toks[i].End})
			first = i + 1
		}
	}
	return out, toks
}

func isTerminal(t string) bool {
	return strings.Trim(t, ".!?") == "" && t != "" || t == "…"
}

func isCloser(t string) bool {
	switch t {
	case "\"", "''", "'", "”", "’", ")", "]", "}", "»":
		return true
	}
	return false
}

// startsSentence reports whether the token at i can begin a sentence.
func startsSentence(toks []Token, i int) bool {
	if i >= len(toks) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(toks[i].Text)
	if unicode.IsUpper(r) || unicode.IsDigit(r) {
		return true
	}
	switch toks[i].Text {
	case "\"", "``", "“", "‘", "'", "(", "[", "-", "--", "—", "«":
		return true
	}
	return false
}
