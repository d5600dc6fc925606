package entity

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// findEntity returns the entity named name (by normalised name), or nil.
func findEntity(ents []Entity, name string) *Entity {
	for i := range ents {
		if normName(ents[i].Name) == normName(name) {
			return &ents[i]
		}
	}
	return nil
}

func describe(ents []Entity) string {
	var b strings.Builder
	for _, e := range ents {
		fmt.Fprintf(&b, "%s %s %q src=%v aliases=%q roles=%q country=%q admin=%q geo=%d n=%d\n", e.Key, e.Type, e.Name, e.Source, e.Aliases, e.Roles, e.Country, e.Admin, e.GeoID, len(e.Mentions))
	}
	return b.String()
}

func TestFixtures(t *testing.T) {
	r := testResolver(t)
	type want struct {
		name     string
		typ      string
		mentions int // 0: do not check
		source   bool
		country  string
		admin    string
		role     string // one of the roles, "" for none checked
		roleOnly string // text of a role-only mention, "" for none checked
	}
	tests := []struct {
		file   string
		want   []want
		absent []string // names that must not be entities of type PER
	}{
		{"chancellor.txt", []want{
			{name: "Olaf Scholz", typ: "PER", mentions: 3, role: "German Chancellor", roleOnly: "The German leader"},
			{name: "Emmanuel Macron", typ: "PER", mentions: 2, role: "French President"},
			{name: "Paris", typ: "LOC", country: "France"},
			{name: "Brussels", typ: "LOC", country: "Belgium"},
			{name: "Reuters", typ: "ORG", source: true},
			{name: "German", typ: "MISC", country: "Germany"},
		}, []string{"Reuters"}},
		{"biden_family.txt", []want{
			{name: "Hunter Biden", typ: "PER", mentions: 2},
			{name: "Joe Biden", typ: "PER", mentions: 2, role: "President"},
			{name: "Wilmington", typ: "LOC", country: "United States", admin: "Delaware"},
		}, nil},
		{"spokesperson.txt", []want{
			{name: "Mao Ning", typ: "PER", mentions: 2, role: "Chinese Foreign Ministry spokesperson"},
			{name: "Fumio Kishida", typ: "PER", role: "Japanese Prime Minister"},
			{name: "Kyodo", typ: "ORG", source: true}, // "Kyodo News", under its usual name
			{name: "Tokyo", typ: "LOC", country: "Japan"},
		}, []string{"Kyodo"}},
		{"outlets.txt", []want{
			{name: "Bloomberg", typ: "ORG", source: true},
			{name: "Wall Street Journal", typ: "ORG", source: true},
			{name: "Xinhua", typ: "ORG", source: true},
			{name: "AFP", typ: "ORG", source: true},
			{name: "Shanghai", typ: "LOC", country: "China"},
		}, []string{"Bloomberg", "Xinhua", "AFP"}},
		{"first_family.txt", []want{
			{name: "Donald Trump", typ: "PER", mentions: 2},
			{name: "Melania Trump", typ: "PER", mentions: 2},
			{name: "Palm Beach", typ: "LOC", country: "United States", admin: "Florida"},
		}, nil},
		{"counterpart.txt", []want{
			{name: "Vladimir Putin", typ: "PER", mentions: 2, role: "Russian President"},
			{name: "Recep Tayyip Erdogan", typ: "PER", mentions: 3, role: "Turkish counterpart", roleOnly: "The Turkish president"},
			{name: "Anadolu", typ: "ORG", source: true},
			{name: "Ankara", typ: "LOC", country: "Turkey"},
			{name: "London", typ: "LOC", country: "United Kingdom"},
		}, []string{"Anadolu"}},
		{"two_wangs.txt", []want{
			{name: "Wang Yi", typ: "PER", mentions: 2, role: "Foreign Minister"},
			{name: "Wang Wenbin", typ: "PER", mentions: 3, role: "ministry spokesman"},
			{name: "Sergei Lavrov", typ: "PER", role: "Russian counterpart"},
			{name: "Moscow", typ: "LOC", country: "Russia"},
		}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			txt := readFixture(t, tc.file)
			ents := r.Article(txt)
			t.Cleanup(func() {
				if t.Failed() {
					t.Logf("entities:\n%s", describe(ents))
				}
			})
			for _, w := range tc.want {
				e := findEntity(ents, w.name)
				if e == nil {
					t.Errorf("%s: no entity", w.name)
					continue
				}
				if e.Type != w.typ || e.Source != w.source {
					t.Errorf("%s: type %s source %v, want %s %v", w.name, e.Type, e.Source, w.typ, w.source)
				}
				if w.mentions > 0 && len(e.Mentions) != w.mentions {
					t.Errorf("%s: %d mentions, want %d", w.name, len(e.Mentions), w.mentions)
				}
				if e.Country != w.country || w.admin != "" && e.Admin != w.admin {
					t.Errorf("%s: country %q admin %q, want %q %q", w.name, e.Country, e.Admin, w.country, w.admin)
				}
				if w.role != "" && !containsString(e.Roles, w.role) {
					t.Errorf("%s: roles %q, want %q among them", w.name, e.Roles, w.role)
				}
				if w.roleOnly != "" {
					found := false
					for _, m := range e.Mentions {
						found = found || m.RoleOnly && m.Text == w.roleOnly
					}
					if !found {
						t.Errorf("%s: no role-only mention %q", w.name, w.roleOnly)
					}
				}
			}
			for _, n := range tc.absent {
				if e := findEntity(ents, n); e != nil && e.Type == "PER" {
					t.Errorf("%s: is a person", n)
				}
			}
		})
	}
}
