package model

import (
	"gpt2/kernels"
	"gpt2/quant"
)

// minParallel is the size (multiply-adds) below which a product runs on
// one goroutine: splitting costs a few microseconds of hand-off.
const minParallel = 1 << 16

// forward runs the checked ids through the embeddings and every block at
// positions n..n+T-1, leaving the residual stream in buf.x [T, C] and the
// KV cache extended by T.
func (s *Session) forward(ids []int) {
	T := len(ids)
	s.grow(T)
	s.embed(ids)
	for l := range s.m.w.Blocks {
		s.block(l, T)
	}
	s.n += T
}

// embed writes x[t] = wte[ids[t]] + wpe[n+t]: [T] -> [T, C].
func (s *Session) embed(ids []int) {
	w, C := s.m.w, s.m.cfg.NEmbd
	pos := s.buf.ln[:C]
	for t, id := range ids {
		x := w.WTE.Row(id, s.buf.x[t*C:(t+1)*C])
		w.WPE.Row(s.n+t, pos)
		for i, p := range pos {
			x[i] += p
		}
	}
}

// block runs h.l on the T rows of the residual stream x [T, C]:
//
//	x += c_proj(attn(c_attn(ln_1(x))))
//	x += mlp.c_proj(gelu(mlp.c_fc(ln_2(x))))
func (s *Session) block(l, T int) {
	b, c := &s.m.w.Blocks[l], s.m.cfg
	C, F := c.NEmbd, c.Inner()
	x, ln, att := s.buf.x[:T*C], s.buf.ln[:T*C], s.buf.att[:T*C]
	qkv, h := s.buf.qkv[:T*3*C], s.buf.h[:T*F]

	layerNorm(ln, x, b.Ln1, C, c.LayerNormEpsilon) // [T, C]
	s.linear(b.Attn, ln, qkv, T)                   // [T, C] -> [T, 3C]
	s.storeKV(l, qkv, T)                           // k, v -> cache [n..n+T)
	s.attend(l, qkv, att, T)                       // [T, 3C] -> [T, C]
	s.linear(b.Proj, att, ln, T)                   // [T, C] -> [T, C]
	addTo(x, ln)

	layerNorm(ln, x, b.Ln2, C, c.LayerNormEpsilon) // [T, C]
	s.linear(b.FC, ln, h, T)                       // [T, C] -> [T, F]
	gelu(h)
	s.linear(b.FCOut, h, ln, T) // [T, F] -> [T, C]
	addTo(x, ln)
}

// linear computes y = x Wᵀ + b: x [T, in] -> y [T, out].
func (s *Session) linear(p Linear, x, y []float32, T int) {
	s.matmul(p.Weight, x, y, T)
	out := p.Weight.Rows
	for t := 0; t < T; t++ {
		addTo(y[t*out:(t+1)*out], p.Bias)
	}
}

// matmul computes y = x Wᵀ: x [T, K] -> y [T, N] for W [N, K], split
// across the model's goroutines by rows of W when it is large enough.
func (s *Session) matmul(w *quant.Matrix, x, y []float32, T int) {
	s.mm = kernels.MatMul{Kernel: s.m.kernels.For(w.DType), W: w, X: x, Y: y, T: T}
	minN := 0
	if w.Rows*w.Cols*T < s.m.minParallel {
		minN = w.Rows + 1
	}
	s.m.pool.Run(&s.mm, w.Rows, kernels.RowGroup, minN, s.loc)
}

// storeKV copies the keys and values of the T new tokens from qkv
// [T, 3C] (q | k | v) into layer l's cache at positions n..n+T-1.
func (s *Session) storeKV(l int, qkv []float32, T int) {
	C := s.m.cfg.NEmbd
	for t := 0; t < T; t++ {
		row, at := qkv[t*3*C:(t+1)*3*C], (s.n+t)*C
		copy(s.k[l][at:at+C], row[C:2*C])
		copy(s.v[l][at:at+C], row[2*C:])
	}
}

// logits writes into out [T', V] the logits of the rows t0..t0+T'-1 of
// the last forward pass, T' = len(out)/V: ln_f, then the tied head wte.
func (s *Session) logits(t0, T int, out []float32) {
	w, C := s.m.w, s.m.cfg.NEmbd
	ln := s.buf.ln[:T*C]
	layerNorm(ln, s.buf.x[t0*C:(t0+T)*C], w.LnF, C, s.m.cfg.LayerNormEpsilon)
	s.matmul(w.WTE, ln, out, T)
}

// addTo adds src to dst element-wise (len(dst) values).
func addTo(dst, src []float32) {
	src = src[:len(dst)]
	for i := range dst {
		dst[i] += src[i]
	}
}
