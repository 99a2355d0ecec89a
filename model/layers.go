package model

import "math"

// layerNorm normalizes each row of x [T, C] into out [T, C]:
//
//	out = (x - mean) / sqrt(var + eps) * weight + bias
//
// with the mean and the (biased) variance of the row, accumulated in
// float64.
func layerNorm(out, x []float32, p LayerNorm, C int, eps float64) {
	w, b := p.Weight[:C], p.Bias[:C]
	for t := 0; t+C <= len(x); t += C {
		row, o := x[t:t+C], out[t:t+C]
		var sum float64
		for _, v := range row {
			sum += float64(v)
		}
		mean := sum / float64(C)
		var sq float64
		for _, v := range row {
			d := float64(v) - mean
			sq += d * d
		}
		rstd := 1 / math.Sqrt(sq/float64(C)+eps)
		for i, v := range row {
			o[i] = float32((float64(v)-mean)*rstd)*w[i] + b[i]
		}
	}
}

// geluScale is sqrt(2/pi).
var geluScale = math.Sqrt(2 / math.Pi)

// gelu applies GPT-2's tanh GELU in place:
//
//	gelu(x) = 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
func gelu(h []float32) {
	for i, v := range h {
		x := float64(v)
		h[i] = float32(0.5 * x * (1 + math.Tanh(geluScale*(x+0.044715*x*x*x))))
	}
}
