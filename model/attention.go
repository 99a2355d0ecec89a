package model

import (
	"math"

	"gpt2/kernels"
)

// attention is causal multi-head self-attention for T new tokens as a
// kernels.Task over the T*H (token, head) pairs, item i = t*H + h:
//
//	out[t, h] = sum_{j <= n0+t} softmax_j(q[t, h] . k[j, h] / sqrt(D)) v[j, h]
//
// with q [T, 3C] (the q third of c_attn's output), k and v one layer's
// cache [P, C], out [T, C]; head h is the columns h*D..(h+1)*D-1.
type attention struct {
	qkv, k, v, out []float32
	n0, C, H       int
}

// attend runs layer l's attention for the T new tokens (their keys and
// values already in the cache) into out [T, C].
func (s *Session) attend(l int, qkv, out []float32, T int) {
	c := s.m.cfg
	s.att = attention{qkv: qkv, k: s.k[l], v: s.v[l], out: out, n0: s.n, C: c.NEmbd, H: c.NHead}
	work := T * c.NHead * (s.n + T) * c.HeadSize()
	minN := 0
	if work < s.m.minParallel {
		minN = T*c.NHead + 1
	}
	s.m.pool.Run(&s.att, T*c.NHead, 1, minN, s.loc)
}

// Run computes the pairs [lo, hi); scratch holds the scores (>= P values).
func (a *attention) Run(lo, hi int, scratch []float32) {
	for i := lo; i < hi; i++ {
		a.head(i/a.H, i%a.H, scratch)
	}
}

// head computes out[t, h] for query position n0+t.
func (a *attention) head(t, h int, scratch []float32) {
	C := a.C
	D := C / a.H
	q := a.qkv[t*3*C+h*D : t*3*C+(h+1)*D]
	scores := scratch[:a.n0+t+1]
	scale := float32(1 / math.Sqrt(float64(D)))
	best := float32(math.Inf(-1))
	for j := range scores {
		s := kernels.Dot(q, a.k[j*C+h*D:j*C+(h+1)*D]) * scale
		scores[j] = s
		best = max(best, s)
	}
	var sum float64
	for j, s := range scores {
		e := float32(math.Exp(float64(s - best)))
		scores[j] = e
		sum += float64(e)
	}
	inv := float32(1 / sum)
	out := a.out[t*C+h*D : t*C+(h+1)*D]
	clear(out)
	for j, e := range scores {
		kernels.Axpy(e*inv, a.v[j*C+h*D:j*C+(h+1)*D], out)
	}
}
