package entity

import (
	"crypto/sha256"
	"encoding/hex"
	"hash/fnv"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Canonical is one entity across the articles added to an Index.
type Canonical struct {
	// ID is "en-" and twelve hex digits, fixed when the entity is first
	// seen; it depends only on the order of Add calls.
	ID string `json:"id"`
	// Type is the most frequent type of its article entities.
	Type string `json:"type"`
	// Name is the best name: for persons the full name most articles use,
	// for others the most frequent name.
	Name string `json:"name"`
	// Aliases are the other names used in the articles.
	Aliases []string `json:"aliases,omitempty"`
	// Roles are the distinct roles given in the articles, the most
	// frequent first (first seen first on ties), at most MaxRoles.
	Roles []string `json:"roles,omitempty"`
	// Mentions counts mentions and Articles counts Add calls that named it.
	Mentions int `json:"mentions"`
	Articles int `json:"articles"`
	// Source is true for a news outlet or agency.
	Source bool `json:"source,omitempty"`
	// Country, Admin and GeoID are as in Entity.
	Country string `json:"country,omitempty"`
	Admin   string `json:"admin,omitempty"`
	GeoID   int    `json:"geoid,omitempty"`
}

// Index assigns article entities to canonical entities across articles.
// It is fed one article at a time (Add) and is safe for concurrent use;
// the assignment depends on the order of Add calls, and only on it, so an
// index rebuilt by adding the stored per-article entities in the same
// order gives the same ids.
//
// Persons are matched by name, then context. A full name joins a
// canonical person with the same full name (or the same first and last
// words). A variant joins when the articles share context (a role of the
// same kind, or a co-occurring person): a spelling variant
// ("Anthony"/"Antony", one edit in one word of four letters or more) or a
// nickname or short given name ("Fred"/"Frederick", "Bill"/"William").
// Without shared context only a one-edit variant of five letters or more
// that two different common given names do not explain joins
// ("Heidar"/"Heydar"; not "Mark"/"Mary"). Names that share only a surname
// stay apart ("Joe Biden", "Hunter Biden"; "Wang Yi", "Wang Wenbin"). A
// one-word name joins the person whose surname it is when that is
// unambiguous, by context if need be, else a provisional one-word entity
// that a later full name may complete.
//
// Other entities are matched by GeoNames id when linked, else by
// normalised name or by a name or alias an earlier article gave them
// ("DPP" for "Democratic Progressive Party"); an unlinked place joins a
// linked one of the same name; sources stay apart from non-sources.
type Index struct {
	mu     sync.Mutex
	ents   []*canon
	byKey  map[string]int   // non-person key -> canon
	byWord map[string][]int // first or last word of a person's name -> canons
	byEnds map[string][]int // first and last word of a full name -> canons
	ids    map[string]int   // canonical id -> position in ents
	adds   int
	docs   docMemory // documents added recently, not counted twice
}

// maxDocMemory is how many of the latest documents the index remembers so
// as not to count one twice (a new version linked again): enough for the
// updates of an article to arrive, and a bound on the index and its
// snapshot, which would otherwise grow with the archive.
const maxDocMemory = 1 << 17

// docMemory is a set of document-id hashes that keeps the latest
// maxDocMemory added, in a ring.
type docMemory struct {
	set  map[uint64]struct{}
	ring []uint64
	next int // the oldest entry once the ring is full
}

// docHash is the 64-bit FNV-1a hash of a document id.
func docHash(id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	return h.Sum64()
}

// seen reports whether h is remembered, and remembers it when not,
// forgetting the oldest entry when full.
func (m *docMemory) seen(h uint64) bool {
	if _, ok := m.set[h]; ok {
		return true
	}
	if m.set == nil {
		m.set = map[uint64]struct{}{}
	}
	if len(m.ring) < maxDocMemory {
		m.ring = append(m.ring, h)
	} else {
		delete(m.set, m.ring[m.next])
		m.ring[m.next] = h
		m.next = (m.next + 1) % maxDocMemory
	}
	m.set[h] = struct{}{}
	return false
}

// ordered returns the remembered hashes, oldest first.
func (m *docMemory) ordered() []uint64 {
	return append(slices.Clone(m.ring[m.next:]), m.ring[:m.next]...)
}

type canon struct {
	idx       int // position in Index.ents
	id        string
	types     map[string]int
	full      [][]string      // persons: normalised full names
	single    map[string]bool // persons: one-word names
	names     []nameCount
	roles     []string
	roleSeen  map[string]int // normalised role -> index in roles and roleN
	roleN     []int
	classes   map[string]bool // role classes (roleClass)
	cooc      map[string]bool // persons named in the same articles
	words     map[string]bool // words under which byWord lists it
	mentions  int
	articles  int
	lastAdd   int
	source    bool
	country   string
	admin     string
	geo       int
	firstType string
}

type nameCount struct {
	name  string
	norm  string
	words int
	n     int
}

// MaxRoles bounds the roles a Canonical lists.
const MaxRoles = 12

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{byKey: map[string]int{}, byWord: map[string][]int{}, byEnds: map[string][]int{}, ids: map[string]int{}}
}

// maxFirstWordCands bounds the persons a full name is compared with by
// first word, so that a common given name does not make Add slow.
const maxFirstWordCands = 64

// maxNames bounds the name variants kept per canonical entity.
const maxNames = 32

// maxCooc bounds the co-occurring names kept per canonical entity.
const maxCooc = 256

// Add assigns the entities of one article (as returned by Resolver.Article)
// to canonical entities and returns their ids, parallel to ents. docID
// names the article: adding a document again (re-analysed) assigns ids
// without counting its mentions and articles twice.
func (x *Index) Add(docID string, ents []Entity) []string {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.adds++
	addNo := x.adds
	if x.docs.seen(docHash(docID)) {
		addNo = 0 // counted already
	}
	var persons []string
	for _, e := range ents {
		if e.Type == "PER" && !e.Source {
			persons = append(persons, normName(e.Name))
		}
	}
	ids := make([]string, len(ents))
	for i, e := range ents {
		var c *canon
		if e.Type == "PER" && !e.Source {
			c = x.person(e, persons)
		} else {
			c = x.other(e)
		}
		c.update(e, persons, x, addNo)
		ids[i] = c.id
	}
	return ids
}

func (c *canon) update(e Entity, persons []string, x *Index, addNo int) {
	if addNo > 0 || len(c.types) == 0 {
		c.types[e.Type]++
	}
	if addNo > 0 {
		c.mentions += len(e.Mentions)
		if c.lastAdd != addNo {
			c.lastAdd = addNo
			c.articles++
		}
	}
	c.source = c.source || e.Source
	if e.Country != "" && (c.country == "" || c.geo == 0 && e.GeoID != 0) {
		c.country, c.admin, c.geo = e.Country, e.Admin, e.GeoID
	}
	c.addName(e.Name, min(addNo, 1))
	for _, a := range e.Aliases {
		c.addName(a, 0)
	}
	for _, r := range e.Roles {
		k := normName(r)
		if i, ok := c.roleSeen[k]; ok {
			c.roleN[i]++
		} else {
			c.roleSeen[k] = len(c.roles)
			c.roles = append(c.roles, r)
			c.roleN = append(c.roleN, 1)
		}
		if cl := roleClass(roleWords(r)); cl != "" {
			c.classes[cl] = true
		}
	}
	if e.Type != "PER" || e.Source {
		return
	}
	self := normName(e.Name)
	for _, p := range persons {
		if p != self && len(c.cooc) < maxCooc {
			c.cooc[p] = true
		}
	}
	toks := nameTokens(e.Name)
	ci := c.idx
	if len(toks) >= 2 {
		if len(c.full) < maxNames && !hasName(c.full, toks) {
			c.full = append(c.full, toks)
			x.indexEnds(ci, toks)
		}
	} else if len(toks) == 1 {
		c.single[toks[0]] = true
	}
	if len(toks) > 0 {
		for _, w := range [...]string{toks[0], toks[len(toks)-1]} {
			if !c.words[w] {
				c.words[w] = true
				x.byWord[w] = append(x.byWord[w], ci)
			}
		}
	}
}

func (c *canon) addName(name string, n int) {
	name = displayName(name)
	if name == "" {
		return
	}
	k := normName(name)
	for i := range c.names {
		if c.names[i].norm == k {
			c.names[i].n += n
			return
		}
	}
	if len(c.names) < maxNames {
		c.names = append(c.names, nameCount{name: name, norm: k, words: len(strings.Fields(k)), n: n})
	}
}

// newCanon creates a canonical entity whose id derives from key.
func (x *Index) newCanon(key string) *canon {
	sum := sha256.Sum256([]byte(key))
	id := "en-" + hex.EncodeToString(sum[:6])
	for n := 2; x.hasID(id); n++ {
		sum = sha256.Sum256([]byte(key + "#" + strconv.Itoa(n)))
		id = "en-" + hex.EncodeToString(sum[:6])
	}
	x.ids[id] = len(x.ents)
	c := &canon{idx: len(x.ents), id: id, types: map[string]int{}, single: map[string]bool{}, roleSeen: map[string]int{},
		classes: map[string]bool{}, cooc: map[string]bool{}, words: map[string]bool{}}
	x.ents = append(x.ents, c)
	return c
}

// other finds or creates the canonical entity of a non-person.
func (x *Index) other(e Entity) *canon {
	k := "name:" + normName(e.Name)
	if e.Source {
		k = "source:" + normName(e.Name)
	} else if e.GeoID > 0 {
		// a linked place: by GeoNames id, else the unlinked or same-place
		// entity of that name
		gk := "geo:" + strconv.Itoa(e.GeoID)
		if i, ok := x.byKey[gk]; ok {
			return x.ents[i]
		}
		if i, ok := x.byKey[k]; ok && (x.ents[i].geo == 0 || x.ents[i].geo == e.GeoID) {
			x.byKey[gk] = i
			return x.ents[i]
		}
		c := x.newCanon(gk)
		x.byKey[gk] = c.idx
		if _, ok := x.byKey[k]; !ok {
			x.byKey[k] = c.idx
		}
		return c
	}
	prefix := "name:"
	if e.Source {
		prefix = "source:"
	}
	c := x.byAlias(k, prefix, e.Aliases)
	if c == nil {
		c = x.newCanon(k)
	}
	// its names and aliases find it from now on ("DPP" and "Democratic
	// Progressive Party"), unless taken
	for _, n := range append([]string{e.Name}, e.Aliases...) {
		if ak := prefix + normName(n); !x.hasKey(ak) {
			x.byKey[ak] = c.idx
		}
	}
	return c
}

func (x *Index) hasKey(k string) bool { _, ok := x.byKey[k]; return ok }

func (x *Index) hasID(id string) bool { _, ok := x.ids[id]; return ok }

// byAlias returns the canonical entity found by key k, else by one of the
// aliases, else nil.
func (x *Index) byAlias(k, prefix string, aliases []string) *canon {
	if i, ok := x.byKey[k]; ok {
		return x.ents[i]
	}
	for _, n := range aliases {
		if i, ok := x.byKey[prefix+normName(n)]; ok {
			return x.ents[i]
		}
	}
	return nil
}

// personContext is what an article's person brings to the comparison
// with canonical persons: its role classes, its normalised name and the
// article's persons, computed once per entity, not per candidate.
type personContext struct {
	classes []string
	self    string
	persons []string
}

// newPersonContext returns the context of article entity e among the
// article's persons.
func newPersonContext(e Entity, persons []string) personContext {
	pc := personContext{self: normName(e.Name), persons: persons}
	for _, r := range e.Roles {
		if cl := roleClass(roleWords(r)); cl != "" {
			pc.classes = append(pc.classes, cl)
		}
	}
	return pc
}

// context counts what an article entity shares with a canonical person:
// a role class and co-occurring persons.
func (c *canon) context(pc personContext) int {
	n := 0
	for _, cl := range pc.classes {
		if c.classes[cl] {
			n++
			break
		}
	}
	for _, p := range pc.persons {
		if p != pc.self && c.cooc[p] {
			n++
		}
	}
	return n
}

// endsKey is the byEnds key of a full name: its first and last word.
func endsKey(toks []string) string { return toks[0] + "\x00" + toks[len(toks)-1] }

// indexEnds lists canon ci under the first and last word of its full name
// toks, once.
func (x *Index) indexEnds(ci int, toks []string) {
	k := endsKey(toks)
	if l := x.byEnds[k]; len(l) == 0 || l[len(l)-1] != ci && !slices.Contains(l, ci) {
		x.byEnds[k] = append(l, ci)
	}
}

// exactPersons returns the canons with a full name that matchNames finds
// an exact match for toks (two words or more), ascending.
func (x *Index) exactPersons(toks []string, buf []int) []int {
	out := buf[:0]
	for _, i := range x.byEnds[endsKey(toks)] {
		for _, f := range x.ents[i].full {
			if matchNames(toks, f) == exactMatch {
				out = append(out, i)
				break
			}
		}
	}
	if !sortedUnique(out) {
		slices.Sort(out)
		out = slices.Compact(out)
	}
	return out
}

// sortedUnique reports whether ids ascend strictly.
func sortedUnique(ids []int) bool {
	for i := 1; i < len(ids); i++ {
		if ids[i] <= ids[i-1] {
			return false
		}
	}
	return true
}

// person finds or creates the canonical entity of a person.
func (x *Index) person(e Entity, persons []string) *canon {
	toks := nameTokens(e.Name)
	if len(toks) == 0 {
		return x.newCanon("per:")
	}
	// candidates share the surname (last word), or the first word: a
	// surname written first, or a surname spelt differently; a very
	// common first word ("John") is not searched for full names
	last := x.byWord[toks[len(toks)-1]]
	cands := last
	if first := x.byWord[toks[0]]; len(toks) > 1 && len(first) > 0 && len(first) <= maxFirstWordCands {
		cands = append(slices.Clip(last), first...) // a copy
		slices.Sort(cands)
		cands = slices.Compact(cands)
	} else if !sortedUnique(cands) {
		cands = slices.Compact(slices.Sorted(slices.Values(cands)))
	}
	// the entity's context, computed for the first candidate that needs it
	var pc *personContext
	context := func(c *canon) int {
		if pc == nil {
			v := newPersonContext(e, persons)
			pc = &v
		}
		return c.context(*pc)
	}
	best, bestScore := -1, 0
	consider := func(i, score int) {
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	// A candidate with the very name (matchNames: exact) outranks every
	// variant, whose score is 500 below plus a context of at most
	// 1+len(persons): look those up directly rather than scan every
	// person sharing a word of the name.
	if len(toks) >= 2 && len(persons) < 498 {
		var buf [4]int
		switch exact := x.exactPersons(toks, buf[:0]); len(exact) {
		case 0:
		case 1:
			return x.ents[exact[0]]
		default:
			for _, i := range exact {
				consider(i, 1000+context(x.ents[i]))
			}
			return x.ents[best]
		}
	}
	if len(toks) >= 2 {
		// the candidates that may match: most share a word of the name
		// and nothing else
		type match struct {
			i                           int
			exact, variant, distinctive bool
			single                      bool
		}
		var buf [4]match // rarely more candidates match
		may := buf[:0]
		for _, i := range cands {
			c := x.ents[i]
			m := noMatch
			for _, f := range c.full {
				if m = max(m, matchNames(toks, f)); m == exactMatch {
					break
				}
			}
			variant := m == fuzzyMatch
			if m == noMatch {
				variant = c.givenVariantOf(toks)
			}
			single := len(c.full) == 0 && (c.single[toks[len(toks)-1]] || c.single[toks[0]])
			if m != exactMatch && !variant && !single {
				continue
			}
			may = append(may, match{i: i, exact: m == exactMatch, variant: variant, single: single,
				distinctive: variant && m != exactMatch && c.distinctiveVariant(toks)})
		}
		// The shared context ranks candidates; a lone candidate is taken
		// whatever it is, unless only a shared context would admit it (a
		// variant of its name that is not distinctive).
		if len(may) == 1 && (may[0].exact || may[0].distinctive || may[0].single) {
			return x.ents[may[0].i]
		}
		for _, mc := range may {
			ctx := context(x.ents[mc.i])
			switch {
			case mc.exact:
				consider(mc.i, 1000+ctx)
			case mc.variant && (ctx > 0 || mc.distinctive):
				consider(mc.i, 500+ctx)
			case mc.single:
				consider(mc.i, 100+ctx)
			}
		}
	} else {
		w := toks[0]
		var full []int
		for _, i := range cands {
			c := x.ents[i]
			if len(c.full) == 0 {
				if c.single[w] {
					consider(i, 1) // provisional one-word entity, last resort
				}
				continue
			}
			for _, f := range c.full {
				if f[len(f)-1] == w || f[0] == w {
					full = append(full, i)
					break
				}
			}
		}
		switch len(full) {
		case 0:
		case 1:
			consider(full[0], 100)
		default:
			// several persons with this surname: the one the context
			// favours, if exactly one does
			top, topScore, ties := -1, 0, 0
			for _, i := range full {
				switch s := context(x.ents[i]); {
				case s > topScore:
					top, topScore, ties = i, s, 1
				case s == topScore:
					ties++
				}
			}
			if top >= 0 && ties == 1 {
				consider(top, 100+topScore)
			}
		}
	}
	if best >= 0 {
		return x.ents[best]
	}
	return x.newCanon("per:" + strings.Join(toks, " "))
}

// Canonical returns the canonical entities, most articles first, then most
// mentions, then by name.
func (x *Index) Canonical() []Canonical {
	x.mu.Lock()
	defer x.mu.Unlock()
	out := make([]Canonical, 0, len(x.ents))
	for _, c := range x.ents {
		out = append(out, c.export())
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Articles != b.Articles {
			return a.Articles > b.Articles
		}
		if a.Mentions != b.Mentions {
			return a.Mentions > b.Mentions
		}
		return a.Name < b.Name
	})
	return out
}

func (c *canon) export() Canonical {
	typ, n := "", -1
	for _, t := range [...]string{"PER", "ORG", "LOC", "MISC"} {
		if c.types[t] > n {
			typ, n = t, c.types[t]
		}
	}
	if c.source {
		typ = "ORG"
	}
	// the best name: persons prefer full names; then most articles
	best := -1
	for i, nc := range c.names {
		if best < 0 {
			best = i
			continue
		}
		b := c.names[best]
		if typ == "PER" && (nc.words >= 2) != (b.words >= 2) {
			if nc.words >= 2 {
				best = i
			}
			continue
		}
		if nc.n > b.n {
			best = i
		}
	}
	out := Canonical{ID: c.id, Type: typ, Mentions: c.mentions, Articles: c.articles, Source: c.source,
		Country: c.country, Admin: c.admin, GeoID: c.geo}
	order := make([]int, len(c.roles))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return c.roleN[order[i]] > c.roleN[order[j]] })
	for _, i := range order[:min(len(order), MaxRoles)] {
		out.Roles = append(out.Roles, c.roles[i])
	}
	for i, nc := range c.names {
		if i == best {
			out.Name = nc.name
		} else {
			out.Aliases = append(out.Aliases, nc.name)
		}
	}
	return out
}

// givenVariantOf reports whether one of c's full names has the same
// words as toks but for a given name that is a variant (givenVariant):
// "Fred LaRue" and "Frederick LaRue".
func (c *canon) givenVariantOf(toks []string) bool {
	for _, f := range c.full {
		if f[0] == toks[0] || !givenVariant(f[0], toks[0]) || f[len(f)-1] != toks[len(toks)-1] {
			continue
		}
		if len(f) == len(toks) && equalWords(f[1:], toks[1:]) || len(f) != len(toks) {
			return true // "Fred LaRue", "Frederick (Cheney) LaRue"
		}
	}
	return false
}

// distinctiveVariant reports whether toks differs from one of c's full
// names in one word only, by a spelling that two common given names do
// not explain ("Heidar"/"Heydar", "Bettie"/"Betty", but not
// "Mark"/"Mary"): such variants join without shared context.
func (c *canon) distinctiveVariant(toks []string) bool {
	for _, f := range c.full {
		if len(f) != len(toks) {
			continue
		}
		diff := -1
		for i := range f {
			if f[i] != toks[i] {
				if diff >= 0 {
					diff = -2
					break
				}
				diff = i
			}
		}
		if diff < 0 {
			continue
		}
		a, b := f[diff], toks[diff]
		if len(a) >= 5 && len(b) >= 5 && editDistance(a, b, 1) <= 1 && !(commonGiven(a) && commonGiven(b) && nicknames[a] != nicknames[b]) {
			return true
		}
	}
	return false
}
