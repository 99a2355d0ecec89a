package kernels

import "gpt2/quant"

const bs = quant.BlockSize

// fastQ8 is the product for Q8 weights: per block of 32, the scale times
// the dot of the int8 values with x, four rows at a time.
func fastQ8(w *quant.Matrix, x []float32, T int, y []float32, n0, n1 int, scratch []float32) {
	if T > 1 {
		viaScratch(w, x, T, y, n0, n1, scratch, decodeQ8)
		return
	}
	K := w.Cols
	nb := quant.BlocksPerRow(K)
	n := n0
	for ; n+rowGroup <= n1; n += rowGroup {
		q := w.Q8[n*nb*bs : (n+rowGroup)*nb*bs]
		sc := w.Scale[n*nb : (n+rowGroup)*nb]
		L := nb * bs
		s0, s1, s2, s3 := dot4Q8(q[:L], q[L:2*L], q[2*L:3*L], q[3*L:], sc, x[:K])
		yt := y[n : n+4]
		yt[0], yt[1], yt[2], yt[3] = s0, s1, s2, s3
	}
	for ; n < n1; n++ {
		y[n] = dot1(decodeQ8(w, n, scratch), x[:K])
	}
}

// dot4Q8 returns the dot products with x of four Q8 rows q0..q3 (nb blocks
// of 32 each) whose scales are sc[0:nb], sc[nb:2nb], ... The loop over a
// block is inline: under WebAssembly a call per block costs more than the
// block's arithmetic.
func dot4Q8(q0, q1, q2, q3 []int8, sc []float32, x []float32) (s0, s1, s2, s3 float32) {
	K := len(x)
	nb := len(q0) / bs
	full := K / bs
	sc0, sc1, sc2, sc3 := sc[:nb], sc[nb:2*nb], sc[2*nb:3*nb], sc[3*nb:4*nb]
	for b := 0; b < full; b++ {
		lo := b * bs
		xb := x[lo : lo+bs]
		w0, w1, w2, w3 := q0[lo:lo+bs], q1[lo:lo+bs], q2[lo:lo+bs], q3[lo:lo+bs]
		var p0, p1, p2, p3 float32
		for j := 0; j <= len(xb)-4; j += 4 {
			x0, x1, x2, x3 := xb[j], xb[j+1], xb[j+2], xb[j+3]
			p0 += i8(w0[j])*x0 + i8(w0[j+1])*x1 + i8(w0[j+2])*x2 + i8(w0[j+3])*x3
			p1 += i8(w1[j])*x0 + i8(w1[j+1])*x1 + i8(w1[j+2])*x2 + i8(w1[j+3])*x3
			p2 += i8(w2[j])*x0 + i8(w2[j+1])*x1 + i8(w2[j+2])*x2 + i8(w2[j+3])*x3
			p3 += i8(w3[j])*x0 + i8(w3[j+1])*x1 + i8(w3[j+2])*x2 + i8(w3[j+3])*x3
		}
		s0 += p0 * sc0[b]
		s1 += p1 * sc1[b]
		s2 += p2 * sc2[b]
		s3 += p3 * sc3[b]
	}
	if full < nb { // the last block is partial: K - lo values
		lo := full * bs
		a0, a1, a2, a3 := dot4I8(q0[lo:], q1[lo:], q2[lo:], q3[lo:], x[lo:])
		s0 += a0 * sc0[full]
		s1 += a1 * sc1[full]
		s2 += a2 * sc2[full]
		s3 += a3 * sc3[full]
	}
	return s0, s1, s2, s3
}

// dot4I8 returns the dot products of four int8 vectors (len(x) values
// each) with x.
func dot4I8(w0, w1, w2, w3 []int8, x []float32) (s0, s1, s2, s3 float32) {
	K := len(x)
	w0, w1, w2, w3 = w0[:K], w1[:K], w2[:K], w3[:K]
	k := 0
	for ; k <= K-4; k += 4 {
		x0, x1, x2, x3 := x[k], x[k+1], x[k+2], x[k+3]
		s0 += i8(w0[k])*x0 + i8(w0[k+1])*x1 + i8(w0[k+2])*x2 + i8(w0[k+3])*x3
		s1 += i8(w1[k])*x0 + i8(w1[k+1])*x1 + i8(w1[k+2])*x2 + i8(w1[k+3])*x3
		s2 += i8(w2[k])*x0 + i8(w2[k+1])*x1 + i8(w2[k+2])*x2 + i8(w2[k+3])*x3
		s3 += i8(w3[k])*x0 + i8(w3[k+1])*x1 + i8(w3[k+2])*x2 + i8(w3[k+3])*x3
	}
	for ; k < K; k++ {
		xk := x[k]
		s0 += i8(w0[k]) * xk
		s1 += i8(w1[k]) * xk
		s2 += i8(w2[k]) * xk
		s3 += i8(w3[k]) * xk
	}
	return s0, s1, s2, s3
}

// decodeQ8 writes row n of w into dst[:Cols] and returns it.
func decodeQ8(w *quant.Matrix, n int, dst []float32) []float32 {
	K := w.Cols
	nb := quant.BlocksPerRow(K)
	dst = dst[:K]
	q := w.Q8[n*nb*bs : (n+1)*nb*bs]
	sc := w.Scale[n*nb : (n+1)*nb]
	for b, s := range sc {
		lo := b * bs
		d := dst[lo:min(lo+bs, K)]
		qb := q[lo : lo+len(d)]
		for i := range d {
			d[i] = i8(qb[i]) * s
		}
	}
	return dst
}
