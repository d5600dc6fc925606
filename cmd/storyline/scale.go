package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"

	"github.com/storyline-news/storyline/internal/link"
	"github.com/storyline-news/storyline/internal/linkstage"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
)

// evalScaleCmd measures incremental linking at scale.
type evalScaleCmd struct {
	Data   string `help:"Timeline17 directory (topic folders with articles.json)." default:"../shared/data/t17" type:"existingdir"`
	N      int    `help:"Articles to store and link." default:"100000"`
	Batch  int    `help:"Articles per stored batch." default:"256"`
	At     []int  `help:"Article counts at which to report." default:"10000,50000,100000"`
	Out    string `help:"Archive file to fill (default: a temporary file, removed after)." type:"path"`
	Format string `help:"Output format: table or jsonl." enum:"table,jsonl" default:"table"`
	// CPUProfile writes a pprof CPU profile of the storing and linking.
	CPUProfile string `name:"cpuprofile" help:"Write a CPU profile (pprof) of the store-and-link phase to this file." type:"path"`
}

// Run analyses the Timeline17 articles once, then stores and links N
// copies of them (new ids, dates shifted past every window) batch by
// batch, as ingest does, and reports linking rate (CPU time of the
// linking goroutine: one core), store write rate, resident memory and the
// working set at each checkpoint.
func (c *evalScaleCmd) Run(e *env) error {
	paths, _ := filepath.Glob(filepath.Join(c.Data, "*", "articles.json"))
	if len(paths) == 0 {
		return fmt.Errorf("no */articles.json under %s", c.Data)
	}
	mem, sum, err := pipeline.IngestInMemory(e.ctx, paths, e.log)
	if err != nil {
		return err
	}
	docs, err := link.LoadDocs(e.ctx, mem)
	mem.Close()
	if err != nil {
		return err
	}
	load, err := linkstage.NewScaleLoad(docs)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "analysed %d articles of %d topics (%.1fs); storing and linking %d copies\n",
		len(docs), len(paths), sum.Elapsed.Seconds(), c.N)
	path := c.Out
	if path == "" {
		dir, err := os.MkdirTemp("", "storyline-scale-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "scale.db")
	}
	st, err := store.OpenSQLite(e.ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	enc := json.NewEncoder(e.stdout)
	const row = "%9v %11v %8v %7v %9v %9v %8v %8v %9v %8v %7v %7v\n"
	if c.Format == "table" {
		fmt.Fprintf(e.stdout, row, "articles", "link/cpu-s", "store/s", "wall/s", "VmRSS MB", "VmHWM MB", "heap MB",
			"snap KB", "clusters", "stories", "events", "terms")
	}
	mb := func(b int64) float64 { return float64(b) / (1 << 20) }
	if c.CPUProfile != "" {
		f, err := os.Create(c.CPUProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	err = linkstage.Scale(e.ctx, st, load, c.N, c.Batch, c.At, func(p linkstage.ScalePoint) {
		if c.Format == "jsonl" {
			enc.Encode(p)
			return
		}
		r := func(f float64) string { return fmt.Sprintf("%.0f", f) }
		fmt.Fprintf(e.stdout, row, p.Articles, r(p.LinkRate), r(p.StoreRate), r(p.WallRate), r(mb(p.VmRSS)), r(mb(p.VmHWM)),
			r(mb(p.HeapLive)), p.Snapshot>>10, p.Working.Clusters, p.Working.Stories, p.Working.Events, p.Working.Terms)
	})
	return err
}
