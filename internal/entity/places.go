package entity

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

//go:embed data/places.tsv.gz
var placesGz []byte

// place is where a place name or demonym points: a country, a first-level
// division (only United States states are named) or a city.
type place struct {
	// Kind is "country", "admin1" or "city".
	Kind string
	// Name is the place's own name ("Munich", "California", "Germany").
	Name string
	// Country is the country's name ("Germany", "United States").
	Country string
	// CountryCode is the ISO 3166-1 alpha-2 code ("DE", "US").
	CountryCode string
	// Admin is the first-level division's name when known ("California").
	Admin string
	// GeoID is the GeoNames id of a country or city; 0 for states.
	GeoID int
	// Population is the city's population, 0 otherwise.
	Population int
}

type city struct {
	id, pop     int
	cc, admin1  string
	name        string
	primaryName bool
}

// gazetteer is the immutable place table loaded from the embedded data.
type gazetteer struct {
	countryByCode map[string]place  // ISO code -> country
	countryByName map[string]string // normalised name or alias -> ISO code
	cities        map[string][]city // normalised name -> cities, by population
}

var loadGazetteer = sync.OnceValues(func() (*gazetteer, error) {
	return parsePlaces(placesGz)
})

func parsePlaces(data []byte) (*gazetteer, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("entity: place table: %w", err)
	}
	g := &gazetteer{countryByCode: map[string]place{}, countryByName: map[string]string{}, cities: make(map[string][]city, 40000)}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		switch {
		case f[0] == "C" && len(f) == 4:
			id, _ := strconv.Atoi(f[3])
			name := strings.TrimPrefix(f[2], "The ")
			g.countryByCode[f[1]] = place{Kind: "country", Name: name, Country: name, CountryCode: f[1], GeoID: id}
			g.countryByName[normName(name)] = f[1]
		case f[0] == "P" && len(f) == 6:
			id, _ := strconv.Atoi(f[1])
			pop, _ := strconv.Atoi(f[4])
			names := strings.Split(f[5], "|")
			for i, n := range names {
				k := normName(n)
				c := city{id: id, pop: pop, cc: f[2], admin1: f[3], name: names[0], primaryName: i < 2}
				dup := false
				for _, o := range g.cities[k] {
					dup = dup || o.id == id
				}
				if !dup {
					g.cities[k] = append(g.cities[k], c)
				}
			}
		default:
			return nil, fmt.Errorf("entity: place table: bad line %q", line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("entity: place table: %w", err)
	}
	for alias, cc := range countryAliases {
		g.countryByName[normName(alias)] = cc
	}
	return g, nil
}

// country returns the country named by name (a country name or a common
// alias such as "U.S." or "Britain").
func (g *gazetteer) country(name string) (place, bool) {
	cc, ok := g.countryByName[normName(name)]
	if !ok {
		return place{}, false
	}
	p, ok := g.countryByCode[cc]
	return p, ok
}

// state returns the United States state (or district) or the well-known
// region (regions) named by name.
func (g *gazetteer) state(name string) (place, bool) {
	code, ok := usStateByName[normName(name)]
	if !ok {
		if cc, ok := regionByName[normName(name)]; ok {
			co := g.countryByCode[cc]
			return place{Kind: "admin1", Name: strings.TrimSpace(name), Country: co.Name, CountryCode: cc, Admin: strings.TrimSpace(name)}, true
		}
		return place{}, false
	}
	us := g.countryByCode["US"]
	return place{Kind: "admin1", Name: usStates[code], Country: us.Name, CountryCode: "US", Admin: usStates[code]}, true
}

func (g *gazetteer) cityPlace(c city) place {
	p := place{Kind: "city", Name: c.name, CountryCode: c.cc, GeoID: c.id, Population: c.pop}
	if co, ok := g.countryByCode[c.cc]; ok {
		p.Country = co.Name
	}
	if c.cc == "US" {
		p.Admin = usStates[c.admin1]
	}
	return p
}

// lookup links a place name to a place. within, when not nil, narrows the
// choice to a country or state given by the context ("Woodside,
// California"); inArticle holds ISO codes of countries the article names,
// which break ties between cities of the same name. Countries win over
// cities, cities known by their main name over states, states over cities
// known only by an alternate name. A city that is neither large (100,000
// people, known by its main name) nor in a country the article names is
// not linked, unless within confirms it.
func (g *gazetteer) lookup(name string, within *place, inArticle map[string]bool) (place, bool) {
	if p, ok := g.country(name); ok {
		return p, true
	}
	k := normName(name)
	if i := strings.IndexByte(name, ','); i > 0 && within == nil {
		// "Washington, D.C.", "Woodside, California"
		if w, ok := g.region(strings.TrimSpace(name[i+1:])); ok {
			return g.lookup(strings.TrimSpace(name[:i]), &w, inArticle)
		}
	}
	var best *city
	bestScore := -1
	for _, primary := range []bool{true, false} {
		for i := range g.cities[k] {
			c := &g.cities[k][i]
			if c.primaryName != primary {
				continue
			}
			if within != nil {
				if c.cc != within.CountryCode || within.Kind == "admin1" && c.cc == "US" && usStates[c.admin1] != within.Admin {
					continue
				}
			}
			score := c.pop
			if inArticle[c.cc] {
				score += 50_000_000
			}
			if score > bestScore {
				best, bestScore = c, score
			}
		}
		if best != nil {
			break
		}
		if primary && within == nil {
			if s, ok := g.state(name); ok {
				// "New York": a state, unless a big city of that state
				// goes by the same name
				for _, c := range g.cities[k] {
					if c.pop >= 1_000_000 && c.cc == "US" && usStates[c.admin1] == s.Admin {
						return g.cityPlace(c), true
					}
				}
				return s, true
			}
		}
	}
	// a city known by an accented main name ("Bāli") and written without
	// its accents is a weaker match: it must be big or confirmed
	exact := best != nil && strings.EqualFold(best.name, strings.TrimSpace(name))
	if best != nil && (within != nil || inArticle[best.cc] || best.primaryName && (best.pop >= 1_000_000 || exact && best.pop >= 100_000)) {
		p := g.cityPlace(*best)
		if within != nil && within.Kind == "admin1" {
			p.Admin = within.Admin // "Munich, Bavaria"
		}
		return p, true
	}
	if s, ok := g.state(name); ok {
		return s, true // "Bali"; "Florida, North Carolina" lists two states
	}
	if within != nil {
		// A place the table does not hold, inside a known state or country.
		p := *within
		p.Kind, p.Name, p.GeoID, p.Population = "city", strings.TrimSpace(name), 0, 0
		return p, true
	}
	return place{}, false
}

// regionByName maps normalised region names to ISO codes.
var regionByName = func() map[string]string {
	m := map[string]string{}
	for name, cc := range regions {
		m[normName(name)] = cc
	}
	return m
}()

// region returns the state or country a trailing ", X" names.
func (g *gazetteer) region(name string) (place, bool) {
	if s, ok := g.state(name); ok {
		return s, true
	}
	return g.country(name)
}

// demonym returns the country of a demonym or nationality adjective
// ("Chinese", "Americans"), if known.
func (g *gazetteer) demonym(word string) (place, bool) {
	cc, ok := demonyms[normName(word)]
	if !ok {
		return place{}, false
	}
	p, ok := g.countryByCode[cc]
	return p, ok
}
