package entity

import (
	"fmt"
	"testing"
)

// per builds an article entity of a person.
func per(name string, roles ...string) Entity {
	return Entity{Type: "PER", Name: name, Roles: roles, Mentions: []Mention{{Text: name}}}
}

func TestIndexPersons(t *testing.T) {
	type doc []Entity
	tests := []struct {
		name string
		docs []doc
		same [][2]string // pairs of "doc/entity" (indexes) with one canonical id
		diff [][2]string // pairs with different ids
	}{
		{
			name: "spelling variant with shared context",
			docs: []doc{
				{per("Anthony Blinken", "US Secretary of State"), per("Wang Yi")},
				{per("Antony Blinken", "Secretary of State"), per("Wang Yi")},
			},
			same: [][2]string{{"0/0", "1/0"}, {"0/1", "1/1"}},
		},
		{
			name: "spelling variant without context stays apart",
			docs: []doc{
				{per("Mark Smith", "coach")},
				{per("Mary Smith", "judge")},
			},
			diff: [][2]string{{"0/0", "1/0"}},
		},
		{
			name: "short given name with shared context",
			docs: []doc{
				{per("Frederick LaRue", "aide"), per("Richard Nixon")},
				{per("Fred LaRue"), per("Richard Nixon")},
			},
			same: [][2]string{{"0/0", "1/0"}},
		},
		{
			name: "distinctive spelling variant without context",
			docs: []doc{
				{per("Heidar Alishvandi")},
				{per("Heydar Alishvandi")},
			},
			same: [][2]string{{"0/0", "1/0"}},
		},
		{
			name: "same surname, different given name",
			docs: []doc{
				{per("Joe Biden", "President"), per("Xi Jinping")},
				{per("Hunter Biden"), per("Joe Biden")},
				{per("Biden"), per("Xi Jinping")}, // context: Xi co-occurs with Joe
			},
			same: [][2]string{{"0/0", "1/1"}, {"0/0", "2/0"}},
			diff: [][2]string{{"0/0", "1/0"}, {"1/0", "2/0"}},
		},
		{
			name: "surname first",
			docs: []doc{
				{per("Wang Yi", "Foreign Minister")},
				{per("Wang Wenbin", "spokesman")},
				{per("Wang Yi")},
			},
			same: [][2]string{{"0/0", "2/0"}},
			diff: [][2]string{{"0/0", "1/0"}},
		},
		{
			name: "ambiguous surname alone stays apart",
			docs: []doc{
				{per("Wang Yi")},
				{per("Wang Wenbin")},
				{per("Wang")},
			},
			diff: [][2]string{{"0/0", "2/0"}, {"1/0", "2/0"}},
		},
		{
			name: "short form first, full name later",
			docs: []doc{
				{per("Xi")},
				{per("Xi Jinping", "President")},
				{per("Xi")},
			},
			same: [][2]string{{"0/0", "1/0"}, {"1/0", "2/0"}},
		},
		{
			name: "places by GeoNames id, sources apart",
			docs: []doc{
				{{Type: "LOC", Name: "US", GeoID: 6252001, Country: "United States"}, {Type: "ORG", Name: "Bloomberg", Source: true}},
				{{Type: "LOC", Name: "United States", GeoID: 6252001, Country: "United States"}, per("Michael Bloomberg")},
			},
			same: [][2]string{{"0/0", "1/0"}},
			diff: [][2]string{{"0/1", "1/1"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := NewIndex()
			ids := map[string]string{}
			for d, ents := range tc.docs {
				for i, id := range x.Add(fmt.Sprint("doc", d), ents) {
					ids[fmt.Sprintf("%d/%d", d, i)] = id
				}
			}
			for _, p := range tc.same {
				if ids[p[0]] != ids[p[1]] {
					t.Errorf("%s and %s: ids %s, %s, want one", p[0], p[1], ids[p[0]], ids[p[1]])
				}
			}
			for _, p := range tc.diff {
				if ids[p[0]] == ids[p[1]] {
					t.Errorf("%s and %s: one id %s, want two", p[0], p[1], ids[p[0]])
				}
			}
			if t.Failed() {
				for _, c := range x.Canonical() {
					t.Logf("%+v", c)
				}
			}
		})
	}
}

func TestIndexCanonical(t *testing.T) {
	x := NewIndex()
	x.Add("a", []Entity{per("Anthony Blinken", "US Secretary of State"), per("Wang Yi")})
	for _, d := range []string{"b", "c"} {
		x.Add(d, []Entity{per("Antony Blinken", "Secretary of State"), per("Wang Yi"),
			{Type: "ORG", Name: "Reuters", Source: true, Mentions: []Mention{{}}}})
	}
	cs := x.Canonical()
	if len(cs) != 3 {
		t.Fatalf("got %d canonical entities, want 3: %+v", len(cs), cs)
	}
	b := cs[0]
	if b.Name != "Antony Blinken" || b.Articles != 3 || b.Mentions != 3 || len(b.Aliases) != 1 || b.Aliases[0] != "Anthony Blinken" {
		t.Errorf("Blinken: %+v", b)
	}
	if len(b.Roles) != 2 {
		t.Errorf("Blinken roles: %q", b.Roles)
	}
	for _, c := range cs {
		if c.Name == "Reuters" && (!c.Source || c.Type != "ORG" || c.Articles != 2) {
			t.Errorf("Reuters: %+v", c)
		}
	}
}

// TestIndexDeterministic checks that an index rebuilt by the same Add
// calls gives the same ids.
func TestIndexDeterministic(t *testing.T) {
	docs := [][]Entity{
		{per("Xi"), per("Joe Biden")},
		{per("Xi Jinping"), per("Hunter Biden"), {Type: "LOC", Name: "Munich", GeoID: 2867714}},
		{per("Biden"), per("Xi Jinping")},
	}
	run := func() []string {
		x := NewIndex()
		var all []string
		for i, d := range docs {
			all = append(all, x.Add(fmt.Sprint(i), d)...)
		}
		return all
	}
	a, b := run(), run()
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatalf("ids differ:\n%v\n%v", a, b)
	}
}

// TestIndexReAdd checks that adding a document again does not count it
// twice.
func TestIndexReAdd(t *testing.T) {
	x := NewIndex()
	a := x.Add("d1", []Entity{per("Olaf Scholz", "Chancellor")})
	b := x.Add("d1", []Entity{per("Olaf Scholz", "German Chancellor")})
	if a[0] != b[0] {
		t.Fatalf("ids %s, %s", a[0], b[0])
	}
	c := x.Canonical()
	if len(c) != 1 || c[0].Articles != 1 || c[0].Mentions != 1 || len(c[0].Roles) != 2 {
		t.Errorf("got %+v", c)
	}
}

// TestIndexAcronym checks that an organisation found under its acronym in
// one article and its full name in another is one entity when an article
// gives both.
func TestIndexAcronym(t *testing.T) {
	org := func(name string, aliases ...string) Entity {
		return Entity{Type: "ORG", Name: name, Aliases: aliases, Mentions: []Mention{{Text: name}}}
	}
	x := NewIndex()
	a := x.Add("1", []Entity{org("Democratic Progressive Party", "DPP")})
	b := x.Add("2", []Entity{org("DPP")})
	c := x.Add("3", []Entity{org("Democratic Progressive Party")})
	if a[0] != b[0] || a[0] != c[0] {
		t.Errorf("ids %s %s %s, want one", a[0], b[0], c[0])
	}
}

// TestIndexDocMemory checks that the index remembers the latest
// maxDocMemory documents, across a snapshot, and forgets older ones: a
// document added again while remembered is not counted twice, one added
// again after the memory moved on is counted anew.
func TestIndexDocMemory(t *testing.T) {
	articles := func(x *Index) int {
		c := x.Canonical()
		if len(c) != 1 {
			t.Fatalf("canonical %+v", c)
		}
		return c[0].Articles
	}
	x := NewIndex()
	x.Add("d1", []Entity{per("Olaf Scholz", "Chancellor")})
	for i := range maxDocMemory - 1 {
		x.Add(fmt.Sprintf("n%d", i), nil)
	}
	// d1 is the oldest remembered document, and survives a snapshot
	data, err := x.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	y, err := UnmarshalIndex(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, ix := range []*Index{x, y} {
		ix.Add("d1", []Entity{per("Olaf Scholz", "Chancellor")})
		if n := articles(ix); n != 1 {
			t.Errorf("d1 added again while remembered: %d articles, want 1", n)
		}
	}
	// one more document pushes d1 out of y's memory
	y.Add("last", nil)
	y.Add("d1", []Entity{per("Olaf Scholz", "Chancellor")})
	if n := articles(y); n != 2 {
		t.Errorf("d1 added again after it was forgotten: %d articles, want 2", n)
	}
	if len(y.docs.set) != maxDocMemory || len(y.docs.ring) != maxDocMemory {
		t.Errorf("memory holds %d (ring %d), want %d", len(y.docs.set), len(y.docs.ring), maxDocMemory)
	}
}
