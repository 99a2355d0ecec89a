package generate

// Partial selection over candidates in the total order "before" (higher
// logit, then lower id): quickselect, by rank for top-k and by probability
// mass for top-p. The references in sample_test.go sort everything; tests
// check that both keep the same sets. On the 50,257 logits of
// bench_test.go (nucleus of 38, 3,285 and 6,829 tokens at p = 0.5, 0.9,
// 0.95), timed interleaved on a loaded 2-core machine, quickselect took
// 1.0-2.0 ms, a binary heap 1.7-9.2 ms and a full sort 22-36 ms.

// selectTop reorders c so that c[:k] holds its k first candidates in the
// order before (0 < k < len(c)). Quickselect with a median-of-three pivot;
// the order is total, so there are no equal keys to degrade it.
func selectTop(c []Candidate, k int) {
	lo, hi := 0, len(c)-1
	for lo < hi {
		p := partition(c, lo, hi)
		switch {
		case p == k-1 || p == k: // c[:p] all come before c[p]
			return
		case p < k:
			lo = p + 1
		default:
			hi = p - 1
		}
	}
}

// partition orders c[lo..hi] around a pivot and returns its final index:
// everything left of it comes before it, everything right after it.
func partition(c []Candidate, lo, hi int) int {
	mid := lo + (hi-lo)/2
	// Median of three to c[hi].
	if before(c[mid], c[lo]) {
		c[mid], c[lo] = c[lo], c[mid]
	}
	if before(c[hi], c[lo]) {
		c[hi], c[lo] = c[lo], c[hi]
	}
	if before(c[mid], c[hi]) {
		c[mid], c[hi] = c[hi], c[mid]
	}
	pivot, store := c[hi], lo
	for i := lo; i < hi; i++ {
		if before(c[i], pivot) {
			c[i], c[store] = c[store], c[i]
			store++
		}
	}
	c[store], c[hi] = c[hi], c[store]
	return store
}
