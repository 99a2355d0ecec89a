package train

// matmulForward: out [N, OC] = inp [N, IC] W^T + bias, with W [OC, IC] (the
// engine's [out, in] layout) and bias [OC] or nil.
func matmulForward[F Float](out, inp, w, bias []F, N, IC, OC int) {
	if bias != nil {
		for n := 0; n < N; n++ {
			copy(out[n*OC:(n+1)*OC], bias)
		}
	}
	beta := F(0)
	if bias != nil {
		beta = 1
	}
	gemm(false, true, N, OC, IC, inp, IC, w, IC, beta, out, OC)
}

// matmulBackward accumulates from dout [N, OC]: dinp [N, IC] += dout W,
// dw [OC, IC] += dout^T inp, dbias [OC] += column sums of dout (dbias may be
// nil). dinp may be nil when the input needs no gradient.
func matmulBackward[F Float](dinp, dw, dbias, dout, inp, w []F, N, IC, OC int) {
	if dinp != nil {
		gemm(false, false, N, IC, OC, dout, OC, w, IC, 1, dinp, IC)
	}
	gemm(true, false, OC, IC, N, dout, OC, inp, IC, 1, dw, IC)
	if dbias != nil {
		for n := 0; n < N; n++ {
			addTo(dbias, dout[n*OC:(n+1)*OC])
		}
	}
}

// matmulForwardRef is the plain triple loop matmulForward must agree with.
func matmulForwardRef[F Float](out, inp, w, bias []F, N, IC, OC int) {
	for n := 0; n < N; n++ {
		for o := 0; o < OC; o++ {
			var s F
			if bias != nil {
				s = bias[o]
			}
			for i := 0; i < IC; i++ {
				s += inp[n*IC+i] * w[o*IC+i]
			}
			out[n*OC+o] = s
		}
	}
}
