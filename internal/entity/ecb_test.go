package entity

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// ecbDoc is one ECB+ document: its text rebuilt from tokens and its gold
// person mentions with their cross-document identity.
type ecbDoc struct {
	name   string
	text   string
	gold   []ecbMention
	tokOff [][2]int // token id -> byte span
}

type ecbMention struct {
	start, end int
	id         string // gold identity
}

func readECB(path string) (*ecbDoc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var doc struct {
		Tokens []struct {
			ID   int    `xml:"t_id,attr"`
			Sent int    `xml:"sentence,attr"`
			Text string `xml:",chardata"`
		} `xml:"token"`
		Markables struct {
			Items []struct {
				XMLName  xml.Name
				ID       string `xml:"m_id,attr"`
				Instance string `xml:"instance_id,attr"`
				Anchors  []struct {
					T int `xml:"t_id,attr"`
				} `xml:"token_anchor"`
			} `xml:",any"`
		} `xml:"Markables"`
		Relations struct {
			Items []struct {
				XMLName xml.Name
				ID      string `xml:"r_id,attr"`
				Note    string `xml:"note,attr"`
				Sources []struct {
					M string `xml:"m_id,attr"`
				} `xml:"source"`
				Target struct {
					M string `xml:"m_id,attr"`
				} `xml:"target"`
			} `xml:",any"`
		} `xml:"Relations"`
	}
	if err := xml.NewDecoder(f).Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	d := &ecbDoc{name: filepath.Base(path)}
	var b strings.Builder
	off := map[int][2]int{}
	sent := -1
	for _, t := range doc.Tokens {
		if t.Sent != sent && sent >= 0 {
			b.WriteString("\n")
		} else if b.Len() > 0 {
			b.WriteString(" ")
		}
		sent = t.Sent
		off[t.ID] = [2]int{b.Len(), b.Len() + len(t.Text)}
		b.WriteString(t.Text)
	}
	d.text = b.String()
	instance := map[string]string{}
	for _, m := range doc.Markables.Items {
		if m.Instance != "" {
			instance[m.ID] = m.Instance
		} else if m.XMLName.Local != "HUMAN_PART_PER" || len(m.Anchors) == 0 {
			continue
		}
	}
	goldOf := map[string]string{}
	for _, r := range doc.Relations.Items {
		id := r.Note
		if id == "" {
			id = instance[r.Target.M]
		}
		if id == "" {
			id = d.name + "#" + r.Target.M
		}
		for _, s := range r.Sources {
			goldOf[s.M] = id
		}
	}
	for _, m := range doc.Markables.Items {
		if m.XMLName.Local != "HUMAN_PART_PER" || len(m.Anchors) == 0 {
			continue
		}
		id := goldOf[m.ID]
		if id == "" {
			continue // not annotated for coreference: identity unknown
		}
		s, e := off[m.Anchors[0].T], off[m.Anchors[len(m.Anchors)-1].T]
		d.gold = append(d.gold, ecbMention{start: s[0], end: e[1], id: id})
	}
	return d, nil
}

// TestEvalECB scores person identity on ECB+ (gold cross-document
// coreference of person mentions) when ENTITY_EVAL is set: B-cubed over
// the gold person mentions in a coreference relation that a system person
// mention overlaps, all
// 982 documents in one Index, against the baseline "same normalised name".
func TestEvalECB(t *testing.T) {
	if os.Getenv("ENTITY_EVAL") == "" {
		t.Skip("set ENTITY_EVAL=1")
	}
	paths, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "data", "ecbplus", "*", "*.xml"))
	if len(paths) == 0 {
		t.Skip("ECB+ absent")
	}
	sort.Strings(paths)
	r := testResolver(t)
	x := NewIndex()
	var gold, sys, base []string
	for _, p := range paths {
		d, err := readECB(p)
		if err != nil {
			t.Fatal(err)
		}
		ents := r.Article(d.text)
		ids := x.Add(d.name, ents)
		for _, g := range d.gold {
			for i, e := range ents {
				if e.Type != "PER" {
					continue
				}
				hit := false
				for _, m := range e.Mentions {
					if !m.RoleOnly && m.Start < g.end && g.start < m.End {
						hit = true
					}
				}
				if hit {
					gold = append(gold, g.id)
					sys = append(sys, ids[i])
					base = append(base, normName(e.Name))
					break
				}
			}
		}
	}
	if os.Getenv("ENTITY_EVAL") == "v" {
		byS := map[string]map[string]int{}
		for i := range sys {
			if byS[base[i]] == nil {
				byS[base[i]] = map[string]int{}
			}
			byS[base[i]][gold[i]+"|"+sys[i]]++
		}
		for k, v := range byS {
			if len(v) > 1 {
				t.Logf("precision: %s: %v", k, v)
			}
		}
		byG := map[string]map[string]int{}
		for i := range gold {
			if byG[gold[i]] == nil {
				byG[gold[i]] = map[string]int{}
			}
			byG[gold[i]][base[i]+"|"+sys[i]]++
		}
		for k, v := range byG {
			ids := map[string]bool{}
			for n := range v {
				ids[n[strings.IndexByte(n, '|'):]] = true
			}
			if len(ids) > 1 {
				t.Logf("recall: %s: %v", k, v)
			}
		}
	}
	p, rc, f := bcubed(gold, sys)
	bp, br, bf := bcubed(gold, base)
	t.Logf("ECB+ person identity over %d matched gold mentions: B3 P %.3f R %.3f F %.3f (baseline same name: P %.3f R %.3f F %.3f)", len(gold), p, rc, f, bp, br, bf)
}

// bcubed returns B-cubed precision, recall and F1 of a clustering sys
// against gold, both given as a cluster label per item.
func bcubed(gold, sys []string) (p, r, f float64) {
	type pair struct{ g, s string }
	ng, ns, nb := map[string]int{}, map[string]int{}, map[pair]int{}
	for i := range gold {
		ng[gold[i]]++
		ns[sys[i]]++
		nb[pair{gold[i], sys[i]}]++
	}
	for i := range gold {
		both := float64(nb[pair{gold[i], sys[i]}])
		p += both / float64(ns[sys[i]])
		r += both / float64(ng[gold[i]])
	}
	n := float64(len(gold))
	if n == 0 {
		return 0, 0, 0
	}
	p, r = p/n, r/n
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}
