package evaluate

import (
	"math"
	"path/filepath"
	"slices"
	"testing"
)

func TestPorterStem(t *testing.T) {
	// Examples from Porter (1980) and the reference implementation's
	// vocabulary.
	tests := []struct{ in, want string }{
		{"caresses", "caress"}, {"ponies", "poni"}, {"ties", "ti"}, {"caress", "caress"},
		{"cats", "cat"}, {"feed", "feed"}, {"agreed", "agre"}, {"plastered", "plaster"},
		{"bled", "bled"}, {"motoring", "motor"}, {"sing", "sing"}, {"conflated", "conflat"},
		{"troubled", "troubl"}, {"sized", "size"}, {"hopping", "hop"}, {"tanned", "tan"},
		{"falling", "fall"}, {"hissing", "hiss"}, {"fizzed", "fizz"}, {"failing", "fail"},
		{"filing", "file"}, {"happy", "happi"}, {"sky", "sky"}, {"relational", "relat"},
		{"conditional", "condit"}, {"rational", "ration"}, {"valenci", "valenc"},
		{"digitizer", "digit"}, {"conformabli", "conform"}, {"radicalli", "radic"},
		{"differentli", "differ"}, {"vileli", "vile"}, {"analogousli", "analog"},
		{"vietnamization", "vietnam"}, {"predication", "predic"}, {"operator", "oper"},
		{"feudalism", "feudal"}, {"decisiveness", "decis"}, {"hopefulness", "hope"},
		{"callousness", "callous"}, {"formaliti", "formal"}, {"sensitiviti", "sensit"},
		{"sensibiliti", "sensibl"}, {"triplicate", "triplic"}, {"formative", "form"},
		{"formalize", "formal"}, {"electriciti", "electr"}, {"electrical", "electr"},
		{"hopeful", "hope"}, {"goodness", "good"}, {"revival", "reviv"}, {"allowance", "allow"},
		{"inference", "infer"}, {"airliner", "airlin"}, {"gyroscopic", "gyroscop"},
		{"adjustable", "adjust"}, {"defensible", "defens"}, {"irritant", "irrit"},
		{"replacement", "replac"}, {"adjustment", "adjust"}, {"dependent", "depend"},
		{"adoption", "adopt"}, {"communism", "commun"}, {"activate", "activ"},
		{"angulariti", "angular"}, {"homologous", "homolog"}, {"effective", "effect"},
		{"bowdlerize", "bowdler"}, {"probate", "probat"}, {"rate", "rate"}, {"cease", "ceas"},
		{"controll", "control"}, {"roll", "roll"}, {"generalizations", "gener"},
		{"oscillators", "oscil"}, {"is", "is"}, {"spilled", "spill"}, {"leaking", "leak"},
	}
	for _, tt := range tests {
		if got := porterStem(tt.in); got != tt.want {
			t.Errorf("porterStem(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func testRouge() *Rouge {
	return NewRouge([]string{"the", "a", "of", "is", "was"}, map[string]string{"geese": "goose", "ran": "run"})
}

func TestRougeTokens(t *testing.T) {
	r := testRouge()
	tests := []struct {
		in   string
		want []string
	}{
		{"The geese ran", []string{"goose", "ran"}}, // three letters: not stemmed
		{"U.S. oil-spill cleanup's costs", []string{"u", "s", "oil", "spill", "cleanup", "s", "cost"}},
		{"A leak WAS found in 2010", []string{"leak", "found", "in", "2010"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := r.Tokens(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLoadRouge(t *testing.T) {
	dir := filepath.Join(sharedData, "rouge")
	r, err := LoadRouge(dir)
	if err != nil {
		t.Skip("no ROUGE resources:", err)
	}
	got := r.Tokens("The women were running towards the oil wells")
	want := []string{"women", "run", "oil", "well"} // "running" from the exception table
	if !slices.Equal(got, want) {
		t.Errorf("Tokens = %q, want %q", got, want)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestScoreTimeline(t *testing.T) {
	r := testRouge()
	tests := []struct {
		name       string
		pred, gold []DatedText
		date       PR
		ar1, ar2   PR
		c1         PR
	}{
		{
			name: "one day off",
			pred: []DatedText{{"2010-01-01", "oil spill"}},
			gold: []DatedText{{"2010-01-02", "oil spill"}},
			date: PR{0, 0}, ar1: PR{0.5, 0.5}, ar2: PR{0.5, 0.5}, c1: PR{1, 1},
		},
		{
			name: "many to one",
			pred: []DatedText{{"2010-01-01", "oil spill"}, {"2010-01-05", "gulf coast"}},
			gold: []DatedText{{"2010-01-01", "oil spill gulf"}},
			// precision: 2 hits on the day, 1 hit weighted 1/5 four days off, over 4;
			// recall: the gold day aligns to the same day: 2 of 3.
			date: PR{0.5, 1}, ar1: PR{2.2 / 4, 2.0 / 3}, ar2: PR{0.5, 0.5}, c1: PR{3.0 / 4, 1},
		},
		{
			name: "empty prediction",
			pred: nil,
			gold: []DatedText{{"2010-01-01", "oil spill"}},
		},
	}
	for _, tt := range tests {
		s, err := r.ScoreTimeline(tt.pred, tt.gold)
		if err != nil {
			t.Fatal(err)
		}
		check := func(what string, got, want PR) {
			if !near(got.P, want.P) || !near(got.R, want.R) {
				t.Errorf("%s: %s = %+v, want %+v", tt.name, what, got, want)
			}
		}
		check("date", s.Date, tt.date)
		check("align m:1 rouge-1", s.AlignM1Rouge1, tt.ar1)
		check("align m:1 rouge-2", s.AlignM1Rouge2, tt.ar2)
		check("concat rouge-1", s.Concat1, tt.c1)
	}
}

func TestAverageScores(t *testing.T) {
	a := AverageScores([]TimelineScore{{Date: PR{1, 0}}, {Date: PR{0, 1}}})
	if !near(a.Date.P, 0.5) || !near(a.Date.R, 0.5) || !near(a.Date.F(), 0.5) {
		t.Errorf("average = %+v", a.Date)
	}
}
