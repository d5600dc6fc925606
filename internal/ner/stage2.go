package ner

// docMemory records how stage 1 labelled each capitalised word form in a
// document: counts per entity type (index 0 = O) of its occurrences,
// indexed by token.form.
type docMemory struct {
	memos []memo
}

type memo struct {
	types [5]int32    // occurrences per entity type, 0 = O
	pos   [nLab]int32 // occurrences per BILOU label
	seen  bool        // the form occurs capitalised
}

func newDocMemory(doc [][]token, pred [][]int8, nForms int) *docMemory {
	m := new(docMemory)
	m.reset(doc, pred, nForms)
	return m
}

// reset makes m the memory of doc labelled pred, reusing its memory.
func (m *docMemory) reset(doc [][]token, pred [][]int8, nForms int) {
	m.memos = resize(m.memos, nForms)
	for s, toks := range doc {
		for i := range toks {
			t := &toks[i]
			if !t.letters || !t.capital {
				continue
			}
			c := &m.memos[t.form]
			c.seen = true
			c.types[labelType(pred[s][i])]++
			c.pos[pred[s][i]]++
		}
	}
}

// memoryFeatures appends the stage-2 features of token i of a sentence
// whose stage-1 labels are pred.
func memoryFeatures(out []uint64, s []token, pred []int8, i int, mem *docMemory) []uint64 {
	lab := func(j int) string {
		if j < 0 {
			return "<s>"
		}
		if j >= len(s) {
			return "</s>"
		}
		return labels[pred[j]]
	}
	out = append(out,
		hash1(tS1Label, lab(i)), hash1(tS1LabelM1, lab(i-1)), hash1(tS1LabelP1, lab(i+1)),
		hash2(tS1Bigram, lab(i-1), lab(i)),
		hash1(tS1LabelM2, lab(i-2)), hash1(tS1LabelP2, lab(i+2)),
		hashAdd(hashSep(hashAdd(hash1(tS1Trigram, lab(i-1)), lab(i))), lab(i+1))) // labels "m1 t", p1
	t := &s[i]
	if !t.letters || !t.capital {
		return out
	}
	c := &mem.memos[t.form]
	if !c.seen {
		return out
	}
	counts := c.types
	counts[labelType(pred[i])]-- // other occurrences only
	pos := c.pos
	pos[pred[i]]--
	for l, n := range pos {
		if n > 0 && l > 0 {
			out = append(out, hash1(tDocPos, labels[l]))
		}
	}
	total, best, arg := int32(0), int32(0), -1
	for k, n := range counts {
		total += n
		if n > best {
			best, arg = n, k
		}
		if n > 0 && k > 0 {
			out = append(out, hash1(tDocHas, typeNames[k]))
		}
	}
	if arg >= 0 {
		out = append(out, hash1(tDocMaj, typeNames[arg]), hash2(tDocMajShape, typeNames[arg], posKind(t)))
	}
	return out
}
