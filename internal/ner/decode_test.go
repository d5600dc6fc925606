package ner

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// decodeRef is decode written generically over allowedPrev, as it was
// before being unrolled for speed.
func decodeRef(t []float32, bucket []uint8, emit []float32, out []int8, delta []float32, bp []int8) []int8 {
	n := len(bucket)
	out = out[:0]
	if n == 0 {
		return out
	}
	ninf := float32(math.Inf(-1))
	tb := t[transSize*(1+int(bucket[0])):]
	for l := 0; l < nLab; l++ {
		if allowed(nLab, l) {
			delta[l] = emit[l] + t[nLab*nLab+l] + tb[nLab*nLab+l]
		} else {
			delta[l] = ninf
		}
	}
	for i := 1; i < n; i++ {
		prev := (*[nLab]float32)(delta[(i-1)*nLab:])
		cur := (*[nLab]float32)(delta[i*nLab:])
		em := (*[nLab]float32)(emit[i*nLab:])
		bpi := (*[nLab]int8)(bp[i*nLab:])
		tb := t[transSize*(1+int(bucket[i])):]
		for l := 0; l < nLab; l++ {
			best, arg := ninf, 0
			for _, p := range allowedPrev[l] {
				k := int(p)*nLab + l
				if s := prev[p] + t[k] + tb[k]; s > best {
					best, arg = s, int(p)
				}
			}
			cur[l] = best + em[l]
			bpi[l] = int8(arg)
		}
	}
	last := delta[(n-1)*nLab : n*nLab]
	best, arg := ninf, 0
	for l, s := range last {
		if s > best && canEnd(l) {
			best, arg = s, l
		}
	}
	if cap(out) < n {
		out = make([]int8, 0, n)
	}
	out = out[:n]
	out[n-1] = int8(arg)
	for i := n - 1; i > 0; i-- {
		out[i-1] = bp[i*nLab+int(out[i])]
	}
	return out
}

// decData returns transitions and 200 sentences of buckets and emission
// scores, drawn from a fixed seed.
func decData(quant bool) ([]float32, [][]uint8, [][]float32) {
	rng := rand.New(rand.NewPCG(3, 4))
	f := func() float32 {
		if quant {
			return float32(rng.IntN(5))
		}
		return float32(rng.NormFloat64())
	}
	t := make([]float32, transLen)
	for i := range t {
		t[i] = f()
	}
	var bs [][]uint8
	var es [][]float32
	for range 200 {
		n := 1 + rng.IntN(40)
		b := make([]uint8, n)
		for i := range b {
			b[i] = uint8(rng.IntN(nBuckets))
		}
		e := make([]float32, n*nLab)
		for i := range e {
			e[i] = f()
			if i%nLab == 0 && !quant {
				e[i] += 5
			}
		}
		bs = append(bs, b)
		es = append(es, e)
	}
	return t, bs, es
}

// TestDecodeLayout checks the label layout that decode is unrolled for.
func TestDecodeLayout(t *testing.T) {
	closed := []int8{0, 3, 4, 7, 8, 11, 12, 15, 16} // O, L-*, U-*
	for l := range nLab {
		want := closed
		if pos := labelPos(l); pos == 2 || pos == 3 { // I-T, L-T
			b := int8(l - pos + 1)
			want = []int8{b, b + 1} // B-T, I-T
		}
		if !slices.Equal(allowedPrev[l], want) {
			t.Errorf("allowedPrev[%s] = %v, decode assumes %v", labels[l], allowedPrev[l], want)
		}
	}
}

// TestDecodeMatchesReference compares decode with decodeRef on random
// scores, real-valued and small integers (with many ties).
func TestDecodeMatchesReference(t *testing.T) {
	for _, ties := range []bool{false, true} {
		tr, bs, es := decData(ties)
		d := make([]float32, 40*nLab)
		bp := make([]int8, 40*nLab)
		for k := range bs {
			want := decodeRef(tr, bs[k], es[k], nil, d, bp)
			if got := decode(tr, bs[k], es[k], nil, d, bp); !slices.Equal(got, want) {
				t.Fatalf("ties %v, sentence %d: decode = %v, want %v", ties, k, got, want)
			}
		}
	}
}

func BenchmarkDecode(b *testing.B) {
	tr, bs, es := decData(false)
	d := make([]float32, 40*nLab)
	bp := make([]int8, 40*nLab)
	out := make([]int8, 40)
	for b.Loop() {
		for k := range bs {
			decode(tr, bs[k], es[k], out, d, bp)
		}
	}
}
