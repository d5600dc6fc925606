package ner

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"testing"
	"time"
)

// TestTrainModel trains on CoNLL-2003 eng.train with eng.testa for model
// selection and writes model/ner.model.gz. It runs only with NER_TRAIN=1:
//
//	NER_TRAIN=1 go test -run TestTrainModel -timeout 2h -v ./internal/ner/
func TestTrainModel(t *testing.T) {
	if os.Getenv("NER_TRAIN") == "" {
		t.Skip("set NER_TRAIN=1 to train the embedded model")
	}
	needData(t)
	start := time.Now()
	seed := uint64(1)
	if s := os.Getenv("NER_SEED"); s != "" { // optional, for variance checks
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("NER_SEED: %v", err)
		}
		seed = n
	}
	clusters := os.Getenv("NER_CLUSTERS") // optional override, for experiments; "" = data/clusters.tsv.gz
	m, err := Train(context.Background(), TrainConfig{
		TrainFile:   dataDir + "/conll2003/eng.train",
		DevFile:     dataDir + "/conll2003/eng.testa",
		ClusterFile: clusters,
		Seed:        seed,
		Logf:        t.Logf,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("trained in %v: %+v", time.Since(start), m.Info())
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	out := os.Getenv("NER_MODEL_OUT")
	if out == "" {
		out = "model/ner.model.gz"
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s: %d bytes", out, buf.Len())
}
