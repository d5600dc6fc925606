package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixture reads testdata/same/name: its first line is the title, the rest
// the text.
func fixture(t *testing.T, name string) (title, text string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "same", name))
	if err != nil {
		t.Fatal(err)
	}
	title, text, _ = strings.Cut(string(b), "\n")
	return title, text
}

func TestSameArticle(t *testing.T) {
	type content struct{ file, title, text string }
	tests := []struct {
		name     string
		old, new content
		want     bool
	}{
		{"wire story with a paragraph added and a new headline",
			content{file: "wire_v1.txt"}, content{file: "wire_v2.txt"}, true},
		{"wire story cut back", content{file: "wire_v2.txt"}, content{file: "wire_v1.txt"}, true},
		{"rewrite keeping the lead", content{file: "rewrite_v1.txt"}, content{file: "rewrite_v2.txt"}, true},
		{"identical", content{file: "spill_report.txt"}, content{file: "spill_report.txt"}, true},
		{"unrelated reports", content{file: "wire_v1.txt"}, content{file: "spill_report.txt"}, false},
		{"unrelated reports of one outlet", content{file: "rewrite_v1.txt"}, content{file: "spill_report.txt"}, false},
		{"one event by two outlets", content{file: "quake_outlet_a.txt"}, content{file: "quake_outlet_b.txt"}, false},
		{"one event, days apart", content{file: "wire_v2.txt"}, content{file: "quake_outlet_a.txt"}, false},
		{"empty old text", content{}, content{file: "wire_v1.txt"}, true},
		{"old title without text", content{title: "Quake in Haiti"}, content{file: "spill_report.txt"}, true},
		{"equal titles but for case and spacing",
			content{title: "Quake  in Haiti", text: "First report."}, content{title: "quake in haiti ", text: "Another text altogether."}, true},
		{"short texts sharing words", content{text: "He met Wang Yi."}, content{text: "He met Wang Yi and Qin Gang."}, true},
		{"short unrelated texts", content{text: "On Monday."}, content{text: "On Tuesday, then Friday."}, false},
		{"punctuation only is no word", content{text: "..."}, content{text: "Anything at all."}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, c := range []*content{&tc.old, &tc.new} {
				if c.file != "" {
					c.title, c.text = fixture(t, c.file)
				}
			}
			if got := SameArticle(tc.old.title, tc.old.text, tc.new.title, tc.new.text); got != tc.want {
				t.Errorf("SameArticle = %v, want %v", got, tc.want)
			}
			if got := SameArticle(tc.new.title, tc.new.text, tc.old.title, tc.old.text); got != tc.want {
				t.Errorf("SameArticle with old and new swapped = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestRenamedID(t *testing.T) {
	tests := []struct{ id, hash, want string }{
		{"1004", "0123456789abcdef", "1004~01234567"},
		{"h1d7aae8a", "ffffffff", "h1d7aae8a~ffffffff"},
	}
	for _, tc := range tests {
		if got := RenamedID(tc.id, tc.hash); got != tc.want {
			t.Errorf("RenamedID(%q, %q) = %q, want %q", tc.id, tc.hash, got, tc.want)
		}
	}
}
