package tokenizer

import "math/bits"

// pairTable maps a merge's (left, right) ids to its rank and the id it
// makes: open addressing with linear probing over a power-of-two array at
// most half full, hashed by Fibonacci multiplication. The merge loop looks
// a pair up for every adjacent pair of every word, and this is 2-3 times
// faster than a Go map for it (natively and in wasm).
type pairTable struct {
	slots []pairSlot
	shift uint // 64 - log2(len(slots))
}

type pairSlot struct {
	key uint64 // left<<32 | right
	p   pair   // p.id < 0: empty
}

func newPairTable(n int) pairTable {
	size := 1 << bits.Len(uint(2*n)) // > 2n, so at most half full
	slots := make([]pairSlot, size)
	for i := range slots {
		slots[i].p.id = -1
	}
	return pairTable{slots: slots, shift: uint(64 - bits.Len(uint(size-1)))}
}

func (t *pairTable) home(key uint64) int {
	return int((key * 0x9E3779B97F4A7C15) >> t.shift)
}

// get returns the merge of (left, right), if there is one.
func (t *pairTable) get(left, right int32) (pair, bool) {
	key := pairKey(left, right)
	mask := len(t.slots) - 1
	for i := t.home(key); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.p.id < 0 {
			return pair{}, false
		}
		if s.key == key {
			return s.p, true
		}
	}
}

// put adds the merge of (left, right); it reports false, changing nothing,
// if the pair is already there. The table must have room (newPairTable(n)
// holds n pairs).
func (t *pairTable) put(left, right int32, p pair) bool {
	key := pairKey(left, right)
	mask := len(t.slots) - 1
	for i := t.home(key); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.p.id < 0 {
			s.key, s.p = key, p
			return true
		}
		if s.key == key {
			return false
		}
	}
}
