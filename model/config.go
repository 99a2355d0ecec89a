package model

import (
	"errors"
	"fmt"
)

// Config is a GPT-2 model's shape, with the names of Hugging Face's
// config.json.
type Config struct {
	NLayer           int     `json:"n_layer"`             // L
	NHead            int     `json:"n_head"`              // H
	NEmbd            int     `json:"n_embd"`              // C
	NPositions       int     `json:"n_positions"`         // P, the context length
	VocabSize        int     `json:"vocab_size"`          // V
	NInner           int     `json:"n_inner,omitempty"`   // MLP width; 0 means 4*C
	LayerNormEpsilon float64 `json:"layer_norm_epsilon"`  // 1e-5 in GPT-2
	Activation       string  `json:"activation_function"` // "gelu_new" (tanh GELU)
}

// Limits beyond which a config is refused as absurd: they are far above
// gpt2-xl (48 layers, 25 heads, 1600 channels, 1024 positions).
const (
	MaxLayers     = 256
	MaxHeads      = 256
	MaxEmbd       = 1 << 14
	MaxPositions  = 1 << 16
	MaxVocab      = 1 << 20
	MaxParameters = 8 << 30
)

// Supported activations: GPT-2's tanh approximation of GELU under its
// Hugging Face names.
var activations = map[string]bool{"gelu_new": true, "gelu_pytorch_tanh": true}

// Inner returns the MLP width (n_inner, or 4*n_embd when unset).
func (c Config) Inner() int {
	if c.NInner > 0 {
		return c.NInner
	}
	return 4 * c.NEmbd
}

// HeadSize returns C/H.
func (c Config) HeadSize() int { return c.NEmbd / c.NHead }

// Validate checks that the config describes a GPT-2 this engine can run and
// whose size is sane.
func (c Config) Validate() error {
	check := func(name string, v, hi int) error {
		if v <= 0 || v > hi {
			return fmt.Errorf("model: config %s = %d, want 1..%d", name, v, hi)
		}
		return nil
	}
	if err := errors.Join(
		check("n_layer", c.NLayer, MaxLayers),
		check("n_head", c.NHead, MaxHeads),
		check("n_embd", c.NEmbd, MaxEmbd),
		check("n_positions", c.NPositions, MaxPositions),
		check("vocab_size", c.VocabSize, MaxVocab),
		check("n_inner", c.Inner(), 4*MaxEmbd),
	); err != nil {
		return err
	}
	if c.NEmbd%c.NHead != 0 {
		return fmt.Errorf("model: config n_embd = %d is not a multiple of n_head = %d", c.NEmbd, c.NHead)
	}
	if !(c.LayerNormEpsilon > 0 && c.LayerNormEpsilon < 1) {
		return fmt.Errorf("model: config layer_norm_epsilon = %g, want in (0, 1)", c.LayerNormEpsilon)
	}
	if !activations[c.Activation] {
		return fmt.Errorf("model: config activation_function = %q is not supported (want gelu_new)", c.Activation)
	}
	if n := c.NumParameters(); n > MaxParameters {
		return fmt.Errorf("model: config implies %d parameters, more than the limit %d", n, MaxParameters)
	}
	return nil
}

// NumParameters counts the parameters (the tied output head once).
func (c Config) NumParameters() int64 {
	var n int64
	for _, s := range c.Tensors() {
		n += s.Elements()
	}
	return n
}
