package entity

import (
	"strconv"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/ner"
)

// BenchmarkArticle measures Article (tagging included) over the five
// cleaned sample articles; one op is one article.
func BenchmarkArticle(b *testing.B) {
	r := testResolver(b)
	arts := loadSamples(b)
	var n int64
	for _, a := range arts {
		n += int64(len(a.Text))
	}
	b.SetBytes(n / int64(len(arts)))
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		r.Article(arts[i%len(arts)].Text)
	}
	reportCPU(b, cpuTime()-cpu0)
}

// reportCPU reports CPU time per article and articles per CPU second,
// steadier than wall time on a shared machine.
func reportCPU(b *testing.B, cpu time.Duration) {
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "articles/cpu-s")
	}
}

// BenchmarkResolve measures this package's own work (Resolve on tags
// computed beforehand) over the five samples; one op is one article.
func BenchmarkResolve(b *testing.B) {
	r := testResolver(b)
	arts := loadSamples(b)
	tags := make([][]ner.Entity, len(arts))
	for i, a := range arts {
		tags[i] = r.tagger.TagText(a.Text)
	}
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		k := i % len(arts)
		r.Resolve(arts[k].Text, tags[k])
	}
	reportCPU(b, cpuTime()-cpu0)
}

// BenchmarkIndexAdd measures adding the samples' entities to an index.
func BenchmarkIndexAdd(b *testing.B) {
	r := testResolver(b)
	arts := loadSamples(b)
	ents := make([][]Entity, len(arts))
	for i, a := range arts {
		ents[i] = r.Article(a.Text)
	}
	b.ResetTimer()
	x := NewIndex()
	for i := 0; i < b.N; i++ {
		x.Add(arts[i%len(arts)].ID, ents[i%len(arts)])
	}
}

// BenchmarkIndexLarge measures Add on an index that already holds 20,000
// persons sharing common given names and surnames; one op is one article
// of six persons.
func BenchmarkIndexLarge(b *testing.B) {
	given := []string{"John", "Michael", "David", "Maria", "Wang", "Li", "James", "Anna", "Ahmed", "Olga"}
	sur := make([]string, 2000)
	for i := range sur { // distinct made-up surnames of seven letters
		w := []byte("Abcdefg")
		h := uint32(i)*2654435761 + 12345
		for j := 1; j < len(w); j++ {
			w[j] = 'a' + byte(h%26)
			h = h/26 + uint32(i*31+j)
		}
		sur[i] = string(w)
	}
	doc := func(k int) []Entity {
		var ents []Entity
		for j := 0; j < 6; j++ {
			n := (k*7 + j*13) % (len(given) * len(sur))
			ents = append(ents, per(given[n%len(given)]+" "+sur[n/len(given)], "official"))
		}
		return ents
	}
	x := NewIndex()
	for k := 0; k < 20000/6; k++ {
		x.Add(strconv.Itoa(k), doc(k))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x.Add("b"+strconv.Itoa(i), doc(i))
	}
}
