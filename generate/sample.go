package generate

import (
	"math"
	"math/rand/v2"
)

// Candidate is one token still in the running: its vocabulary id, its
// score (a logit after the processors and warpers applied so far) and,
// once Weigh has run, its weight exp(logit - max logit), proportional to
// its probability.
type Candidate struct {
	ID     int32
	Logit  float32
	Weight float64
}

// before is the total order of candidates: higher logit first, lower id
// first among equal logits. Every selection below follows it, so results
// never depend on the order candidates arrive in.
func before(a, b Candidate) bool {
	return a.Logit > b.Logit || (a.Logit == b.Logit && a.ID < b.ID)
}

// Greedy returns the argmax of logits [V], the lowest id on ties; NaN
// logits never win. It returns -1 when no logit is a number above -Inf.
func Greedy(logits []float32) int {
	best, bestV := -1, float32(math.Inf(-1))
	for i, v := range logits {
		if v > bestV { // false for NaN and for -Inf
			best, bestV = i, v
		}
	}
	return best
}

// Candidates appends to dst[:0] every token of logits [V] that can still be
// drawn (not -Inf, not NaN) and returns it.
func Candidates(dst []Candidate, logits []float32) []Candidate {
	dst = dst[:0]
	for i, v := range logits {
		if v > float32(math.Inf(-1)) {
			dst = append(dst, Candidate{ID: int32(i), Logit: v})
		}
	}
	return dst
}

// Temperature divides every logit by t > 0 (HF TemperatureLogitsWarper).
func Temperature(c []Candidate, t float32) {
	if t == 1 {
		return
	}
	for i := range c {
		c[i].Logit /= t
	}
}

// TopK keeps the k best candidates and every candidate tied with the k-th
// logit (HF TopKLogitsWarper removes only logits below the k-th largest),
// and returns them as a prefix of c, in no particular but deterministic
// order. k <= 0 or k >= len(c) keeps everything. Expected O(len(c)).
func TopK(c []Candidate, k int) []Candidate {
	if k <= 0 || k >= len(c) {
		return c
	}
	selectTop(c, k)
	kth := c[0].Logit
	for _, x := range c[:k] {
		kth = min(kth, x.Logit)
	}
	n := k
	for i := k; i < len(c); i++ {
		if c[i].Logit == kth {
			c[n], c[i] = c[i], c[n]
			n++
		}
	}
	return c[:n]
}

// Weigh sets each candidate's Weight to exp(logit - max logit): softmax
// without the normalization, computed once for TopP, MinP and Draw, which
// read it. Logits must not change after Weigh.
func Weigh(c []Candidate) {
	if len(c) == 0 {
		return
	}
	mx, _ := maxLogit(c)
	for i := range c {
		c[i].Weight = exp(float64(c[i].Logit) - mx)
	}
}

// TopP keeps the smallest set of most probable candidates whose
// probabilities (softmax over c, from the weights of Weigh) sum to at
// least p, and at least one, as HF TopPLogitsWarper; p >= 1 keeps
// everything. It returns them as a prefix of c, in no particular but
// deterministic order, found by quickselect on the probability mass:
// expected O(len(c)), no sort.
func TopP(c []Candidate, p float64) []Candidate {
	if p >= 1 || len(c) <= 1 {
		return c
	}
	target := float64(p * totalWeight(c))
	// Invariant: c[:lo] are kept, of weight acc < target, and the cut
	// lies in c[lo:hi+1].
	lo, hi, acc := 0, len(c)-1, 0.0
	for lo < hi {
		q := partition(c, lo, hi) // c[lo:q] come before c[q]
		left := totalWeight(c[lo:q])
		switch {
		case acc+left >= target:
			hi = q - 1
		case acc+left+c[q].Weight >= target:
			return c[:q+1]
		default:
			acc += left + c[q].Weight
			lo = q + 1
		}
	}
	return c[:min(lo, len(c)-1)+1]
}

// MinP keeps the candidates whose probability is at least minP times the
// largest (HF MinPLogitsWarper), by the weights of Weigh, and returns them
// as a prefix of c in their order. minP <= 0 keeps everything.
func MinP(c []Candidate, minP float64) []Candidate {
	if minP <= 0 || len(c) == 0 {
		return c
	}
	top := 0.0
	for _, x := range c {
		top = max(top, x.Weight)
	}
	limit := float64(minP * top)
	n := 0
	for _, x := range c {
		if x.Weight >= limit {
			c[n] = x
			n++
		}
	}
	return c[:n]
}

// Draw picks one candidate with probability proportional to its weight
// (set by Weigh) using u drawn uniformly from [0, 1) by rng, walking c in
// its order. It returns -1 for an empty c.
func Draw(c []Candidate, rng *rand.Rand) int {
	if len(c) == 0 {
		return -1
	}
	u := float64(rng.Float64() * totalWeight(c))
	cum := 0.0
	for _, x := range c {
		cum += x.Weight
		if u < cum {
			return int(x.ID)
		}
	}
	return int(c[len(c)-1].ID) // u rounded up to the total
}

// totalWeight returns the sum of the weights of c, in c's order.
func totalWeight(c []Candidate) float64 {
	z := 0.0
	for _, x := range c {
		z += x.Weight
	}
	return z
}

// maxLogit returns the largest logit of a non-empty c and its index.
func maxLogit(c []Candidate) (float64, int) {
	best := 0
	for i := range c {
		if c[i].Logit > c[best].Logit {
			best = i
		}
	}
	return float64(c[best].Logit), best
}
