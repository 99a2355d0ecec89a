package kernels

import "gpt2/quant"

// fastQ4 is the product for Q4 weights. Per block b of a row,
// sum((q s + m) x) = s sum(q x) + m sum(x); the block sums of x are
// computed once per call into scratch.
func fastQ4(w *quant.Matrix, x []float32, T int, y []float32, n0, n1 int, scratch []float32) {
	if T > 1 {
		viaScratch(w, x, T, y, n0, n1, scratch, decodeQ4)
		return
	}
	K := w.Cols
	nb := quant.BlocksPerRow(K)
	x = x[:K]
	xsum := blockSums(x, scratch[rowGroup*K:rowGroup*K+nb])
	n := n0
	for ; n+rowGroup <= n1; n += rowGroup {
		L := nb * bs / 2
		q := w.Q4[n*L : (n+rowGroup)*L]
		sc := w.Scale[n*nb : (n+rowGroup)*nb]
		mn := w.Min[n*nb : (n+rowGroup)*nb]
		s0, s1, s2, s3 := dot4Q4(q[:L], q[L:2*L], q[2*L:3*L], q[3*L:], sc, x)
		yt := y[n : n+4]
		yt[0], yt[1], yt[2], yt[3] = s0, s1, s2, s3
		m0, m1, m2, m3 := dot4(mn[:nb], mn[nb:2*nb], mn[2*nb:3*nb], mn[3*nb:], xsum)
		yt[0] += m0
		yt[1] += m1
		yt[2] += m2
		yt[3] += m3
	}
	for ; n < n1; n++ {
		y[n] = dot1(decodeQ4(w, n, scratch), x)
	}
}

// blockSums writes the sum of each block of 32 values of x into dst and
// returns it.
func blockSums(x, dst []float32) []float32 {
	for b := range dst {
		var s float32
		for _, v := range x[b*bs : min((b+1)*bs, len(x))] {
			s += v
		}
		dst[b] = s
	}
	return dst
}

// dot4Q4 returns sum_b sc[b] * sum_j q[b, j] x[b*32+j] for four Q4 rows
// q0..q3 (nb blocks of 16 bytes each; low nibble first) whose scales are
// sc[0:nb], sc[nb:2nb], ... The mins are the caller's (see fastQ4). The
// loop over a block is inline, as in dot4Q8.
func dot4Q4(q0, q1, q2, q3 []uint8, sc []float32, x []float32) (s0, s1, s2, s3 float32) {
	K := len(x)
	nb := len(q0) / (bs / 2)
	full := K / bs
	sc0, sc1, sc2, sc3 := sc[:nb], sc[nb:2*nb], sc[2*nb:3*nb], sc[3*nb:4*nb]
	for b := 0; b < full; b++ {
		p := b * bs / 2
		xb := x[b*bs : (b+1)*bs]
		w0, w1, w2, w3 := q0[p:p+bs/2], q1[p:p+bs/2], q2[p:p+bs/2], q3[p:p+bs/2]
		var a0, a1, a2, a3 float32
		for j := 0; j <= len(w0)-2; j += 2 {
			xs := xb[2*j : 2*j+4]
			x0, x1, x2, x3 := xs[0], xs[1], xs[2], xs[3]
			l0, h0 := u4(w0[j])
			l1, h1 := u4(w0[j+1])
			a0 += l0*x0 + h0*x1 + l1*x2 + h1*x3
			l0, h0 = u4(w1[j])
			l1, h1 = u4(w1[j+1])
			a1 += l0*x0 + h0*x1 + l1*x2 + h1*x3
			l0, h0 = u4(w2[j])
			l1, h1 = u4(w2[j+1])
			a2 += l0*x0 + h0*x1 + l1*x2 + h1*x3
			l0, h0 = u4(w3[j])
			l1, h1 = u4(w3[j+1])
			a3 += l0*x0 + h0*x1 + l1*x2 + h1*x3
		}
		s0 += a0 * sc0[b]
		s1 += a1 * sc1[b]
		s2 += a2 * sc2[b]
		s3 += a3 * sc3[b]
	}
	if full < nb { // the last block is partial
		a0, a1, a2, a3 := tail4U4(q0, q1, q2, q3, full*bs, x[full*bs:])
		s0 += a0 * sc0[full]
		s1 += a1 * sc1[full]
		s2 += a2 * sc2[full]
		s3 += a3 * sc3[full]
	}
	return s0, s1, s2, s3
}

// tail4U4 is dot4U4 for a last, partial block starting at value lo of each
// row (x holds fewer than 32 values).
func tail4U4(q0, q1, q2, q3 []uint8, lo int, x []float32) (s0, s1, s2, s3 float32) {
	nib := func(q []uint8, i int) float32 { return float32(q[i/2] >> (4 * (i % 2)) & 15) }
	for j, xv := range x {
		i := lo + j
		s0 += nib(q0, i) * xv
		s1 += nib(q1, i) * xv
		s2 += nib(q2, i) * xv
		s3 += nib(q3, i) * xv
	}
	return s0, s1, s2, s3
}

// decodeQ4 writes row n of w into dst[:Cols] and returns it.
func decodeQ4(w *quant.Matrix, n int, dst []float32) []float32 {
	K := w.Cols
	nb := quant.BlocksPerRow(K)
	dst = dst[:K]
	q := w.Q4[n*nb*bs/2 : (n+1)*nb*bs/2]
	sc, mn := w.Scale[n*nb:(n+1)*nb], w.Min[n*nb:(n+1)*nb]
	for b := range sc {
		lo := b * bs
		d := dst[lo:min(lo+bs, K)]
		qb := q[b*bs/2 : (b+1)*bs/2]
		for i := range d {
			d[i] = float32(qb[i/2]>>(4*(i%2))&15)*sc[b] + mn[b]
		}
	}
	return dst
}
