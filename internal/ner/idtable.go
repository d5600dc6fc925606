package ner

// idTable maps feature hashes to feature ids with open addressing (linear
// probing, key and id side by side so that a lookup touches one cache
// line); it is read-only after construction and faster than a Go map here.
type idTable struct {
	slots []idSlot
	mask  uint64
	shift uint
}

type idSlot struct {
	key uint64 // 0 = empty; hash 0 is stored as 1 (see slotKey)
	id  int32
}

func slotKey(h uint64) uint64 {
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
	t := &idTable{slots: make([]idSlot, size), mask: size - 1, shift: 64 - bits}
	for id, h := range hashes {
		k := slotKey(h)
		for i := t.slot(k); ; i = (i + 1) & t.mask {
			if s := &t.slots[i]; s.key == 0 || s.key == k {
				s.key, s.id = k, int32(id)
				break
			}
		}
	}
	return t
}

func (t *idTable) slot(k uint64) uint64 { return (k * 0x9e3779b97f4a7c15) >> t.shift }

// get returns the id of hash h, or -1.
func (t *idTable) get(h uint64) int32 {
	k := slotKey(h)
	for i := t.slot(k); ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.key == k {
			return s.id
		}
		if s.key == 0 {
			return -1
		}
	}
}

// appendIDs appends to ids the ids of the hashes hs that have one, in the
// order of hs.
func (t *idTable) appendIDs(ids []int32, hs []uint64) []int32 {
	for _, h := range hs {
		if id := t.get(h); id >= 0 {
			ids = append(ids, id)
		}
	}
	return ids
}
