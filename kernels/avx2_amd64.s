//go:build amd64 && !purego

#include "textflag.h"

// func cpuid(leaf, sub uint32) (a, b, c, d uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL leaf+0(FP), AX
	MOVL sub+4(FP), CX
	CPUID
	MOVL AX, a+8(FP)
	MOVL BX, b+12(FP)
	MOVL CX, c+16(FP)
	MOVL DX, d+20(FP)
	RET

// func xgetbv() (eax uint32)
TEXT ·xgetbv(SB), NOSPLIT, $0-4
	MOVL $0, CX
	XGETBV
	MOVL AX, eax+0(FP)
	RET

// func dotF32AVX2(a, b *float32, n int) float32
// Sum of a[i]*b[i] for i < n; n is a positive multiple of 32.
TEXT ·dotF32AVX2(SB), NOSPLIT, $0-28
	MOVQ a+0(FP), SI
	MOVQ b+8(FP), DI
	MOVQ n+16(FP), CX
	SHRQ $5, CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3

f32loop:
	VMOVUPS (SI), Y4
	VMOVUPS 32(SI), Y5
	VMOVUPS 64(SI), Y6
	VMOVUPS 96(SI), Y7
	VFMADD231PS (DI), Y4, Y0
	VFMADD231PS 32(DI), Y5, Y1
	VFMADD231PS 64(DI), Y6, Y2
	VFMADD231PS 96(DI), Y7, Y3
	ADDQ $128, SI
	ADDQ $128, DI
	DECQ CX
	JNZ  f32loop

	VADDPS Y1, Y0, Y0
	VADDPS Y3, Y2, Y2
	VADDPS Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VHADDPS X0, X0, X0
	VHADDPS X0, X0, X0
	VZEROUPPER
	MOVSS X0, ret+24(FP)
	RET

// func dotQ8AVX2(q *int8, x *float32, scale *float32, nb int) float32
// Sum over nb blocks of scale[b] * sum_j q[32b+j]*x[32b+j]; nb >= 1.
TEXT ·dotQ8AVX2(SB), NOSPLIT, $0-36
	MOVQ q+0(FP), SI
	MOVQ x+8(FP), DI
	MOVQ scale+16(FP), DX
	MOVQ nb+24(FP), CX
	VXORPS Y0, Y0, Y0

q8loop:
	VPMOVSXBD (SI), Y1
	VPMOVSXBD 8(SI), Y2
	VPMOVSXBD 16(SI), Y3
	VPMOVSXBD 24(SI), Y4
	VCVTDQ2PS Y1, Y1
	VCVTDQ2PS Y2, Y2
	VCVTDQ2PS Y3, Y3
	VCVTDQ2PS Y4, Y4
	VMULPS (DI), Y1, Y5
	VMULPS 32(DI), Y2, Y6
	VFMADD231PS 64(DI), Y3, Y5
	VFMADD231PS 96(DI), Y4, Y6
	VADDPS Y6, Y5, Y5
	VBROADCASTSS (DX), Y7
	VFMADD231PS Y5, Y7, Y0
	ADDQ $32, SI
	ADDQ $128, DI
	ADDQ $4, DX
	DECQ CX
	JNZ  q8loop

	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VHADDPS X0, X0, X0
	VHADDPS X0, X0, X0
	VZEROUPPER
	MOVSS X0, ret+32(FP)
	RET

// func dotF16AVX2(h *uint16, x *float32, n int) float32
// Sum of float32(h[i])*x[i] for i < n (h float16 bits, converted by
// F16C's VCVTPH2PS); n is a positive multiple of 32.
TEXT ·dotF16AVX2(SB), NOSPLIT, $0-28
	MOVQ h+0(FP), SI
	MOVQ x+8(FP), DI
	MOVQ n+16(FP), CX
	SHRQ $5, CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3

f16loop:
	VCVTPH2PS (SI), Y4
	VCVTPH2PS 16(SI), Y5
	VCVTPH2PS 32(SI), Y6
	VCVTPH2PS 48(SI), Y7
	VFMADD231PS (DI), Y4, Y0
	VFMADD231PS 32(DI), Y5, Y1
	VFMADD231PS 64(DI), Y6, Y2
	VFMADD231PS 96(DI), Y7, Y3
	ADDQ $64, SI
	ADDQ $128, DI
	DECQ CX
	JNZ  f16loop

	VADDPS Y1, Y0, Y0
	VADDPS Y3, Y2, Y2
	VADDPS Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VHADDPS X0, X0, X0
	VHADDPS X0, X0, X0
	VZEROUPPER
	MOVSS X0, ret+24(FP)
	RET

// func dotQ4AVX2(q *uint8, xp *float32, scale *float32, nb int) float32
// Sum over nb blocks of scale[b] * sum_j nibble(q, 32b+j) * x[32b+j], with
// x given de-interleaved per block (xp: the 16 even-indexed values of the
// block, then the 16 odd-indexed ones) so that the low nibbles (even
// indices) and the high nibbles (odd) each meet eight contiguous values.
TEXT ·dotQ4AVX2(SB), NOSPLIT, $0-36
	MOVQ q+0(FP), SI
	MOVQ xp+8(FP), DI
	MOVQ scale+16(FP), DX
	MOVQ nb+24(FP), CX
	MOVL $15, AX
	VMOVD AX, X8
	VPBROADCASTD X8, Y8
	VXORPS Y0, Y0, Y0

q4loop:
	VPMOVZXBD (SI), Y1
	VPMOVZXBD 8(SI), Y2
	VPSRLD $4, Y1, Y3
	VPSRLD $4, Y2, Y4
	VPAND Y8, Y1, Y1
	VPAND Y8, Y2, Y2
	VCVTDQ2PS Y1, Y1
	VCVTDQ2PS Y2, Y2
	VCVTDQ2PS Y3, Y3
	VCVTDQ2PS Y4, Y4
	VMULPS (DI), Y1, Y5
	VMULPS 32(DI), Y2, Y6
	VFMADD231PS 64(DI), Y3, Y5
	VFMADD231PS 96(DI), Y4, Y6
	VADDPS Y6, Y5, Y5
	VBROADCASTSS (DX), Y7
	VFMADD231PS Y5, Y7, Y0
	ADDQ $16, SI
	ADDQ $128, DI
	ADDQ $4, DX
	DECQ CX
	JNZ  q4loop

	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VHADDPS X0, X0, X0
	VHADDPS X0, X0, X0
	VZEROUPPER
	MOVSS X0, ret+32(FP)
	RET
