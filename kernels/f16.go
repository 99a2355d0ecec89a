package kernels

import (
	"github.com/x448/float16"

	"gpt2/quant"
)

// halfTable maps every float16 bit pattern to its float32 value (256 KiB).
// It is built once and never written after.
var halfTable = func() *[1 << 16]float32 {
	var t [1 << 16]float32
	for i := range t {
		t[i] = float16.Frombits(uint16(i)).Float32()
	}
	return &t
}()

// fastF16 is the product for F16 weights: table lookups inline for one
// input row, rows decoded once into scratch for several.
func fastF16(w *quant.Matrix, x []float32, T int, y []float32, n0, n1 int, scratch []float32) {
	if T > 1 {
		viaScratch(w, x, T, y, n0, n1, scratch, decodeF16)
		return
	}
	K := w.Cols
	n := n0
	for ; n+rowGroup <= n1; n += rowGroup {
		r := w.F16[n*K : (n+rowGroup)*K]
		s0, s1, s2, s3 := dot4F16(r[:K], r[K:2*K], r[2*K:3*K], r[3*K:], x[:K])
		yt := y[n : n+4]
		yt[0], yt[1], yt[2], yt[3] = s0, s1, s2, s3
	}
	for ; n < n1; n++ {
		y[n] = dot1(decodeF16(w, n, scratch), x[:K])
	}
}

// dot4F16 returns the dot products of four float16 rows (at least len(x)
// values each) with x.
func dot4F16(w0, w1, w2, w3 []uint16, x []float32) (s0, s1, s2, s3 float32) {
	h := halfTable
	K := len(x)
	w0, w1, w2, w3 = w0[:K], w1[:K], w2[:K], w3[:K]
	k := 0
	for ; k <= K-4; k += 4 {
		x0, x1, x2, x3 := x[k], x[k+1], x[k+2], x[k+3]
		s0 += h[w0[k]]*x0 + h[w0[k+1]]*x1 + h[w0[k+2]]*x2 + h[w0[k+3]]*x3
		s1 += h[w1[k]]*x0 + h[w1[k+1]]*x1 + h[w1[k+2]]*x2 + h[w1[k+3]]*x3
		s2 += h[w2[k]]*x0 + h[w2[k+1]]*x1 + h[w2[k+2]]*x2 + h[w2[k+3]]*x3
		s3 += h[w3[k]]*x0 + h[w3[k+1]]*x1 + h[w3[k+2]]*x2 + h[w3[k+3]]*x3
	}
	for ; k < K; k++ {
		xk := x[k]
		s0 += h[w0[k]] * xk
		s1 += h[w1[k]] * xk
		s2 += h[w2[k]] * xk
		s3 += h[w3[k]] * xk
	}
	return s0, s1, s2, s3
}

// decodeF16 writes row n of w into dst[:Cols] and returns it.
func decodeF16(w *quant.Matrix, n int, dst []float32) []float32 {
	h := halfTable
	src := w.F16[n*w.Cols : (n+1)*w.Cols]
	dst = dst[:len(src)]
	for i, v := range src {
		dst[i] = h[v]
	}
	return dst
}

// viaScratch computes rows [n0, n1) of Y = X Wᵀ for T input rows by
// decoding four rows of W into scratch and reusing them for every t.
func viaScratch(w *quant.Matrix, x []float32, T int, y []float32, n0, n1 int, scratch []float32,
	decode func(w *quant.Matrix, n int, dst []float32) []float32) {
	K, N := w.Cols, w.Rows
	n := n0
	for ; n+rowGroup <= n1; n += rowGroup {
		r0 := decode(w, n, scratch[:K])
		r1 := decode(w, n+1, scratch[K:2*K])
		r2 := decode(w, n+2, scratch[2*K:3*K])
		r3 := decode(w, n+3, scratch[3*K:4*K])
		rows4(r0, r1, r2, r3, x, T, y[n:], N)
	}
	for ; n < n1; n++ {
		r := decode(w, n, scratch[:K])
		for t := 0; t < T; t++ {
			y[t*N+n] = dot1(r, x[t*K:(t+1)*K])
		}
	}
}
