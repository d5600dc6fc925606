package entity

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestBuildPlaces rebuilds data/places.tsv.gz from ../shared/data when
// ENTITY_BUILD is set.
func TestBuildPlaces(t *testing.T) {
	if os.Getenv("ENTITY_BUILD") == "" {
		t.Skip("set ENTITY_BUILD=1 to rebuild data/places.tsv.gz")
	}
	dataDir := filepath.Join("..", "..", "..", "shared", "data")
	if _, err := os.Stat(filepath.Join(dataDir, "geonames")); err != nil {
		t.Skip("GeoNames data absent")
	}
	var b bytes.Buffer
	if err := BuildPlaces(context.Background(), dataDir, &b); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("data", "places.tsv.gz"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %d bytes", b.Len())
}
