package ner

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"math"
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
	Vocab    int   // words clustered: the most frequent ones (default 50,000)
	MinCount int   // minimum corpus frequency of a clustered word (default 2)
	Classes  []int // class counts of the successive, nested clusterings: increasing powers of two (default 16, 128, 1024)
	Iters    int   // maximum exchange passes over the vocabulary per clustering (default 8)
}

func (o *ClusterOptions) defaults() {
	if o.Vocab <= 0 {
		o.Vocab = 50000
	}
	if o.MinCount <= 0 {
		o.MinCount = 2
	}
	if len(o.Classes) == 0 {
		o.Classes = []int{16, 128, 1024}
	}
	if o.Iters <= 0 {
		o.Iters = 8
	}
}

var (
	reTag      = regexp.MustCompile(`<[^>]*>`)
	reTMLText  = regexp.MustCompile(`(?s)<TITLE>(.*?)</TITLE>|<TEXT>(.*?)</TEXT>`)
	reECBToken = regexp.MustCompile(`<token[^>]*sentence="(\d+)"[^>]*>([^<]*)</token>`)
)

// corpusTexts calls fn with every unlabelled news text of dataDir, in a
// fixed order: TempEval-3 TimeML (silver, TimeBank and AQUAINT; TITLE and
// TEXT, tags stripped), Timeline17 articles.json "text" fields, ECB+ tokens
// (one sentence a line) and the English texts of the SemEval-2022 task 8
// pairs (each distinct text once). Only text is read, never labels.
func corpusTexts(ctx context.Context, dataDir string, fn func(string)) error {
	var tml []string
	for _, sub := range []string{"silver", "TimeBank", "AQUAINT"} {
		m, err := filepath.Glob(filepath.Join(dataDir, "tempeval3", sub, "*.tml"))
		if err != nil {
			return err
		}
		tml = append(tml, m...)
	}
	t17, _ := filepath.Glob(filepath.Join(dataDir, "t17", "*", "articles.json"))
	ecb, _ := filepath.Glob(filepath.Join(dataDir, "ecbplus", "*", "*.xml"))
	sem, _ := filepath.Glob(filepath.Join(dataDir, "semeval2022-task8", "*.csv"))
	if len(tml)+len(t17)+len(ecb)+len(sem) == 0 {
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
	sort.Strings(sem)
	seen := map[string]bool{}
	for _, p := range sem {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := englishCSVTexts(p, func(s string) {
			if !seen[s] {
				seen[s] = true
				fn(s)
			}
		}); err != nil {
			return err
		}
	}
	return nil
}

// englishCSVTexts calls fn with the texts of a SemEval-2022 task 8 CSV file
// (columns lang1, lang2, text1, text2) whose language is English.
func englishCSVTexts(path string, fn func(string)) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, c := range []string{"lang1", "lang2", "text1", "text2"} {
		if _, ok := col[c]; !ok {
			return fmt.Errorf("read %s: no column %q", path, c)
		}
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		for _, k := range []string{"1", "2"} {
			l, t := col["lang"+k], col["text"+k]
			if l < len(rec) && t < len(rec) && rec[l] == "en" {
				fn(rec[t])
			}
		}
	}
}

// BuildClusters is BuildClustersWith with default options; it is the
// function that rebuilds the committed cluster file.
func BuildClusters(ctx context.Context, dataDir string, w io.Writer) error {
	return BuildClustersWith(ctx, dataDir, w, ClusterOptions{})
}

// BuildClustersWith learns word classes from the unlabelled news text
// under dataDir (see corpusTexts) and writes them to w in the format of
// Liang's Brown-clustering output: "bitpath<TAB>word<TAB>count" lines.
//
// Method: the exchange algorithm (Kneser & Ney 1993; Martin, Liermann & Ney
// 1998) maximises the likelihood of a class bigram model, moving one word
// at a time to the class that most improves it. It runs once per entry of
// opt.Classes (coarse to fine, each refining the previous); a word's bit
// path is the concatenation of its class numbers in binary, so that
// prefixes of the path name coarser classes, as prefixes of Brown paths do.
// Words outside the vocabulary share one pseudo-word. The result is
// deterministic for given data and options.
func BuildClustersWith(ctx context.Context, dataDir string, w io.Writer, opt ClusterOptions) error {
	opt.defaults()
	for i, k := range opt.Classes {
		if k < 2 || k&(k-1) != 0 || (i > 0 && k <= opt.Classes[i-1]) {
			return fmt.Errorf("build clusters: class counts %v must be increasing powers of two", opt.Classes)
		}
	}
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
	// Vocabulary index: 0 = boundary, 1 = rare words, 2.. = words by frequency.
	vocab := make([]int32, len(words))
	nv := 2
	var vocabWords []int32
	for _, id := range order {
		if nv-2 >= opt.Vocab || freq[id] < opt.MinCount {
			break
		}
		vocab[id] = int32(nv)
		vocabWords = append(vocabWords, id)
		nv++
	}
	vseq := make([]int32, len(seq))
	for i, id := range seq {
		switch {
		case id < 0:
			vseq[i] = 0
		case vocab[id] == 0:
			vseq[i] = 1
		default:
			vseq[i] = vocab[id]
		}
	}
	ex := newExchange(vseq, nv)
	paths := make([]string, nv)
	prevK := 1
	for _, k := range opt.Classes {
		ex.initClasses(k)
		ratio := int32(k / prevK)
		lo := func(a int32) int32 { return a / ratio * ratio }
		hi := func(a int32) int32 { return a/ratio*ratio + ratio }
		for it := 0; it < opt.Iters; it++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			if moved := ex.pass(lo, hi); moved == 0 {
				break
			}
		}
		prevK = k
		bits := 0
		for 1<<bits < k {
			bits++
		}
		for v := range nv {
			paths[v] += fmt.Sprintf("%0*b", bits, ex.class[v])
		}
	}
	lines := make([]int, 0, nv)
	for v := 2; v < nv; v++ {
		lines = append(lines, v)
	}
	sort.SliceStable(lines, func(a, b int) bool { return paths[lines[a]] < paths[lines[b]] })
	bw := bufio.NewWriter(w)
	for _, v := range lines {
		id := vocabWords[v-2]
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

type neighbour struct {
	v int32
	n int64
}

// exchange holds the state of the exchange algorithm.
type exchange struct {
	nv         int
	count      []int64       // word counts
	pred, succ [][]neighbour // bigram neighbours of each word, self pairs excluded
	self       []int64       // count of the bigram (w, w)
	g          []float64     // g[x] = x log x
	k          int
	class      []int32
	nc         []int64 // class counts
	ncc        []int64 // class bigram counts, k x k
	sL, sR     []int64 // scratch: neighbour counts per class
	touchedL   []int32
	touchedR   []int32
}

func newExchange(seq []int32, nv int) *exchange {
	ex := &exchange{nv: nv, count: make([]int64, nv), self: make([]int64, nv)}
	pairs := map[uint64]int64{}
	for i, v := range seq {
		ex.count[v]++
		if i+1 < len(seq) {
			pairs[uint64(v)<<32|uint64(seq[i+1])]++
		}
	}
	ex.pred = make([][]neighbour, nv)
	ex.succ = make([][]neighbour, nv)
	keys := make([]uint64, 0, len(pairs))
	for k := range pairs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(a, b int) bool { return keys[a] < keys[b] })
	for _, key := range keys {
		a, b, n := int32(key>>32), int32(key&0xffffffff), pairs[key]
		if a == b {
			ex.self[a] += n
			continue
		}
		ex.succ[a] = append(ex.succ[a], neighbour{b, n})
		ex.pred[b] = append(ex.pred[b], neighbour{a, n})
	}
	ex.g = make([]float64, len(seq)+2)
	for x := 1; x < len(ex.g); x++ {
		ex.g[x] = float64(x) * math.Log(float64(x))
	}
	return ex
}

// initClasses sets up k classes: class 0 holds the boundary alone; other
// words go round-robin by frequency rank into classes 1..k-1, or, after a
// coarser clustering, each coarse class is spread over k/oldK fine ones.
func (ex *exchange) initClasses(k int) {
	prev := ex.class
	ex.class = make([]int32, ex.nv)
	if prev == nil {
		for v := 1; v < ex.nv; v++ {
			ex.class[v] = int32(1 + (v-1)%(k-1))
		}
	} else {
		ratio := int32(k / ex.k)
		seen := make([]int32, ex.k)
		for v := 1; v < ex.nv; v++ {
			c := prev[v]
			ex.class[v] = c*ratio + seen[c]%ratio
			seen[c]++
		}
	}
	ex.k = k
	ex.nc = make([]int64, k)
	ex.ncc = make([]int64, k*k)
	ex.sL = make([]int64, k)
	ex.sR = make([]int64, k)
	for v := 0; v < ex.nv; v++ {
		c := ex.class[v]
		ex.nc[c] += ex.count[v]
		ex.ncc[int(c)*k+int(c)] += ex.self[v]
		for _, s := range ex.succ[v] {
			ex.ncc[int(c)*k+int(ex.class[s.v])] += s.n
		}
	}
}

// gather fills sL/sR with the counts of w's predecessor/successor classes.
func (ex *exchange) gather(w int) {
	ex.touchedL, ex.touchedR = ex.touchedL[:0], ex.touchedR[:0]
	for _, p := range ex.pred[w] {
		c := ex.class[p.v]
		if ex.sL[c] == 0 {
			ex.touchedL = append(ex.touchedL, c)
		}
		ex.sL[c] += p.n
	}
	for _, s := range ex.succ[w] {
		c := ex.class[s.v]
		if ex.sR[c] == 0 {
			ex.touchedR = append(ex.touchedR, c)
		}
		ex.sR[c] += s.n
	}
}

func (ex *exchange) clear() {
	for _, c := range ex.touchedL {
		ex.sL[c] = 0
	}
	for _, c := range ex.touchedR {
		ex.sR[c] = 0
	}
}

// apply adds (sign 1) or removes (sign -1) word w to or from class c.
func (ex *exchange) apply(w int, c int32, sign int64) {
	k := ex.k
	for _, d := range ex.touchedL {
		ex.ncc[int(d)*k+int(c)] += sign * ex.sL[d]
	}
	for _, d := range ex.touchedR {
		ex.ncc[int(c)*k+int(d)] += sign * ex.sR[d]
	}
	ex.ncc[int(c)*k+int(c)] += sign * ex.self[w]
	ex.nc[c] += sign * ex.count[w]
}

// gain is the change of the objective, sum g(N(c1,c2)) - 2 sum g(N(c)),
// when w (already removed from its class) joins class b.
func (ex *exchange) gain(w int, b int32) float64 {
	k := ex.k
	g := ex.g
	d := 0.0
	for _, c := range ex.touchedL {
		if c == b {
			continue
		}
		n := ex.ncc[int(c)*k+int(b)]
		d += g[n+ex.sL[c]] - g[n]
	}
	for _, c := range ex.touchedR {
		if c == b {
			continue
		}
		n := ex.ncc[int(b)*k+int(c)]
		d += g[n+ex.sR[c]] - g[n]
	}
	n := ex.ncc[int(b)*k+int(b)]
	d += g[n+ex.sL[b]+ex.sR[b]+ex.self[w]] - g[n]
	m := ex.nc[b]
	d -= 2 * (g[m+ex.count[w]] - g[m])
	return d
}

// pass moves every word but the boundary to its best class and returns
// how many words moved. After a coarser clustering, words only move among
// the fine classes of their coarse class, so the tree stays nested.
func (ex *exchange) pass(lo, hi func(int32) int32) int {
	moved := 0
	for w := 1; w < ex.nv; w++ {
		a := ex.class[w]
		ex.gather(w)
		ex.apply(w, a, -1)
		best, bestGain := a, ex.gain(w, a)
		for b := lo(a); b < hi(a); b++ {
			if b == a || b == 0 {
				continue
			}
			if gn := ex.gain(w, b); gn > bestGain+1e-9 {
				best, bestGain = b, gn
			}
		}
		ex.class[w] = best
		ex.apply(w, best, 1)
		ex.clear()
		if best != a {
			moved++
		}
	}
	return moved
}

// readClusters reads a Brown-format cluster file ("path<TAB>word[<TAB>count]"),
// gzip'd when the name ends in .gz.
func readClusters(path string) (map[string]string, error) {
	r, closeFn, err := openMaybeGzip(path, embeddedClusters)
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
