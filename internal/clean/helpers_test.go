package clean

import (
	"os"
	"path/filepath"
	"testing"
)

// dataDir returns the shared development data folder, skipping the test when
// it is absent (a fresh clone has no ../shared).
func dataDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "data")
	if _, err := os.Stat(filepath.Join(dir, "tempeval3")); err != nil {
		t.Skipf("development data absent: %v", err)
	}
	return dir
}
