package model

import (
	"math"
	"math/rand/v2"
	"testing"

	"gpt2/quant"
)

// This file is an independent, naive GPT-2 forward pass in float64 with no
// cache: every call recomputes the whole sequence from the dequantized
// weights. The engine is tested against it; the goldens test both.

// refModel holds dequantized weights as float64, keyed by tensor name.
type refModel struct {
	cfg Config
	t   map[string][]float64
}

func newRefModel(w *Weights) *refModel {
	r := &refModel{cfg: w.Config, t: map[string][]float64{}}
	for _, p := range w.Params() {
		var src []float32
		if p.Kind == Matrix {
			src = (*p.Matrix).Dequantize()
		} else {
			src = *p.Vector
		}
		d := make([]float64, len(src))
		for i, v := range src {
			d[i] = float64(v)
		}
		r.t[p.Name] = d
	}
	return r
}

// forward returns the logits [T][V] of every position of ids.
func (r *refModel) forward(ids []int) [][]float64 {
	c := r.cfg
	C, T := c.NEmbd, len(ids)
	x := make([][]float64, T)
	for t, id := range ids {
		x[t] = make([]float64, C)
		for i := range x[t] {
			x[t][i] = r.t["wte.weight"][id*C+i] + r.t["wpe.weight"][t*C+i]
		}
	}
	for l := 0; l < c.NLayer; l++ {
		p := "h." + itoa(l) + "."
		a := r.attn(p, r.norm(x, p+"ln_1"))
		for t := range x {
			add(x[t], a[t])
		}
		m := r.mlp(p, r.norm(x, p+"ln_2"))
		for t := range x {
			add(x[t], m[t])
		}
	}
	return r.linear(r.norm(x, "ln_f"), "wte.weight", "")
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func add(dst, src []float64) {
	for i := range dst {
		dst[i] += src[i]
	}
}

func (r *refModel) norm(x [][]float64, name string) [][]float64 {
	w, b := r.t[name+".weight"], r.t[name+".bias"]
	out := make([][]float64, len(x))
	for t, row := range x {
		var mean, v float64
		for _, a := range row {
			mean += a
		}
		mean /= float64(len(row))
		for _, a := range row {
			v += (a - mean) * (a - mean)
		}
		v /= float64(len(row))
		out[t] = make([]float64, len(row))
		for i, a := range row {
			out[t][i] = (a-mean)/math.Sqrt(v+r.cfg.LayerNormEpsilon)*w[i] + b[i]
		}
	}
	return out
}

// linear computes x Wᵀ + b with W [out, in] named w; bias b may be "".
func (r *refModel) linear(x [][]float64, w, b string) [][]float64 {
	W := r.t[w]
	in := len(x[0])
	outN := len(W) / in
	y := make([][]float64, len(x))
	for t, row := range x {
		y[t] = make([]float64, outN)
		for o := range y[t] {
			var s float64
			for i, a := range row {
				s += W[o*in+i] * a
			}
			if b != "" {
				s += r.t[b][o]
			}
			y[t][o] = s
		}
	}
	return y
}

func (r *refModel) attn(p string, x [][]float64) [][]float64 {
	C, H := r.cfg.NEmbd, r.cfg.NHead
	D := C / H
	qkv := r.linear(x, p+"attn.c_attn.weight", p+"attn.c_attn.bias")
	y := make([][]float64, len(x))
	for t := range x {
		y[t] = make([]float64, C)
		for h := 0; h < H; h++ {
			s := make([]float64, t+1)
			var mx = math.Inf(-1)
			for j := 0; j <= t; j++ {
				for d := 0; d < D; d++ {
					s[j] += qkv[t][h*D+d] * qkv[j][C+h*D+d]
				}
				s[j] /= math.Sqrt(float64(D))
				mx = math.Max(mx, s[j])
			}
			var z float64
			for j := range s {
				s[j] = math.Exp(s[j] - mx)
				z += s[j]
			}
			for j := range s {
				for d := 0; d < D; d++ {
					y[t][h*D+d] += s[j] / z * qkv[j][2*C+h*D+d]
				}
			}
		}
	}
	return r.linear(y, p+"attn.c_proj.weight", p+"attn.c_proj.bias")
}

func (r *refModel) mlp(p string, x [][]float64) [][]float64 {
	h := r.linear(x, p+"mlp.c_fc.weight", p+"mlp.c_fc.bias")
	for _, row := range h {
		for i, a := range row {
			row[i] = 0.5 * a * (1 + math.Tanh(math.Sqrt(2/math.Pi)*(a+0.044715*a*a*a)))
		}
	}
	return r.linear(h, p+"mlp.c_proj.weight", p+"mlp.c_proj.bias")
}

// randomTensors returns seeded random float32 tensors for cfg, scaled like
// a trained GPT-2 (small matrices, LayerNorm weights near 1).
func randomTensors(cfg Config, seed uint64) map[string][]float32 {
	r := rand.New(rand.NewPCG(seed, 11))
	ts := map[string][]float32{}
	for _, s := range cfg.Tensors() {
		v := make([]float32, s.Elements())
		scale, offset := 0.2, 0.0
		if s.Kind == Vector {
			scale = 0.1
			if len(s.Name) > 7 && s.Name[len(s.Name)-7:] == ".weight" {
				offset = 1
			}
		}
		for i := range v {
			v[i] = float32(offset + scale*r.NormFloat64())
		}
		ts[s.Name] = v
	}
	return ts
}

// testConfig is small but exercises partial blocks (C = 48) and several
// heads.
var testConfig = Config{NLayer: 2, NHead: 4, NEmbd: 48, NPositions: 24, VocabSize: 101,
	LayerNormEpsilon: 1e-5, Activation: "gelu_new"}

func randomWeights(t testing.TB, cfg Config, d quant.DType, seed uint64) *Weights {
	t.Helper()
	w, err := FromFloat32(cfg, randomTensors(cfg, seed), func(TensorSpec) quant.DType { return d })
	if err != nil {
		t.Fatal(err)
	}
	return w
}
