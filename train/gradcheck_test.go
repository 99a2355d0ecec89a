package train

import (
	"math"
	"math/rand/v2"
	"testing"

	"gpt2/model"
)

func tinyConfig() model.Config {
	return model.Config{NLayer: 2, NHead: 2, NEmbd: 8, NPositions: 8, VocabSize: 37,
		LayerNormEpsilon: 1e-5, Activation: "gelu_new"}
}

// randomize fills every parameter with N(0, sd) noise around its initial
// value so that LayerNorm gains and all biases take part in the check.
func randomize[F Float](p *Params[F], seed uint64, sd float64) {
	p.Init(seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	for i := range p.Data {
		p.Data[i] += F(rng.NormFloat64() * sd)
	}
}

func randomTokens(rng *rand.Rand, n, v int) []int {
	ids := make([]int, n)
	for i := range ids {
		ids[i] = rng.IntN(v)
	}
	return ids
}

// TestGradientCheck compares the float64 instantiation of the backward pass
// with central finite differences of the float64 forward pass, for every
// parameter of a tiny model, tensor by tensor: ||g - fd|| / ||fd|| < 1e-4.
func TestGradientCheck(t *testing.T) {
	cfg := tinyConfig()
	g, err := NewGPT[float64](cfg)
	if err != nil {
		t.Fatal(err)
	}
	randomize(g.Params, 3, 0.3)
	rng := rand.New(rand.NewPCG(7, 7))
	B, T := 2, 5
	inp := randomTokens(rng, B*T, cfg.VocabSize)
	targets := randomTokens(rng, B*T, cfg.VocabSize)
	targets[3] = -1 // an ignored position takes no part in the mean
	if _, err := g.Forward(inp, targets, B, T); err != nil {
		t.Fatal(err)
	}
	g.ZeroGrad()
	if err := g.Backward(); err != nil {
		t.Fatal(err)
	}
	const h = 1e-5
	lossAt := func() float64 {
		l, err := g.Forward(inp, targets, B, T)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	for i, s := range g.Params.Specs {
		v, an := g.Params.Views[i], g.Grads.Views[i]
		var diff2, norm2 float64
		for j := range v {
			orig := v[j]
			v[j] = orig + h
			lp := lossAt()
			v[j] = orig - h
			lm := lossAt()
			v[j] = orig
			fd := (lp - lm) / (2 * h)
			diff2 += (an[j] - fd) * (an[j] - fd)
			norm2 += fd * fd
		}
		if norm2 == 0 {
			t.Errorf("%s: zero gradient, the check cannot judge it", s.Name)
			continue
		}
		if rel := math.Sqrt(diff2 / norm2); rel > 1e-4 {
			t.Errorf("%s: relative error %.3g between analytic and finite-difference gradients", s.Name, rel)
		}
	}
}

// TestMatmulMatchesReference checks the gonum path against the triple loop.
func TestMatmulMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	N, IC, OC := 7, 33, 65
	fill := func(n int) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(rng.NormFloat64())
		}
		return v
	}
	inp, w, bias := fill(N*IC), fill(OC*IC), fill(OC)
	for _, b := range [][]float32{bias, nil} {
		got, want := make([]float32, N*OC), make([]float32, N*OC)
		matmulForward(got, inp, w, b, N, IC, OC)
		matmulForwardRef(want, inp, w, b, N, IC, OC)
		for i := range got {
			if d := math.Abs(float64(got[i] - want[i])); d > 1e-4*(1+math.Abs(float64(want[i]))) {
				t.Fatalf("out[%d] = %g, reference %g", i, got[i], want[i])
			}
		}
	}
}

// TestFloat32GradientsMatchFloat64: the float32 instantiation (Sgemm, float32
// sums) gives the float64 gradients to within 1e-3 relative per tensor: the
// float32 rounding (~6e-8 a value) grows through a few dozen sums and
// products, far below 1e-3, while any path-specific bug is far above it.
func TestFloat32GradientsMatchFloat64(t *testing.T) {
	cfg := tinyConfig()
	g64, _ := NewGPT[float64](cfg)
	g32, _ := NewGPT[float32](cfg)
	randomize(g64.Params, 11, 0.3)
	for i, x := range g64.Params.Data {
		g32.Params.Data[i] = float32(x)
		g64.Params.Data[i] = float64(float32(x)) // the same parameters in both
	}
	rng := rand.New(rand.NewPCG(9, 9))
	B, T := 2, 6
	inp := randomTokens(rng, B*T, cfg.VocabSize)
	targets := randomTokens(rng, B*T, cfg.VocabSize)
	for _, step := range []func() error{
		func() error { _, err := g64.Forward(inp, targets, B, T); return err },
		func() error { _, err := g32.Forward(inp, targets, B, T); return err },
		g64.Backward, g32.Backward,
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	for i, s := range g64.Params.Specs {
		var diff2, norm2 float64
		for j, want := range g64.Grads.Views[i] {
			d := float64(g32.Grads.Views[i][j]) - want
			diff2 += d * d
			norm2 += want * want
		}
		if rel := math.Sqrt(diff2 / norm2); rel > 1e-3 {
			t.Errorf("%s: float32 gradient off by %.3g relative", s.Name, rel)
		}
	}
}
