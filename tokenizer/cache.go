package tokenizer

import (
	"hash/maphash"
	"strings"
	"sync/atomic"
)

// The pre-token cache: text repeats its words, so each Tokenizer remembers
// the ids of pre-tokens it has encoded. It is a two-way set-associative
// table of atomic pointers: a pre-token's hash picks a pair of slots, a
// lookup is at most two atomic loads and string compares, and a store
// fills an empty slot of the pair or replaces one (picked by another bit of
// the hash). It needs no lock, is safe for concurrent use and never grows.
// (Shakespeare's 1.1 MB has 15,057 distinct pre-tokens.)

// DefaultCacheSize is the number of slots of a new Tokenizer's cache.
const DefaultCacheSize = 1 << 16

// maxCachedLen is the longest pre-token, in bytes, worth caching: longer
// ones rarely repeat.
const maxCachedLen = 64

type cacheEntry struct {
	piece string
	ids   []int32
}

type cache struct {
	seed  maphash.Seed
	slots atomic.Pointer[[]atomic.Pointer[cacheEntry]] // nil: caching off
}

// SetCacheSize sets the number of cache slots, rounded up to a power of
// two of at least 2 (0 turns the cache off), and empties the cache. Negative sizes are an
// error. Encodings running at the same time finish with either cache.
func (t *Tokenizer) SetCacheSize(n int) error {
	if n < 0 {
		return errorf("cache size %d is negative", n)
	}
	if n == 0 {
		t.cache.slots.Store(nil)
		return nil
	}
	size := 2
	for size < n {
		size *= 2
	}
	slots := make([]atomic.Pointer[cacheEntry], size)
	t.cache.slots.Store(&slots)
	return nil
}

// set returns piece's pair of slots and which one to replace, or nil when
// caching is off.
func (c *cache) set(piece string) (set []atomic.Pointer[cacheEntry], victim int) {
	slots := c.slots.Load()
	if slots == nil {
		return nil, 0
	}
	h := maphash.String(c.seed, piece)
	i := h & uint64(len(*slots)-2)
	return (*slots)[i : i+2], int(h >> 63)
}

// cached returns the ids of pre-token piece if they are cached.
func (t *Tokenizer) cached(piece string) ([]int32, bool) {
	set, _ := t.cache.set(piece)
	for i := range set {
		if e := set[i].Load(); e != nil && e.piece == piece {
			return e.ids, true
		}
	}
	return nil, false
}

// remember caches ids (the tail of the encoding buffer) for piece.
func (t *Tokenizer) remember(piece string, ids []int) {
	if len(piece) > maxCachedLen {
		return
	}
	set, victim := t.cache.set(piece)
	if set == nil {
		return
	}
	e := &cacheEntry{strings.Clone(piece), make([]int32, len(ids))} // Clone: don't keep the caller's text alive
	for i, id := range ids {
		e.ids[i] = int32(id)
	}
	if set[0].Load() == nil {
		victim = 0
	} else if set[1].Load() == nil {
		victim = 1
	}
	set[victim].Store(e)
}
