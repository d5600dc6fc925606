package link

import (
	"fmt"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/store"
)

// BenchmarkLink measures linking alone (analysis done beforehand) on one
// goroutine: Timeline17 articles replayed round after round with new ids
// and dates shifted past every window, so the archive grows with b.N while
// the working set must not. It reports articles/s, the working set and the
// live heap after the run.
func BenchmarkLink(b *testing.B) {
	r := newReplay(b, "*_reuters")
	ix := entity.NewIndex()
	canon := make([][]string, len(r.dated))
	for i, d := range r.dated {
		canon[i] = ix.Add(d.Article.ID, d.Entities)
	}
	l := New(Options{})
	b.ReportAllocs()
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	for i := 0; i < b.N; i++ {
		d, k := r.doc(i)
		l.Add(d, canon[k])
		if i%256 == 255 {
			l.Flush() // as the link stage does after each batch
		}
	}
	el, cpu := time.Since(start), cpuTime()-cpu0
	b.StopTimer()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	st := l.Stats()
	b.ReportMetric(float64(b.N)/el.Seconds(), "articles/s")
	if cpu > 0 {
		// the process's CPU time: the rate on one core even when the
		// machine is shared (GC work on other threads included)
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "articles/cpu-s")
	}
	b.ReportMetric(float64(st.Clusters), "clusters")
	b.ReportMetric(float64(st.Events), "events")
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heapMB")
	_ = article.Article{}
}

// BenchmarkLinkStage measures what the link stage does per article,
// without the store: every Timeline17 article (analysed beforehand)
// replayed round after round with new ids and shifted dates, linked with
// the Linker's own entity index (as linkstage links), its changes flushed
// every 256 articles and its state snapshotted every 4,096
// (linkstage.DefaultSnapshotEvery). It reports articles per CPU-second of
// the process and the share of that CPU spent on snapshots.
func BenchmarkLinkStage(b *testing.B) {
	r := newReplay(b, "*")
	l := New(Options{})
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	var snap time.Duration
	for i := 0; i < b.N; i++ {
		d, _ := r.doc(i)
		l.Add(d, nil)
		if i%256 == 255 {
			l.Flush()
		}
		if i%4096 == 4095 {
			s0 := cpuTime()
			if _, err := l.MarshalBinary(); err != nil {
				b.Fatal(err)
			}
			snap += cpuTime() - s0
		}
	}
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "articles/cpu-s")
		b.ReportMetric(100*snap.Seconds()/cpu.Seconds(), "snapshot-%")
	}
}

// replay is a base of analysed, dated Timeline17 articles in publication
// order, replayed round after round as new articles: new ids, dates
// shifted past the whole base and every window.
type replay struct {
	dated []*store.Doc
	shift time.Duration
}

// newReplay analyses the dated articles of the Timeline17 topics that
// match glob (a topic folder pattern); b skips without the data.
func newReplay(b *testing.B, glob string) replay {
	paths, _ := filepath.Glob(filepath.Join(dataDir, "t17", glob, "articles.json"))
	if len(paths) == 0 {
		b.Skip("T17 data absent")
	}
	var r replay
	for _, d := range ingestDocs(b, paths...) {
		if !d.Article.Date.IsZero() {
			r.dated = append(r.dated, d)
		}
	}
	if len(r.dated) == 0 {
		b.Skip("no dated T17 articles")
	}
	SortDocs(r.dated)
	r.shift = r.dated[len(r.dated)-1].Article.Date.Sub(r.dated[0].Article.Date) + 500*24*time.Hour
	return r
}

// doc returns the i-th article of the replay and its index in the base.
func (r replay) doc(i int) (*store.Doc, int) {
	round, k := i/len(r.dated), i%len(r.dated)
	d := r.dated[k]
	a := *d.Article
	a.ID = fmt.Sprintf("r%d-%s", round, a.ID)
	a.Date = a.Date.Add(time.Duration(round) * r.shift)
	return &store.Doc{Article: &a, Timexes: d.Timexes, Entities: d.Entities, Events: d.Events}, k
}
