package quant

import (
	"fmt"
	"math"

	"github.com/x448/float16"
)

// MaxElements bounds the size of one matrix (2^32 values), so that a corrupt
// shape can never ask for an absurd allocation.
const MaxElements = 1 << 32

// Matrix is a row-major [Rows, Cols] weight in one encoding. Exactly the
// fields of its DType are set:
//
//	F32: F32  [Rows*Cols]
//	F16: F16  [Rows*Cols] (raw half-precision bits)
//	Q8:  Q8   [Rows*BlocksPerRow(Cols)*32] int8, Scale [Rows*BlocksPerRow(Cols)]
//	Q4:  Q4   [Rows*BlocksPerRow(Cols)*16] bytes, two values a byte (low
//	     nibble first), Scale and Min [Rows*BlocksPerRow(Cols)]
type Matrix struct {
	Rows, Cols int
	DType      DType

	F32   []float32
	F16   []uint16
	Q8    []int8
	Q4    []uint8
	Scale []float32
	Min   []float32
}

// NewMatrix allocates a zero [rows, cols] matrix in encoding d.
func NewMatrix(rows, cols int, d DType) (*Matrix, error) {
	if rows <= 0 || cols <= 0 || int64(rows)*int64(cols) > MaxElements {
		return nil, fmt.Errorf("quant: bad matrix shape [%d, %d]", rows, cols)
	}
	m := &Matrix{Rows: rows, Cols: cols, DType: d}
	nb := rows * BlocksPerRow(cols)
	switch d {
	case F32:
		m.F32 = make([]float32, rows*cols)
	case F16:
		m.F16 = make([]uint16, rows*cols)
	case Q8:
		m.Q8 = make([]int8, nb*BlockSize)
		m.Scale = make([]float32, nb)
	case Q4:
		m.Q4 = make([]uint8, nb*BlockSize/2)
		m.Scale = make([]float32, nb)
		m.Min = make([]float32, nb)
	default:
		return nil, fmt.Errorf("quant: unknown encoding %v", d)
	}
	return m, nil
}

// Quantize encodes a row-major [rows, cols] float32 matrix in encoding d.
func Quantize(src []float32, rows, cols int, d DType) (*Matrix, error) {
	if len(src) != rows*cols {
		return nil, fmt.Errorf("quant: %d values for shape [%d, %d]", len(src), rows, cols)
	}
	m, err := NewMatrix(rows, cols, d)
	if err != nil {
		return nil, err
	}
	for r := 0; r < rows; r++ {
		m.SetRow(r, src[r*cols:(r+1)*cols])
	}
	return m, nil
}

// SetRow encodes the float32 values v (len Cols) into row r.
func (m *Matrix) SetRow(r int, v []float32) {
	switch m.DType {
	case F32:
		copy(m.F32[r*m.Cols:], v[:m.Cols])
	case F16:
		row := m.F16[r*m.Cols : (r+1)*m.Cols]
		for i, x := range v[:m.Cols] {
			row[i] = float16.Fromfloat32(x).Bits()
		}
	case Q8, Q4:
		nb := BlocksPerRow(m.Cols)
		var block [BlockSize]float32
		for b := 0; b < nb; b++ {
			block = [BlockSize]float32{}
			copy(block[:], v[b*BlockSize:min((b+1)*BlockSize, m.Cols)])
			i := r*nb + b
			if m.DType == Q8 {
				m.Scale[i] = quantizeQ8(m.Q8[i*BlockSize:(i+1)*BlockSize], &block)
			} else {
				m.Scale[i], m.Min[i] = quantizeQ4(m.Q4[i*BlockSize/2:(i+1)*BlockSize/2], &block)
			}
		}
	}
}

// roundUpF16 returns the smallest float16 >= x (x >= 0 finite), so that a
// scale stored as float16 never makes the largest value of a block clip.
func roundUpF16(x float32) float32 {
	h := float16.Fromfloat32(x)
	if h.Float32() < x {
		h++
	}
	return h.Float32()
}

// roundDownF16 returns the largest float16 <= x.
func roundDownF16(x float32) float32 {
	h := float16.Fromfloat32(x)
	if h.Float32() > x {
		if h.Signbit() {
			h++ // more negative
		} else if h&0x7fff == 0 {
			h = 0x8001 // the smallest negative subnormal below +0
		} else {
			h--
		}
	}
	return h.Float32()
}

func quantizeQ8(dst []int8, v *[BlockSize]float32) float32 {
	var amax float32
	for _, x := range v {
		amax = max(amax, float32(math.Abs(float64(x))))
	}
	scale := roundUpF16(amax / 127)
	if scale == 0 {
		clear(dst)
		return 0
	}
	inv := 1 / scale
	for i, x := range v {
		q := math.Round(float64(x * inv))
		dst[i] = int8(max(-127, min(127, q)))
	}
	return scale
}

func quantizeQ4(dst []uint8, v *[BlockSize]float32) (scale, lo float32) {
	lo, hi := v[0], v[0]
	for _, x := range v {
		lo, hi = min(lo, x), max(hi, x)
	}
	lo = roundDownF16(lo)
	scale = roundUpF16((hi - lo) / 15)
	var inv float32
	if scale != 0 {
		inv = 1 / scale
	}
	for i := 0; i < BlockSize; i += 2 {
		q0 := max(0, min(15, math.Round(float64((v[i]-lo)*inv))))
		q1 := max(0, min(15, math.Round(float64((v[i+1]-lo)*inv))))
		dst[i/2] = uint8(q0) | uint8(q1)<<4
	}
	return scale, lo
}

// Row decodes row r into dst (len >= Cols) and returns dst[:Cols].
func (m *Matrix) Row(r int, dst []float32) []float32 {
	dst = dst[:m.Cols]
	switch m.DType {
	case F32:
		copy(dst, m.F32[r*m.Cols:(r+1)*m.Cols])
	case F16:
		for i, h := range m.F16[r*m.Cols : (r+1)*m.Cols] {
			dst[i] = float16.Frombits(h).Float32()
		}
	case Q8, Q4:
		nb := BlocksPerRow(m.Cols)
		for c := range dst {
			b := r*nb + c/BlockSize
			j := c % BlockSize
			if m.DType == Q8 {
				dst[c] = float32(m.Q8[b*BlockSize+j]) * m.Scale[b]
			} else {
				q := m.Q4[b*BlockSize/2+j/2]
				if j%2 == 1 {
					q >>= 4
				}
				dst[c] = float32(q&15)*m.Scale[b] + m.Min[b]
			}
		}
	}
	return dst
}

// Dequantize decodes the whole matrix into a new row-major float32 slice.
func (m *Matrix) Dequantize() []float32 {
	out := make([]float32, m.Rows*m.Cols)
	for r := 0; r < m.Rows; r++ {
		m.Row(r, out[r*m.Cols:])
	}
	return out
}

// Bytes returns the in-memory size of the encoded values and scales.
func (m *Matrix) Bytes() int {
	return 4*len(m.F32) + 2*len(m.F16) + len(m.Q8) + len(m.Q4) + 4*len(m.Scale) + 4*len(m.Min)
}
