package model

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"gpt2/kernels"
	"gpt2/quant"
)

var allDTypes = []quant.DType{quant.F32, quant.F16, quant.Q8, quant.Q4}

func newModel(t testing.TB, w *Weights, o Options) *Model {
	t.Helper()
	m, err := NewWithOptions(w, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	return m
}

var testIDs = []int{5, 17, 0, 100, 42, 42, 7, 63, 1, 99, 12, 3, 88}

// closeTo compares got [V] with want [V] within tol * (1 + max|want|).
func closeTo(t *testing.T, what string, got []float32, want []float64, tol float64) {
	t.Helper()
	scale := 1.0
	for _, w := range want {
		scale = math.Max(scale, math.Abs(w))
	}
	for i := range want {
		if d := math.Abs(float64(got[i]) - want[i]); !(d <= tol*scale) {
			t.Fatalf("%s: logit %d = %g, want %g (diff %g > %g)", what, i, got[i], want[i], d, tol*scale)
		}
	}
}

// The engine's one-pass forward matches the naive float64 forward on the
// same (dequantized) weights, for every encoding and both kernel sets.
func TestForwardMatchesReference(t *testing.T) {
	for _, d := range allDTypes {
		w := randomWeights(t, testConfig, d, 1)
		want := newRefModel(w).forward(testIDs)
		sets := []*kernels.Set{&kernels.Reference, &kernels.Portable}
		if kernels.Fast.Name != kernels.Portable.Name {
			sets = append(sets, &kernels.Fast)
		}
		for _, set := range sets {
			t.Run(fmt.Sprintf("%v/%s", d, set.Name), func(t *testing.T) {
				s := newModel(t, w, Options{Kernels: set}).NewSession()
				all, err := s.AppendAll(testIDs)
				if err != nil {
					t.Fatal(err)
				}
				V := testConfig.VocabSize
				for i := range testIDs {
					closeTo(t, fmt.Sprintf("position %d", i), all[i*V:(i+1)*V], want[i], 1e-5)
				}
			})
		}
	}
}

// Forward with the KV cache (a prompt, then one token at a time) equals
// recomputing the whole sequence, for every encoding.
func TestKVCacheMatchesRecompute(t *testing.T) {
	for _, d := range allDTypes {
		t.Run(d.String(), func(t *testing.T) {
			m := newModel(t, randomWeights(t, testConfig, d, 2), Options{})
			V := testConfig.VocabSize
			full, err := m.NewSession().AppendAll(testIDs)
			if err != nil {
				t.Fatal(err)
			}
			s := m.NewSession()
			const prompt = 5
			got, err := s.Append(testIDs[:prompt])
			if err != nil {
				t.Fatal(err)
			}
			for i := prompt - 1; i < len(testIDs); i++ {
				if i >= prompt {
					if got, err = s.Append(testIDs[i : i+1]); err != nil {
						t.Fatal(err)
					}
				}
				want := make([]float64, V)
				for j := range want {
					want[j] = float64(full[i*V+j])
				}
				closeTo(t, fmt.Sprintf("position %d", i), got, want, 1e-5)
			}
			if s.Len() != len(testIDs) {
				t.Fatalf("Len = %d, want %d", s.Len(), len(testIDs))
			}
		})
	}
}

// Splitting products across goroutines changes no arithmetic: the logits
// are identical with 1 and 3 threads.
func TestThreadsIdentical(t *testing.T) {
	w := randomWeights(t, testConfig, quant.Q8, 3)
	var outs [][]float32
	for _, n := range []int{1, 3} {
		m := newModel(t, w, Options{Threads: n})
		m.minParallel = 0 // split even these small products
		if m.Threads() != n {
			t.Fatalf("Threads() = %d, want %d", m.Threads(), n)
		}
		out, err := m.NewSession().AppendAll(testIDs)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, out)
	}
	for i := range outs[0] {
		if outs[0][i] != outs[1][i] {
			t.Fatalf("logit %d: %g with 1 thread, %g with 3", i, outs[0][i], outs[1][i])
		}
	}
}

// A clone continues exactly like the original.
func TestClone(t *testing.T) {
	m := newModel(t, randomWeights(t, testConfig, quant.F32, 4), Options{})
	s := m.NewSession()
	if _, err := s.Append(testIDs[:6]); err != nil {
		t.Fatal(err)
	}
	c := s.Clone()
	a, err := s.Append(testIDs[6:9])
	if err != nil {
		t.Fatal(err)
	}
	want := append([]float32(nil), a...)
	got, err := c.Append(testIDs[6:9])
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("logit %d: clone %g, original %g", i, got[i], want[i])
		}
	}
	s.Reset()
	if s.Len() != 0 || c.Len() != 9 {
		t.Fatalf("after Reset: Len %d (want 0), clone Len %d (want 9)", s.Len(), c.Len())
	}
}

// Bad input is refused with an error and leaves the session unchanged.
func TestAppendErrors(t *testing.T) {
	m := newModel(t, randomWeights(t, testConfig, quant.F32, 5), Options{})
	s := m.NewSession()
	if _, err := s.Append(testIDs[:3]); err != nil {
		t.Fatal(err)
	}
	long := make([]int, testConfig.NPositions-2)
	cases := []struct {
		ids  []int
		want string
	}{
		{nil, "no tokens"},
		{[]int{1, -1}, "token -1 (index 1) is outside the vocabulary"},
		{[]int{testConfig.VocabSize}, "outside the vocabulary [0, 101)"},
		{long, "3 positions + 22 tokens exceed the context of 24"},
	}
	for _, c := range cases {
		for _, f := range []func([]int) ([]float32, error){s.Append, s.AppendAll} {
			_, err := f(c.ids)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Append(%d ids) error = %v, want %q", len(c.ids), err, c.want)
			}
			if s.Len() != 3 {
				t.Fatalf("Len = %d after a refused Append, want 3", s.Len())
			}
		}
	}
	if _, err := s.Append(long[:len(long)-1]); err != nil {
		t.Fatalf("filling the context exactly: %v", err)
	}
}

// New refuses inconsistent weights.
func TestNewErrors(t *testing.T) {
	if _, err := New(nil); err == nil {
		t.Error("New(nil) = nil error")
	}
	w := randomWeights(t, testConfig, quant.Q4, 6)
	w.Blocks[1].FC.Weight.Min = w.Blocks[1].FC.Weight.Min[1:]
	if _, err := New(w); err == nil || !strings.Contains(err.Error(), "h.1.mlp.c_fc.weight") {
		t.Errorf("New(truncated mins) error = %v, want one naming h.1.mlp.c_fc.weight", err)
	}
	w = randomWeights(t, testConfig, quant.F32, 6)
	if _, err := NewWithOptions(w, Options{Threads: -1}); err == nil || !strings.Contains(err.Error(), "Threads") {
		t.Errorf("Threads -1: error = %v, want one naming Threads", err)
	}
	w.Blocks[0].Ln2.Bias = nil
	if _, err := New(w); err == nil || !strings.Contains(err.Error(), "h.0.ln_2.bias") {
		t.Errorf("New(missing bias) error = %v, want one naming h.0.ln_2.bias", err)
	}
}

// A decode step allocates nothing.
func TestDecodeAllocs(t *testing.T) {
	for _, threads := range []int{1, 2} {
		m := newModel(t, randomWeights(t, testConfig, quant.Q8, 7), Options{Threads: threads})
		m.minParallel = 0
		s := m.NewSession()
		if _, err := s.Append(testIDs[:4]); err != nil {
			t.Fatal(err)
		}
		id := []int{9}
		allocs := testing.AllocsPerRun(10, func() {
			if _, err := s.Append(id); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("threads %d: %v allocations per decode step, want 0", threads, allocs)
		}
	}
}

// Sessions of one Model may run in parallel goroutines (they share the
// Model's workers): each gets the result it would get alone.
func TestConcurrentSessions(t *testing.T) {
	m := newModel(t, randomWeights(t, testConfig, quant.Q4, 8), Options{Threads: 2})
	m.minParallel = 0
	want, err := m.NewSession().AppendAll(testIDs)
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	for g := 0; g < 4; g++ {
		go func() {
			s := m.NewSession()
			for rep := 0; rep < 3; rep++ {
				s.Reset()
				got, err := s.AppendAll(testIDs)
				if err == nil {
					for i := range got {
						if got[i] != want[i] {
							err = fmt.Errorf("logit %d = %g, alone %g", i, got[i], want[i])
							break
						}
					}
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for g := 0; g < 4; g++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
