package entity

import (
	"bytes"
	"encoding/gob"
	"fmt"
)

// indexSnap is the gob form of an Index.
type indexSnap struct {
	Ents   []canonSnap
	ByKey  map[string]int
	ByWord map[string][]int
	Adds   int
	// Docs holds the document ids of snapshots written before DocHashes
	// (read, never written).
	Docs []string
	// DocHashes are the hashes of the documents remembered, oldest first.
	DocHashes []uint64
}

type canonSnap struct {
	ID        string
	Types     map[string]int
	Full      [][]string
	Single    []string
	Names     []nameSnap
	Roles     []string
	RoleN     []int
	Classes   []string
	Cooc      []string
	Words     []string
	Mentions  int
	Articles  int
	LastAdd   int
	Source    bool
	Country   string
	Admin     string
	Geo       int
	FirstType string
}

type nameSnap struct {
	Name, Norm string
	Words, N   int
}

func setKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func keySet(ks []string) map[string]bool {
	m := make(map[string]bool, len(ks))
	for _, k := range ks {
		m[k] = true
	}
	return m
}

// MarshalBinary encodes the index's whole state: an index decoded from it
// (UnmarshalIndex) assigns the same ids to the same later Add calls.
func (x *Index) MarshalBinary() ([]byte, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	s := indexSnap{ByKey: x.byKey, ByWord: x.byWord, Adds: x.adds, DocHashes: x.docs.ordered(), Ents: make([]canonSnap, len(x.ents))}
	for i, c := range x.ents {
		cs := canonSnap{ID: c.id, Types: c.types, Full: c.full, Single: setKeys(c.single), Roles: c.roles, RoleN: c.roleN,
			Classes: setKeys(c.classes), Cooc: setKeys(c.cooc), Words: setKeys(c.words), Mentions: c.mentions,
			Articles: c.articles, LastAdd: c.lastAdd, Source: c.source, Country: c.country, Admin: c.admin, Geo: c.geo,
			FirstType: c.firstType}
		for _, n := range c.names {
			cs.Names = append(cs.Names, nameSnap{n.name, n.norm, n.words, n.n})
		}
		s.Ents[i] = cs
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&s); err != nil {
		return nil, fmt.Errorf("encode entity index: %w", err)
	}
	return buf.Bytes(), nil
}

// UnmarshalIndex decodes an index encoded by MarshalBinary.
func UnmarshalIndex(data []byte) (*Index, error) {
	var s indexSnap
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&s); err != nil {
		return nil, fmt.Errorf("decode entity index: %w", err)
	}
	x := NewIndex()
	if s.ByKey != nil {
		x.byKey = s.ByKey
	}
	if s.ByWord != nil {
		x.byWord = s.ByWord
	}
	x.adds = s.Adds
	for _, d := range s.Docs {
		x.docs.seen(docHash(d))
	}
	for _, h := range s.DocHashes {
		x.docs.seen(h)
	}
	for i, cs := range s.Ents {
		c := &canon{idx: i, id: cs.ID, types: cs.Types, full: cs.Full, single: keySet(cs.Single), roles: cs.Roles,
			roleN: cs.RoleN, roleSeen: map[string]int{}, classes: keySet(cs.Classes), cooc: keySet(cs.Cooc),
			words: keySet(cs.Words), mentions: cs.Mentions, articles: cs.Articles, lastAdd: cs.LastAdd, source: cs.Source,
			country: cs.Country, admin: cs.Admin, geo: cs.Geo, firstType: cs.FirstType}
		if c.types == nil {
			c.types = map[string]int{}
		}
		for j, r := range c.roles {
			c.roleSeen[normName(r)] = j
		}
		for _, n := range cs.Names {
			c.names = append(c.names, nameCount{name: n.Name, norm: n.Norm, words: n.Words, n: n.N})
		}
		x.ents = append(x.ents, c)
		x.ids[c.id] = i
		for _, f := range c.full {
			x.indexEnds(i, f)
		}
	}
	return x, nil
}

// Names returns the canonical names of the given canonical ids (those the
// index knows).
func (x *Index) Names(ids map[string]bool) map[string]string {
	x.mu.Lock()
	defer x.mu.Unlock()
	out := make(map[string]string, len(ids))
	for id := range ids {
		if i, ok := x.ids[id]; ok {
			out[id] = x.ents[i].export().Name
		}
	}
	return out
}
