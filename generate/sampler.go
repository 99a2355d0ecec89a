package generate

import (
	"errors"
	"fmt"
	"math/rand/v2"
)

// Sampler picks the next token of one sequence: the processors and
// warpers of the package doc in HF's order, then argmax or a draw. Its
// buffers are allocated once, so a step allocates nothing.
type Sampler struct {
	opts   Options
	rng    *rand.Rand
	scores []float32   // [V] logits after the processors
	cand   []Candidate // capacity V
}

// ErrNoCandidate is returned when every token is banned or not a number.
var ErrNoCandidate = errors.New("generate: no token left to pick (all logits -Inf or NaN)")

// NewSampler returns a sampler over a vocabulary of v ids whose random
// stream is PCG(opts.Seed, stream); Generate uses the sequence index as
// stream, so sequence i draws the same tokens whatever num_return_sequences.
func NewSampler(opts Options, v int, stream uint64) *Sampler {
	return &Sampler{
		opts:   opts,
		rng:    rand.New(rand.NewPCG(opts.Seed, stream)),
		scores: make([]float32, v),
		cand:   make([]Candidate, 0, v),
	}
}

// Next returns the token that follows history h given the model's logits
// [V] for it. logits is not modified.
func (s *Sampler) Next(logits []float32, h *History) (int, error) {
	if len(logits) != len(s.scores) {
		return 0, fmt.Errorf("generate: %d logits, the sampler was made for a vocabulary of %d", len(logits), len(s.scores))
	}
	copy(s.scores, logits)
	RepetitionPenalty(s.scores, h.distinct, float32(s.opts.RepetitionPenalty))
	NoRepeatNGram(s.scores, h.IDs, s.opts.NoRepeatNGramSize)
	if !s.opts.Sampling() {
		if id := Greedy(s.scores); id >= 0 {
			return id, nil
		}
		return 0, ErrNoCandidate
	}
	c := Candidates(s.cand, s.scores)
	Temperature(c, float32(s.opts.Temperature))
	c = TopK(c, s.opts.TopK)
	Weigh(c)
	c = TopP(c, s.opts.TopP)
	c = MinP(c, s.opts.MinP)
	if id := Draw(c, s.rng); id >= 0 {
		return id, nil
	}
	return 0, ErrNoCandidate
}
