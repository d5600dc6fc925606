package entity

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDumpT17 logs the persons and sources found in one Timeline17 topic
// (ENTITY_T17, e.g. "bpoil_reuters") of ../shared/data, to inspect the
// rules on news they were not written on.
func TestDumpT17(t *testing.T) {
	topic := os.Getenv("ENTITY_T17")
	if topic == "" {
		t.Skip("set ENTITY_T17=<topic>")
	}
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "data", "t17", topic, "articles.json"))
	if err != nil {
		t.Skip(err)
	}
	var arts []struct{ UID, Text string }
	if err := json.Unmarshal(b, &arts); err != nil {
		t.Fatal(err)
	}
	detok := strings.NewReplacer(" .", ".", " ,", ",", " 's", "'s", " n't", "n't", "-LRB- ", "(", " -RRB-", ")", "`` ", "\"", " ''", "\"", " :", ":", " ;", ";")
	r := testResolver(t)
	x := NewIndex()
	for _, a := range arts[:min(len(arts), 150)] {
		x.Add(a.UID, r.Article(detok.Replace(a.Text)))
	}
	var out strings.Builder
	for _, c := range x.Canonical() {
		if c.Type == "PER" || c.Source {
			fmt.Fprintf(&out, "%s %q src=%v aliases=%q roles=%q m=%d a=%d\n", c.Type, c.Name, c.Source, c.Aliases, c.Roles, c.Mentions, c.Articles)
		}
	}
	t.Log(out.String())
}
