package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gpt2/quant"
)

var dtypes = []quant.DType{quant.F32, quant.F16, quant.Q8, quant.Q4}

func gaussian(n int, seed uint64) []float32 {
	r := rand.New(rand.NewPCG(seed, 7))
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(r.NormFloat64())
	}
	return v
}

func randomMatrix(t testing.TB, N, K int, d quant.DType, seed uint64) *quant.Matrix {
	t.Helper()
	m, err := quant.Quantize(gaussian(N*K, seed), N, K, d)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// absDot returns sum_k |W[n,k] X[t,k]|, the scale of the rounding error of
// a float32 dot product in any order.
func absDot(w []float32, x []float32) float64 {
	var s float64
	for k := range x {
		s += math.Abs(float64(w[k]) * float64(x[k]))
	}
	return s
}

// The reference kernel decodes weights exactly as quant.Dequantize does.
func TestReferenceDecodesLikeQuant(t *testing.T) {
	for _, d := range dtypes {
		w := randomMatrix(t, 5, 70, d, 1)
		want := w.Dequantize()
		for n := 0; n < w.Rows; n++ {
			for k := 0; k < w.Cols; k++ {
				if got := weightAt(w, n, k); got != want[n*w.Cols+k] {
					t.Fatalf("%v W[%d,%d] = %g, quant says %g", d, n, k, got, want[n*w.Cols+k])
				}
			}
		}
	}
}

var shapes = [][3]int{ // N, K, T
	{1, 1, 1}, {3, 2, 1}, {4, 32, 1}, {5, 33, 2}, {9, 64, 1}, {8, 100, 3},
	{13, 96, 1}, {12, 768, 1}, {7, 768, 4}, {16, 31, 5}, {6, 8, 1}, {17, 200, 1},
	{5, 3072, 1}, {3, 130, 3},
}

// fastSets are the sets under test: Portable, and Fast when it differs
// (the assembly kernels on a CPU that has them).
func fastSets() []*Set {
	if Fast.Name == Portable.Name {
		return []*Set{&Portable}
	}
	return []*Set{&Portable, &Fast}
}

// Every fast kernel agrees with the reference within float32
// reassociation error, on full and partial row ranges.
func TestFastMatchesReference(t *testing.T) {
	for _, set := range fastSets() {
		for _, d := range dtypes {
			for i, sh := range shapes {
				N, K, T := sh[0], sh[1], sh[2]
				t.Run(fmt.Sprintf("%s/%v/%dx%dxT%d", set.Name, d, N, K, T), func(t *testing.T) {
					w := randomMatrix(t, N, K, d, uint64(i))
					x := gaussian(T*K, uint64(100+i))
					for _, r := range [][2]int{{0, N}, {1, N}, {0, N / 2}, {N / 3, N - N/4}} {
						checkRange(t, set, w, x, T, r[0], r[1])
					}
				})
			}
		}
	}
}

func checkRange(t *testing.T, set *Set, w *quant.Matrix, x []float32, T, n0, n1 int) {
	t.Helper()
	N, K := w.Rows, w.Cols
	scratch := make([]float32, ScratchLen(K))
	want := make([]float32, T*N)
	got := make([]float32, T*N)
	for i := range got {
		got[i] = float32(math.NaN()) // untouched outputs stay NaN
		want[i] = got[i]
	}
	Reference.For(w.DType)(w, x, T, want, n0, n1, scratch)
	set.For(w.DType)(w, x, T, got, n0, n1, scratch)
	dense := w.Dequantize()
	for tt := 0; tt < T; tt++ {
		for n := 0; n < N; n++ {
			g, e := got[tt*N+n], want[tt*N+n]
			if n < n0 || n >= n1 {
				if !math.IsNaN(float64(g)) {
					t.Fatalf("rows [%d,%d): wrote y[%d,%d] = %g outside the range", n0, n1, tt, n, g)
				}
				continue
			}
			tol := 1e-5 * absDot(dense[n*K:(n+1)*K], x[tt*K:(tt+1)*K])
			if diff := math.Abs(float64(g - e)); !(diff <= tol) {
				t.Fatalf("rows [%d,%d): y[%d,%d] = %g, reference %g (diff %g > tol %g)", n0, n1, tt, n, g, e, diff, tol)
			}
		}
	}
}

type fill struct{ seen []int }

func (f *fill) Run(lo, hi int, _ []float32) {
	for i := lo; i < hi; i++ {
		f.seen[i]++
	}
}

// A Pool covers every index exactly once, for any split.
func TestPoolCoversRange(t *testing.T) {
	for _, threads := range []int{1, 2, 3, 5} {
		p := NewPool(threads, 4)
		l := NewLocal(4)
		for _, n := range []int{0, 1, 4, 7, 8, 33, 100, 1001} {
			f := &fill{seen: make([]int, n)}
			p.Run(f, n, RowGroup, 0, l)
			for i, c := range f.seen {
				if c != 1 {
					t.Fatalf("threads %d n %d: index %d run %d times", threads, n, i, c)
				}
			}
		}
		p.Close()
	}
}

// A product split over several goroutines equals the inline one exactly
// (each row is computed by one kernel call either way).
func TestPoolMatMul(t *testing.T) {
	w := randomMatrix(t, 37, 96, quant.Q8, 3)
	x := gaussian(3*96, 4)
	want := make([]float32, 3*37)
	Fast.Q8(w, x, 3, want, 0, 37, make([]float32, ScratchLen(96)))
	p := NewPool(3, ScratchLen(96))
	defer p.Close()
	got := make([]float32, 3*37)
	p.Run(&MatMul{Kernel: Fast.Q8, W: w, X: x, Y: got, T: 3}, 37, RowGroup, 0, NewLocal(ScratchLen(96)))
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("y[%d] = %g split, %g inline", i, got[i], want[i])
		}
	}
}

func TestCheck(t *testing.T) {
	w := randomMatrix(t, 4, 8, quant.F32, 1)
	if err := Check(w, make([]float32, 16), 2, make([]float32, 8)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ x, T, y int }{{15, 2, 8}, {16, 2, 7}, {16, 0, 8}} {
		if err := Check(w, make([]float32, c.x), c.T, make([]float32, c.y)); err == nil {
			t.Errorf("Check(x %d, T %d, y %d) = nil, want an error", c.x, c.T, c.y)
		}
	}
	if err := Check(nil, nil, 1, nil); err == nil {
		t.Error("Check(nil weight) = nil")
	}
}
