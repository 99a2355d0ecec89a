package generate

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// gptLogits returns V = 50257 logits shaped like a language model's: a
// few likely tokens over a long Gaussian tail.
func gptLogits() []float32 {
	rng := rand.New(rand.NewPCG(1, 1))
	l := make([]float32, 50257)
	for i := range l {
		l[i] = float32(rng.NormFloat64() * 2.5)
	}
	for range 20 {
		l[rng.IntN(len(l))] += 8
	}
	return l
}

// benchSampler measures one Sampler.Next over GPT-2-sized logits.
func benchSampler(b *testing.B, change func(*Options)) {
	o := DefaultOptions(nil)
	o.DoSample = true
	change(&o)
	logits := gptLogits()
	h := NewHistory(len(logits), make([]int, 200))
	s := NewSampler(o, len(logits), 0)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Next(logits, h); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGreedy(b *testing.B) { benchSampler(b, func(o *Options) { o.DoSample = false }) }
func BenchmarkTopK50(b *testing.B) { benchSampler(b, func(o *Options) {}) }
func BenchmarkTopP09(b *testing.B) { benchSampler(b, func(o *Options) { o.TopK, o.TopP = 0, 0.9 }) }
func BenchmarkFull(b *testing.B)   { benchSampler(b, func(o *Options) { o.TopK = 0 }) }
func BenchmarkPenalties(b *testing.B) {
	benchSampler(b, func(o *Options) { o.RepetitionPenalty, o.NoRepeatNGramSize = 1.2, 3 })
}

// BenchmarkTopPSort is the full-sort alternative to TopP's heap, for
// comparison with BenchmarkTopP09.
func BenchmarkTopPSort(b *testing.B) {
	logits := gptLogits()
	c := make([]Candidate, 0, len(logits))
	for b.Loop() {
		c = Candidates(c, logits)
		slices.SortFunc(c, func(x, y Candidate) int {
			if before(x, y) {
				return -1
			}
			return 1
		})
		Weigh(c)
		z, cum := totalWeight(c), 0.0
		for _, x := range c {
			if cum += x.Weight / z; cum >= 0.9 {
				break
			}
		}
	}
}

// TestSamplerAllocs checks that a step allocates nothing.
func TestSamplerAllocs(t *testing.T) {
	o := DefaultOptions(nil)
	o.DoSample, o.TopP, o.MinP, o.RepetitionPenalty, o.NoRepeatNGramSize = true, 0.9, 0.05, 1.2, 3
	logits := gptLogits()
	h := NewHistory(len(logits), []int{1, 2, 3, 1, 2})
	s := NewSampler(o, len(logits), 0)
	if n := testing.AllocsPerRun(20, func() { s.Next(logits, h) }); n != 0 {
		t.Errorf("%v allocations per step", n)
	}
	if math.IsNaN(float64(logits[0])) {
		t.Fatal()
	}
}
