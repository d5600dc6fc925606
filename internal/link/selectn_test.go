package link

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSelectFirst checks the quickselect against a sort: the n first
// elements are the n least, for every n, on inputs with repeated keys
// (ties broken by position, as the callers break them by term).
func TestSelectFirst(t *testing.T) {
	type kv struct{ k, id int }
	less := func(a, b kv) bool { return a.k < b.k || a.k == b.k && a.id < b.id }
	r := rand.New(rand.NewPCG(1, 2))
	for _, size := range []int{0, 1, 2, 3, 10, 100, 1000} {
		for _, keys := range []int{1, 3, 1000} {
			in := make([]kv, size)
			for i := range in {
				in[i] = kv{r.IntN(keys), i}
			}
			want := slices.Clone(in)
			slices.SortFunc(want, func(a, b kv) int {
				if less(a, b) {
					return -1
				}
				if less(b, a) {
					return 1
				}
				return 0
			})
			for n := 0; n <= size; n += max(1, size/7) {
				got := slices.Clone(in)
				selectFirst(got, n, less)
				head := slices.Clone(got[:n])
				slices.SortFunc(head, func(a, b kv) int { return a.id - b.id })
				wantHead := slices.Clone(want[:n])
				slices.SortFunc(wantHead, func(a, b kv) int { return a.id - b.id })
				if !slices.Equal(head, wantHead) {
					t.Fatalf("size %d keys %d n %d: first %v, want %v", size, keys, n, head, wantHead)
				}
			}
		}
	}
}
