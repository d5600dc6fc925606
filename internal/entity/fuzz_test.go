package entity

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzArticle checks that Article never panics and that every mention lies
// within the text and quotes it.
func FuzzArticle(f *testing.F) {
	f.Add("US Secretary of State Antony Blinken met his Chinese counterpart Wang Yi in Munich, Germany.")
	f.Add("Mr Blinken, the top US diplomat, said. AFP, BLOOMBERG")
	f.Add("Woodside, California, according to Reuters. The Chinese leader, Xi,")
	f.Add("Lin Jian, a spokesperson for the Chinese Foreign Ministry, told reporters")
	f.Add("")
	f.Add("the the the , , 's 's Mr. Dr. President")
	f.Add("\xff\xfe Blinken\u00a0Biden’s")
	if m, _ := filepath.Glob(filepath.Join("testdata", "*.txt")); len(m) > 0 {
		for _, p := range m {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(string(b))
			}
		}
	}
	r, err := sharedResolver()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, txt string) {
		keys := map[string]bool{}
		for _, e := range r.Article(txt) {
			if keys[e.Key] {
				t.Fatalf("duplicate key %s", e.Key)
			}
			keys[e.Key] = true
			if len(e.Mentions) == 0 {
				t.Fatalf("entity %s without mentions", e.Key)
			}
			switch e.Type {
			case "PER", "ORG", "LOC", "MISC":
			default:
				t.Fatalf("entity %s: type %q", e.Key, e.Type)
			}
			for _, m := range e.Mentions {
				if m.Start < 0 || m.End > len(txt) || m.Start >= m.End || txt[m.Start:m.End] != m.Text {
					t.Fatalf("entity %s: mention %+v out of bounds of %d bytes", e.Key, m, len(txt))
				}
			}
		}
	})
}
