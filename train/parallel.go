package train

import "sync"

// parallelFor runs body over [0, n) split into at most threads contiguous
// chunks, one goroutine each. Every chunk writes disjoint outputs, so the
// result does not depend on the number of threads.
func parallelFor(n, threads int, body func(lo, hi int)) {
	if threads <= 1 || n < 2 {
		body(0, n)
		return
	}
	threads = min(threads, n)
	var wg sync.WaitGroup
	for i := 0; i < threads; i++ {
		lo, hi := n*i/threads, n*(i+1)/threads
		wg.Add(1)
		go func() {
			defer wg.Done()
			body(lo, hi)
		}()
	}
	wg.Wait()
}
