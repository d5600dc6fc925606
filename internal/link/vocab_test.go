package link

import (
	"slices"
	"testing"
)

func TestWordsN(t *testing.T) {
	tests := []struct {
		name string
		in   string
		n    int
		want []string
	}{
		{"stopwords and one-letter words dropped", "The talks in Beijing: a U.S. view", -1, []string{"talks", "beijing", "view"}},
		{"lower-cased, digits kept", "Xi MET Biden 2023 Summit", -1, []string{"xi", "met", "biden", "2023", "summit"}},
		{"non-ASCII letters", "Ankara'daki görüşme Ünal é ça", -1, []string{"ankara", "daki", "görüşme", "ünal", "ça"}},
		{"mixed ASCII and non-ASCII in a word", "naïve café x", -1, []string{"naïve", "café"}},
		{"limit", "alpha beta gamma delta", 2, []string{"alpha", "beta"}},
		{"limit exactly at the end", "alpha beta", 2, []string{"alpha", "beta"}},
		{"invalid UTF-8 separates", "abc\xffdef", -1, []string{"abc", "def"}},
		{"empty", "", -1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			wordsN(tt.in, tt.n, func(w string) { got = append(got, w) })
			if !slices.Equal(got, tt.want) {
				t.Errorf("wordsN(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
			}
		})
	}
}

func BenchmarkWordsN(b *testing.B) {
	text := "U.S. Secretary of State Antony Blinken met Chinese leader Xi Jinping in Beijing on Monday, " +
		"the highest-level American visit to China in years, as both sides sought to stabilise relations. " +
		"Les négociations à Pékin ont duré sept heures et demie."
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		wordsN(text, 400, func(string) {})
	}
}
