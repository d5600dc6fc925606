package text

import (
	"bufio"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func tokenTexts(toks []Token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Text
	}
	return out
}

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want string // tokens joined by "|"
	}{
		{"Hello, world.", "Hello|,|world|."},
		{"He didn't go.", "He|did|n't|go|."},
		{"Beijing's goals", "Beijing|'s|goals"},
		{"Beijing’s goals", "Beijing|’s|goals"},
		{"the U.S. and U.N. said", "the|U.S.|and|U.N.|said"},
		{"Mr. Smith met Dr. Jones on Feb. 5-6.", "Mr.|Smith|met|Dr.|Jones|on|Feb.|5-6|."},
		{"sold 1,000 shares at 3.5 percent", "sold|1,000|shares|at|3.5|percent"},
		{"$4 billion (5%)", "$|4|billion|(|5|%|)"},
		{"BRUSSELS 1996-08-22", "BRUSSELS|1996-08-22"},
		{"US-China summit", "US-China|summit"},
		{"“responsibly” and", "“|responsibly|”|and"},
		{"\"Quote,\" he said...", "\"|Quote|,|\"|he|said|..."},
		{"the players' union", "the|players|'|union"},
		{"O'Neill won", "O'Neill|won"},
		{"J. Smith -- writer", "J.|Smith|--|writer"},
		{"at 10:30 a.m. today", "at|10:30|a.m.|today"},
		{"AT&T Corp. rose", "AT&T|Corp.|rose"},
		{"end.Then", "end|.|Then"},
		{"", ""},
	}
	for _, tt := range tests {
		got := strings.Join(tokenTexts(Tokens(tt.in)), "|")
		if got != tt.want {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Mr. Smith went to Washington. He met the U.S. envoy on Feb. 5. Then he left!",
			[]string{"Mr. Smith went to Washington.", "He met the U.S. envoy on Feb. 5.", "Then he left!"}},
		{"\"We agree.\" He said so.", []string{"\"We agree.\"", "He said so."}},
		{"Headline without period\n\nBody starts here. Ends here.", []string{"Headline without period", "Body starts here.", "Ends here."}},
		{"it rose 3.5 percent. prices fell", []string{"it rose 3.5 percent. prices fell"}},
		{"   ", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range Sentences(tt.in) {
			got = append(got, tt.in[s.Start:s.End])
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Sentences(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCoNLLAgreement measures how often re-tokenising a CoNLL sentence
// reproduces its tokens.
func TestCoNLLAgreement(t *testing.T) {
	f, err := os.Open("../../../shared/data/conll2003/eng.testa")
	if err != nil {
		t.Skipf("CoNLL data absent: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	var sent []string
	total, same := 0, 0
	check := func() {
		if len(sent) == 0 {
			return
		}
		total++
		if reflect.DeepEqual(tokenTexts(Tokens(strings.Join(sent, " "))), sent) {
			same++
		}
		sent = sent[:0]
	}
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "-DOCSTART-") {
			check()
			continue
		}
		sent = append(sent, strings.Fields(line)[0])
	}
	check()
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	rate := float64(same) / float64(total)
	t.Logf("re-tokenisation reproduces %d/%d CoNLL sentences (%.3f)", same, total, rate)
	if rate < 0.97 {
		t.Errorf("agreement %.3f < 0.97", rate)
	}
}

func checkTokens(t *testing.T, s string) {
	prev := 0
	for _, tok := range Tokens(s) {
		if tok.Start < prev || tok.End <= tok.Start || tok.End > len(s) {
			t.Fatalf("bad offsets %d-%d (prev end %d) in %q", tok.Start, tok.End, prev, s)
		}
		if s[tok.Start:tok.End] != tok.Text {
			t.Fatalf("token text %q != text[%d:%d] %q", tok.Text, tok.Start, tok.End, s[tok.Start:tok.End])
		}
		prev = tok.End
	}
	prev = 0
	for _, sp := range Sentences(s) {
		if sp.Start < prev || sp.End < sp.Start || sp.End > len(s) {
			t.Fatalf("bad sentence span %v in %q", sp, s)
		}
		prev = sp.End
	}
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"Mr. Smith's U.S. didn't 1,000.", "“Hi”—'s ...", "a\xffb", "n't'", "'s", "U.S.A.B", "1,2,3.4.5", "x.y.z."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkTokens(t, s)
		want := Tokens(s)
		prefix := []Token{{0, 1, "x"}}
		if got := AppendTokens(prefix, s); len(got) != 1+len(want) || got[0] != prefix[0] || !slices.Equal(got[1:], want) {
			t.Fatalf("AppendTokens(%q) = %v, want %v after the prefix", s, got, want)
		}
		spans, toks := AppendSentences([]Span{{0, 0}}, s, []Token{{5, 6, "y"}})
		if !slices.Equal(toks, want) || !slices.Equal(spans[1:], Sentences(s)) {
			t.Fatalf("AppendSentences(%q) = %v, %v; want %v, %v", s, spans, toks, Sentences(s), want)
		}
		if utf8.ValidString(s) {
			for _, tok := range Tokens(s) {
				if strings.TrimSpace(tok.Text) != tok.Text {
					t.Fatalf("token %q has spaces", tok.Text)
				}
			}
		}
	})
}

func BenchmarkTokens(b *testing.B) {
	s := strings.Repeat("US Secretary of State Antony Blinken will meet China’s top envoy on Monday, the U.S. said. ", 50)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Tokens(s)
	}
}
