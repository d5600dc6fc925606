package ner

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"

	"github.com/storyline-news/storyline/internal/evaluate"
)

// TrainConfig says what Train learns from.
type TrainConfig struct {
	TrainFile     string // CoNLL file with gold tags in the last column (IOB1 or BIO)
	DevFile       string // CoNLL file for early stopping and model selection
	ClusterFile   string // word clusters, "path<TAB>word[<TAB>count]" lines (see BuildClusters); .gz allowed; "" = the committed data/clusters.tsv.gz
	GazetteerFile string // gazetteer, "class<TAB>phrase" lines (see BuildGazetteers); .gz allowed; "" = the committed data/gazetteers.tsv.gz
	Epochs        int    // maximum epochs per stage (default 25)
	Patience      int    // stop after this many epochs without dev improvement (default 4)
	Folds         int    // jackknife folds producing stage-1 labels to train stage 2 (default 4; < 2 disables stage 2)
	Runs          int    // perceptrons per stage, trained with different shuffles and averaged (default 3)
	Seed          uint64 // shuffling seed; training is deterministic given the seed and inputs
	// Logf, when set, receives progress lines.
	Logf func(format string, args ...any)
}

func (c *TrainConfig) defaults() {
	if c.Epochs <= 0 {
		c.Epochs = 25
	}
	if c.Patience <= 0 {
		c.Patience = 4
	}
	if c.Folds == 0 {
		c.Folds = 4
	}
	if c.Runs <= 0 {
		c.Runs = 3
	}
	if c.Logf == nil {
		c.Logf = func(string, ...any) {}
	}
}

// trainSet is a prepared corpus: documents with their tokens and gold labels.
type trainSet struct {
	docs [][][]token
	gold [][][]int8
	f1   [][]sentFeats // stage-1 features per document
	f2   [][]sentFeats // stage-2 features per document
}

func readGold(path string, res *resources) (*trainSet, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	docs, err := ReadCoNLL(f, true)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	ts := &trainSet{}
	for _, d := range docs {
		words := make([][]string, len(d.Sentences))
		gold := make([][]int8, len(d.Sentences))
		for s, sent := range d.Sentences {
			words[s] = sent.Tokens
			gold[s] = toBILOU(toBIO(sent.Gold))
		}
		ts.docs = append(ts.docs, res.docTokens(words))
		ts.gold = append(ts.gold, gold)
	}
	return ts, nil
}

// perceptron is an averaged structured perceptron over a growing feature space.
type perceptron struct {
	w  []float32 // current weights
	u  []float64 // sum of c*update, for averaging
	t  []float32
	tu []float64
	c  float64
}

func newPerceptron(nFeat int) *perceptron {
	return &perceptron{w: make([]float32, nFeat*nLab), u: make([]float64, nFeat*nLab),
		t: make([]float32, transLen), tu: make([]float64, transLen), c: 1}
}

func (p *perceptron) update(sf *sentFeats, labs []int8, delta float32) {
	prev := nLab
	for i, l := range labs {
		own, base := sf.tokenIDs(i)
		for _, ids := range [2][]int32{own, base} {
			for _, f := range ids {
				k := int(f)*nLab + int(l)
				p.w[k] += delta
				p.u[k] += p.c * float64(delta)
			}
		}
		k := prev*nLab + int(l)
		p.t[k] += delta
		p.tu[k] += p.c * float64(delta)
		k += transSize * (1 + int(sf.bucket[i]))
		p.t[k] += delta
		p.tu[k] += p.c * float64(delta)
		prev = int(l)
	}
}

// averaged returns the averaged weights.
func (p *perceptron) averaged() (w, t []float32) {
	w = make([]float32, len(p.w))
	for k := range w {
		w[k] = p.w[k] - float32(p.u[k]/p.c)
	}
	t = make([]float32, len(p.t))
	for k := range t {
		t[k] = p.t[k] - float32(p.tu[k]/p.c)
	}
	return w, t
}

type sentRef struct{ d, s int }

// epoch runs one pass over the sentences of docs (indexes into ts) in an
// order shuffled by rng.
func (p *perceptron) epoch(feats [][]sentFeats, gold [][][]int8, docs []int, rng *rand.Rand) {
	var refs []sentRef
	for _, d := range docs {
		for s := range feats[d] {
			refs = append(refs, sentRef{d, s})
		}
	}
	rng.Shuffle(len(refs), func(i, j int) { refs[i], refs[j] = refs[j], refs[i] })
	var scratch []float32
	var back []int8
	var out []int8
	for _, r := range refs {
		sf := &feats[r.d][r.s]
		g := gold[r.d][r.s]
		out = viterbi(p.w, p.t, sf, out, &scratch, &back)
		if !slices.Equal(out, g) {
			p.update(sf, g, 1)
			p.update(sf, out, -1)
		}
		p.c++
	}
}

func decodeAll(w, t []float32, feats [][]sentFeats) [][][]int8 {
	var scratch []float32
	var back []int8
	out := make([][][]int8, len(feats))
	for d := range feats {
		out[d] = make([][]int8, len(feats[d]))
		for s := range feats[d] {
			out[d][s] = viterbi(w, t, &feats[d][s], nil, &scratch, &back)
		}
	}
	return out
}

func score(gold, pred [][][]int8) evaluate.NERResult {
	var g, p [][]string
	for d := range gold {
		for s := range gold[d] {
			g = append(g, tagStrings(gold[d][s]))
			p = append(p, tagStrings(pred[d][s]))
		}
	}
	r, _ := evaluate.NER(g, p)
	return r
}

func tagStrings(l []int8) []string {
	out := make([]string, len(l))
	for i, x := range l {
		out[i] = bioTag(x)
	}
	return out
}

// trainStage trains on feats/gold of the docs in train with early stopping
// on dev (when devFeats is not nil) or for exactly epochs epochs.
func trainStage(ctx context.Context, nFeat int, feats [][]sentFeats, gold [][][]int8, train []int,
	devFeats [][]sentFeats, devGold [][][]int8, epochs, patience int, seed uint64, logf func(string, ...any), name string) (w, t []float32, bestEpoch int, bestF1 float64, err error) {
	p := newPerceptron(nFeat)
	rng := rand.New(rand.NewPCG(seed, 0x7a99e7))
	since := 0
	for e := 1; e <= epochs; e++ {
		if err := ctx.Err(); err != nil {
			return nil, nil, 0, 0, err
		}
		p.epoch(feats, gold, train, rng)
		if devFeats == nil {
			continue
		}
		aw, at := p.averaged()
		r := score(devGold, decodeAll(aw, at, devFeats))
		logf("%s epoch %d: dev F1 %.4f", name, e, r.Overall.F1)
		if r.Overall.F1 > bestF1 {
			w, t, bestEpoch, bestF1, since = aw, at, e, r.Overall.F1, 0
		} else if since++; since >= patience {
			break
		}
	}
	if devFeats == nil {
		w, t = p.averaged()
		bestEpoch = epochs
	}
	return w, t, bestEpoch, bestF1, nil
}

// trainAveraged runs trainStage cfg.Runs times with different shuffles and
// averages the resulting weights (a linear model's ensemble is its mean).
// It returns the mean epoch count and the dev F1 of the averaged weights.
func trainAveraged(ctx context.Context, cfg *TrainConfig, nFeat int, feats [][]sentFeats, gold [][][]int8, train []int,
	devFeats [][]sentFeats, devGold [][][]int8, name string) (w, t []float32, epochs int, f1 float64, err error) {
	for r := 0; r < cfg.Runs; r++ {
		rw, rt, e, rf, err := trainStage(ctx, nFeat, feats, gold, train, devFeats, devGold, cfg.Epochs, cfg.Patience,
			cfg.Seed+uint64(r)*1000003, cfg.Logf, fmt.Sprintf("%s run %d", name, r+1))
		if err != nil {
			return nil, nil, 0, 0, err
		}
		cfg.Logf("%s run %d: best epoch %d, dev F1 %.4f", name, r+1, e, rf)
		if w == nil {
			w, t = rw, rt
		} else {
			for k := range w {
				w[k] += rw[k]
			}
			for k := range t {
				t[k] += rt[k]
			}
		}
		epochs += e
	}
	inv := 1 / float32(cfg.Runs)
	for k := range w {
		w[k] *= inv
	}
	for k := range t {
		t[k] *= inv
	}
	epochs = (epochs + cfg.Runs/2) / cfg.Runs
	f1 = score(devGold, decodeAll(w, t, devFeats)).Overall.F1
	cfg.Logf("%s: averaged %d runs, dev F1 %.4f", name, cfg.Runs, f1)
	return w, t, epochs, f1, nil
}

// Train learns a two-stage model from cfg.TrainFile, choosing the number of
// epochs of each stage on cfg.DevFile. Stage 2 is trained on stage-1 labels
// of the training data produced by cross-validation (jackknifing), so that
// it sees stage-1 errors as they occur on unseen text. The result is
// deterministic given the seed and the input files. Stage 2 is kept only
// when it beats stage 1 on the dev set. Train stops with ctx's error when
// ctx is cancelled.
func Train(ctx context.Context, cfg TrainConfig) (*Model, error) {
	if cfg.TrainFile == "" || cfg.DevFile == "" {
		return nil, errors.New("train ner: both a training and a dev file are needed")
	}
	cfg.defaults()
	clusters, err := readClusters(cfg.ClusterFile)
	if err != nil {
		return nil, err
	}
	phrases, err := readGazetteer(cfg.GazetteerFile)
	if err != nil {
		return nil, err
	}
	res := resources{clusters: clusters, gaz: newGazetteer(phrases)}
	tr, err := readGold(cfg.TrainFile, &res)
	if err != nil {
		return nil, err
	}
	dev, err := readGold(cfg.DevFile, &res)
	if err != nil {
		return nil, err
	}
	// Feature ids: every feature seen in training text gets one.
	ids := map[uint64]int32{}
	var hashes []uint64
	grow := func(h uint64) int32 {
		if id, ok := ids[h]; ok {
			return id
		}
		id := int32(len(hashes))
		ids[h] = id
		hashes = append(hashes, h)
		return id
	}
	lookup := func(h uint64) int32 {
		if id, ok := ids[h]; ok {
			return id
		}
		return -1
	}
	extract1 := func(ts *trainSet, id func(uint64) int32) {
		fz := featurizer{id: id}
		ts.f1 = make([][]sentFeats, len(ts.docs))
		for d, doc := range ts.docs {
			ds := newDocStats(doc, countForms(doc))
			ts.f1[d] = make([]sentFeats, len(doc))
			fz.stage1(doc, &ds, ts.f1[d])
		}
	}
	extract1(tr, grow)
	extract1(dev, lookup)
	cfg.Logf("stage 1: %d features from %d training documents", len(hashes), len(tr.docs))
	all := make([]int, len(tr.docs))
	for i := range all {
		all[i] = i
	}
	w1, t1, e1, f1, err := trainAveraged(ctx, &cfg, len(hashes), tr.f1, tr.gold, all, dev.f1, dev.gold, "stage 1")
	if err != nil {
		return nil, err
	}
	info := Info{Seed: cfg.Seed, Epochs1: e1, DevF1: f1}
	m := &Model{res: res, w1: w1, t1: t1}
	nStage1 := len(hashes)
	if cfg.Folds >= 2 {
		// Jackknife stage-1 labels for the training documents.
		trPred := make([][][]int8, len(tr.docs))
		for k := 0; k < cfg.Folds; k++ {
			var in, out []int
			for d := range tr.docs {
				if d%cfg.Folds == k {
					out = append(out, d)
				} else {
					in = append(in, d)
				}
			}
			fw, ft, _, _, err := trainStage(ctx, nStage1, tr.f1, tr.gold, in, nil, nil, e1, 0, cfg.Seed+uint64(k)+1, cfg.Logf, "fold")
			if err != nil {
				return nil, err
			}
			for _, d := range out {
				trPred[d] = decodeAll(fw, ft, tr.f1[d:d+1])[0]
			}
			cfg.Logf("fold %d/%d done", k+1, cfg.Folds)
		}
		devPred := decodeAll(w1, t1, dev.f1)
		extract2 := func(ts *trainSet, pred [][][]int8, id func(uint64) int32) {
			fz := featurizer{id: id}
			ts.f2 = make([][]sentFeats, len(ts.docs))
			for d, doc := range ts.docs {
				ts.f2[d] = make([]sentFeats, len(doc))
				fz.stage2(doc, ts.f1[d], pred[d], ts.f2[d])
			}
		}
		extract2(tr, trPred, grow)
		extract2(dev, devPred, lookup)
		cfg.Logf("stage 2: %d features", len(hashes))
		w2, t2, e2, f2, err := trainAveraged(ctx, &cfg, len(hashes), tr.f2, tr.gold, all, dev.f2, dev.gold, "stage 2")
		if err != nil {
			return nil, err
		}
		if f2 > f1 {
			m.w2, m.t2 = w2, t2
			info.Epochs2, info.DevF1 = e2, f2
			// Stage-1 weights for features stage 1 never saw are zero.
			m.w1 = append(m.w1, make([]float32, len(w2)-len(w1))...)
		}
	}
	m.hashes = hashes
	if m.w2 == nil {
		m.hashes = hashes[:nStage1]
	}
	m.prune()
	m.info = info
	m.info.Features = len(m.hashes)
	m.index()
	return m, nil
}

// prune drops features whose weights are all (near) zero in every stage.
func (m *Model) prune() {
	const eps = 1e-6
	keep := 0
	for f := range m.hashes {
		nz := false
		for l := 0; l < nLab; l++ {
			k := f*nLab + l
			if abs32(m.w1[k]) > eps || (m.w2 != nil && abs32(m.w2[k]) > eps) {
				nz = true
				break
			}
		}
		if !nz {
			continue
		}
		m.hashes[keep] = m.hashes[f]
		copy(m.w1[keep*nLab:], m.w1[f*nLab:(f+1)*nLab])
		if m.w2 != nil {
			copy(m.w2[keep*nLab:], m.w2[f*nLab:(f+1)*nLab])
		}
		keep++
	}
	m.hashes = m.hashes[:keep:keep]
	m.w1 = slices.Clip(m.w1[:keep*nLab])
	if m.w2 != nil {
		m.w2 = slices.Clip(m.w2[:keep*nLab])
	}
}

func abs32(x float32) float32 {
	if x < 0 {
		return -x
	}
	return x
}

func sortStrings(s []string) { slices.Sort(s) }
