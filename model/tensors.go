package model

import "fmt"

// Kind says how a tensor is stored: matrices may be quantized, vectors
// (biases and LayerNorm parameters) always stay float32.
type Kind uint8

const (
	Matrix Kind = iota + 1
	Vector
)

// TensorSpec names one tensor of the model and its shape. Names are
// Hugging Face's (unprefixed, as in openai-community/gpt2). Shapes are the
// engine's: linear weights are [out, in], the transpose of HF's Conv1D
// [in, out], like nn.Linear in nanoGPT.
type TensorSpec struct {
	Name  string
	Shape []int // [rows, cols] for matrices, [n] for vectors
	Kind  Kind
}

// Elements returns the number of values.
func (s TensorSpec) Elements() int64 {
	n := int64(1)
	for _, d := range s.Shape {
		n *= int64(d)
	}
	return n
}

// Tensors is the one list of the model's tensors, in file order. The
// converter, the writer, the loader and the trainer all walk it.
//
//	wte.weight                [V, C]   token embedding, tied output head
//	wpe.weight                [P, C]   position embedding
//	h.N.ln_1.weight, .bias    [C]
//	h.N.attn.c_attn.weight    [3C, C]  q, k, v projections stacked
//	h.N.attn.c_attn.bias      [3C]
//	h.N.attn.c_proj.weight    [C, C]
//	h.N.attn.c_proj.bias      [C]
//	h.N.ln_2.weight, .bias    [C]
//	h.N.mlp.c_fc.weight       [4C, C]
//	h.N.mlp.c_fc.bias         [4C]
//	h.N.mlp.c_proj.weight     [C, 4C]
//	h.N.mlp.c_proj.bias       [C]
//	ln_f.weight, .bias        [C]
func (c Config) Tensors() []TensorSpec {
	C, F := c.NEmbd, c.Inner()
	m := func(name string, rows, cols int) TensorSpec {
		return TensorSpec{Name: name, Shape: []int{rows, cols}, Kind: Matrix}
	}
	v := func(name string, n int) TensorSpec {
		return TensorSpec{Name: name, Shape: []int{n}, Kind: Vector}
	}
	specs := []TensorSpec{m("wte.weight", c.VocabSize, C), m("wpe.weight", c.NPositions, C)}
	for l := 0; l < c.NLayer; l++ {
		p := fmt.Sprintf("h.%d.", l)
		specs = append(specs,
			v(p+"ln_1.weight", C), v(p+"ln_1.bias", C),
			m(p+"attn.c_attn.weight", 3*C, C), v(p+"attn.c_attn.bias", 3*C),
			m(p+"attn.c_proj.weight", C, C), v(p+"attn.c_proj.bias", C),
			v(p+"ln_2.weight", C), v(p+"ln_2.bias", C),
			m(p+"mlp.c_fc.weight", F, C), v(p+"mlp.c_fc.bias", F),
			m(p+"mlp.c_proj.weight", C, F), v(p+"mlp.c_proj.bias", C),
		)
	}
	return append(specs, v("ln_f.weight", C), v("ln_f.bias", C))
}
