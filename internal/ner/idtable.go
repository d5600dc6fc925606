package ner

// idTable maps feature hashes to feature ids with open addressing; it is
// read-only after construction and faster than a Go map for this use.
type idTable struct {
	keys  []uint64 // 0 = empty slot; hash 0 is stored as 1 (see key)
	vals  []int32
	mask  uint64
	shift uint
}

func key(h uint64) uint64 {
	if h == 0 {
		return 1
	}
	return h
}

func newIDTable(hashes []uint64) *idTable {
	size := uint64(16)
	bits := uint(4)
	for size < uint64(len(hashes))*2 {
		size <<= 1
		bits++
	}
	t := &idTable{keys: make([]uint64, size), vals: make([]int32, size), mask: size - 1, shift: 64 - bits}
	for id, h := range hashes {
		k := key(h)
		for i := t.slot(k); ; i = (i + 1) & t.mask {
			if t.keys[i] == 0 || t.keys[i] == k {
				t.keys[i] = k
				t.vals[i] = int32(id)
				break
			}
		}
	}
	return t
}

func (t *idTable) slot(k uint64) uint64 { return (k * 0x9e3779b97f4a7c15) >> t.shift }

// get returns the id of hash h, or -1.
func (t *idTable) get(h uint64) int32 {
	k := key(h)
	for i := t.slot(k); ; i = (i + 1) & t.mask {
		switch t.keys[i] {
		case k:
			return t.vals[i]
		case 0:
			return -1
		}
	}
}
