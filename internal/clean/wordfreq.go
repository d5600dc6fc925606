package clean

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"sync"
)

// wordfreqGz is the embedded English word-frequency table, built from the
// news text of the development data by BuildWordFreq (see DATA.md).
//
//go:embed wordfreq.bin.gz
var wordfreqGz []byte

// wordFreqMagic opens the uncompressed table format.
const wordFreqMagic = "SLWF1\n"

// minTableCount is the smallest count a word needs to enter the table.
const minTableCount = 2

// wordStat holds the counts of one word (keyed by its lower-case form).
type wordStat struct {
	N      uint32 // all occurrences, any case
	Lower  uint32 // occurrences written all in lower case
	CapMid uint32 // occurrences with an upper-case first letter, not sentence-initial
	// Spread is the smallest share, in permille, of the documents of each
	// source (TempEval-3 silver, Timeline17, ECB+) that contain the word:
	// high only for words used in every kind of news (function words),
	// low for topic words however frequent ("oil" in a Timeline17 topic).
	Spread uint32
}

// wordTable is an immutable word-frequency table.
type wordTable struct {
	words   map[string]wordStat
	bigrams []uint32 // sorted hashes of "left right" seen at least twice
	compL   map[string]uint16
	compR   map[string]uint16
	total   uint64 // sum of N over all tokens counted, including dropped rare words
	docs    uint64 // documents counted
}

// defaultTable loads the embedded table once, on first use. It is immutable
// after loading and shared by all cleaners.
var defaultTable = sync.OnceValue(func() *wordTable {
	t, err := readWordTable(bytes.NewReader(wordfreqGz))
	if err != nil {
		// The embedded table is part of the binary; failing to read it is a
		// build defect, but cleaning must still work: fall back to empty.
		return &wordTable{words: map[string]wordStat{}, total: 1, docs: 1}
	}
	return t
})

// lookup returns the statistics of the lower-case word w.
func (t *wordTable) lookup(w string) (wordStat, bool) {
	s, ok := t.words[w]
	return s, ok
}

// hasBigram reports whether the lower-case words left and right were seen
// next to each other at least twice (up to hash collisions, ~1e-4).
func (t *wordTable) hasBigram(left, right []byte) bool {
	h := bigramHashParts(left, right)
	_, ok := slices.BinarySearch(t.bigrams, h)
	return ok
}

// bigramHash is FNV-1a over "left right".
func bigramHash(k string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(k); i++ {
		h ^= uint32(k[i])
		h *= 16777619
	}
	return h
}

func bigramHashParts(left, right []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range left {
		h ^= uint32(c)
		h *= 16777619
	}
	h ^= ' '
	h *= 16777619
	for _, c := range right {
		h ^= uint32(c)
		h *= 16777619
	}
	return h
}

// readWordTable decodes a gzip'd table written by writeWordTable.
func readWordTable(r io.Reader) (*wordTable, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("wordfreq: open gzip: %w", err)
	}
	defer zr.Close()
	br := bufio.NewReader(zr)
	magic := make([]byte, len(wordFreqMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != wordFreqMagic {
		return nil, errors.New("wordfreq: bad magic")
	}
	total, err1 := binary.ReadUvarint(br)
	docs, err2 := binary.ReadUvarint(br)
	if err := errors.Join(err1, err2); err != nil {
		return nil, fmt.Errorf("wordfreq: header: %w", err)
	}
	n, err := binary.ReadUvarint(br)
	if err != nil {
		return nil, fmt.Errorf("wordfreq: count: %w", err)
	}
	t := &wordTable{words: make(map[string]wordStat, n), total: total, docs: docs}
	var prev []byte
	for i := uint64(0); i < n; i++ {
		shared, err1 := binary.ReadUvarint(br)
		sufLen, err2 := binary.ReadUvarint(br)
		if err := errors.Join(err1, err2); err != nil {
			return nil, fmt.Errorf("wordfreq: word %d: %w", i, err)
		}
		if shared > uint64(len(prev)) || sufLen > 64 {
			return nil, fmt.Errorf("wordfreq: word %d: bad lengths", i)
		}
		suf := make([]byte, sufLen)
		if _, err := io.ReadFull(br, suf); err != nil {
			return nil, fmt.Errorf("wordfreq: word %d: %w", i, err)
		}
		prev = append(prev[:shared], suf...)
		var v [4]uint64
		for j := range v {
			x, err := binary.ReadUvarint(br)
			if err != nil {
				return nil, fmt.Errorf("wordfreq: word %d: %w", i, err)
			}
			v[j] = x
		}
		t.words[string(prev)] = wordStat{N: uint32(v[0]), Lower: uint32(v[1]), CapMid: uint32(v[2]), Spread: uint32(v[3])}
	}
	nb, err := binary.ReadUvarint(br)
	if err != nil {
		return nil, fmt.Errorf("wordfreq: bigram count: %w", err)
	}
	t.bigrams = make([]uint32, 0, nb)
	last := uint64(0)
	for i := uint64(0); i < nb; i++ {
		d, err := binary.ReadUvarint(br)
		if err != nil {
			return nil, fmt.Errorf("wordfreq: bigram %d: %w", i, err)
		}
		last += d
		t.bigrams = append(t.bigrams, uint32(last))
	}
	if t.total == 0 {
		t.total = 1
	}
	if t.docs == 0 {
		t.docs = 1
	}
	t.compoundParts()
	return t, nil
}

// writeWordTable encodes counts (lower-case word → stats), keeping words
// with N ≥ minTableCount, sorted, front-coded, gzip'd. Output is
// deterministic for the same counts.
func writeWordTable(w io.Writer, counts map[string]*wordStat, bigrams map[string]uint32, total, docs uint64) error {
	keys := make([]string, 0, len(counts))
	for k, s := range counts {
		if s.N >= minTableCount {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("wordfreq: gzip: %w", err)
	}
	bw := bufio.NewWriter(zw)
	var buf [binary.MaxVarintLen64]byte
	put := func(x uint64) {
		n := binary.PutUvarint(buf[:], x)
		bw.Write(buf[:n])
	}
	bw.WriteString(wordFreqMagic)
	put(total)
	put(docs)
	put(uint64(len(keys)))
	prev := ""
	for _, k := range keys {
		p := 0
		for p < len(prev) && p < len(k) && prev[p] == k[p] {
			p++
		}
		put(uint64(p))
		put(uint64(len(k) - p))
		bw.WriteString(k[p:])
		s := counts[k]
		put(uint64(s.N))
		put(uint64(s.Lower))
		put(uint64(s.CapMid))
		put(uint64(s.Spread))
		prev = k
	}
	// Bigrams seen at least minTableCount times, as sorted 32-bit hashes,
	// delta-coded.
	hs := make([]uint32, 0, len(bigrams)/4)
	for k, n := range bigrams {
		if n >= minTableCount {
			hs = append(hs, bigramHash(k))
		}
	}
	sort.Slice(hs, func(i, j int) bool { return hs[i] < hs[j] })
	hs = slices.Compact(hs)
	put(uint64(len(hs)))
	last := uint32(0)
	for _, h := range hs {
		put(uint64(h - last))
		last = h
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("wordfreq: write: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("wordfreq: close gzip: %w", err)
	}
	return nil
}
