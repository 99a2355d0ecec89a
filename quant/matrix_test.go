package quant

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/x448/float16"
)

func gaussian(n int, seed uint64) []float32 {
	r := rand.New(rand.NewPCG(seed, 1))
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(r.NormFloat64())
	}
	return v
}

func TestQuantizeRoundTrip(t *testing.T) {
	shapes := [][2]int{{1, 1}, {3, 2}, {4, 32}, {5, 33}, {7, 100}, {2, 64}}
	for _, sh := range shapes {
		rows, cols := sh[0], sh[1]
		src := gaussian(rows*cols, uint64(rows*1000+cols))
		for _, d := range []DType{F32, F16, Q8, Q4} {
			m, err := Quantize(src, rows, cols, d)
			if err != nil {
				t.Fatalf("%v %v: %v", sh, d, err)
			}
			got := m.Dequantize()
			nb := BlocksPerRow(cols)
			for i, want := range src {
				r, c := i/cols, i%cols
				var bound float64
				switch d {
				case F16:
					bound = math.Abs(float64(want - float16.Fromfloat32(want).Float32()))
				case Q8, Q4:
					// Half a quantization step (float32 rounding aside).
					b := r*nb + c/BlockSize
					bound = float64(m.Scale[b])/2*(1+1e-6) + 1e-7
				}
				if diff := math.Abs(float64(got[i] - want)); diff > bound {
					t.Fatalf("%v %v: value [%d, %d] = %g, want %g (error %g > bound %g)", sh, d, r, c, got[i], want, diff, bound)
				}
			}
		}
	}
}

func TestQuantizeZeroBlock(t *testing.T) {
	for _, d := range []DType{Q8, Q4} {
		m, err := Quantize(make([]float32, 64), 1, 64, d)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range m.Dequantize() {
			if v != 0 {
				t.Fatalf("%v: value %d = %g, want 0", d, i, v)
			}
		}
	}
}

func TestRowMatchesDequantize(t *testing.T) {
	src := gaussian(6*45, 7)
	for _, d := range []DType{F32, F16, Q8, Q4} {
		m, _ := Quantize(src, 6, 45, d)
		all := m.Dequantize()
		buf := make([]float32, 64)
		for r := 0; r < 6; r++ {
			row := m.Row(r, buf)
			for c, v := range row {
				if v != all[r*45+c] {
					t.Fatalf("%v: Row(%d)[%d] = %g, Dequantize gives %g", d, r, c, v, all[r*45+c])
				}
			}
		}
	}
}

func TestNewMatrixRejects(t *testing.T) {
	for _, c := range []struct {
		rows, cols int
		d          DType
	}{{0, 4, F32}, {4, -1, F32}, {1 << 20, 1 << 20, Q8}, {2, 2, DType(9)}} {
		if _, err := NewMatrix(c.rows, c.cols, c.d); err == nil {
			t.Errorf("NewMatrix(%d, %d, %v) succeeded, want an error", c.rows, c.cols, c.d)
		}
	}
	if _, err := Quantize(make([]float32, 5), 2, 3, F32); err == nil {
		t.Error("Quantize with 5 values for [2, 3] succeeded")
	}
}

func TestParseDType(t *testing.T) {
	for _, d := range []DType{F32, F16, Q8, Q4} {
		got, err := ParseDType(d.String())
		if err != nil || got != d {
			t.Errorf("ParseDType(%q) = %v, %v", d.String(), got, err)
		}
		b, _ := d.MarshalText()
		var u DType
		if err := u.UnmarshalText(b); err != nil || u != d {
			t.Errorf("text round trip of %v gave %v, %v", d, u, err)
		}
	}
	if _, err := ParseDType("q3"); err == nil {
		t.Error("ParseDType(q3) succeeded")
	}
}
