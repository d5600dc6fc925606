package article

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// sharedData is the development data directory, relative to this package.
const sharedData = "../../../shared/data"

// needData skips the test when the shared development data is absent.
func needData(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(sharedData, rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("development data %s not available", p)
	}
	return p
}

// readAll reads every source under paths and returns the items.
func readAll(t testing.TB, r *Reader, paths ...string) []Item {
	t.Helper()
	var items []Item
	ctx := context.Background()
	err := r.Sources(ctx, paths, func(s Source) error {
		return r.Read(ctx, s, nil, func(it Item) error {
			items = append(items, it)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return items
}
