package tokenizer

import "strings"

// The pre-token cache: text repeats its words, so each Tokenizer remembers
// the ids of the pre-tokens it has encoded (a sync.Map, read without locks
// from any goroutine). It is bounded: when it holds more than its size it
// is emptied and refills with what is in use.

// DefaultCacheSize is the number of pre-tokens a new Tokenizer caches.
const DefaultCacheSize = 1 << 16

// maxCachedLen is the longest pre-token, in bytes, worth caching: longer
// ones rarely repeat.
const maxCachedLen = 64

// SetCacheSize sets how many pre-tokens the tokenizer caches (0 turns the
// cache off) and empties the cache. Negative sizes are an error.
func (t *Tokenizer) SetCacheSize(n int) error {
	if n < 0 {
		return errorf("cache size %d is negative", n)
	}
	t.cacheSize.Store(int64(n))
	t.cache.Clear()
	t.cacheLen.Store(0)
	return nil
}

// cached returns the ids of pre-token piece if they are cached.
func (t *Tokenizer) cached(piece string) ([]int32, bool) {
	if v, ok := t.cache.Load(piece); ok {
		return v.([]int32), true
	}
	return nil, false
}

// remember caches ids (the tail of the encoding buffer) for piece.
func (t *Tokenizer) remember(piece string, ids []int) {
	size := t.cacheSize.Load()
	if size == 0 || len(piece) > maxCachedLen {
		return
	}
	if t.cacheLen.Add(1) > size {
		t.cache.Clear()
		t.cacheLen.Store(1)
	}
	v := make([]int32, len(ids))
	for i, id := range ids {
		v[i] = int32(id)
	}
	// Clone: the key must not keep the caller's whole text alive.
	t.cache.Store(strings.Clone(piece), v)
}
