package entity

import "testing"

func testGazetteer(t *testing.T) *gazetteer {
	t.Helper()
	g, err := loadGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestLookupPlace(t *testing.T) {
	g := testGazetteer(t)
	california, _ := g.state("California")
	tests := []struct {
		name      string
		within    *place
		inArticle map[string]bool
		ok        bool
		kind      string
		country   string
		admin     string
		geo       bool
	}{
		{name: "Munich", ok: true, kind: "city", country: "Germany", geo: true},
		{name: "Germany", ok: true, kind: "country", country: "Germany", geo: true},
		{name: "U.S.", ok: true, kind: "country", country: "United States", geo: true},
		{name: "Britain", ok: true, kind: "country", country: "United Kingdom", geo: true},
		{name: "California", ok: true, kind: "admin1", country: "United States", admin: "California"},
		{name: "Woodside", within: &california, ok: true, kind: "city", country: "United States", admin: "California"},
		{name: "Woodside, California", ok: true, kind: "city", country: "United States", admin: "California"},
		{name: "Washington, D.C.", ok: true, kind: "city", country: "United States", admin: "District of Columbia", geo: true},
		{name: "Washington", ok: true, kind: "city", country: "United States", admin: "District of Columbia", geo: true},
		{name: "New York", ok: true, kind: "city", country: "United States", admin: "New York", geo: true},
		{name: "Beijing", ok: true, kind: "city", country: "China", geo: true},
		{name: "Peking", inArticle: map[string]bool{"CN": true}, ok: true, kind: "city", country: "China", geo: true}, // an alternate name, confirmed by context
		{name: "Peking", ok: false},
		{name: "Atlantis Nowhere", ok: false},
		{name: "Bali", ok: true, kind: "admin1", country: "Indonesia", admin: "Bali"}, // not the small Indian city Bāli
		{name: "Scotland", ok: true, kind: "admin1", country: "United Kingdom", admin: "Scotland"},
		{name: "Munich, Bavaria", ok: true, kind: "city", country: "Germany", admin: "Bavaria", geo: true},
	}
	for _, tc := range tests {
		p, ok := g.lookup(tc.name, tc.within, tc.inArticle)
		if ok != tc.ok {
			t.Errorf("lookup(%q): ok %v, want %v (%+v)", tc.name, ok, tc.ok, p)
			continue
		}
		if !ok {
			continue
		}
		if p.Kind != tc.kind || p.Country != tc.country || p.Admin != tc.admin || (p.GeoID != 0) != tc.geo {
			t.Errorf("lookup(%q) = %+v, want kind %s country %q admin %q geo %v", tc.name, p, tc.kind, tc.country, tc.admin, tc.geo)
		}
	}
}

func TestDemonym(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct{ word, country string }{
		{"Chinese", "China"},
		{"Americans", "United States"},
		{"Indian", "India"},
		{"Russian", "Russia"},
		{"British", "United Kingdom"},
		{"Martian", ""},
	}
	for _, tc := range tests {
		p, ok := g.demonym(tc.word)
		if got := p.Country; got != tc.country || ok != (tc.country != "") {
			t.Errorf("demonym(%q) = %q, %v; want %q", tc.word, got, ok, tc.country)
		}
	}
}
