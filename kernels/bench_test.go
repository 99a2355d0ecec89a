package kernels

import (
	"fmt"
	"runtime"
	"testing"
)

// BenchmarkMatVec measures one GPT-2-124M MLP product (3072 x 768) for one
// input vector (decode) and for 32 (prompt), per encoding and set. It
// reports GFLOP/s over wall time and, on Linux, over the thread's CPU time
// (GFLOP/s-cpu), which a shared machine disturbs less.
func BenchmarkMatVec(b *testing.B) {
	const N, K = 3072, 768
	for _, d := range dtypes {
		w := randomMatrix(b, N, K, d, 1)
		for _, T := range []int{1, 32} {
			x := gaussian(T*K, 2)
			y := make([]float32, T*N)
			scratch := make([]float32, ScratchLen(K))
			for _, set := range append([]*Set{&Reference}, fastSets()...) {
				if set == &Reference && T > 1 {
					continue
				}
				k := set.For(d)
				b.Run(fmt.Sprintf("%v/T%d/%s", d, T, set.Name), func(b *testing.B) {
					runtime.LockOSThread()
					defer runtime.UnlockOSThread()
					cpu0, ok0 := threadCPU()
					for b.Loop() {
						k(w, x, T, y, 0, N, scratch)
					}
					flops := 2 * float64(N) * K * float64(T) * float64(b.N)
					b.ReportMetric(flops/b.Elapsed().Seconds()/1e9, "GFLOP/s")
					if cpu1, ok1 := threadCPU(); ok0 && ok1 && cpu1 > cpu0 {
						b.ReportMetric(flops/(cpu1-cpu0).Seconds()/1e9, "GFLOP/s-cpu")
					}
				})
			}
		}
	}
}
