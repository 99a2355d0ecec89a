package train

import "math"

// encoderForward: out[b,t,:] = wte[inp[b,t]] + wpe[t].
// inp [B, T] -> out [B, T, C]; wte [V, C], wpe [P, C].
func encoderForward[F Float](out []F, inp []int, wte, wpe []F, B, T, C int) {
	for b := 0; b < B; b++ {
		for t := 0; t < T; t++ {
			o := out[(b*T+t)*C:][:C]
			we := wte[inp[b*T+t]*C:][:C]
			pe := wpe[t*C:][:C]
			for i := range o {
				o[i] = we[i] + pe[i]
			}
		}
	}
}

// encoderBackward accumulates dout [B, T, C] into dwte [V, C] and dwpe [P, C].
func encoderBackward[F Float](dwte, dwpe, dout []F, inp []int, B, T, C int) {
	for b := 0; b < B; b++ {
		for t := 0; t < T; t++ {
			d := dout[(b*T+t)*C:][:C]
			dwe := dwte[inp[b*T+t]*C:][:C]
			dpe := dwpe[t*C:][:C]
			for i, x := range d {
				dwe[i] += x
				dpe[i] += x
			}
		}
	}
}

// layernormForward normalises each row of inp [N, C] to out [N, C],
// keeping mean and rstd [N] for the backward pass.
func layernormForward[F Float](out, mean, rstd, inp, weight, bias []F, N, C int, eps float64) {
	for n := 0; n < N; n++ {
		x := inp[n*C:][:C]
		var m F
		for _, v := range x {
			m += v
		}
		m /= F(C)
		var variance F
		for _, v := range x {
			variance += (v - m) * (v - m)
		}
		variance /= F(C)
		s := 1 / sqrt(variance+F(eps))
		o := out[n*C:][:C]
		for i, v := range x {
			o[i] = (v-m)*s*weight[i] + bias[i]
		}
		mean[n], rstd[n] = m, s
	}
}

// layernormBackward accumulates into dinp [N, C], dweight, dbias [C] from
// dout [N, C].
func layernormBackward[F Float](dinp, dweight, dbias, dout, inp, weight, mean, rstd []F, N, C int) {
	for n := 0; n < N; n++ {
		d := dout[n*C:][:C]
		x := inp[n*C:][:C]
		di := dinp[n*C:][:C]
		m, s := mean[n], rstd[n]
		var dnormMean, dnormNormMean F
		for i := range d {
			norm := (x[i] - m) * s
			dnorm := weight[i] * d[i]
			dnormMean += dnorm
			dnormNormMean += dnorm * norm
		}
		dnormMean /= F(C)
		dnormNormMean /= F(C)
		for i := range d {
			norm := (x[i] - m) * s
			dnorm := weight[i] * d[i]
			dbias[i] += d[i]
			dweight[i] += norm * d[i]
			di[i] += (dnorm - dnormMean - norm*dnormNormMean) * s
		}
	}
}

const geluScale = 0.7978845608028654 // sqrt(2/pi)

// geluForward: out = 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), elementwise.
func geluForward[F Float](out, inp []F) {
	for i, x := range inp {
		u := geluScale * (x + 0.044715*x*x*x)
		out[i] = 0.5 * x * (1 + tanh(u))
	}
}

// geluBackward accumulates dout * gelu'(inp) into dinp.
func geluBackward[F Float](dinp, inp, dout []F) {
	for i, x := range inp {
		u := geluScale * (x + 0.044715*x*x*x)
		th := tanh(u)
		sech2 := 1 - th*th
		grad := 0.5*(1+th) + 0.5*x*sech2*geluScale*(1+3*0.044715*x*x)
		dinp[i] += grad * dout[i]
	}
}

// residualForward: out = a + b, elementwise.
func residualForward[F Float](out, a, b []F) {
	for i := range out {
		out[i] = a[i] + b[i]
	}
}

// addTo: dst += src, elementwise.
func addTo[F Float](dst, src []F) {
	for i := range dst {
		dst[i] += src[i]
	}
}

// isFinite reports whether x is neither NaN nor infinite.
func isFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
