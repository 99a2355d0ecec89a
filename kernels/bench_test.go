package kernels

import (
	"fmt"
	"testing"
)

// BenchmarkMatVec measures one GPT-2-124M MLP product (3072 x 768) for one
// input vector (decode) and for 32 (prompt), per encoding and set.
func BenchmarkMatVec(b *testing.B) {
	const N, K = 3072, 768
	for _, d := range dtypes {
		w := randomMatrix(b, N, K, d, 1)
		for _, T := range []int{1, 32} {
			x := gaussian(T*K, 2)
			y := make([]float32, T*N)
			scratch := make([]float32, ScratchLen(K))
			for _, set := range []*Set{&Reference, &Fast} {
				if set == &Reference && T > 1 {
					continue
				}
				k := set.For(d)
				b.Run(fmt.Sprintf("%v/T%d/%s", d, T, set.Name), func(b *testing.B) {
					for b.Loop() {
						k(w, x, T, y, 0, N, scratch)
					}
					flops := 2 * float64(N) * K * float64(T) * float64(b.N)
					b.ReportMetric(flops/b.Elapsed().Seconds()/1e9, "GFLOP/s")
				})
			}
		}
	}
}
