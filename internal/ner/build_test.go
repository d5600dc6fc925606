package ner

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"testing"
	"time"
)

const dataDir = "../../../shared/data"

func needData(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(dataDir + "/conll2003/eng.train"); err != nil {
		t.Skipf("shared data absent: %v", err)
	}
}

func writeGzip(t *testing.T, path string, b []byte) {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBuildArtefacts rebuilds data/clusters.tsv.gz and data/gazetteers.tsv.gz
// from the shared data. It runs only with NER_BUILD=1 (see DATA.md).
func TestBuildArtefacts(t *testing.T) {
	if os.Getenv("NER_BUILD") == "" {
		t.Skip("set NER_BUILD=1 to rebuild the cluster and gazetteer files")
	}
	needData(t)
	ctx := context.Background()
	start := time.Now()
	var g bytes.Buffer
	if err := BuildGazetteers(ctx, dataDir, &g); err != nil {
		t.Fatal(err)
	}
	writeGzip(t, "data/gazetteers.tsv.gz", g.Bytes())
	t.Logf("gazetteers: %d bytes in %v", g.Len(), time.Since(start))
	start = time.Now()
	var c bytes.Buffer
	if err := BuildClusters(ctx, dataDir, &c); err != nil {
		t.Fatal(err)
	}
	writeGzip(t, "data/clusters.tsv.gz", c.Bytes())
	t.Logf("clusters: %d bytes in %v", c.Len(), time.Since(start))
}
