package ner

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/storyline-news/storyline/internal/text"
)

// examplesDir holds the sample articles of the repository.
const examplesDir = "../../examples"

// goldenFile holds the entities the embedded model finds in the sample
// articles; regenerate it with NER_GOLDEN_UPDATE=1 only when a change of
// output is intended.
const goldenFile = "testdata/examples_golden.json"

type goldenArticle struct {
	File     string   `json:"file"`
	Entities []Entity `json:"entities"`
}

func TestTagTextGolden(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(examplesDir, "*.txt"))
	if err != nil || len(paths) == 0 {
		t.Skipf("sample articles absent: %v", err)
	}
	m := defaultModel(t)
	var got []goldenArticle
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, goldenArticle{File: filepath.Base(p), Entities: m.TagText(string(b))})
	}
	gotJSON, err := json.MarshalIndent(got, "", "\t")
	if err != nil {
		t.Fatal(err)
	}
	gotJSON = append(gotJSON, '\n')
	if os.Getenv("NER_GOLDEN_UPDATE") != "" {
		if err := os.WriteFile(goldenFile, gotJSON, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gotJSON, want) {
		var w []goldenArticle
		if err := json.Unmarshal(want, &w); err != nil {
			t.Fatal(err)
		}
		for i := range max(len(w), len(got)) {
			if i >= len(w) || i >= len(got) {
				t.Errorf("%d articles, golden has %d", len(got), len(w))
				break
			}
			a, b := got[i].Entities, w[i].Entities
			for k := range max(len(a), len(b)) {
				switch {
				case k >= len(a):
					t.Errorf("%s: missing %+v", w[i].File, b[k])
				case k >= len(b):
					t.Errorf("%s: extra %+v", got[i].File, a[k])
				case a[k] != b[k]:
					t.Errorf("%s: entity %d = %+v, golden %+v", got[i].File, k, a[k], b[k])
				}
			}
		}
		t.Error("TagText output differs from " + goldenFile)
	}
}

// readT17Texts returns the texts of the Timeline17 articles, skipping the
// benchmark when the shared data are absent.
func readT17Texts(b *testing.B) []string {
	paths, err := filepath.Glob(filepath.Join(dataDir, "t17", "*", "articles.json"))
	if err != nil || len(paths) == 0 {
		b.Skipf("Timeline17 data absent: %v", err)
	}
	var texts []string
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		var arts []struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(raw, &arts); err != nil {
			b.Fatalf("%s: %v", p, err)
		}
		for _, a := range arts {
			texts = append(texts, a.Text)
		}
	}
	return texts
}

// BenchmarkTagTextT17 tags the Timeline17 articles with TagText, on one
// goroutine; one operation is one article (the articles are tagged in
// turn, so -benchtime 2286x covers each once and ns/op, B/op and
// allocs/op are per average article). Like BenchmarkTag it reports
// process CPU time per article and tokens per CPU second where the
// platform measures them.
func BenchmarkTagTextT17(b *testing.B) {
	m := defaultModel(b)
	texts := readT17Texts(b)
	size := 0
	ntok := make([]int, len(texts))
	for i, t := range texts {
		size += len(t)
		ntok[i] = len(text.Tokens(t))
	}
	b.SetBytes(int64(size / len(texts)))
	cpu0 := cpuTime()
	i, tokens := 0, 0
	for b.Loop() {
		m.TagText(texts[i%len(texts)])
		tokens += ntok[i%len(texts)]
		i++
	}
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
		b.ReportMetric(float64(tokens)/cpu.Seconds(), "tokens/cpu-s")
	}
}

// TestTagConcurrent tags texts of different sizes from several goroutines,
// so that pooled workspaces pass between documents and goroutines, and
// checks every result against sequential tagging.
func TestTagConcurrent(t *testing.T) {
	m := defaultModel(t)
	texts := []string{
		"“We agree,” said Mr. Peter Blackburn of Reuters in Brussels.\n\nGerman officials in Berlin disagreed.",
		"",
		"BEIJING (Reuters) - Chinese President Xi Jinping met U.S. Secretary of State Antony Blinken on Monday.",
	}
	if paths, _ := filepath.Glob(filepath.Join(examplesDir, "*.txt")); len(paths) > 0 {
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			texts = append(texts, string(b))
		}
	}
	want := make([][]Entity, len(texts))
	for i, s := range texts {
		want[i] = m.TagText(s)
	}
	const workers = 4
	errs := make(chan string, workers)
	for w := range workers {
		go func() {
			var msg string
			for r := range 3 * len(texts) {
				i := (r + w) % len(texts)
				got := m.TagText(texts[i])
				if len(got) != len(want[i]) {
					msg = "entity count differs"
					break
				}
				for k := range got {
					if got[k] != want[i][k] {
						msg = "entity differs"
					}
				}
			}
			errs <- msg
		}()
	}
	for range workers {
		if msg := <-errs; msg != "" {
			t.Error("concurrent TagText: " + msg)
		}
	}
}
