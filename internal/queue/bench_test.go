package queue

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// uniqueT17 writes the Timeline17 articles into a temporary directory with
// the topic prefixed to each record's uid (T17 numbers its articles per
// topic), as the pipeline's benchmark does.
func uniqueT17(b *testing.B) []string {
	b.Helper()
	src, _ := filepath.Glob("../../../shared/data/t17/*/articles.json")
	if len(src) == 0 {
		b.Skip("../shared/data/t17 not present")
	}
	dir := b.TempDir()
	var out []string
	for _, f := range src {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		var recs []map[string]any
		if err := json.Unmarshal(data, &recs); err != nil {
			b.Fatal(err)
		}
		topic := filepath.Base(filepath.Dir(f))
		for _, r := range recs {
			r["uid"] = fmt.Sprintf("%s-%v", topic, r["uid"])
		}
		if data, err = json.Marshal(recs); err != nil {
			b.Fatal(err)
		}
		path := filepath.Join(dir, topic+".json")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			b.Fatal(err)
		}
		out = append(out, path)
	}
	return out
}

// BenchmarkQueueT17 measures the 2,304 Timeline17 articles going through
// the queue: published by the reader stage while two workers (each with
// its own connection, store handle and one analysis goroutine, as two
// processes on two cores would be) clean, analyse, store and acknowledge
// them, until nothing is pending. It reports articles/s, to compare with
// the pipeline's BenchmarkIngestT17/analyse (one process).
func BenchmarkQueueT17(b *testing.B) {
	files := uniqueT17(b)
	analyser() // load the models outside the timer
	articles := 0
	for b.Loop() {
		b.StopTimer()
		url := startNATS(b)
		c := connect(b, url)
		path := filepath.Join(b.TempDir(), "b.db")
		var cancels []context.CancelFunc
		var ms []*Metrics
		for range 2 {
			m := NewMetrics("worker")
			ms = append(ms, m)
			w := newWorker(b, connect(b, url), openStore(b, path), nil, WorkerOptions{Concurrency: 1, Metrics: m})
			cancel, _ := runWorker(b, w)
			cancels = append(cancels, cancel)
		}
		b.StartTimer()
		sum := publish(b, c, files...)
		drained(b, c, DefaultWorkersConsumer)
		b.StopTimer()
		if sum.Read != 2286 || ms[0].get(processed)+ms[1].get(processed) != 2286 {
			b.Fatalf("published %+v, processed %d + %d", sum, ms[0].get(processed), ms[1].get(processed))
		}
		st := openStore(b, path)
		if stats, _ := st.Stats(context.Background()); stats.Articles != 2286 {
			b.Fatalf("stored %d of 2,286", stats.Articles)
		}
		articles += sum.Read + sum.Failed
		for _, cancel := range cancels {
			cancel()
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(articles)/b.Elapsed().Seconds(), "articles/s")
}
