package clean

import (
	"os"
	"testing"
)

func TestDumpWords(t *testing.T) {
	ws := os.Getenv("DUMPW")
	if ws == "" {
		t.Skip()
	}
	tab := defaultTable()
	t.Logf("words=%d total=%d bigrams=%d", len(tab.words), tab.total, len(tab.bigrams))
	for _, w := range splitFields(ws) {
		s, ok := tab.lookup(w)
		t.Logf("%-16s %v %+v", w, ok, s)
	}
}

func splitFields(s string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			if start >= 0 {
				out = append(out, s[start:i])
			}
			start = -1
		} else if start < 0 {
			start = i
		}
	}
	return out
}

func TestDumpComp(t *testing.T) {
	ws := os.Getenv("DUMPC")
	if ws == "" {
		t.Skip()
	}
	tab := defaultTable()
	compL := map[string]int{}
	compR := map[string]int{}
	for w, s := range tab.words {
		if s.Lower < 2 || len(w) < 6 {
			continue
		}
		for k := 3; k <= len(w)-3; k++ {
			l, r := tab.words[w[:k]], tab.words[w[k:]]
			if l.Lower >= 3 && r.Lower >= 3 {
				compL[w[:k]]++
				compR[w[k:]]++
			}
		}
	}
	for _, w := range splitFields(ws) {
		t.Logf("%-12s L=%d R=%d lower=%d", w, compL[w], compR[w], tab.words[w].Lower)
	}
}

func TestDumpFunc(t *testing.T) {
	if os.Getenv("DUMPF") == "" {
		t.Skip()
	}
	var out []string
	for w, s := range defaultTable().words {
		if s.Spread >= 70 && s.Spread < 150 && s.Lower >= 300 {
			out = append(out, w)
		}
	}
	t.Log(out)
}
