package timeline

import (
	"strings"
	"unicode"
)

// ContactWords returns words that report contact events (meetings, talks,
// calls, visits): a ready-made list for WordBoost until the events stage
// marks such sentences itself.
func ContactWords() []string {
	return []string{
		"meet", "meets", "met", "meeting", "meetings", "talks", "talked", "summit",
		"call", "called", "phone", "visit", "visits", "visited", "visiting", "hosted",
	}
}

// WordBoost returns a SentenceBoost hook that adds weight to a sentence
// holding any of words as a whole word, case-insensitively.
func WordBoost(words []string, weight float64) func(*Doc, Sentence) float64 {
	set := make(map[string]bool, len(words))
	for _, w := range words {
		set[strings.ToLower(w)] = true
	}
	return func(_ *Doc, s Sentence) float64 {
		for _, w := range strings.FieldsFunc(s.Text, func(r rune) bool { return !unicode.IsLetter(r) }) {
			if set[strings.ToLower(w)] {
				return weight
			}
		}
		return 0
	}
}
