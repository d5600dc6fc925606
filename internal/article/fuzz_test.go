package article

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// fuzzRead parses data as if read from a file called name and checks the
// invariants of every item.
func fuzzRead(t *testing.T, name string, data []byte) {
	r := NewReader(Options{})
	s := &session{ctx: context.Background(), origin: name, emit: func(it Item) error {
		checkInvariants(t, it)
		return nil
	}}
	if err := r.parse(s, "", &input{data: data, name: name}); err != nil {
		t.Fatalf("parse: %v", err)
	}
}

// addSeeds adds the fixtures matching pattern to the corpus of f.
func addSeeds(f *testing.F, patterns ...string) {
	for _, p := range patterns {
		files, _ := filepath.Glob(filepath.Join("testdata", p))
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
}

func FuzzReadText(f *testing.F) {
	addSeeds(f, "*.txt")
	f.Add([]byte(" date 2023-06-19 BEIJING- body\r\n\r\nmore"))
	f.Add([]byte("Title: t\nDate: June 19, 2023\nAuthor: a\n\nbody"))
	f.Add([]byte("date 2023-06-19T10:00:00+02:00\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, "fuzz.txt", data)
	})
}

func FuzzReadJSON(f *testing.F) {
	addSeeds(f, "*.json", "*.jsonl")
	f.Add([]byte(`[{"id": 1, "text": "a"}, 2, {"uid": "x", "dct": 1687132800}]`))
	f.Add([]byte("{\"id\": \"a\"}\n{broken\n{\"_id\": {\"$oid\": \"b\"}, \"text\": \"t\", \"date\": {\"$date\": \"2023-01-01\"}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, "fuzz.json", data)
		fuzzRead(t, "fuzz.jsonl", data)
	})
}

// FuzzReadHTML runs the full extractor (with fallbacks) on every input, a
// few milliseconds each: run it with -fuzzminimizetime=5s or the default
// minimisation budget eats the whole run.
func FuzzReadHTML(f *testing.F) {
	addSeeds(f, "*.html", "*.xml")
	f.Add([]byte("<html><body><p>One</p><p>Two<br>three</p><table><tr><td>a</td><td>b</td></tr></table></body></html>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, "fuzz.html", data)
	})
}
