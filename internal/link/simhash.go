package link

import (
	"math/bits"
	"time"
)

// simhashWords bounds the words a fingerprint reads: copies and versions
// of one article share their opening.
const simhashWords = 600

// simhash returns the 64-bit SimHash of the word 3-shingles of s's first
// simhashWords words (of its words when it has fewer than three), or 0 for
// a text without words.
func simhash(s string) uint64 {
	var ws []string
	wordsN(s, simhashWords, func(w string) { ws = append(ws, w) })
	return simhashOf(ws)
}

// simhashOf is simhash over words already split.
func simhashOf(ws []string) uint64 {
	if len(ws) > simhashWords {
		ws = ws[:simhashWords]
	}
	if len(ws) == 0 {
		return 0
	}
	var acc [64]int32
	add := func(parts ...string) {
		x := uint64(14695981039346656037) // FNV-1a, inline: no allocation
		for _, p := range parts {
			for i := 0; i < len(p); i++ {
				x ^= uint64(p[i])
				x *= 1099511628211
			}
			x *= 1099511628211 // separator
		}
		for i := range acc {
			acc[i] += int32(x>>uint(i)&1)*2 - 1
		}
	}
	if len(ws) < 3 {
		for _, w := range ws {
			add(w)
		}
	}
	for i := 0; i+3 <= len(ws); i++ {
		add(ws[i], ws[i+1], ws[i+2])
	}
	var out uint64
	for i, a := range acc {
		if a > 0 {
			out |= 1 << uint(i)
		}
	}
	return out
}

// dupIndex finds near-duplicate fingerprints: a fingerprint is cut into
// eight 8-bit bands, and two fingerprints within maxDist bits (≤ 7) share
// at least one band exactly, so each band is an exact-match index.
type dupIndex struct {
	bands   map[uint64][]int // band number<<8 | band value -> entries
	entries map[int]dupEntry
	next    int
}

type dupEntry struct {
	fp   uint64
	doc  string    // the original this fingerprint stands for
	seq  int       // Linker sequence of the adding document, for eviction
	date time.Time // its article date, zero when unknown
}

func newDupIndex() *dupIndex {
	return &dupIndex{bands: map[uint64][]int{}, entries: map[int]dupEntry{}}
}

func bandKeys(fp uint64) [8]uint64 {
	var k [8]uint64
	for b := range 8 {
		k[b] = uint64(b)<<8 | fp>>(8*uint(b))&0xff
	}
	return k
}

// find returns the original of the closest fingerprint within maxDist of
// fp, "" when none.
func (x *dupIndex) find(fp uint64, maxDist int) string {
	best, bestD := "", maxDist+1
	for _, k := range bandKeys(fp) {
		for _, e := range x.bands[k] {
			en, ok := x.entries[e]
			if !ok {
				continue
			}
			if d := bits.OnesCount64(en.fp ^ fp); d < bestD {
				best, bestD = en.doc, d
			}
		}
	}
	return best
}

func (x *dupIndex) add(fp uint64, doc string, seq int, date time.Time) {
	id := x.next
	x.next++
	x.entries[id] = dupEntry{fp, doc, seq, date}
	for _, k := range bandKeys(fp) {
		x.bands[k] = append(x.bands[k], id)
	}
}

// evict drops entries added before seq or dated before from, and compacts
// the bands.
func (x *dupIndex) evict(seq int, from time.Time) {
	for id, e := range x.entries {
		if e.seq < seq || !e.date.IsZero() && e.date.Before(from) {
			delete(x.entries, id)
		}
	}
	for k, ids := range x.bands {
		kept := ids[:0]
		for _, id := range ids {
			if _, ok := x.entries[id]; ok {
				kept = append(kept, id)
			}
		}
		if len(kept) == 0 {
			delete(x.bands, k)
		} else {
			x.bands[k] = kept
		}
	}
}
