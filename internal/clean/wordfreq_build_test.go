package clean

import (
	"bytes"
	"context"
	"os"
	"testing"
)

// TestBuildWordFreq rebuilds the table when STORYLINE_BUILD_WORDFREQ names
// an output file:
//
//	STORYLINE_BUILD_WORDFREQ=$PWD/internal/clean/wordfreq.bin.gz go test -run TestBuildWordFreq ./internal/clean/
//
// Without it, it checks that the embedded table loads and is non-trivial.
func TestBuildWordFreq(t *testing.T) {
	out := os.Getenv("STORYLINE_BUILD_WORDFREQ")
	if out == "" {
		tab := defaultTable()
		if len(tab.words) < 10000 {
			t.Fatalf("embedded table has only %d words", len(tab.words))
		}
		return
	}
	dir := dataDir(t)
	var buf bytes.Buffer
	if err := BuildWordFreq(context.Background(), dir, &buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d bytes)", out, buf.Len())
}
