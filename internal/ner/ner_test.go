package ner

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func tinyModel(t testing.TB) *Model {
	t.Helper()
	m, err := Train(context.Background(), TrainConfig{
		TrainFile:     "testdata/tiny.conll",
		DevFile:       "testdata/tiny.conll",
		ClusterFile:   "testdata/tiny_clusters.tsv",
		GazetteerFile: "testdata/tiny_gazetteer.tsv",
		Epochs:        5,
		Folds:         2,
		Seed:          7,
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestTrainTinyDeterministicAndRoundTrip(t *testing.T) {
	m1, m2 := tinyModel(t), tinyModel(t)
	var b1, b2 bytes.Buffer
	if err := m1.Save(&b1); err != nil {
		t.Fatal(err)
	}
	if err := m2.Save(&b2); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
		t.Error("two trainings with the same seed differ")
	}
	loaded, err := Load(bytes.NewReader(b1.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	doc := [][]string{{"Peter", "Blackburn", "visited", "Berlin", "."}}
	if got, want := loaded.TagDocument(doc), m1.TagDocument(doc); !slices.Equal(got[0], want[0]) {
		t.Errorf("loaded model tags %v, trained model %v", got, want)
	}
	if _, err := Load(strings.NewReader("not a model")); err == nil {
		t.Error("Load accepted garbage")
	}
}

func TestTagCoNLLFormat(t *testing.T) {
	m := tinyModel(t)
	in, err := os.ReadFile("testdata/tiny.conll")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := m.TagCoNLL(bytes.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	inLines := strings.Split(strings.TrimSpace(string(in)), "\n")
	outLines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(inLines) != len(outLines) {
		t.Fatalf("%d input lines, %d output lines:\n%s", len(inLines), len(outLines), out.String())
	}
	for i := range inLines {
		switch {
		case inLines[i] == "" || strings.HasPrefix(inLines[i], "-DOCSTART-"):
			if outLines[i] != inLines[i] {
				t.Errorf("line %d: %q, want %q", i+1, outLines[i], inLines[i])
			}
		case !strings.HasPrefix(outLines[i], inLines[i]+" "):
			t.Errorf("line %d: %q does not extend %q", i+1, outLines[i], inLines[i])
		}
	}
}

func TestToBIO(t *testing.T) {
	got := toBIO(strings.Fields("I-PER I-PER O I-LOC B-LOC I-LOC I-ORG"))
	want := strings.Fields("B-PER I-PER O B-LOC B-LOC I-LOC B-ORG")
	if !slices.Equal(got, want) {
		t.Errorf("toBIO = %v, want %v", got, want)
	}
}

func defaultModel(t testing.TB) *Model {
	t.Helper()
	m, err := Default()
	if err != nil {
		t.Fatalf("load embedded model: %v", err)
	}
	return m
}

func TestDefaultOnDev(t *testing.T) {
	needData(t)
	m := defaultModel(t)
	f, err := os.Open(dataDir + "/conll2003/eng.testa")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	docs, err := ReadCoNLL(f, true)
	if err != nil {
		t.Fatal(err)
	}
	res, err := m.Evaluate(docs)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("eng.testa:\n%s", res)
	if res.Overall.F1 < 0.93 {
		t.Errorf("dev F1 %.4f below 0.93", res.Overall.F1)
	}
}

// TestSeeds checks names in the sample articles (testdata/seeds.txt holds
// realistic sentences from them, with glued words split).
func TestSeeds(t *testing.T) {
	m := defaultModel(t)
	b, err := os.ReadFile("testdata/seeds.txt")
	if err != nil {
		t.Fatal(err)
	}
	ents := m.TagText(string(b))
	types := map[string]map[string]bool{}
	for _, e := range ents {
		if types[e.Text] == nil {
			types[e.Text] = map[string]bool{}
		}
		types[e.Text][e.Type] = true
	}
	for _, name := range []string{"Antony Blinken", "Anthony Blinken", "Wang Yi", "Xi Jinping", "Joe Biden",
		"Qin Gang", "Jake Sullivan", "Subrahmanyam Jaishankar", "Bill Gates", "Kurt Campbell", "Lin Jian",
		"Wang Wenbin", "Matthew Miller", "Donald Trump", "Blinken"} {
		if !types[name]["PER"] {
			t.Errorf("%q not tagged PER (got %v)", name, types[name])
		}
	}
	for _, name := range []string{"Bloomberg", "AFP", "CCTV"} {
		if types[name]["PER"] {
			t.Errorf("%q tagged PER", name)
		}
	}
	for _, e := range ents {
		if string(b)[e.Start:e.End] != e.Text {
			t.Errorf("entity %+v: offsets do not match text", e)
		}
	}
}

func TestDefaultLoadTime(t *testing.T) {
	start := time.Now()
	m, err := Load(bytes.NewReader(embeddedModel))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("embedded model: %d bytes gzip'd, %d features, loaded in %v; %+v",
		len(embeddedModel), len(m.hashes), time.Since(start), m.Info())
}

func readDevDocs(b *testing.B) [][][]string {
	f, err := os.Open(filepath.Join(dataDir, "conll2003", "eng.testa"))
	if err != nil {
		b.Skipf("CoNLL data absent: %v", err)
	}
	defer f.Close()
	docs, err := ReadCoNLL(bufio.NewReader(f), true)
	if err != nil {
		b.Fatal(err)
	}
	var out [][][]string
	for _, d := range docs {
		var doc [][]string
		for _, s := range d.Sentences {
			doc = append(doc, s.Tokens)
		}
		out = append(out, doc)
	}
	return out
}

// BenchmarkTag tags the CoNLL development set, one document at a time, on
// one goroutine and reports tokens per wall-clock second and, where the
// platform measures it, tokens per CPU second of the process (the per-core
// rate, robust to other load on the machine).
func BenchmarkTag(b *testing.B) {
	m := defaultModel(b)
	docs := readDevDocs(b)
	tokens := 0
	for _, d := range docs {
		for _, s := range d {
			tokens += len(s)
		}
	}
	cpu0 := cpuTime()
	for b.Loop() {
		for _, d := range docs {
			m.TagDocument(d)
		}
	}
	cpu := cpuTime() - cpu0
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
	if cpu > 0 {
		b.ReportMetric(float64(tokens)*float64(b.N)/cpu.Seconds(), "tokens/cpu-s")
	}
}

func TestTagTextOffsetsAndConcurrency(t *testing.T) {
	m := defaultModel(t)
	txt := "“We agree,” said Mr. Peter Blackburn of Reuters in Brussels.\n\nGerman officials in Berlin disagreed."
	want := []Entity{
		{Text: "Peter Blackburn", Type: "PER"}, {Text: "Reuters", Type: "ORG"}, {Text: "Brussels", Type: "LOC"},
		{Text: "German", Type: "MISC"}, {Text: "Berlin", Type: "LOC"},
	}
	done := make(chan []Entity)
	for range 4 {
		go func() { done <- m.TagText(txt) }()
	}
	for range 4 {
		got := <-done
		if len(got) != len(want) {
			t.Fatalf("TagText = %+v, want %d entities", got, len(want))
		}
		for i, e := range got {
			if e.Text != want[i].Text || e.Type != want[i].Type || txt[e.Start:e.End] != e.Text {
				t.Errorf("entity %d = %+v, want %+v", i, e, want[i])
			}
		}
	}
}

func TestIDTable(t *testing.T) {
	hashes := []uint64{1, 42, 1 << 63, 12345678901234567}
	tab := newIDTable(hashes)
	for i, h := range hashes {
		if got := tab.get(h); got != int32(i) {
			t.Errorf("get(%d) = %d, want %d", h, got, i)
		}
	}
	if got := tab.get(7); got != -1 {
		t.Errorf("get(absent) = %d, want -1", got)
	}
}

func FuzzTagText(f *testing.F) {
	m := defaultModel(f)
	for _, s := range []string{"", "Mr. Smith went to Washington.", "BEIJING-\n\nUSAWashington and Beijing’s “talks”", "a\xffb U.S.", "\n\n\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prev := 0
		for _, e := range m.TagText(s) {
			if e.Start < prev || e.End <= e.Start || e.End > len(s) || s[e.Start:e.End] != e.Text {
				t.Fatalf("bad entity %+v in %q", e, s)
			}
			switch e.Type {
			case "PER", "ORG", "LOC", "MISC":
			default:
				t.Fatalf("bad type %q", e.Type)
			}
			prev = e.End
		}
	})
}
