package entity

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDumpHeldOut logs the persons, sources and places found in the
// giveme5w1h articles of ../shared/data when ENTITY_DUMP is set, to
// inspect the rules on news they were not written on.
func TestDumpHeldOut(t *testing.T) {
	if os.Getenv("ENTITY_DUMP") == "" {
		t.Skip("set ENTITY_DUMP=1")
	}
	paths, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "data", "giveme5w1h-gold", "*.json"))
	if len(paths) == 0 {
		t.Skip("data absent")
	}
	r := testResolver(t)
	x := NewIndex()
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var d struct{ DID, Title, Text string }
		if err := json.Unmarshal(b, &d); err != nil {
			t.Fatal(err)
		}
		ents := r.Article(d.Text)
		x.Add(filepath.Base(p), ents)
	}
	var b strings.Builder
	for _, c := range x.Canonical() {
		if want := os.Getenv("ENTITY_TYPE"); want == "" && (c.Type == "PER" || c.Source || c.Type == "LOC") || want == c.Type {
			fmt.Fprintf(&b, "%s %q src=%v aliases=%q roles=%q %s/%s/%d m=%d a=%d\n", c.Type, c.Name, c.Source, c.Aliases, c.Roles, c.Country, c.Admin, c.GeoID, c.Mentions, c.Articles)
		}
	}
	t.Log(b.String())
}
