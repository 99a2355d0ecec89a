package generate

// Partial selection over candidates in the total order "before" (higher
// logit, then lower id): quickselect for top-k, a binary heap for top-p.
// The references in select_test.go sort everything; tests check that both
// keep the same sets.

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

// heapify makes c a heap whose root c[0] comes first in the order before.
func heapify(c []Candidate) {
	for i := len(c)/2 - 1; i >= 0; i-- {
		siftDown(c, i)
	}
}

// siftDown moves c[i] down until neither child comes before it.
func siftDown(c []Candidate, i int) {
	for {
		l := 2*i + 1
		if l >= len(c) {
			return
		}
		best := l
		if r := l + 1; r < len(c) && before(c[r], c[l]) {
			best = r
		}
		if !before(c[best], c[i]) {
			return
		}
		c[i], c[best] = c[best], c[i]
		i = best
	}
}
