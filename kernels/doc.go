// Package kernels holds the matrix products of the engine: Y = X Wᵀ for a
// weight W in any encoding of package quant, dequantized inside the kernel
// (never expanded into a float32 copy of the whole matrix).
//
// Shapes: W [N, K] (N outputs, K inputs, row-major, as quant.Matrix stores
// linear weights [out, in]); X [T, K]; Y [T, N]:
//
//	Y[t, n] = sum_k W[n, k] * X[t, k]
//
// A Kernel computes the rows n in [n0, n1) of that product; a Pool splits
// the rows of one product across goroutines. Each encoding has a plain
// reference kernel (reference.go: decode one value, multiply, add) and a
// fast kernel written for Go's WebAssembly backend, which neither
// vectorizes nor unrolls and pays a dispatch per loop iteration: the fast
// kernels compute four output rows per pass over the input vector, unroll
// the inner loop four values at a time with straight-line code, and reslice
// operands to their exact length before a loop so that bounds checks are
// hoisted. Tests check every fast kernel against its reference.
//
//	F32  four rows at a time, 4x4 values per iteration.
//	F16  the same, through a 64K-entry half -> float32 table (256 KiB).
//	Q8   per block of 32: s * sum(q[k] x[k]) (GGML's Q8_0 dot with float x).
//	Q4   per block: sum((q*s + m) x) = s*sum(q x) + m*sum(x); the block sums
//	     of x are computed once per input vector (Q4_1's dot).
//
// Natively the int8 and 4-bit values become float32 through small tables
// (a load is cheaper than a conversion on amd64); under WebAssembly through
// a conversion instruction (the opposite holds): convert_generic.go and
// convert_wasm.go, chosen by build tag.
//
// For T > 1 (a prompt) the fast kernels decode four rows of W into
// scratch once (F32 reads them in place) and reuse them for every t, two
// input rows at a time (a 4x2 tile), so decoding costs 1/T of the
// products.
//
// The Set type is the function table per encoding: Reference, Portable
// (the unrolled Go kernels above, the ones WebAssembly runs) and Fast, the
// best for the CPU at hand: on amd64 with AVX2, FMA and F16C (checked with
// CPUID at start-up; the purego build tag turns it off) it is the
// assembly of avx2_amd64.s, eight float32 lanes per instruction, one row
// at a time; elsewhere it is Portable. Another implementation (WebAssembly
// SIMD, arm64 NEON) slots in as another Set.
package kernels
