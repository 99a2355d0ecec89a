package kernels

import "gpt2/quant"

// fastF32 is the product for F32 weights: four rows of W against one row
// of X at a time, with the rows read in place.
func fastF32(w *quant.Matrix, x []float32, T int, y []float32, n0, n1 int, _ []float32) {
	K, N := w.Cols, w.Rows
	n := n0
	for ; n+rowGroup <= n1; n += rowGroup {
		r := w.F32[n*K : (n+rowGroup)*K]
		for t := 0; t < T; t++ {
			s0, s1, s2, s3 := dot4(r[:K], r[K:2*K], r[2*K:3*K], r[3*K:], x[t*K:(t+1)*K])
			yt := y[t*N+n : t*N+n+4]
			yt[0], yt[1], yt[2], yt[3] = s0, s1, s2, s3
		}
	}
	for ; n < n1; n++ {
		r := w.F32[n*K : (n+1)*K]
		for t := 0; t < T; t++ {
			y[t*N+n] = dot1(r, x[t*K:(t+1)*K])
		}
	}
}

// dot4 returns the dot products of the four rows w0..w3 with x: each row
// has at least len(x) values.
func dot4(w0, w1, w2, w3, x []float32) (s0, s1, s2, s3 float32) {
	K := len(x)
	w0, w1, w2, w3 = w0[:K], w1[:K], w2[:K], w3[:K]
	k := 0
	for ; k <= K-4; k += 4 {
		x0, x1, x2, x3 := x[k], x[k+1], x[k+2], x[k+3]
		s0 += w0[k]*x0 + w0[k+1]*x1 + w0[k+2]*x2 + w0[k+3]*x3
		s1 += w1[k]*x0 + w1[k+1]*x1 + w1[k+2]*x2 + w1[k+3]*x3
		s2 += w2[k]*x0 + w2[k+1]*x1 + w2[k+2]*x2 + w2[k+3]*x3
		s3 += w3[k]*x0 + w3[k+1]*x1 + w3[k+2]*x2 + w3[k+3]*x3
	}
	for ; k < K; k++ {
		xk := x[k]
		s0 += w0[k] * xk
		s1 += w1[k] * xk
		s2 += w2[k] * xk
		s3 += w3[k] * xk
	}
	return s0, s1, s2, s3
}

// dot1 returns the dot product of w (at least len(x) values) with x.
func dot1(w, x []float32) float32 {
	K := len(x)
	w = w[:K]
	var s0, s1, s2, s3 float32
	k := 0
	for ; k <= K-4; k += 4 {
		s0 += w[k] * x[k]
		s1 += w[k+1] * x[k+1]
		s2 += w[k+2] * x[k+2]
		s3 += w[k+3] * x[k+3]
	}
	for ; k < K; k++ {
		s0 += w[k] * x[k]
	}
	return (s0 + s1) + (s2 + s3)
}

// Dot returns the dot product of a and b (len(a) values; b at least as
// long), unrolled like the kernels.
func Dot(a, b []float32) float32 { return dot1(b, a) }

// Axpy adds alpha*x to y (len(y) values; x at least as long).
func Axpy(alpha float32, x, y []float32) {
	x = x[:len(y)]
	k := 0
	for ; k <= len(y)-4; k += 4 {
		y[k] += alpha * x[k]
		y[k+1] += alpha * x[k+1]
		y[k+2] += alpha * x[k+2]
		y[k+3] += alpha * x[k+3]
	}
	for ; k < len(y); k++ {
		y[k] += alpha * x[k]
	}
}
