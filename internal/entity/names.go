package entity

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldRune maps common accented Latin letters to their base letter, so
// that "Müller" and "Muller", "José" and "Jose" compare equal.
var foldRune = func() map[rune]rune {
	m := map[rune]rune{}
	for base, list := range map[rune]string{
		'a': "àáâãäåāăą", 'c': "çćĉċč", 'd': "ďđ", 'e': "èéêëēĕėęě", 'g': "ĝğġģ", 'h': "ĥħ",
		'i': "ìíîïĩīĭįı", 'j': "ĵ", 'k': "ķ", 'l': "ĺļľŀł", 'n': "ñńņňŉ", 'o': "òóôõöøōŏő",
		'r': "ŕŗř", 's': "śŝşšș", 't': "ţťŧț", 'u': "ùúûüũūŭůűų", 'w': "ŵ", 'y': "ýÿŷ", 'z': "źżž",
	} {
		for _, r := range list {
			m[r] = base
		}
	}
	return m
}()

// normName returns the comparison form of a name: lower case, accents
// folded, typographic apostrophes made plain, periods dropped ("U.S." →
// "us"), a leading "the" and a trailing possessive removed, spaces
// collapsed. It is the key by which names are matched.
func normName(s string) string {
	if plainLower(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range s {
		switch {
		case r == '’' || r == '‘' || r == '`' || r == '\'':
			r = '\''
		case r == '.':
			continue
		case unicode.IsSpace(r) || r == '\u00a0':
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		case r < utf8.RuneSelf:
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
		default:
			r = unicode.ToLower(r)
			if f, ok := foldRune[r]; ok {
				r = f
			}
		}
		b.WriteRune(r)
		space = false
	}
	out := strings.TrimSpace(b.String())
	out = strings.TrimPrefix(out, "the ")
	out = strings.TrimSuffix(out, "'s")
	return strings.TrimSuffix(out, "'")
}

// displayName returns a name as it should be shown: spaces collapsed,
// typographic apostrophes made plain. Capitals are kept ("NATO"); outlets
// get their usual spelling from outletName.
func displayName(s string) string {
	return strings.Join(strings.Fields(quoteFolder.Replace(s)), " ")
}

// nameTokens returns the normalised words of a name, without tokens that
// hold no letter ("Tony - Thompson" gives "tony", "thompson").
func nameTokens(s string) []string {
	f := strings.Fields(normName(s))
	out := f[:0]
	for _, w := range f {
		if strings.IndexFunc(w, unicode.IsLetter) >= 0 {
			out = append(out, w)
		}
	}
	return out
}

// editDistance returns the Levenshtein distance between a and b in runes,
// or max+1 when it exceeds max.
func editDistance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > max || -d > max {
		return max + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(rb); j++ {
			c := prev[j-1]
			if ra[i-1] != rb[j-1] {
				c++
			}
			c = min(c, prev[j]+1, cur[j-1]+1)
			cur[j] = c
			low = min(low, c)
		}
		if low > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// similarWord reports whether two name words are spelling variants:
// equal, or both at least four letters long and one edit apart
// ("anthony"/"antony").
func similarWord(a, b string) bool {
	if a == b {
		return true
	}
	if utf8.RuneCountInString(a) < 4 || utf8.RuneCountInString(b) < 4 {
		return false
	}
	return editDistance(a, b, 1) <= 1
}

// Name match strengths returned by matchNames.
const (
	noMatch    = 0
	fuzzyMatch = 1 // spelling variant: one word differs by one edit
	exactMatch = 2 // same words, or same first and last word
)

// matchNames compares two person names of two words or more given as
// normalised words. Names match exactly when their words are equal or
// when their first and last words are equal ("George W. Bush" and "George
// Bush"); they match fuzzily when they have the same number of words and
// differ in one word by one edit (both words at least four letters). Names
// sharing only a surname ("Joe Biden", "Hunter Biden"; "Wang Yi", "Wang
// Wenbin") do not match.
func matchNames(a, b []string) int {
	if len(a) < 2 || len(b) < 2 {
		return noMatch
	}
	if len(a) == len(b) {
		diff := 0
		for i := range a {
			if a[i] != b[i] {
				if !similarWord(a[i], b[i]) {
					return noMatch
				}
				diff++
			}
		}
		switch diff {
		case 0:
			return exactMatch
		case 1:
			return fuzzyMatch
		}
		return noMatch
	}
	if a[0] == b[0] && a[len(a)-1] == b[len(b)-1] {
		return exactMatch
	}
	return noMatch
}

// splitTitles separates leading titles, roles and courtesy words from a
// person's name: "US Secretary of State Antony Blinken" gives "Antony
// Blinken" and role "US Secretary of State"; "Mr Blinken" gives "Blinken"
// and no role. The name keeps at least one word.
func splitTitles(s string) (name, role string) {
	words := strings.Fields(s)
	i := 0
	for i < len(words)-1 {
		l := strings.ToLower(strings.TrimSuffix(words[i], "."))
		l = quoteFolder.Replace(l)
		if !(courtesy[l] || roleNouns[l] || roleModifiers[l] || l == "of" || isNationality(l)) {
			break
		}
		i++
	}
	var roleWords []string
	for _, w := range words[:i] {
		if !courtesy[strings.ToLower(strings.TrimSuffix(w, "."))] {
			roleWords = append(roleWords, w)
		}
	}
	if !hasRoleNoun(roleWords) {
		roleWords = nil
	}
	return strings.Join(words[i:], " "), strings.Join(roleWords, " ")
}

// isNationality reports whether a lower-case word names a nation: a
// demonym ("chinese", "us").
func isNationality(l string) bool {
	if _, ok := demonyms[l]; ok {
		return true
	}
	if !strings.ContainsAny(l, ".'’") && isASCII(l) {
		return false // already in normal form
	}
	_, ok := demonyms[normName(l)]
	return ok
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// quoteFolder makes typographic apostrophes plain.
var quoteFolder = strings.NewReplacer("’", "'", "‘", "'")

func hasRoleNoun(words []string) bool {
	for _, w := range words {
		if roleNouns[strings.ToLower(strings.TrimSuffix(w, "."))] {
			return true
		}
	}
	return false
}

// isCapitalised reports whether a word starts with an upper-case letter.
func isCapitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// plainLower reports whether s is already in normal form: lower-case
// ASCII letters, digits and hyphens in words separated by single spaces,
// not opening with "the " nor ending with an apostrophe.
func plainLower(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' || strings.HasPrefix(s, "the ") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-':
		case c == ' ' && s[i-1] != ' ':
		default:
			return false
		}
	}
	return true
}
