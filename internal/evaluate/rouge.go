package evaluate

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Files of ROUGE-1.5.5's data directory that Rouge reads.
const (
	RougeStopwordsFile  = "smart_common_words.txt"
	RougeExceptionsFile = "wordnet2.0_exc.tsv"
)

// Rouge computes ROUGE-N counts the way ROUGE-1.5.5 does with -m (stemming)
// and -s (stopword removal), the setting tilse and news-tls use: text is
// lower-cased, every character other than a-z and 0-9 becomes a space,
// words in the SMART stopword list are dropped, words longer than three
// letters are stemmed (WordNet exception table first, else Porter), and
// n-grams are counted over the whole summary. A Rouge is immutable and safe
// for concurrent use.
type Rouge struct {
	stop map[string]bool
	exc  map[string]string
}

// NewRouge returns a Rouge with the given stopwords and WordNet exceptions
// (inflected form to lemma); either may be nil.
func NewRouge(stopwords []string, exceptions map[string]string) *Rouge {
	r := &Rouge{stop: make(map[string]bool, len(stopwords)), exc: exceptions}
	for _, w := range stopwords {
		r.stop[strings.ToLower(w)] = true
	}
	return r
}

// LoadRouge reads ROUGE-1.5.5's stopword list and exception table from dir
// (files RougeStopwordsFile and RougeExceptionsFile).
func LoadRouge(dir string) (*Rouge, error) {
	var stop []string
	err := readLines(filepath.Join(dir, RougeStopwordsFile), func(l string) {
		if l = strings.TrimSpace(l); l != "" {
			stop = append(stop, l)
		}
	})
	if err != nil {
		return nil, fmt.Errorf("rouge stopwords: %w", err)
	}
	exc := map[string]string{}
	err = readLines(filepath.Join(dir, RougeExceptionsFile), func(l string) {
		f := strings.Fields(l)
		if len(f) >= 2 {
			exc[f[0]] = f[1]
		}
	})
	if err != nil {
		return nil, fmt.Errorf("rouge exceptions: %w", err)
	}
	return NewRouge(stop, exc), nil
}

func readLines(path string, fn func(string)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fn(sc.Text())
	}
	return sc.Err()
}

// Tokens returns the ROUGE tokens of s: lower-cased alphanumeric words,
// stopwords removed, stemmed.
func (r *Rouge) Tokens(s string) []string {
	var out []string
	b := []byte(strings.ToLower(s))
	for i := range b {
		c := b[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			b[i] = ' '
		}
	}
	for _, w := range strings.Fields(string(b)) {
		if r.stop[w] {
			continue
		}
		out = append(out, r.stem(w))
	}
	return out
}

func (r *Rouge) stem(w string) string {
	if len(w) <= 3 {
		return w
	}
	if l, ok := r.exc[w]; ok {
		return l
	}
	return porterStem(w)
}

// NGrams counts the n-grams of tokens.
func NGrams(tokens []string, n int) map[string]int {
	m := map[string]int{}
	for i := 0; i+n <= len(tokens); i++ {
		m[strings.Join(tokens[i:i+n], " ")]++
	}
	return m
}

// RougeCounts are ROUGE-N counts of a peer (system) summary against a model
// (reference) summary: Hit is the clipped number of shared n-grams, Peer and
// Model the n-gram totals. Precision is Hit/Peer, recall Hit/Model.
type RougeCounts struct {
	Hit   float64 `json:"hit"`
	Peer  float64 `json:"peer"`
	Model float64 `json:"model"`
}

// Count returns the ROUGE-N counts of peer against model n-gram counts.
func Count(peer, model map[string]int) RougeCounts {
	var c RougeCounts
	for g, n := range peer {
		c.Peer += float64(n)
		if m := model[g]; m > 0 {
			c.Hit += float64(min(n, m))
		}
	}
	for _, n := range model {
		c.Model += float64(n)
	}
	return c
}

// PRF returns precision, recall and F1 (0 when undefined).
func (c RougeCounts) PRF() (p, r, f float64) {
	if c.Peer > 0 {
		p = c.Hit / c.Peer
	}
	if c.Model > 0 {
		r = c.Hit / c.Model
	}
	return p, r, fScore(p, r)
}

func fScore(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}
