package linkstage

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/link"
	"github.com/storyline-news/storyline/internal/store"
)

// ScalePoint is the state of a scale run after some articles.
type ScalePoint struct {
	Articles int `json:"articles"`
	// LinkRate is articles per second of linking CPU time (the linking
	// goroutine's thread: Add, Flush, snapshots; one core).
	LinkRate float64 `json:"link_articles_per_cpu_s"`
	// StoreRate is articles per second of wall time spent writing the
	// articles (Put) and their links (PutLinks).
	StoreRate float64 `json:"store_articles_per_s"`
	// WallRate is articles per second of the whole run's wall time.
	WallRate float64 `json:"wall_articles_per_s"`
	// VmRSS and VmHWM are the process's resident and peak resident memory
	// (/proc/self/status), HeapLive the live Go heap after a collection,
	// in bytes (0 where unknown).
	VmRSS    int64 `json:"vm_rss"`
	VmHWM    int64 `json:"vm_hwm"`
	HeapLive int64 `json:"heap_live"`
	// Snapshot is the size in bytes of the latest linker snapshot (taken
	// every Options.SnapshotEvery articles; 0 before the first).
	Snapshot int `json:"snapshot_bytes"`
	// Working is the linker's working set.
	Working link.Stats `json:"working_set"`
}

// ScaleLoad is the load of a scale run: analysed articles replayed round
// after round with new ids and dates shifted past every window.
type ScaleLoad struct {
	docs  []*store.Doc
	shift time.Duration
}

// NewScaleLoad prepares a load from analysed documents: the dated ones, in
// publication order; each round shifts their dates by their span plus 500
// days, so that no cluster, story or event of a round is still in the
// working set when the next begins and the archive grows while the working
// set must not.
func NewScaleLoad(docs []*store.Doc) (*ScaleLoad, error) {
	var dated []*store.Doc
	for _, d := range docs {
		if !d.Article.Date.IsZero() {
			dated = append(dated, d)
		}
	}
	if len(dated) == 0 {
		return nil, fmt.Errorf("scale load: no dated articles")
	}
	link.SortDocs(dated)
	span := dated[len(dated)-1].Article.Date.Sub(dated[0].Article.Date)
	return &ScaleLoad{docs: dated, shift: span + 500*24*time.Hour}, nil
}

// Doc returns the i-th article of the load: a copy of a base article with
// id "r<round>-<id>" and its date shifted by round × the shift.
func (l *ScaleLoad) Doc(i int) *store.Doc {
	round, k := i/len(l.docs), i%len(l.docs)
	d := l.docs[k]
	a := *d.Article
	a.ID = "r" + strconv.Itoa(round) + "-" + a.ID
	a.Date = a.Date.Add(time.Duration(round) * l.shift)
	return &store.Doc{Article: &a, Timexes: d.Timexes, Entities: d.Entities, Events: d.Events}
}

// Scale stores and links n articles of load into st, batch articles per
// transaction, as the ingest pipeline does (Put, then Link), and calls
// report at each checkpoint (an article count in at) and at the end.
func Scale(ctx context.Context, st store.Store, load *ScaleLoad, n, batch int, at []int, report func(ScalePoint)) error {
	if batch <= 0 {
		batch = 256
	}
	x, err := Open(ctx, st, Options{})
	if err != nil {
		return err
	}
	defer x.Close()
	check := map[int]bool{n: true}
	for _, a := range at {
		check[a] = true
	}
	start := time.Now()
	var storeWall time.Duration
	for lo := 0; lo < n; lo += batch {
		if err := ctx.Err(); err != nil {
			return err
		}
		docs := make([]*store.Doc, 0, batch)
		for i := lo; i < min(lo+batch, n); i++ {
			docs = append(docs, load.Doc(i))
		}
		t0 := time.Now()
		if _, err := st.Put(ctx, docs); err != nil {
			return fmt.Errorf("store batch: %w", err)
		}
		storeWall += time.Since(t0)
		if err := x.Link(ctx, docs); err != nil {
			return err
		}
		done := lo + len(docs)
		for c := range check {
			if c > lo && c <= done && report != nil {
				report(x.point(done, start, storeWall))
			}
		}
	}
	return nil
}

func (x *Stage) point(n int, start time.Time, putWall time.Duration) ScalePoint {
	x.mu.Lock()
	cpu, stWall, stats, snap := x.cpu, x.storeWall, x.l.Stats(), x.snapBytes
	x.mu.Unlock()
	p := ScalePoint{Articles: n, Working: stats, Snapshot: snap}
	if cpu > 0 {
		p.LinkRate = float64(n) / cpu.Seconds()
	}
	if w := putWall + stWall; w > 0 {
		p.StoreRate = float64(n) / w.Seconds()
	}
	p.WallRate = float64(n) / time.Since(start).Seconds()
	p.VmRSS, p.VmHWM = procMemory()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	p.HeapLive = int64(ms.HeapAlloc)
	return p
}

// procMemory reads VmRSS and VmHWM from /proc/self/status, in bytes (0
// where the file is absent).
func procMemory() (rss, hwm int64) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok || k != "VmRSS" && k != "VmHWM" {
			continue
		}
		f := strings.Fields(v)
		if len(f) < 1 {
			continue
		}
		kb, _ := strconv.ParseInt(f[0], 10, 64)
		if k == "VmRSS" {
			rss = kb << 10
		} else {
			hwm = kb << 10
		}
	}
	return rss, hwm
}
