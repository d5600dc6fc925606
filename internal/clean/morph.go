package clean

import "bytes"

// Word classes and English morphology used by glued-word repair: function
// words, names, compounds and derived words, all judged from the embedded
// word table.

// A function word (articles, prepositions, pronouns, auxiliaries, and
// generic words such as "said", "year") is frequent in lower case and
// spread over all sources of the table: it occurs in at least
// functionSpread permille of the documents of each source, and at least
// functionMin times in lower case. Frequent topic words ("oil", "flu") are
// not spread.
const (
	functionSpread = 100
	functionMin    = 300
)

// isFunction reports whether the lower-case word w is a function word.
func isFunction(tab *wordTable, w []byte) bool {
	st, ok := tab.lookup(string(w))
	if len(w) == 1 {
		return ok && st.N >= functionMin // "a", "I"
	}
	return ok && st.Spread >= functionSpread && st.Lower >= functionMin
}

// titleSplitOK decides a split of a capitalised token without inner
// capitals ("Thursdaythat", "Blinkenpostponed"). Such unknown words are
// most often names ("Weston", "Greengrass", "Princeton"), so the rules are
// stricter than for lower-case tokens. left is the left part as written,
// l and r the parts in lower case.
func titleSplitOK(tab *wordTable, left string, l, r []byte, attested bool, vocab map[string]int) bool {
	lf, rf := isFunction(tab, l), isFunction(tab, r)
	name := !lf && (vocab[left] > 0 || isName(tab, l))
	n := len(l) + len(r)
	if n <= 5 && !(n == 5 && lf && rf && attested && len(l) >= 2 && len(r) >= 2) || nameEnding(l, r) {
		// short capitalised words are names ("Anon", "Isis") unless two
		// function words often seen together ("Ofthe"); "Adamson",
		// "Murrayfield", "Broughton" end like names
		return false
	}
	if !lf && !rf && tab.compoundLike(l, r) {
		return false // "Stationmaster"
	}
	switch {
	case attested && lf:
		// a sentence-initial function word: "The|company", "In|the", but
		// not names like "Theodor" ("The|odor")
		return rf || tab.lowerCount(r) >= 20 || len(r) >= 8
	case attested && (rf || name || len(l) >= 4 && len(r) >= 4):
		// "Officials|said", "Castro|has"
		return true
	case len(r) <= 2:
		// names end in "-on", "-an", "-is" ("Weston", "Landon"): only a
		// long known name may be followed by a short function word
		// ("Gonzalez|to").
		return name && rf && len(l) >= 5
	case name:
		// a known name, then a function word or a longer word:
		// "Castro|has", "Biden|former", not "Thomas|son", "Murray|field"
		return rf || len(r) >= 5 && !isName(tab, r)
	default:
		return false
	}
}

// nameSuffixes are endings of English family and place names.
var nameSuffixes = []string{"son", "sen", "ton", "don", "man", "ley", "field", "ford", "well", "worth", "wood",
	"land", "lands", "berg", "burg", "stein", "bridge", "brook", "mouth", "more", "ville", "ham", "by", "borough",
	"bury", "dale", "hurst", "shire", "stone", "wick", "grave", "grass", "water"}

// nameEnding reports whether the token l+r ends in a name suffix that the
// split point falls in or just before ("Adams|on" in "Adamson",
// "Murray|field").
func nameEnding(l, r []byte) bool {
	for _, suf := range nameSuffixes {
		if len(r) <= len(suf) && bytes.HasSuffix(r, []byte(suf)[len(suf)-len(r):]) &&
			bytes.HasSuffix(l, []byte(suf)[:len(suf)-len(r)]) {
			return true
		}
	}
	return false
}

// prefixLike reports whether the function word w is also an English
// negative prefix ("a-", "in-").
func prefixLike(w []byte) bool {
	return string(w) == "a" || string(w) == "in"
}

// latinate reports whether w ends like an adjective or abstract noun that
// takes the prefixes "a-" and "in-" ("-ility", "-ible", "-ic", "-ial");
// with strong, only endings that make the prefix reading much likelier
// than the article or preposition ("-ical", "-ility").
func latinate(w []byte, strong bool) bool {
	sufs := []string{"ity", "able", "ible", "ic", "ical", "al", "ial", "ous", "ive", "ent", "ant",
		"ary", "ate", "ly", "ence", "ance", "ation", "ition", "ism", "ist", "cy"}
	if strong {
		// endings that "a" and "in" as separate words rarely precede
		sufs = []string{"ical", "ility", "ibly", "ably", "ently", "antly"}
	}
	for _, suf := range sufs {
		if bytes.HasSuffix(w, []byte(suf)) {
			return true
		}
	}
	return false
}

// isName reports whether the lower-case word w is mostly written
// capitalised inside sentences in the table: a proper noun ("friday").
func isName(tab *wordTable, w []byte) bool {
	st, ok := tab.lookup(string(w))
	return ok && st.CapMid >= 20 && 20*st.Lower <= st.N
}

// contentPairOK decides a split into two content words (no function word)
// not attested as a pair, which closed compounds ("videotape",
// "stepmother") imitate: both parts must be long, or long and common, or
// the left part must be of a kind that does not open closed compounds (an
// adverb, adjective, participle or superlative by its ending, a plural
// noun).
func contentPairOK(tab *wordTable, l, r []byte) bool {
	if len(l) >= 7 && len(r) >= 7 {
		return true
	}
	if len(l) >= 5 && len(r) >= 5 && tab.lowerCount(l) >= 50 && tab.lowerCount(r) >= 50 {
		// two common longer words: "senior|dealer", "embassy|guards"
		return true
	}
	if len(l) >= 5 {
		// adverbs, adjectives, participles and superlatives
		for _, suf := range []string{"ly", "al", "ic", "ous", "ive", "ful", "ed", "est"} {
			if bytes.HasSuffix(l, []byte(suf)) {
				return true
			}
		}
	}
	if len(l) >= 7 && l[len(l)-1] == 's' {
		switch l[len(l)-2] {
		case 's', 'u', 'i':
		default:
			return true
		}
	}
	return false
}

// Derivational affixes of English. A token made of one of these and a
// known word ("overheated", "stepmother", "borderless") is taken for a real
// word, not two glued ones.
var (
	derivPrefixes = []string{"anti", "back", "co", "counter", "cross", "de", "dis", "down", "extra", "fore",
		"hyper", "inter", "intra", "micro", "mid", "mini", "mis", "multi", "non", "out", "over", "photo",
		"post", "pre", "pro", "re", "self", "semi", "step", "sub", "super", "tele", "trans", "ultra",
		"un", "under", "up", "video", "with"}
	derivSuffixes = []string{"able", "away", "back", "down", "fold", "hood", "ible", "less", "like", "man", "men", "ness",
		"off", "out", "over", "proof", "ship", "up", "ward", "wards", "wide", "wise", "woman", "women", "worthy"}
	inflections = []string{"s", "es", "ed", "d", "ing", "er", "ers", "ly", "ally"}
)

// knownWord reports whether the lower-case w is in the table.
func knownWord(tab *wordTable, w []byte) bool {
	st, ok := tab.lookup(string(w))
	return ok && st.N >= minTableCount
}

// derivedWord reports whether the lower-case token w looks like a real word
// by English morphology: an inflection of a known word ("withdraws"), or a
// known content word with a derivational prefix or suffix.
func derivedWord(tab *wordTable, w []byte) bool {
	if len(w) >= 4 && len(w) < maxGlueToken {
		// its plural or third person is known: "sailor" (from "sailors")
		var buf [maxGlueToken]byte
		if knownWord(tab, append(append(buf[:0], w...), 's')) {
			return true
		}
	}
	for _, suf := range inflections {
		if len(w)-len(suf) >= 4 && string(w[len(w)-len(suf):]) == suf {
			if st, ok := tab.lookup(string(w[:len(w)-len(suf)])); ok && st.N >= 5 {
				return true
			}
		}
	}
	for _, suf := range []string{"ed", "ing", "er"} {
		// "formatted" → "format", "planning" → "plan"
		m := len(w) - len(suf)
		if m >= 4 && string(w[m:]) == suf && w[m-1] == w[m-2] && !isVowel(w[m-1]) && knownWord(tab, w[:m-1]) {
			return true
		}
	}
	for _, pre := range derivPrefixes {
		if len(w)-len(pre) >= 3 && string(w[:len(pre)]) == pre {
			rest := w[len(pre):]
			if knownWord(tab, rest) && !isFunction(tab, rest) {
				return true
			}
		}
	}
	for _, suf := range derivSuffixes {
		if len(w)-len(suf) >= 3 && string(w[len(w)-len(suf):]) == suf {
			stem := w[:len(w)-len(suf)]
			if knownWord(tab, stem) && !isFunction(tab, stem) {
				return true
			}
		}
	}
	return false
}

func isVowel(c byte) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'
}

// lowerCount returns how often the lower-case w is written in lower case.
func (t *wordTable) lowerCount(w []byte) uint32 {
	return t.words[string(w)].Lower
}

// compoundParts counts, for every word of the table, how many other table
// words it opens (compL: "fire" in "firefighter", "fireworks") and closes
// (compR: "house" in "warehouse", "courthouse"), as a measure of how
// readily it forms closed compounds.
func (t *wordTable) compoundParts() {
	t.compL = map[string]uint16{}
	t.compR = map[string]uint16{}
	for w, st := range t.words {
		if st.Lower < minTableCount || len(w) < 6 {
			continue
		}
		for k := 3; k <= len(w)-3; k++ {
			l, r := t.words[w[:k]], t.words[w[k:]]
			if l.Lower >= 3 && r.Lower >= 3 {
				t.compL[w[:k]]++
				t.compR[w[k:]]++
			}
		}
	}
}

// compoundLike reports whether two content words l and r form closed
// compounds often enough that their concatenation is likely a word
// ("guesthouse", "stepmother").
func (t *wordTable) compoundLike(l, r []byte) bool {
	if t.compR[string(r)] >= compoundMin || t.compL[string(l)] >= 2*compoundMin {
		return true
	}
	// the plural of a compound head: "guesthouses", "storybooks"
	return len(r) > 3 && r[len(r)-1] == 's' && t.compR[string(r[:len(r)-1])] >= compoundMin
}

// compoundMin is the number of closed compounds in the table from which a
// word counts as a compound head.
const compoundMin = 3

// functionPair reports whether the lower-case token tok splits into two
// function words seen together in the table ("ofthe", "inthe").
func functionPair(tab *wordTable, tok string, lower []byte) bool {
	if string(lower) != tok {
		return false
	}
	for k := 1; k < len(lower); k++ {
		if (k > 1 || lower[0] == 'a') && isFunction(tab, lower[:k]) && isFunction(tab, lower[k:]) && tab.hasBigram(lower[:k], lower[k:]) {
			return true
		}
	}
	return false
}
