package train

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gpt2/model"
	"gpt2/quant"
)

// BlockParams are the views of one transformer block's tensors (HF h.N).
type BlockParams[F Float] struct {
	Ln1W, Ln1B     []F // ln_1.weight, .bias       [C]
	AttnW, AttnB   []F // attn.c_attn.weight, .bias [3C, C], [3C]
	ProjW, ProjB   []F // attn.c_proj.weight, .bias [C, C], [C]
	Ln2W, Ln2B     []F // ln_2.weight, .bias       [C]
	FCW, FCB       []F // mlp.c_fc.weight, .bias   [F, C], [F]
	FCOutW, FCOutB []F // mlp.c_proj.weight, .bias [C, F], [C]
}

// Params is every parameter of a model (or its gradient, or an Adam moment)
// in one flat buffer, tensors in the order of Config.Tensors, with one view
// per tensor.
type Params[F Float] struct {
	Config     model.Config
	Specs      []model.TensorSpec
	Data       []F   // all values, flat
	Views      [][]F // Views[i] is Specs[i]'s values, row-major
	WTE, WPE   []F   // wte.weight [V, C], wpe.weight [P, C]
	Blocks     []BlockParams[F]
	LnFW, LnFB []F // ln_f.weight, .bias [C]
}

// NewParams allocates zero parameters for cfg.
func NewParams[F Float](cfg model.Config) (*Params[F], error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	specs := cfg.Tensors()
	p := &Params[F]{Config: cfg, Specs: specs, Data: make([]F, cfg.NumParameters())}
	off := int64(0)
	for _, s := range specs {
		p.Views = append(p.Views, p.Data[off:off+s.Elements()])
		off += s.Elements()
	}
	v := p.Views
	p.WTE, p.WPE = v[0], v[1]
	for l := 0; l < cfg.NLayer; l++ {
		b := v[2+12*l : 2+12*(l+1)]
		p.Blocks = append(p.Blocks, BlockParams[F]{
			Ln1W: b[0], Ln1B: b[1], AttnW: b[2], AttnB: b[3], ProjW: b[4], ProjB: b[5],
			Ln2W: b[6], Ln2B: b[7], FCW: b[8], FCB: b[9], FCOutW: b[10], FCOutB: b[11],
		})
	}
	p.LnFW, p.LnFB = v[len(v)-2], v[len(v)-1]
	return p, nil
}

// Init sets GPT-2's initialisation (as nanoGPT): matrices N(0, 0.02), the
// residual projections (attn.c_proj, mlp.c_proj) N(0, 0.02/sqrt(2L)),
// biases 0, LayerNorm gains 1.
func (p *Params[F]) Init(seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 0x6770742d32))
	std := 0.02
	resid := std / math.Sqrt(2*float64(p.Config.NLayer))
	for i, s := range p.Specs {
		v := p.Views[i]
		switch {
		case s.Kind == model.Matrix:
			sd := std
			if hasSuffix(s.Name, "c_proj.weight") {
				sd = resid
			}
			for j := range v {
				v[j] = F(rng.NormFloat64() * sd)
			}
		case hasSuffix(s.Name, "ln_1.weight"), hasSuffix(s.Name, "ln_2.weight"), s.Name == "ln_f.weight":
			for j := range v {
				v[j] = 1
			}
		default:
			clear(v)
		}
	}
}

func hasSuffix(s, suf string) bool { return len(s) >= len(suf) && s[len(s)-len(suf):] == suf }

// SetFloat32 copies tensors in the engine layout (keyed by Tensors names,
// as hf.Checkpoint.Tensors) into p.
func (p *Params[F]) SetFloat32(tensors map[string][]float32) error {
	for i, s := range p.Specs {
		src, ok := tensors[s.Name]
		if !ok {
			return fmt.Errorf("train: tensor %s is missing", s.Name)
		}
		if int64(len(src)) != s.Elements() {
			return fmt.Errorf("train: tensor %s has %d values, shape %v implies %d", s.Name, len(src), s.Shape, s.Elements())
		}
		for j, x := range src {
			p.Views[i][j] = F(x)
		}
	}
	return nil
}

// SetWeights copies (dequantizing) model weights into p.
func (p *Params[F]) SetWeights(w *model.Weights) error {
	if err := w.Check(); err != nil {
		return fmt.Errorf("train: %w", err)
	}
	tensors := map[string][]float32{}
	for _, wp := range w.Params() {
		if wp.Kind == model.Vector {
			tensors[wp.Name] = *wp.Vector
			continue
		}
		tensors[wp.Name] = (*wp.Matrix).Dequantize()
	}
	return p.SetFloat32(tensors)
}

// Float32 returns a copy of every tensor as float32, keyed by name.
func (p *Params[F]) Float32() map[string][]float32 {
	out := make(map[string][]float32, len(p.Specs))
	for i, s := range p.Specs {
		v := make([]float32, len(p.Views[i]))
		for j, x := range p.Views[i] {
			v[j] = float32(x)
		}
		out[s.Name] = v
	}
	return out
}

// Weights encodes p as model weights, matrices in encoding d.
func (p *Params[F]) Weights(d quant.DType) (*model.Weights, error) {
	return model.FromFloat32(p.Config, p.Float32(), func(model.TensorSpec) quant.DType { return d })
}
