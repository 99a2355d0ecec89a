package kernels

import "gpt2/quant"

// fastF32 is the product for F32 weights: four rows of W against one or
// two rows of X at a time, with the rows read in place.
func fastF32(w *quant.Matrix, x []float32, T int, y []float32, n0, n1 int, _ []float32) {
	K, N := w.Cols, w.Rows
	n := n0
	for ; n+rowGroup <= n1; n += rowGroup {
		r := w.F32[n*K : (n+rowGroup)*K]
		rows4(r[:K], r[K:2*K], r[2*K:3*K], r[3*K:], x, T, y[n:], N)
	}
	for ; n < n1; n++ {
		r := w.F32[n*K : (n+1)*K]
		for t := 0; t < T; t++ {
			y[t*N+n] = dot1(r, x[t*K:(t+1)*K])
		}
	}
}

// rows4 writes y[t*N+i] = r_i · x[t] for the four rows r0..r3 (K values
// each, K = len(r0)) and t < T: x [T, K], y [T, N] offset to the first
// of the four columns. Pairs of input rows share each load of the weights.
func rows4(r0, r1, r2, r3, x []float32, T int, y []float32, N int) {
	K := len(r0)
	t := 0
	for ; t+2 <= T; t += 2 {
		a0, a1, a2, a3, b0, b1, b2, b3 := dot4x2(r0, r1, r2, r3, x[t*K:(t+1)*K], x[(t+1)*K:(t+2)*K])
		ya, yb := y[t*N:t*N+4], y[(t+1)*N:(t+1)*N+4]
		ya[0], ya[1], ya[2], ya[3] = a0, a1, a2, a3
		yb[0], yb[1], yb[2], yb[3] = b0, b1, b2, b3
	}
	if t < T {
		s0, s1, s2, s3 := dot4(r0, r1, r2, r3, x[t*K:(t+1)*K])
		yt := y[t*N : t*N+4]
		yt[0], yt[1], yt[2], yt[3] = s0, s1, s2, s3
	}
}

// dot4x2 returns the dot products of the four rows w0..w3 (at least
// len(xa) values each) with xa and with xb, summed in the same order as
// dot4.
func dot4x2(w0, w1, w2, w3, xa, xb []float32) (a0, a1, a2, a3, b0, b1, b2, b3 float32) {
	K := len(xa)
	xb, w0, w1, w2, w3 = xb[:K], w0[:K], w1[:K], w2[:K], w3[:K]
	k := 0
	for ; k <= K-4; k += 4 {
		u0, u1, u2, u3 := xa[k], xa[k+1], xa[k+2], xa[k+3]
		v0, v1, v2, v3 := xb[k], xb[k+1], xb[k+2], xb[k+3]
		c0, c1, c2, c3 := w0[k], w0[k+1], w0[k+2], w0[k+3]
		a0 += c0*u0 + c1*u1 + c2*u2 + c3*u3
		b0 += c0*v0 + c1*v1 + c2*v2 + c3*v3
		c0, c1, c2, c3 = w1[k], w1[k+1], w1[k+2], w1[k+3]
		a1 += c0*u0 + c1*u1 + c2*u2 + c3*u3
		b1 += c0*v0 + c1*v1 + c2*v2 + c3*v3
		c0, c1, c2, c3 = w2[k], w2[k+1], w2[k+2], w2[k+3]
		a2 += c0*u0 + c1*u1 + c2*u2 + c3*u3
		b2 += c0*v0 + c1*v1 + c2*v2 + c3*v3
		c0, c1, c2, c3 = w3[k], w3[k+1], w3[k+2], w3[k+3]
		a3 += c0*u0 + c1*u1 + c2*u2 + c3*u3
		b3 += c0*v0 + c1*v1 + c2*v2 + c3*v3
	}
	for ; k < K; k++ {
		u, v := xa[k], xb[k]
		a0, b0 = a0+w0[k]*u, b0+w0[k]*v
		a1, b1 = a1+w1[k]*u, b1+w1[k]*v
		a2, b2 = a2+w2[k]*u, b2+w2[k]*v
		a3, b3 = a3+w3[k]*u, b3+w3[k]*v
	}
	return a0, a1, a2, a3, b0, b1, b2, b3
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
