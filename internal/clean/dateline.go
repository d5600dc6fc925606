package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// months are the month names and abbreviations a dateline may carry
// ("LONDON, June 5 (Reuters) -").
var months = map[string]bool{
	"jan": true, "feb": true, "mar": true, "apr": true, "may": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "january": true, "february": true,
	"march": true, "april": true, "june": true, "july": true, "august": true, "september": true,
	"october": true, "november": true, "december": true,
}

// maxPlaceWords bounds the words of a dateline place ("RIO DE JANEIRO",
// "Munich, Germany", "WASHINGTON, D.C.").
const maxPlaceWords = 5

// dateline is a dateline found at the start of a body.
type dateline struct {
	place string // as written: "BEIJING", "Munich, Germany"
	text  string // the whole dateline with its separator: "LONDON, June 5 (Reuters) - "
}

// findDateline recognises a dateline at the start of body: a place, an
// optional date ", June 5", an optional agency "(AP)", and a dash ('-',
// '--', en or em dash) followed by a space. A place in capitals
// ("BEIJING-") is enough; a place in title case needs a second element (a
// region after a comma, a date or an agency), so that a sentence opening
// with a name and a dash is not mistaken for a dateline, and some word of
// the place must be a name or unknown to the table. The place keeps the
// case it was written in.
func findDateline(tab *wordTable, body string) (dateline, bool) {
	var d dateline
	i := 0
	n := len(body)
	// place words
	var placeEnd int
	words, allCaps, parts := 0, true, 1
	anyTitle, anyCaps := false, false
	for {
		j := i
		for j < n && body[j] != ' ' && body[j] != ',' && body[j] != '(' && !isDash(body, j) {
			j++
		}
		w := body[i:j]
		if w == "" || !placeWord(w, words == 0) {
			return d, false
		}
		if parts == 1 && !connector(w) {
			// the words of the place proper are all in capitals or none
			// is ("Photo KUNDUZ" is a caption, not a place)
			if hasLower(w) {
				allCaps = false
				anyTitle = true
			} else if utf8.RuneCountInString(w) > 1 {
				anyCaps = true
			}
			if anyTitle && anyCaps {
				return d, false
			}
		}
		words++
		placeEnd = j
		if words > maxPlaceWords {
			return d, false
		}
		i = j
		if i < n && body[i] == ' ' && i+1 < n && !isDash(body, i+1) && body[i+1] != '(' {
			i++
			continue
		}
		if i+1 < n && body[i] == ',' && body[i+1] == ' ' && parts == 1 {
			// ", Germany", ", D.C." or a date ", June 5"
			k := i + 2
			e := k
			for e < n && body[e] != ' ' && body[e] != '(' && !isDash(body, e) {
				e++
			}
			if months[strings.ToLower(strings.TrimSuffix(body[k:e], "."))] {
				break // a date follows
			}
			parts++
			i = k
			continue
		}
		break
	}
	place := strings.TrimSpace(body[:placeEnd])
	second := parts > 1
	// optional date ", June 5"
	if i+1 < n && body[i] == ',' && body[i+1] == ' ' {
		k := i + 2
		e := k
		for e < n && body[e] != ' ' {
			e++
		}
		if !months[strings.ToLower(strings.TrimSuffix(body[k:e], "."))] {
			return d, false
		}
		i = e
		if i+1 < n && body[i] == ' ' && body[i+1] >= '0' && body[i+1] <= '9' {
			e = i + 1
			for e < n && body[e] >= '0' && body[e] <= '9' {
				e++
			}
			i = e
		}
		second = true
	}
	// optional agency "(AP)"
	k := i
	for k < n && body[k] == ' ' {
		k++
	}
	if k < n && body[k] == '(' {
		e := strings.IndexByte(body[k:], ')')
		if e < 0 || e > 40 {
			return d, false
		}
		i = k + e + 1
		second = true
	}
	// separator
	for i < n && body[i] == ' ' {
		i++
	}
	sepStart := i
	for i < n && isDash(body, i) {
		_, size := utf8.DecodeRuneInString(body[i:])
		i += size
	}
	if i == sepStart || i-sepStart > 6 {
		return d, false
	}
	if i >= n || body[i] != ' ' {
		return d, false // "US-China", "BEIJING-based"
	}
	for i < n && body[i] == ' ' {
		i++
	}
	if i >= n {
		return d, false
	}
	if r, _ := utf8.DecodeRuneInString(body[i:]); !(unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"“‘'", r)) {
		return d, false
	}
	if !allCaps && !second {
		return d, false
	}
	if !hasLetterUpper(place) || !placeLike(tab, place) {
		return d, false
	}
	d.place = place
	d.text = body[:i]
	return d, true
}

// placeLike reports whether some word of place is a name or unknown to
// the table: "FILE -" (a caption) is not a dateline, "NEW ORLEANS --" is.
func placeLike(tab *wordTable, place string) bool {
	for _, w := range strings.FieldsFunc(place, func(r rune) bool { return !unicode.IsLetter(r) }) {
		st, ok := tab.lookup(strings.ToLower(w))
		if !ok || st.CapMid >= st.Lower {
			return true
		}
	}
	return false
}

// isDash reports whether a dash ('-', en dash, em dash) starts at s[i].
func isDash(s string, i int) bool {
	if s[i] == '-' {
		return true
	}
	return strings.HasPrefix(s[i:], "—") || strings.HasPrefix(s[i:], "–")
}

// placeWord reports whether w can be a word of a place name: it starts
// with an upper-case letter (or is a lower-case connector like "de" after
// the first word) and has only letters, dots, apostrophes and hyphens.
func placeWord(w string, first bool) bool {
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) && (first || !connector(w)) {
		return false
	}
	for _, r := range w {
		if !(unicode.IsLetter(r) || r == '.' || r == '\'' || r == '’') {
			return false
		}
	}
	return true
}

// connector reports whether w is a lower-case particle of place names.
func connector(w string) bool {
	switch w {
	case "de", "da", "do", "dos", "das", "del", "la", "le", "el", "al", "of", "upon", "on", "am", "an", "sur", "en":
		return true
	}
	return false
}

func hasLower(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

func hasLetterUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// trailingCredit finds an agency credit closing the body after its last
// sentence (". AFP, BLOOMBERG", ". (Reuters)"): up to four words in
// capitals, separated by commas, slashes or "and". It returns the index
// where the credit starts (after the space following the full stop) or -1.
func trailingCredit(body string) int {
	end := len(body)
	// the credit may not span lines
	start := strings.LastIndexByte(body, '\n') + 1
	last := body[start:end]
	dot := strings.LastIndexAny(last, ".!?”\"")
	if dot < 0 || dot+2 >= len(last) || last[dot+1] != ' ' {
		return -1
	}
	credit := last[dot+2:]
	paren := strings.HasPrefix(credit, "(") && strings.HasSuffix(credit, ")")
	if paren {
		credit = credit[1 : len(credit)-1]
	}
	words := strings.FieldsFunc(credit, func(r rune) bool { return r == ',' || r == '/' || r == ' ' })
	if len(words) == 0 || len(words) > 4 || len(words) == 1 && len(words[0]) < 3 && !paren {
		return -1
	}
	for _, w := range words {
		if w == "and" {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if len(w) < 2 || !unicode.IsUpper(r) || hasLower(w) && !paren {
			return -1
		}
		for _, r := range w {
			if !unicode.IsLetter(r) && r != '-' && r != '.' && r != '&' {
				return -1
			}
		}
	}
	return start + dot + 2
}
