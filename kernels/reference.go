package kernels

import (
	"github.com/x448/float16"

	"gpt2/quant"
)

// refKernel is the reference product for every encoding: each weight is
// decoded on its own (quant's formulas) and accumulated in order, in
// float32.
func refKernel(w *quant.Matrix, x []float32, T int, y []float32, n0, n1 int, _ []float32) {
	K, N := w.Cols, w.Rows
	for t := 0; t < T; t++ {
		xt := x[t*K : (t+1)*K]
		for n := n0; n < n1; n++ {
			var s float32
			for k, xv := range xt {
				s += weightAt(w, n, k) * xv
			}
			y[t*N+n] = s
		}
	}
}

// weightAt decodes W[n, k].
func weightAt(w *quant.Matrix, n, k int) float32 {
	nb := quant.BlocksPerRow(w.Cols)
	b, j := n*nb+k/quant.BlockSize, k%quant.BlockSize
	switch w.DType {
	case quant.F32:
		return w.F32[n*w.Cols+k]
	case quant.F16:
		return float16.Frombits(w.F16[n*w.Cols+k]).Float32()
	case quant.Q8:
		return float32(w.Q8[b*quant.BlockSize+j]) * w.Scale[b]
	case quant.Q4:
		q := w.Q4[(b*quant.BlockSize+j)/2]
		if j%2 == 1 {
			q >>= 4
		}
		return float32(q&15)*w.Scale[b] + w.Min[b]
	}
	return 0
}
