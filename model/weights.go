package model

import (
	"fmt"

	"gpt2/quant"
)

// LayerNorm holds a LayerNorm's parameters, each [C].
type LayerNorm struct {
	Weight, Bias []float32
}

// Linear is y = W x + b with W [out, in] and b [out].
type Linear struct {
	Weight *quant.Matrix
	Bias   []float32
}

// Block is one transformer block (HF h.N).
type Block struct {
	Ln1   LayerNorm // h.N.ln_1
	Attn  Linear    // h.N.attn.c_attn  [3C, C]
	Proj  Linear    // h.N.attn.c_proj  [C, C]
	Ln2   LayerNorm // h.N.ln_2
	FC    Linear    // h.N.mlp.c_fc     [4C, C]
	FCOut Linear    // h.N.mlp.c_proj   [C, 4C]
}

// Weights are a GPT-2 model's parameters.
type Weights struct {
	Config Config
	WTE    *quant.Matrix // wte.weight [V, C], also the output head
	WPE    *quant.Matrix // wpe.weight [P, C]
	Blocks []Block       // h.0 .. h.{L-1}
	LnF    LayerNorm     // ln_f
}

// Param points at the storage of one tensor of Weights: Matrix for
// matrices, Vector for vectors.
type Param struct {
	TensorSpec
	Matrix **quant.Matrix
	Vector *[]float32
}

// NewWeights returns empty weights for cfg (no tensor allocated).
func NewWeights(cfg Config) (*Weights, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Weights{Config: cfg, Blocks: make([]Block, cfg.NLayer)}, nil
}

// Params lists every tensor of w in the order of Config.Tensors, with
// pointers to where it is stored.
func (w *Weights) Params() []Param {
	specs := w.Config.Tensors()
	ps := make([]Param, 0, len(specs))
	i := 0
	mat := func(m **quant.Matrix) {
		ps = append(ps, Param{TensorSpec: specs[i], Matrix: m})
		i++
	}
	vec := func(v *[]float32) {
		ps = append(ps, Param{TensorSpec: specs[i], Vector: v})
		i++
	}
	mat(&w.WTE)
	mat(&w.WPE)
	for l := range w.Blocks {
		b := &w.Blocks[l]
		vec(&b.Ln1.Weight)
		vec(&b.Ln1.Bias)
		mat(&b.Attn.Weight)
		vec(&b.Attn.Bias)
		mat(&b.Proj.Weight)
		vec(&b.Proj.Bias)
		vec(&b.Ln2.Weight)
		vec(&b.Ln2.Bias)
		mat(&b.FC.Weight)
		vec(&b.FC.Bias)
		mat(&b.FCOut.Weight)
		vec(&b.FCOut.Bias)
	}
	vec(&w.LnF.Weight)
	vec(&w.LnF.Bias)
	return ps
}

// Check verifies that every tensor is present with the shape the config
// implies.
func (w *Weights) Check() error {
	for _, p := range w.Params() {
		if p.Kind == Matrix {
			m := *p.Matrix
			if m == nil {
				return fmt.Errorf("model: tensor %s is missing", p.Name)
			}
			if m.Rows != p.Shape[0] || m.Cols != p.Shape[1] {
				return fmt.Errorf("model: tensor %s has shape [%d, %d], config implies %v", p.Name, m.Rows, m.Cols, p.Shape)
			}
			continue
		}
		if len(*p.Vector) != p.Shape[0] {
			return fmt.Errorf("model: tensor %s has %d values, config implies %d", p.Name, len(*p.Vector), p.Shape[0])
		}
	}
	return nil
}

// FromFloat32 builds weights from float32 tensors in the engine's layout
// (keyed by Tensors names), encoding each matrix with dtype(spec), or f32
// when dtype is nil.
func FromFloat32(cfg Config, tensors map[string][]float32, dtype func(TensorSpec) quant.DType) (*Weights, error) {
	if dtype == nil {
		dtype = func(TensorSpec) quant.DType { return quant.F32 }
	}
	w, err := NewWeights(cfg)
	if err != nil {
		return nil, err
	}
	for _, p := range w.Params() {
		src, ok := tensors[p.Name]
		if !ok {
			return nil, fmt.Errorf("model: tensor %s is missing", p.Name)
		}
		if int64(len(src)) != p.Elements() {
			return nil, fmt.Errorf("model: tensor %s has %d values, shape %v implies %d", p.Name, len(src), p.Shape, p.Elements())
		}
		if p.Kind == Vector {
			*p.Vector = append([]float32(nil), src...)
			continue
		}
		m, err := quant.Quantize(src, p.Shape[0], p.Shape[1], dtype(p.TensorSpec))
		if err != nil {
			return nil, fmt.Errorf("model: tensor %s: %w", p.Name, err)
		}
		*p.Matrix = m
	}
	return w, nil
}
