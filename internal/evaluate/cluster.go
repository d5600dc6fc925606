package evaluate

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strings"
)

// ClusterScore compares a predicted clustering of documents with a gold
// one.
type ClusterScore struct {
	// Docs counts the gold documents scored; Missing those the prediction
	// left out (scored as singletons).
	Docs    int `json:"docs"`
	Missing int `json:"missing"`
	// Gold and Predicted count clusters over the scored documents.
	Gold      int `json:"gold_clusters"`
	Predicted int `json:"predicted_clusters"`
	// BCubed averages per document: precision is the share of its
	// predicted cluster in its gold cluster, recall the converse (Bagga
	// and Baldwin 1998; Amigó et al. 2009).
	BCubed PR `json:"bcubed"`
	// Pairwise counts document pairs put together.
	Pairwise PR `json:"pairwise"`
	// Homogeneity, Completeness and VMeasure are Rosenberg and
	// Hirschberg's (2007) entropy measures (beta 1).
	Homogeneity  float64 `json:"homogeneity"`
	Completeness float64 `json:"completeness"`
	VMeasure     float64 `json:"v_measure"`
	// ARI is Hubert and Arabie's adjusted Rand index.
	ARI float64 `json:"ari"`
}

// ScoreClusters scores pred against gold, both mapping a document id to its
// cluster label. Only gold documents are scored: predicted documents
// without gold are ignored, gold documents without a prediction count as
// singletons.
func ScoreClusters(gold, pred map[string]string) ClusterScore {
	docs := make([]string, 0, len(gold))
	for d := range gold {
		docs = append(docs, d)
	}
	sort.Strings(docs)
	var s ClusterScore
	s.Docs = len(docs)
	if len(docs) == 0 {
		return s
	}
	p := make(map[string]string, len(docs))
	for _, d := range docs {
		c, ok := pred[d]
		if !ok {
			s.Missing++
			c = "\x00missing:" + d
		}
		p[d] = c
	}
	// contingency table
	type cell struct{ g, p string }
	n := map[cell]int{}
	gs, ps := map[string]int{}, map[string]int{}
	for _, d := range docs {
		g := gold[d]
		n[cell{g, p[d]}]++
		gs[g]++
		ps[p[d]]++
	}
	s.Gold, s.Predicted = len(gs), len(ps)
	N := float64(len(docs))

	// B-cubed: sum over cells of n·(n/|pred|) for precision, n·(n/|gold|)
	var bp, br float64
	for c, k := range n {
		bp += float64(k) * float64(k) / float64(ps[c.p])
		br += float64(k) * float64(k) / float64(gs[c.g])
	}
	s.BCubed = pr2(bp/N, br/N)

	// pairs
	pairs := func(k int) float64 { return float64(k) * float64(k-1) / 2 }
	var same, sg, sp float64
	for _, k := range n {
		same += pairs(k)
	}
	for _, k := range gs {
		sg += pairs(k)
	}
	for _, k := range ps {
		sp += pairs(k)
	}
	pp, pr := 1.0, 1.0
	if sp > 0 {
		pp = same / sp
	}
	if sg > 0 {
		pr = same / sg
	}
	s.Pairwise = pr2(pp, pr)
	all := pairs(len(docs))
	if exp := sg * sp / all; all > 0 && (sg+sp)/2 != exp {
		s.ARI = (same - exp) / ((sg+sp)/2 - exp)
	} else {
		s.ARI = 1
	}

	// V-measure
	ent := func(m map[string]int) float64 {
		var h float64
		for _, k := range m {
			q := float64(k) / N
			h -= q * math.Log(q)
		}
		return h
	}
	hg, hp := ent(gs), ent(ps)
	var hgp, hpg float64 // H(gold|pred), H(pred|gold)
	for c, k := range n {
		q := float64(k) / N
		hgp -= q * math.Log(float64(k)/float64(ps[c.p]))
		hpg -= q * math.Log(float64(k)/float64(gs[c.g]))
	}
	s.Homogeneity, s.Completeness = 1, 1
	if hg > 0 {
		s.Homogeneity = 1 - hgp/hg
	}
	if hp > 0 {
		s.Completeness = 1 - hpg/hp
	}
	if s.Homogeneity+s.Completeness > 0 {
		s.VMeasure = 2 * s.Homogeneity * s.Completeness / (s.Homogeneity + s.Completeness)
	}
	return s
}

// Assignment is one line of `storyline clusters --format jsonl`.
type Assignment struct {
	Doc     string `json:"doc"`
	Cluster string `json:"cluster"`
	Story   string `json:"story,omitempty"`
}

// ReadAssignments reads JSONL assignments and returns two maps from
// document id to cluster and to story (the latter empty when no line has a
// story). A later line for the same document wins.
func ReadAssignments(r io.Reader) (clusters, stories map[string]string, err error) {
	clusters, stories = map[string]string{}, map[string]string{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		b := strings.TrimSpace(sc.Text())
		if b == "" {
			continue
		}
		var a Assignment
		if err := json.Unmarshal([]byte(b), &a); err != nil {
			return nil, nil, fmt.Errorf("line %d: %w", line, err)
		}
		if a.Doc == "" {
			return nil, nil, fmt.Errorf("line %d: no doc", line)
		}
		clusters[a.Doc] = a.Cluster
		if a.Story != "" {
			stories[a.Doc] = a.Story
		}
	}
	return clusters, stories, sc.Err()
}

// ECBGold returns the gold assignment of the ECB+ corpus under root
// (root/<topic>/<topic>_<n>ecb.xml or ...ecbplus.xml): the document id is
// the file name without extension, the cluster (event) the topic and the
// suffix ("1_10ecb.xml" → "1_ecb"), the story the topic ("1"). Documents
// are sorted by topic number, then by id.
func ECBGold(root string) ([]Assignment, error) {
	paths, err := filepath.Glob(filepath.Join(root, "*", "*.xml"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("%s: no ECB+ documents", root)
	}
	var out []Assignment
	for _, p := range paths {
		id := strings.TrimSuffix(filepath.Base(p), ".xml")
		topic := filepath.Base(filepath.Dir(p))
		suffix := ""
		switch {
		case strings.HasSuffix(id, "ecbplus"):
			suffix = "ecbplus"
		case strings.HasSuffix(id, "ecb"):
			suffix = "ecb"
		default:
			continue
		}
		out = append(out, Assignment{Doc: id, Cluster: topic + "_" + suffix, Story: topic})
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := topicNum(out[i].Story), topicNum(out[j].Story)
		if a != b {
			return a < b
		}
		return out[i].Doc < out[j].Doc
	})
	return out, nil
}

func topicNum(s string) int {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return math.MaxInt
		}
		n = 10*n + int(r-'0')
	}
	return n
}

// WriteECBGold writes the ECB+ gold assignment (ECBGold) as JSONL
// {"doc","cluster","story"} lines to w.
func WriteECBGold(w io.Writer, root string) error {
	as, err := ECBGold(root)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	for _, a := range as {
		if err := enc.Encode(a); err != nil {
			return err
		}
	}
	return nil
}

// ReadECBGold is ECBGold as two maps, as ReadAssignments returns them.
func ReadECBGold(root string) (clusters, stories map[string]string, err error) {
	as, err := ECBGold(root)
	if err != nil {
		return nil, nil, err
	}
	clusters, stories = map[string]string{}, map[string]string{}
	for _, a := range as {
		clusters[a.Doc], stories[a.Doc] = a.Cluster, a.Story
	}
	return clusters, stories, nil
}

func pr2(p, r float64) PR { return PR{P: p, R: r} }
