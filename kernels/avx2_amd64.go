//go:build amd64 && !purego

package kernels

import "gpt2/quant"

// AVX2 + FMA kernels for amd64 (avx2_amd64.s): eight float32 lanes per
// instruction, which Go's compiler does not generate. They are used when
// the CPU and the OS support them (the purego build tag turns them off).

func cpuid(leaf, sub uint32) (a, b, c, d uint32)
func xgetbv() (eax uint32)

//go:noescape
func dotF32AVX2(a, b *float32, n int) float32

//go:noescape
func dotF16AVX2(h *uint16, x *float32, n int) float32

//go:noescape
func dotQ4AVX2(q *uint8, xp *float32, scale *float32, nb int) float32

//go:noescape
func dotQ8AVX2(q *int8, x *float32, scale *float32, nb int) float32

// hasAVX2 reports whether the CPU has AVX2, FMA and F16C and the OS saves
// the YMM registers.
func hasAVX2() bool {
	if max, _, _, _ := cpuid(0, 0); max < 7 {
		return false
	}
	_, _, c1, _ := cpuid(1, 0)
	const fma, osxsave, avx, f16c = 1 << 12, 1 << 27, 1 << 28, 1 << 29
	const need = fma | osxsave | avx | f16c
	if c1&need != need || xgetbv()&6 != 6 {
		return false
	}
	_, b7, _, _ := cpuid(7, 0)
	return b7&(1<<5) != 0
}

// accelerated returns the AVX2 set when the CPU supports it.
func accelerated() Set {
	if !hasAVX2() {
		return Portable
	}
	return Set{Name: "avx2", F32: f32AVX2, F16: f16AVX2, Q8: q8AVX2, Q4: q4AVX2}
}

// dotAVX2 returns a · b for len(a) values (b at least as long).
func dotAVX2(a, b []float32) float32 {
	n := len(a) &^ 31
	var s float32
	if n > 0 {
		s = dotF32AVX2(&a[0], &b[0], n)
	}
	b = b[:len(a)]
	for i := n; i < len(a); i++ {
		s += a[i] * b[i]
	}
	return s
}

func f32AVX2(w *quant.Matrix, x []float32, T int, y []float32, n0, n1 int, _ []float32) {
	K, N := w.Cols, w.Rows
	for n := n0; n < n1; n++ {
		r := w.F32[n*K : (n+1)*K]
		for t := 0; t < T; t++ {
			y[t*N+n] = dotAVX2(r, x[t*K:(t+1)*K])
		}
	}
}

// rowsAVX2 decodes each row once into scratch and dots it with every t.
func rowsAVX2(w *quant.Matrix, x []float32, T int, y []float32, n0, n1 int, scratch []float32,
	decode func(w *quant.Matrix, n int, dst []float32) []float32) {
	K, N := w.Cols, w.Rows
	for n := n0; n < n1; n++ {
		r := decode(w, n, scratch[:K])
		for t := 0; t < T; t++ {
			y[t*N+n] = dotAVX2(r, x[t*K:(t+1)*K])
		}
	}
}

// f16AVX2: rows converted in registers for one input row, decoded once
// into scratch for several.
func f16AVX2(w *quant.Matrix, x []float32, T int, y []float32, n0, n1 int, scratch []float32) {
	if T > 1 {
		rowsAVX2(w, x, T, y, n0, n1, scratch, decodeF16)
		return
	}
	K := w.Cols
	full := K &^ 31
	x = x[:K]
	h := halfTable
	for n := n0; n < n1; n++ {
		r := w.F16[n*K : (n+1)*K]
		var s float32
		if full > 0 {
			s = dotF16AVX2(&r[0], &x[0], full)
		}
		for k := full; k < K; k++ {
			s += h[r[k]] * x[k]
		}
		y[n] = s
	}
}

// q4AVX2: for one input row, x is de-interleaved once into scratch (see
// dotQ4AVX2) and its block sums computed for the mins; whole blocks in
// assembly, a partial last block in Go.
func q4AVX2(w *quant.Matrix, x []float32, T int, y []float32, n0, n1 int, scratch []float32) {
	if T > 1 {
		rowsAVX2(w, x, T, y, n0, n1, scratch, decodeQ4)
		return
	}
	K := w.Cols
	nb, full := quant.BlocksPerRow(K), K/bs
	x = x[:K]
	xp := scratch[:full*bs]
	for i := range xp {
		b, j := i/bs, i%bs // xp[b*32 + j]: x[b*32 + 2j] for j < 16, else x[b*32 + 2(j-16) + 1]
		xp[i] = x[b*bs+2*(j%(bs/2))+j/(bs/2)]
	}
	xsum := blockSums(x, scratch[rowGroup*K:rowGroup*K+nb])
	for n := n0; n < n1; n++ {
		q := w.Q4[n*nb*bs/2 : (n+1)*nb*bs/2]
		sc, mn := w.Scale[n*nb:(n+1)*nb], w.Min[n*nb:(n+1)*nb]
		var s float32
		if full > 0 {
			s = dotQ4AVX2(&q[0], &xp[0], &sc[0], full)
		}
		if full < nb {
			var p float32
			for k := full * bs; k < K; k++ {
				p += float32(q[k/2]>>(4*(k%2))&15) * x[k]
			}
			s += p * sc[full]
		}
		y[n] = s + dot1(mn, xsum)
	}
}

// q8AVX2: one row at a time for one input row, whole blocks in assembly
// and a partial last block in Go.
func q8AVX2(w *quant.Matrix, x []float32, T int, y []float32, n0, n1 int, scratch []float32) {
	if T > 1 {
		rowsAVX2(w, x, T, y, n0, n1, scratch, decodeQ8)
		return
	}
	K := w.Cols
	nb, full := quant.BlocksPerRow(K), K/bs
	x = x[:K]
	for n := n0; n < n1; n++ {
		q := w.Q8[n*nb*bs : (n+1)*nb*bs]
		sc := w.Scale[n*nb : (n+1)*nb]
		var s float32
		if full > 0 {
			s = dotQ8AVX2(&q[0], &x[0], &sc[0], full)
		}
		if full < nb {
			var p float32
			for k := full * bs; k < K; k++ {
				p += i8(q[k]) * x[k]
			}
			s += p * sc[full]
		}
		y[n] = s
	}
}
