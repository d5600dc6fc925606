package ner

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/storyline-news/storyline/internal/text"
)

// ClusterOptions sizes the word clustering of BuildClusters.
type ClusterOptions struct {
	Vocab    int    // words clustered: the most frequent ones (default 80,000)
	MinCount int    // minimum corpus frequency of a clustered word (default 3)
	Contexts int    // context words: the most frequent ones (default 2,000)
	Dims     int    // random-projection dimensions (default 256)
	Depth    int    // depth of the binary cluster tree, path length in bits (default 12)
	Seed     uint64 // seed of the projection and of the splits (default 1)
}

func (o *ClusterOptions) defaults() {
	if o.Vocab <= 0 {
		o.Vocab = 80000
	}
	if o.MinCount <= 0 {
		o.MinCount = 3
	}
	if o.Contexts <= 0 {
		o.Contexts = 2000
	}
	if o.Dims <= 0 {
		o.Dims = 256
	}
	if o.Depth <= 0 {
		o.Depth = 12
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
}

var (
	reTag      = regexp.MustCompile(`<[^>]*>`)
	reTMLText  = regexp.MustCompile(`(?s)<TITLE>(.*?)</TITLE>|<TEXT>(.*?)</TEXT>`)
	reECBToken = regexp.MustCompile(`<token[^>]*sentence="(\d+)"[^>]*>([^<]*)</token>`)
)

// corpusTexts calls fn with every unlabelled news text of dataDir, in a
// fixed order: TempEval-3 silver TimeML (TITLE and TEXT, tags stripped),
// Timeline17 articles.json "text" fields, and ECB+ tokens (one sentence a
// line).
func corpusTexts(ctx context.Context, dataDir string, fn func(string)) error {
	tml, err := filepath.Glob(filepath.Join(dataDir, "tempeval3", "silver", "*.tml"))
	if err != nil {
		return err
	}
	t17, _ := filepath.Glob(filepath.Join(dataDir, "t17", "*", "articles.json"))
	ecb, _ := filepath.Glob(filepath.Join(dataDir, "ecbplus", "*", "*.xml"))
	if len(tml)+len(t17)+len(ecb) == 0 {
		return fmt.Errorf("no corpus text under %s", dataDir)
	}
	sort.Strings(tml)
	sort.Strings(t17)
	sort.Strings(ecb)
	for _, p := range tml {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("read %s: %w", p, err)
		}
		for _, m := range reTMLText.FindAllSubmatch(b, -1) {
			part := m[1]
			if part == nil {
				part = m[2]
			}
			fn(html.UnescapeString(reTag.ReplaceAllString(string(part), "")))
		}
	}
	for _, p := range t17 {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("read %s: %w", p, err)
		}
		var arts []struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(b, &arts); err != nil {
			return fmt.Errorf("parse %s: %w", p, err)
		}
		for _, a := range arts {
			fn(a.Text)
		}
	}
	for _, p := range ecb {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("read %s: %w", p, err)
		}
		var sb strings.Builder
		last := ""
		for _, m := range reECBToken.FindAllSubmatch(b, -1) {
			if s := string(m[1]); s != last {
				sb.WriteByte('\n')
				last = s
			}
			sb.WriteString(html.UnescapeString(string(m[2])))
			sb.WriteByte(' ')
		}
		fn(sb.String())
	}
	return nil
}

// BuildClusters is BuildClustersWith with default options; it is the
// function that rebuilds the committed cluster file.
func BuildClusters(ctx context.Context, dataDir string, w io.Writer) error {
	return BuildClustersWith(ctx, dataDir, w, ClusterOptions{})
}

// BuildClustersWith learns hierarchical word clusters from the unlabelled news
// text under dataDir (see corpusTexts) and writes them to w in the format of
// Liang's Brown-clustering output: "bitpath<TAB>word<TAB>count" lines.
//
// Method: each of the most frequent words is described by the positive PMI
// of its left and right neighbours (the most frequent words as contexts),
// randomly projected to a dense vector; the vectors are split recursively
// in two by spherical 2-means, and a word's bit path is its route down this
// tree. Like Brown clusters, prefixes of a path are coarser clusters. The
// result is deterministic for given data and options.
func BuildClustersWith(ctx context.Context, dataDir string, w io.Writer, opt ClusterOptions) error {
	opt.defaults()
	ids := map[string]int32{}
	var words []string
	var freq []int
	var seq []int32 // word ids, -1 at text and line boundaries
	err := corpusTexts(ctx, dataDir, func(s string) {
		for _, line := range strings.Split(s, "\n") {
			for _, t := range text.Tokens(line) {
				id, ok := ids[t.Text]
				if !ok {
					id = int32(len(words))
					ids[t.Text] = id
					words = append(words, t.Text)
					freq = append(freq, 0)
				}
				freq[id]++
				seq = append(seq, id)
			}
			seq = append(seq, -1)
		}
	})
	if err != nil {
		return fmt.Errorf("build clusters: %w", err)
	}
	order := make([]int32, len(words))
	for i := range order {
		order[i] = int32(i)
	}
	sort.Slice(order, func(a, b int) bool {
		fa, fb := freq[order[a]], freq[order[b]]
		if fa != fb {
			return fa > fb
		}
		return words[order[a]] < words[order[b]]
	})
	vocab := make([]int32, len(words)) // word id -> vocab index+1
	nv := 0
	for _, id := range order {
		if nv >= opt.Vocab || freq[id] < opt.MinCount {
			break
		}
		nv++
		vocab[id] = int32(nv)
	}
	ctxIdx := make([]int32, len(words)) // word id -> context index+1
	for i, id := range order {
		if i >= opt.Contexts {
			break
		}
		ctxIdx[id] = int32(i + 1)
	}
	// Dimensions: block b (b = 0..3 for offsets -2, -1, +1, +2) holds
	// b*(C+1) .. b*(C+1)+C, the last one standing for boundaries and rarer words.
	C := int32(opt.Contexts)
	nd := int(4 * (C + 1))
	dimOf := func(id int32) int32 {
		if id < 0 || ctxIdx[id] == 0 {
			return C
		}
		return ctxIdx[id] - 1
	}
	counts := make([]map[int32]float32, nv)
	for i := range counts {
		counts[i] = map[int32]float32{}
	}
	dimTotal := make([]float64, nd)
	wordTotal := make([]float64, nv)
	offsets := [4]int{-2, -1, 1, 2}
	weights := [4]float32{0.5, 1, 1, 0.5}
	for i, id := range seq {
		if id < 0 || vocab[id] == 0 {
			continue
		}
		v := vocab[id] - 1
		for b, off := range offsets {
			j := i + off
			c := int32(-1)
			if j >= 0 && j < len(seq) {
				c = seq[j]
				// Do not look across a boundary.
				if off == -2 && seq[i-1] < 0 || off == 2 && seq[i+1] < 0 {
					c = -1
				}
			}
			d := int32(b)*(C+1) + dimOf(c)
			counts[v][d] += weights[b]
			dimTotal[d] += float64(weights[b])
			wordTotal[v] += float64(weights[b])
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// Context-distribution smoothing (exponent 0.75) tempers rare contexts.
	ctxSmooth := make([]float64, nd)
	ctxNorm := 0.0
	for d, c := range dimTotal {
		ctxSmooth[d] = math.Pow(c+1, 0.75)
		ctxNorm += ctxSmooth[d]
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x5eed))
	D := opt.Dims
	proj := make([]float32, nd*D)
	for i := range proj {
		proj[i] = float32(rng.NormFloat64())
	}
	vecs := make([]float32, nv*D)
	for v := range nv {
		vec := vecs[v*D : (v+1)*D]
		for d, c := range counts[v] {
			pmi := math.Log(float64(c) * ctxNorm / (wordTotal[v] * ctxSmooth[d]))
			if pmi <= 0 {
				continue
			}
			p := proj[int(d)*D : int(d+1)*D]
			for k := range vec {
				vec[k] += float32(pmi) * p[k]
			}
		}
		normalise(vec)
	}
	counts = nil
	// Remove the component every word shares (frequent "other" contexts).
	mean := make([]float32, D)
	for v := range nv {
		for k, x := range vecs[v*D : (v+1)*D] {
			mean[k] += x / float32(nv)
		}
	}
	for v := range nv {
		vec := vecs[v*D : (v+1)*D]
		for k := range vec {
			vec[k] -= mean[k]
		}
		normalise(vec)
	}
	paths := make([]string, nv)
	members := make([]int32, nv)
	for i := range members {
		members[i] = int32(i)
	}
	if err := bisect(ctx, vecs, D, members, "", opt.Depth, rng, paths); err != nil {
		return err
	}
	byVocab := byVocabIDs(vocab, nv)
	lines := make([]int, nv)
	for i := range lines {
		lines[i] = i
	}
	sort.SliceStable(lines, func(a, b int) bool { return paths[lines[a]] < paths[lines[b]] })
	bw := bufio.NewWriter(w)
	for _, v := range lines {
		id := byVocab[v]
		bw.WriteString(paths[v])
		bw.WriteByte('\t')
		bw.WriteString(words[id])
		bw.WriteByte('\t')
		bw.WriteString(strconv.Itoa(freq[id]))
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write clusters: %w", err)
	}
	return nil
}

func normalise(v []float32) {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	if s == 0 {
		return
	}
	inv := float32(1 / math.Sqrt(s))
	for k := range v {
		v[k] *= inv
	}
}

// bisect splits members in two by spherical 2-means and recurses until
// depth bits are used or a node has fewer than two members.
func bisect(ctx context.Context, vecs []float32, D int, members []int32, prefix string, depth int, rng *rand.Rand, paths []string) error {
	if len(prefix) >= depth || len(members) < 2 {
		for _, m := range members {
			paths[m] = prefix
		}
		if prefix == "" {
			for _, m := range members {
				paths[m] = "0"
			}
		}
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	c := [2][]float32{make([]float32, D), make([]float32, D)}
	a := rng.IntN(len(members))
	b := rng.IntN(len(members) - 1)
	if b >= a {
		b++
	}
	copy(c[0], vecs[int(members[a])*D:])
	copy(c[1], vecs[int(members[b])*D:])
	side := make([]bool, len(members))
	for iter := 0; iter < 8; iter++ {
		changed := false
		for i, m := range members {
			v := vecs[int(m)*D : int(m+1)*D]
			var s0, s1 float32
			for k, x := range v {
				s0 += x * c[0][k]
				s1 += x * c[1][k]
			}
			s := s1 > s0
			if s != side[i] || iter == 0 {
				changed = true
			}
			side[i] = s
		}
		if !changed {
			break
		}
		for k := range D {
			c[0][k], c[1][k] = 0, 0
		}
		for i, m := range members {
			t := 0
			if side[i] {
				t = 1
			}
			for k, x := range vecs[int(m)*D : int(m+1)*D] {
				c[t][k] += x
			}
		}
		normalise(c[0])
		normalise(c[1])
	}
	var left, right []int32
	for i, m := range members {
		if side[i] {
			right = append(right, m)
		} else {
			left = append(left, m)
		}
	}
	if len(left) == 0 || len(right) == 0 {
		// Degenerate split (identical vectors): halve deterministically.
		h := len(members) / 2
		left, right = members[:h:h], members[h:]
	}
	if err := bisect(ctx, vecs, D, left, prefix+"0", depth, rng, paths); err != nil {
		return err
	}
	return bisect(ctx, vecs, D, right, prefix+"1", depth, rng, paths)
}

// readClusters reads a Brown-format cluster file ("path<TAB>word[<TAB>count]"),
// gzip'd when the name ends in .gz.
func readClusters(path string) (map[string]string, error) {
	r, closeFn, err := openMaybeGzip(path)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	out := map[string]string{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) >= 2 {
			out[f[1]] = f[0]
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read clusters %s: %w", path, err)
	}
	return out, nil
}

func byVocabIDs(vocab []int32, nv int) []int32 {
	byVocab := make([]int32, nv)
	for id, v := range vocab {
		if v > 0 {
			byVocab[v-1] = int32(id)
		}
	}
	return byVocab
}
