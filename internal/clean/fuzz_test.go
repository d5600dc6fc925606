package clean

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/article"
)

// FuzzClean checks that Clean never panics, returns valid UTF-8 and is
// idempotent: cleaning a cleaned article changes nothing.
//
//	go test -run=^$ -fuzz=FuzzClean -fuzztime=90s ./internal/clean/
func FuzzClean(f *testing.F) {
	seeds := []string{
		"", " ", "\n\n\n", "a", "BEIJING- Talks.", "WASHINGTON (AP) — The Senate voted.\n\nMore text here.",
		"Top 1 Magazine\n\nTitle of the story here\n\nBody thatBlinken uproarabout text.\n\nGo To Source",
		"Zu\u0308rich\u200b \u00a0x\r\ny\x00", "They agreed. AFP, BLOOMBERG", "“Quote,” he said — twice.",
		"LONDON, June 5 (Reuters) - Shares fell.", "(Getty Images)\n\nPhoto: Reuters",
	}
	for _, name := range []string{"furniture_head_tail.txt", "dateline_ap.txt", "unicode_mess.txt"} {
		if b, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			seeds = append(seeds, string(b))
		}
	}
	for _, d := range []string{filepath.Join("..", "..", "examples"), filepath.Join("..", "..", "..", "shared", "data", "seeds")} {
		m, _ := filepath.Glob(filepath.Join(d, "00*.txt"))
		for _, p := range m {
			if b, err := os.ReadFile(p); err == nil {
				seeds = append(seeds, string(b))
			}
		}
	}
	for _, s := range seeds {
		f.Add(s, "", "src")
	}
	f.Add("Body text.", "Title with Bidenformer glue", "")
	c := New(Options{})
	f.Fuzz(func(t *testing.T, text, title, source string) {
		a := &article.Article{ID: "x", Title: title, Text: text, Source: source}
		c.Observe(a)
		c.Clean(a)
		for _, s := range []string{a.Text, a.Title, a.Place} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8: %q", s)
			}
		}
		b := *a
		rep := c.Clean(&b)
		if b != *a {
			t.Fatalf("not idempotent:\n1: %q %q %q\n2: %q %q %q\nreport %+v", a.Title, a.Place, a.Text, b.Title, b.Place, b.Text, rep)
		}
	})
}
