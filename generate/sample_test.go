package generate

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// cands makes weighed candidates 0..n-1 from logits.
func cands(logits ...float32) []Candidate {
	c := Candidates(nil, logits)
	Weigh(c)
	return c
}

// ids returns the sorted ids of c.
func ids(c []Candidate) []int {
	out := make([]int, len(c))
	for i, x := range c {
		out[i] = int(x.ID)
	}
	slices.Sort(out)
	return out
}

// logProbs returns log(p) as float32 logits.
func logProbs(p ...float64) []float32 {
	out := make([]float32, len(p))
	for i, v := range p {
		out[i] = float32(math.Log(v))
	}
	return out
}

func TestGreedy(t *testing.T) {
	inf, nan := float32(math.Inf(-1)), float32(math.NaN())
	for _, tc := range []struct {
		logits []float32
		want   int
	}{
		{[]float32{1, 3, 2}, 1},
		{[]float32{5, 1, 5, 5}, 0},  // lowest id on ties
		{[]float32{nan, -2, -1}, 2}, // NaN never wins
		{[]float32{inf, inf, -1e30}, 2},
		{[]float32{inf, nan}, -1},
		{nil, -1},
	} {
		if got := Greedy(tc.logits); got != tc.want {
			t.Errorf("Greedy(%v) = %d, want %d", tc.logits, got, tc.want)
		}
	}
}

func TestCandidatesDropBanned(t *testing.T) {
	c := cands(1, float32(math.Inf(-1)), float32(math.NaN()), -3)
	if got := ids(c); !slices.Equal(got, []int{0, 3}) {
		t.Errorf("candidates %v, want [0 3]", got)
	}
}

func TestTemperature(t *testing.T) {
	c := cands(2, -4, 0)
	Temperature(c, 0.5)
	want := []float32{4, -8, 0}
	for i, x := range c {
		if x.Logit != want[i] {
			t.Errorf("logit %d = %g, want %g", i, x.Logit, want[i])
		}
	}
}

func TestTopK(t *testing.T) {
	for _, tc := range []struct {
		logits []float32
		k      int
		want   []int
	}{
		{[]float32{1, 5, 3, 4, 2}, 2, []int{1, 3}},
		{[]float32{1, 5, 3, 4, 2}, 1, []int{1}},
		{[]float32{1, 5, 3, 3, 2}, 2, []int{1, 2, 3}},    // tie with the 2nd: both kept
		{[]float32{3, 3, 3, 3, 1}, 1, []int{0, 1, 2, 3}}, // all tied at the top
		{[]float32{1, 5, 3}, 0, []int{0, 1, 2}},          // disabled
		{[]float32{1, 5, 3}, 3, []int{0, 1, 2}},
		{[]float32{1, 5, 3}, 7, []int{0, 1, 2}},
	} {
		if got := ids(TopK(cands(tc.logits...), tc.k)); !slices.Equal(got, tc.want) {
			t.Errorf("TopK(%v, %d) kept %v, want %v", tc.logits, tc.k, got, tc.want)
		}
	}
}

func TestTopP(t *testing.T) {
	probs := logProbs(0.05, 0.5, 0.15, 0.3) // ids by probability: 1, 3, 2, 0
	for _, tc := range []struct {
		p    float64
		want []int
	}{
		{0.3, []int{1}},           // the top token alone reaches p
		{0.5 - 1e-9, []int{1}},    // just below the top token's mass
		{0.6, []int{1, 3}},        // 0.5 < p <= 0.8
		{0.79, []int{1, 3}},       //
		{0.81, []int{1, 2, 3}},    // 0.8 < p <= 0.95
		{0.96, []int{0, 1, 2, 3}}, // needs everything
		{1, []int{0, 1, 2, 3}},    // disabled
	} {
		if got := ids(TopP(cands(probs...), tc.p)); !slices.Equal(got, tc.want) {
			t.Errorf("TopP(p=%g) kept %v, want %v", tc.p, got, tc.want)
		}
	}
}

func TestMinP(t *testing.T) {
	probs := logProbs(0.05, 0.5, 0.15, 0.3)
	for _, tc := range []struct {
		minP float64
		want []int
	}{
		{0, []int{0, 1, 2, 3}},
		{0.05, []int{0, 1, 2, 3}}, // 0.025: all
		{0.2, []int{1, 2, 3}},     // >= 0.1
		{0.5, []int{1, 3}},        // >= 0.25
		{0.7, []int{1}},           // >= 0.35
		{1, []int{1}},             // the top token always stays
	} {
		if got := ids(MinP(cands(probs...), tc.minP)); !slices.Equal(got, tc.want) {
			t.Errorf("MinP(%g) kept %v, want %v", tc.minP, got, tc.want)
		}
	}
}

// TestDrawFrequencies draws many times from a known distribution with a
// fixed seed and checks the frequencies (deterministic, not flaky).
func TestDrawFrequencies(t *testing.T) {
	want := []float64{0.05, 0.5, 0.15, 0.3}
	rng := rand.New(rand.NewPCG(1, 2))
	c := cands(logProbs(want...)...)
	const n = 200000
	count := make([]int, len(want))
	for range n {
		count[Draw(c, rng)]++
	}
	for i, p := range want {
		got := float64(count[i]) / n
		if math.Abs(got-p) > 4*math.Sqrt(p*(1-p)/n) {
			t.Errorf("id %d drawn with frequency %.4f, want %.4f", i, got, p)
		}
	}
	if Draw(nil, rng) != -1 {
		t.Error("Draw(nil) != -1")
	}
}

// randomLogits returns n logits with many exact ties (values on a grid).
func randomLogits(rng *rand.Rand, n int) []float32 {
	l := make([]float32, n)
	for i := range l {
		l[i] = float32(rng.IntN(64)) / 4
	}
	return l
}

// topKReference sorts everything and keeps the logits >= the k-th largest.
func topKReference(logits []float32, k int) []int {
	s := slices.Clone(logits)
	slices.SortFunc(s, func(a, b float32) int { return -cmpF(a, b) })
	var out []int
	for i, v := range logits {
		if k <= 0 || k >= len(s) || v >= s[k-1] {
			out = append(out, i)
		}
	}
	return out
}

// topPReference sorts by (logit desc, id asc) and keeps the shortest prefix
// whose probabilities reach p.
func topPReference(logits []float32, p float64) []int {
	c := cands(logits...)
	slices.SortFunc(c, func(a, b Candidate) int {
		if before(a, b) {
			return -1
		}
		return 1
	})
	z := 0.0
	for _, x := range c {
		z += math.Exp(float64(x.Logit) - float64(c[0].Logit))
	}
	var out []int
	cum := 0.0
	for _, x := range c {
		if cum >= p && p < 1 {
			break
		}
		out = append(out, int(x.ID))
		cum += math.Exp(float64(x.Logit)-float64(c[0].Logit)) / z
	}
	slices.Sort(out)
	return out
}

func cmpF(a, b float32) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestSelectionMatchesSort checks quickselect top-k and heap top-p against
// full sorts on random vectors with ties.
func TestSelectionMatchesSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 300 {
		n := 1 + rng.IntN(300)
		logits := randomLogits(rng, n)
		k := rng.IntN(n + 2)
		if got, want := ids(TopK(cands(logits...), k)), topKReference(logits, k); !slices.Equal(got, want) {
			t.Fatalf("trial %d: TopK(k=%d) kept %v, reference %v", trial, k, got, want)
		}
		p := rng.Float64()
		if got, want := ids(TopP(cands(logits...), p)), topPReference(logits, p); !slices.Equal(got, want) {
			t.Fatalf("trial %d: TopP(p=%g) kept %v, reference %v", trial, p, got, want)
		}
	}
}

// TestExp checks the pure-Go exp against math.Exp.
func TestExp(t *testing.T) {
	if exp(0) != 1 || exp(math.Inf(-1)) != 0 || !math.IsInf(exp(math.Inf(1)), 1) || !math.IsNaN(exp(math.NaN())) {
		t.Error("exp special cases wrong")
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 100000 {
		x := -700 + rng.Float64()*1400
		got, want := exp(x), math.Exp(x)
		if math.Abs(got-want) > 4e-16*want {
			t.Fatalf("exp(%v) = %v, math.Exp = %v", x, got, want)
		}
	}
}
