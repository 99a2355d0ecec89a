package kernels

import (
	"fmt"

	"gpt2/quant"
)

// Kernel computes rows [n0, n1) of Y = X Wᵀ:
//
//	w       [N, K]
//	x       [T, K]
//	y       [T, N] (only columns n0..n1-1 are written)
//	scratch at least ScratchLen(K) values, owned by the caller (one per
//	        goroutine), content irrelevant on entry
//
// A Kernel assumes its arguments have been checked (see Check); it does
// not validate them again on every call.
type Kernel func(w *quant.Matrix, x []float32, T int, y []float32, n0, n1 int, scratch []float32)

// Set is one implementation of the product for every encoding.
type Set struct {
	Name string
	F32  Kernel
	F16  Kernel
	Q8   Kernel
	Q4   Kernel
}

// For returns the kernel of s for encoding d, or nil.
func (s *Set) For(d quant.DType) Kernel {
	switch d {
	case quant.F32:
		return s.F32
	case quant.F16:
		return s.F16
	case quant.Q8:
		return s.Q8
	case quant.Q4:
		return s.Q4
	}
	return nil
}

// Reference is the plain implementation: one value at a time, in order.
var Reference = Set{Name: "reference", F32: refKernel, F16: refKernel, Q8: refKernel, Q4: refKernel}

// Portable is the unrolled Go implementation, four rows at a time, for
// every target (the one used under WebAssembly).
var Portable = Set{Name: "portable", F32: fastF32, F16: fastF16, Q8: fastQ8, Q4: fastQ4}

// Fast is the fastest implementation for this CPU: Portable, or on amd64
// with AVX2 and FMA the assembly kernels of avx2_amd64.s.
var Fast = accelerated()

// rowGroup is how many output rows the fast kernels compute per pass; a
// Pool splits products at multiples of it.
const rowGroup = 4

// ScratchLen is the scratch a kernel needs for inputs of K values: four
// decoded rows plus the block sums of one input vector.
func ScratchLen(K int) int { return rowGroup*K + quant.BlocksPerRow(K) }

// Check verifies that the operands of Y = X Wᵀ have consistent sizes.
func Check(w *quant.Matrix, x []float32, T int, y []float32) error {
	if w == nil {
		return fmt.Errorf("kernels: nil weight")
	}
	if T <= 0 || len(x) < T*w.Cols || len(y) < T*w.Rows {
		return fmt.Errorf("kernels: [%d, %d] x [%d, %d]: x has %d values, y %d", T, w.Cols, w.Rows, w.Cols, len(x), len(y))
	}
	return nil
}
