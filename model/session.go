package model

import (
	"fmt"

	"gpt2/kernels"
)

// Session is one sequence being run through a Model: its KV cache and the
// scratch buffers of the forward pass, allocated once (the buffers grow to
// the longest Append and are reused after). A Session is used by one
// goroutine at a time; several Sessions may share a Model.
type Session struct {
	m    *Model
	n    int         // positions in the cache
	k, v [][]float32 // [L][P*C]: the keys and values of positions 0..n-1
	buf  buffers
	cap  int       // tokens buf is sized for
	out  []float32 // [V] logits of the last position
	loc  *kernels.Local
	mm   kernels.MatMul
	att  attention
}

// buffers are the activations of T tokens (row-major, T rows).
type buffers struct {
	x   []float32 // [T, C] the residual stream
	ln  []float32 // [T, C] LayerNorm output, then a projection's output
	att []float32 // [T, C] attention output
	qkv []float32 // [T, 3C]
	h   []float32 // [T, F] MLP hidden
}

// NewSession returns an empty Session (Len 0) with its KV cache.
func (m *Model) NewSession() *Session {
	c := m.cfg
	s := &Session{
		m:   m,
		k:   make([][]float32, c.NLayer),
		v:   make([][]float32, c.NLayer),
		out: make([]float32, c.VocabSize),
		loc: kernels.NewLocal(m.scratch),
	}
	for l := range s.k {
		s.k[l] = make([]float32, c.NPositions*c.NEmbd)
		s.v[l] = make([]float32, c.NPositions*c.NEmbd)
	}
	s.grow(1)
	return s
}

// grow sizes the activation buffers for T tokens.
func (s *Session) grow(T int) {
	if T <= s.cap {
		return
	}
	C, F := s.m.cfg.NEmbd, s.m.cfg.Inner()
	s.buf = buffers{
		x:   make([]float32, T*C),
		ln:  make([]float32, T*C),
		att: make([]float32, T*C),
		qkv: make([]float32, T*3*C),
		h:   make([]float32, T*F),
	}
	s.cap = T
}

// Model returns the model s runs.
func (s *Session) Model() *Model { return s.m }

// Len returns the number of positions in the KV cache.
func (s *Session) Len() int { return s.n }

// Reset empties the KV cache (buffers are kept).
func (s *Session) Reset() { s.n = 0 }

// Clone returns a new Session with a copy of s's KV cache, for forking a
// prompt into several continuations.
func (s *Session) Clone() *Session {
	c := s.m.NewSession()
	used := s.n * s.m.cfg.NEmbd
	for l := range s.k {
		copy(c.k[l], s.k[l][:used])
		copy(c.v[l], s.v[l][:used])
	}
	c.n = s.n
	return c
}

// Append runs the forward pass over ids at positions Len()..Len()+len(ids)-1
// (all of them in one pass of matrix-matrix products), adds them to the KV
// cache and returns the logits [V] of the last position. The slice is owned
// by s and valid until its next call. On error the session is unchanged.
func (s *Session) Append(ids []int) ([]float32, error) {
	if err := s.check(ids); err != nil {
		return nil, err
	}
	s.forward(ids)
	s.logits(len(ids)-1, 1, s.out)
	return s.out, nil
}

// AppendAll is Append returning the logits of every new position: a new
// slice [T, V] for T = len(ids), row t being the logits after ids[t].
func (s *Session) AppendAll(ids []int) ([]float32, error) {
	if err := s.check(ids); err != nil {
		return nil, err
	}
	s.forward(ids)
	out := make([]float32, len(ids)*s.m.cfg.VocabSize)
	s.logits(0, len(ids), out)
	return out, nil
}

// check refuses an empty or too long input and ids outside [0, V).
func (s *Session) check(ids []int) error {
	c := s.m.cfg
	if len(ids) == 0 {
		return fmt.Errorf("model: no tokens to append")
	}
	if s.n+len(ids) > c.NPositions {
		return fmt.Errorf("model: %d positions + %d tokens exceed the context of %d (n_positions)", s.n, len(ids), c.NPositions)
	}
	for i, id := range ids {
		if id < 0 || id >= c.VocabSize {
			return fmt.Errorf("model: token %d (index %d) is outside the vocabulary [0, %d)", id, i, c.VocabSize)
		}
	}
	return nil
}
