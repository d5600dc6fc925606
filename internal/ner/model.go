package ner

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/storyline-news/storyline/internal/evaluate"
	"github.com/storyline-news/storyline/internal/text"
)

// Model is a trained two-stage tagger: stage 1 labels tokens from local
// and label-free document features; stage 2 adds features from how stage 1
// labelled the same word forms elsewhere in the document. A Model is
// immutable and safe for concurrent use.
type Model struct {
	res    resources
	ids    *idTable
	hashes []uint64  // feature hash of id i
	w1, w2 []float32 // feature-major weights, nLab per feature
	t1, t2 []float32 // transitions, transLen (see tokenBucket)
	info   Info

	// rows holds, per feature, its w1 row followed, when the model has a
	// stage 2, by its w2 row: the layout tagging reads (see index).
	rows []float32
	pool sync.Pool // of *workspace, the scratch memory of tagging calls
}

// index builds the lookups tagging uses from the hashes and weights of m.
func (m *Model) index() {
	m.ids = newIDTable(m.hashes)
	if m.w2 == nil {
		m.rows = m.w1
		return
	}
	m.rows = make([]float32, 0, len(m.w1)+len(m.w2))
	for f := range m.hashes {
		m.rows = append(m.rows, m.w1[f*nLab:(f+1)*nLab]...)
		m.rows = append(m.rows, m.w2[f*nLab:(f+1)*nLab]...)
	}
}

// Info describes how a model was trained.
type Info struct {
	Seed     uint64  // shuffling seed
	Epochs1  int     // epochs of stage 1 (chosen on the dev set; mean over the averaged runs)
	Epochs2  int     // epochs of stage 2 (likewise; 0 when stage 2 did not help and was dropped)
	DevF1    float64 // entity-level F1 on the dev set at the chosen epochs
	Features int     // number of features with non-zero weights
}

// Info returns how m was trained.
func (m *Model) Info() Info { return m.info }

// featurizer turns prepared documents into feature ids; it is the one
// place where tagging and training share feature extraction.
type featurizer struct {
	id   func(uint64) int32 // feature hash to id; -1 drops the feature
	hbuf []uint64
}

func (fz *featurizer) stage1(doc [][]token, ds *docStats, out []sentFeats) {
	n := 0
	for _, toks := range doc {
		n += len(toks)
	}
	arena := make([]int32, 0, n*64) // all ids of the document, in (usually) one allocation
	starts := make([]int, len(doc)+1)
	for s, toks := range doc {
		sf := &out[s]
		sf.reset()
		starts[s] = len(arena)
		for i := range toks {
			sf.bucket = append(sf.bucket, tokenBucket(&toks[i]))
			fz.hbuf = localFeatures(fz.hbuf[:0], toks, i, ds)
			arena = fz.appendIDs(arena, fz.hbuf)
			sf.off = append(sf.off, int32(len(arena)-starts[s]))
		}
	}
	starts[len(doc)] = len(arena)
	for s := range doc {
		out[s].ids = arena[starts[s]:starts[s+1]:starts[s+1]]
	}
}

// stage2 gives each sentence the memory features of its tokens, on top of
// (as base) its stage-1 features.
func (fz *featurizer) stage2(doc [][]token, base []sentFeats, pred [][]int8, out []sentFeats) {
	mem := newDocMemory(doc, pred, countForms(doc))
	n := 0
	for _, toks := range doc {
		n += len(toks)
	}
	arena := make([]int32, 0, n*16)
	starts := make([]int, len(doc)+1)
	for s, toks := range doc {
		sf := &out[s]
		sf.reset()
		starts[s] = len(arena)
		sf.base = &base[s]
		sf.bucket = append(sf.bucket, base[s].bucket...)
		for i := range toks {
			fz.hbuf = memoryFeatures(fz.hbuf[:0], toks, pred[s], i, mem)
			arena = fz.appendIDs(arena, fz.hbuf)
			sf.off = append(sf.off, int32(len(arena)-starts[s]))
		}
	}
	starts[len(doc)] = len(arena)
	for s := range doc {
		out[s].ids = arena[starts[s]:starts[s+1]:starts[s+1]]
	}
}

func (fz *featurizer) appendIDs(ids []int32, hs []uint64) []int32 {
	for _, h := range hs {
		if id := fz.id(h); id >= 0 {
			ids = append(ids, id)
		}
	}
	return ids
}

// countForms returns the number of distinct lower forms of a prepared
// document (one more than its largest token.form).
func countForms(doc [][]token) int {
	n := 0
	for _, toks := range doc {
		for i := range toks {
			n = max(n, int(toks[i].form)+1)
		}
	}
	return n
}

// workspace is the scratch memory of one tagging call. Models keep
// workspaces in a pool, so that tagging allocates little beyond its
// results once the pool is warm.
type workspace struct {
	prep         docPrep
	ds           docStats
	mem          docMemory
	hbuf         []uint64
	ids          []int32   // feature ids of one token
	wordSums     []float32 // per distinct word: its stage-1 and stage-2 sums over its wordFeatures
	wordDone     []bool    // per distinct word: wordSums holds its sums
	emit1, emit2 []float32 // emission scores of stages 1 and 2, nLab per token of the document
	bucket       []uint8   // tokenBucket per token of the document
	delta        []float32 // Viterbi lattice of one sentence
	back         []int8    // Viterbi back-pointers of one sentence
	pred1, pred2 []int8    // labels per token of the document
	sent1, sent2 [][]int8  // per sentence views of pred1 and pred2

	// used by TagText only
	spans []text.Span
	stoks []text.Token // tokens of the whole text (sentence splitting)
	toks  []text.Token // tokens of all sentences, offsets into the text
	words []string     // token texts of all sentences
	lens  []int        // number of tokens per sentence
	doc   [][]string   // per sentence views of words
	tags  []string
}

func (m *Model) workspace() *workspace {
	if ws, ok := m.pool.Get().(*workspace); ok {
		return ws
	}
	return new(workspace)
}

// maxPooledTokens bounds the size of the documents whose workspaces go
// back to the pool, so that one huge document does not pin its buffers.
const maxPooledTokens = 1 << 16

func (m *Model) release(ws *workspace) {
	if len(ws.prep.toks) <= maxPooledTokens && len(ws.stoks) <= maxPooledTokens {
		m.pool.Put(ws)
	}
}

// TagDocument tags one document given as sentences of tokens and returns
// BIO tags (B-PER, I-ORG, O, ...) in the same shape.
func (m *Model) TagDocument(doc [][]string) [][]string {
	ws := m.workspace()
	defer m.release(ws)
	pred := m.predict(ws, doc)
	n := 0
	for _, p := range pred {
		n += len(p)
	}
	tags := make([]string, n)
	out := make([][]string, len(pred))
	for s, p := range pred {
		out[s] = tags[:len(p):len(p)]
		tags = tags[len(p):]
		for i, l := range p {
			out[s][i] = bioTags[l]
		}
	}
	return out
}

// predict returns the labels of the sentences of words, in the memory of
// ws.
//
// It computes the emission scores of each token directly from its feature
// hashes, adding the weight rows of its features in the order the features
// are extracted, exactly as viterbi does from the sentFeats of training:
// stage 1 sums the w1 rows of the stage-1 features; stage 2 sums the w2
// rows of the stage-1 features (gathered in the same pass), then those of
// the stage-2 features. The float32 sums, and so the labels, are therefore
// those of the training-time decoder. The stage-1 features start with the
// word's own (wordFeatures), so the partial sums over those are computed
// once per distinct word and copied for its other occurrences: the same
// additions in the same order.
func (m *Model) predict(ws *workspace, words [][]string) [][]int8 {
	doc := m.res.prepare(&ws.prep, words)
	nf := ws.prep.nForms()
	ws.ds.reset(doc, nf)
	n, maxLen := 0, 0
	for _, toks := range doc {
		n += len(toks)
		maxLen = max(maxLen, len(toks))
	}
	two := m.w2 != nil
	ws.emit1 = resize(ws.emit1, n*nLab)
	if two {
		ws.emit2 = resize(ws.emit2, n*nLab)
	}
	ws.bucket = slices.Grow(ws.bucket[:0], n)[:n]
	nw := len(ws.prep.words)
	ws.wordDone = resize(ws.wordDone, nw)
	ws.wordSums = slices.Grow(ws.wordSums[:0], nw*2*nLab)[:nw*2*nLab]
	ws.delta = slices.Grow(ws.delta[:0], maxLen*nLab)[:maxLen*nLab]
	ws.back = slices.Grow(ws.back[:0], maxLen*nLab)[:maxLen*nLab]
	ws.pred1 = slices.Grow(ws.pred1[:0], n)[:n]
	ws.sent1 = slices.Grow(ws.sent1[:0], len(doc))[:len(doc)]

	k := 0 // index of the sentence's first token in the document
	for s, toks := range doc {
		for i := range toks {
			ws.bucket[k+i] = tokenBucket(&toks[i])
			e1 := (*[nLab]float32)(ws.emit1[(k+i)*nLab:])
			var e2 *[nLab]float32
			if two {
				e2 = (*[nLab]float32)(ws.emit2[(k+i)*nLab:])
			}
			// The sums start with the word's own features, the same for
			// every occurrence of the word: computed once per document.
			w := int(ws.prep.wid[k+i])
			cached := ws.wordSums[w*2*nLab:][:2*nLab]
			if ws.wordDone[w] {
				copy(e1[:], cached[:nLab])
				if two {
					copy(e2[:], cached[nLab:])
				}
			} else {
				ws.hbuf = wordFeatures(ws.hbuf[:0], &toks[i])
				m.addFeatures(ws, e1, e2)
				copy(cached[:nLab], e1[:])
				if two {
					copy(cached[nLab:], e2[:])
				}
				ws.wordDone[w] = true
			}
			ws.hbuf = contextFeatures(ws.hbuf[:0], toks, i, &ws.ds)
			m.addFeatures(ws, e1, e2)
		}
		nt := len(toks)
		ws.sent1[s] = decode(m.t1, ws.bucket[k:k+nt], ws.emit1[k*nLab:(k+nt)*nLab],
			ws.pred1[k:k:k+nt], ws.delta[:nt*nLab], ws.back[:nt*nLab])
		k += nt
	}
	if !two {
		return ws.sent1
	}

	ws.mem.reset(doc, ws.sent1, nf)
	ws.pred2 = slices.Grow(ws.pred2[:0], n)[:n]
	ws.sent2 = slices.Grow(ws.sent2[:0], len(doc))[:len(doc)]
	k = 0
	for s, toks := range doc {
		for i := range toks {
			ws.hbuf = memoryFeatures(ws.hbuf[:0], toks, ws.sent1[s], i, &ws.mem)
			ws.ids = m.ids.appendIDs(ws.ids[:0], ws.hbuf)
			addRowsStrided((*[nLab]float32)(ws.emit2[(k+i)*nLab:]), m.rows, 2*nLab, nLab, ws.ids)
		}
		nt := len(toks)
		ws.sent2[s] = decode(m.t2, ws.bucket[k:k+nt], ws.emit2[k*nLab:(k+nt)*nLab],
			ws.pred2[k:k:k+nt], ws.delta[:nt*nLab], ws.back[:nt*nLab])
		k += nt
	}
	return ws.sent2
}

// addFeatures adds to e1 (and, when the model has a stage 2, to e2) the
// weight rows of the features ws.hbuf, in order.
func (m *Model) addFeatures(ws *workspace, e1, e2 *[nLab]float32) {
	ws.ids = m.ids.appendIDs(ws.ids[:0], ws.hbuf)
	if e2 == nil {
		addRowsStrided(e1, m.rows, nLab, 0, ws.ids)
		return
	}
	addRowsStrided(e1, m.rows, 2*nLab, 0, ws.ids)
	addRowsStrided(e2, m.rows, 2*nLab, nLab, ws.ids)
}

// Entity is a named entity found in a text: bytes [Start, End) of the text,
// of type PER, ORG, LOC or MISC.
type Entity struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	Type  string `json:"type"`
}

// TagText splits text into sentences and tokens (package text), tags it as
// one document and returns its entities in text order with byte offsets.
// A courtesy title opening a person's name ("Mr", "Dr.") is left out of
// the entity, as in CoNLL annotation.
func (m *Model) TagText(txt string) []Entity {
	ws := m.workspace()
	defer m.release(ws)
	ws.spans, ws.stoks = text.AppendSentences(ws.spans[:0], txt, ws.stoks)
	ws.toks = ws.toks[:0]
	ws.words = ws.words[:0]
	ws.lens = ws.lens[:0]
	for _, sp := range ws.spans {
		first := len(ws.toks)
		ws.toks = text.AppendTokens(ws.toks, txt[sp.Start:sp.End])
		for i := first; i < len(ws.toks); i++ {
			t := &ws.toks[i]
			t.Start += sp.Start
			t.End += sp.Start
			ws.words = append(ws.words, t.Text)
		}
		ws.lens = append(ws.lens, len(ws.toks)-first)
	}
	ws.doc = ws.doc[:0]
	k := 0
	for _, n := range ws.lens {
		ws.doc = append(ws.doc, ws.words[k:k+n:k+n])
		k += n
	}
	var out []Entity
	k = 0
	for _, labs := range m.predict(ws, ws.doc) {
		toks := ws.toks[k : k+len(labs)]
		k += len(labs)
		ws.tags = ws.tags[:0]
		for _, l := range labs {
			ws.tags = append(ws.tags, bioTags[l])
		}
		for _, c := range evaluate.Chunks(ws.tags) {
			if c.Type == "PER" && c.End-c.Start > 1 && courtesyTitles[toks[c.Start].Text] {
				c.Start++
			}
			start, end := toks[c.Start].Start, toks[c.End-1].End
			out = append(out, Entity{Start: start, End: end, Text: txt[start:end], Type: c.Type})
		}
	}
	return out
}

var courtesyTitles = map[string]bool{"Mr": true, "Mr.": true, "Mrs": true, "Mrs.": true, "Ms": true, "Ms.": true,
	"Dr": true, "Dr.": true, "Prof": true, "Prof.": true, "Sir": true, "Dame": true, "Madame": true, "Monsieur": true}

// TagCoNLL reads CoNLL input (token in the first column, blank lines between
// sentences, -DOCSTART- lines between documents, tagged one document at a
// time) and writes every input line with the predicted BIO tag appended as
// a last column, blank and -DOCSTART- lines as they were.
func (m *Model) TagCoNLL(r io.Reader, w io.Writer) error {
	docs, err := ReadCoNLL(r, false)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	written := false // a blank line separates everything after the first line
	for _, doc := range docs {
		if doc.Doc != "" {
			if written {
				bw.WriteByte('\n')
			}
			bw.WriteString(doc.Doc + "\n")
			written = true
		}
		words := make([][]string, len(doc.Sentences))
		for s := range doc.Sentences {
			words[s] = doc.Sentences[s].Tokens
		}
		for s, tags := range m.TagDocument(words) {
			if written {
				bw.WriteByte('\n')
			}
			written = true
			for i, tag := range tags {
				bw.WriteString(doc.Sentences[s].Lines[i])
				bw.WriteByte(' ')
				bw.WriteString(tag)
				bw.WriteByte('\n')
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write conll: %w", err)
	}
	return nil
}

// Evaluate tags gold documents (read with ReadCoNLL(r, true)) and scores
// the tags against the gold ones with evaluate.NER.
func (m *Model) Evaluate(docs []Document) (evaluate.NERResult, error) {
	var gold, pred [][]string
	for _, doc := range docs {
		words := make([][]string, len(doc.Sentences))
		for s := range doc.Sentences {
			words[s] = doc.Sentences[s].Tokens
			gold = append(gold, toBIO(doc.Sentences[s].Gold))
		}
		pred = append(pred, m.TagDocument(words)...)
	}
	return evaluate.NER(gold, pred)
}

// modelFile is the serialised form of a Model.
type modelFile struct {
	Version       int
	Info          Info
	Hashes        []uint64
	W1, W2        []float32
	T1, T2        []float32
	ClusterWords  []string
	ClusterPaths  []string
	GazPhrases    []string
	GazClasses    []uint32
	GazClassNames []string
}

const modelVersion = 3

// Save writes m to w as a gzip'd gob stream that Load reads.
func (m *Model) Save(w io.Writer) error {
	mf := modelFile{Version: modelVersion, Info: m.info, Hashes: m.hashes,
		W1: m.w1, W2: m.w2, T1: m.t1, T2: m.t2, GazClassNames: gazClasses}
	for w := range m.res.clusters {
		mf.ClusterWords = append(mf.ClusterWords, w)
	}
	sortStrings(mf.ClusterWords)
	for _, w := range mf.ClusterWords {
		mf.ClusterPaths = append(mf.ClusterPaths, m.res.clusters[w])
	}
	gaz := m.res.gaz.entries()
	for p := range gaz {
		mf.GazPhrases = append(mf.GazPhrases, p)
	}
	sortStrings(mf.GazPhrases)
	for _, p := range mf.GazPhrases {
		mf.GazClasses = append(mf.GazClasses, gaz[p])
	}
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	if err := gob.NewEncoder(zw).Encode(&mf); err != nil {
		return fmt.Errorf("encode model: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	return nil
}

// Load reads a model written by Save.
func Load(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("load model: %w", err)
	}
	defer zr.Close()
	var mf modelFile
	if err := gob.NewDecoder(bufio.NewReader(zr)).Decode(&mf); err != nil {
		return nil, fmt.Errorf("decode model: %w", err)
	}
	if mf.Version != modelVersion {
		return nil, fmt.Errorf("load model: version %d, want %d", mf.Version, modelVersion)
	}
	if strings.Join(mf.GazClassNames, ",") != strings.Join(gazClasses, ",") {
		return nil, errors.New("load model: gazetteer classes differ from this build")
	}
	n := len(mf.Hashes)
	if len(mf.W1) != n*nLab || (mf.W2 != nil && len(mf.W2) != n*nLab) ||
		len(mf.T1) != transLen || (mf.W2 != nil && len(mf.T2) != transLen) ||
		len(mf.ClusterWords) != len(mf.ClusterPaths) || len(mf.GazPhrases) != len(mf.GazClasses) {
		return nil, errors.New("load model: inconsistent sizes")
	}
	m := &Model{hashes: mf.Hashes, w1: mf.W1, w2: mf.W2, t1: mf.T1, t2: mf.T2, info: mf.Info}
	m.index()
	m.res.clusters = make(map[string]string, len(mf.ClusterWords))
	for i, w := range mf.ClusterWords {
		m.res.clusters[w] = mf.ClusterPaths[i]
	}
	phrases := make(map[string]uint32, len(mf.GazPhrases))
	for i, p := range mf.GazPhrases {
		phrases[p] = mf.GazClasses[i]
	}
	m.res.gaz = newGazetteer(phrases)
	return m, nil
}

//go:embed model/ner.model.gz
var embeddedModel []byte

var loadEmbedded = sync.OnceValues(func() (*Model, error) {
	return Load(bytes.NewReader(embeddedModel))
})

// Default returns the model embedded in the binary, loading it on first
// use. Every call returns the same immutable model.
func Default() (*Model, error) { return loadEmbedded() }
