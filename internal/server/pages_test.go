package server

import (
	"reflect"
	"testing"

	"github.com/storyline-news/storyline/internal/timex"
)

func TestParagraphs(t *testing.T) {
	tx := func(s, e int) timex.Timex { return timex.Timex{Start: s, End: e, Type: "DATE", Value: "X"} }
	type seg struct {
		Text  string
		Timex bool
	}
	tests := []struct {
		name string
		text string
		txs  []timex.Timex
		want [][]seg
	}{
		{"plain", "one\n\ntwo", nil, [][]seg{{{"one", false}}, {{"two", false}}}},
		{"marked", "met on Monday.\n\nThen Friday", []timex.Timex{tx(7, 13), tx(21, 27)},
			[][]seg{{{"met on ", false}, {"Monday", true}, {".", false}}, {{"Then ", false}, {"Friday", true}}}},
		{"overlap and out of range dropped", "abc def", []timex.Timex{tx(0, 3), tx(2, 5), tx(6, 99)},
			[][]seg{{{"abc", true}, {" def", false}}}},
		{"crossing a paragraph break dropped", "ab\n\ncd", []timex.Timex{tx(1, 5)}, [][]seg{{{"ab", false}}, {{"cd", false}}}},
		{"empty", "", nil, nil},
	}
	for _, tt := range tests {
		var got [][]seg
		for _, p := range paragraphs(tt.text, tt.txs) {
			var ps []seg
			for _, s := range p {
				ps = append(ps, seg{s.Text, s.Timex != nil})
			}
			got = append(got, ps)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short text", 80, "short text"},
		{"  spaced\n\nout  ", 80, "spaced out"},
		{"one two three four", 10, "one two …"},
		{"ééééééé", 5, "éé …"},
	}
	for _, tt := range tests {
		if got := excerpt(tt.in, tt.n); got != tt.want {
			t.Errorf("excerpt(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
