package hf

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"slices"

	"gpt2/model"
)

// hfConfig is the part of config.json this package reads. Pointer fields
// are absent when nil and take GPT2Config's defaults.
type hfConfig struct {
	ModelType     string   `json:"model_type"`
	Architectures []string `json:"architectures"`

	NLayer           *int     `json:"n_layer"`
	NHead            *int     `json:"n_head"`
	NEmbd            *int     `json:"n_embd"`
	NPositions       *int     `json:"n_positions"`
	VocabSize        *int     `json:"vocab_size"`
	NInner           *int     `json:"n_inner"`
	LayerNormEpsilon *float64 `json:"layer_norm_epsilon"`
	Activation       *string  `json:"activation_function"`

	ScaleAttnWeights    *bool `json:"scale_attn_weights"`
	ScaleAttnByLayerIdx *bool `json:"scale_attn_by_inverse_layer_idx"`
	AddCrossAttention   *bool `json:"add_cross_attention"`
}

// architectures whose weights are GPT-2 with a tied output head.
var architectures = []string{"GPT2LMHeadModel", "GPT2Model"}

// ParseConfig reads a Hugging Face GPT-2 config.json. Other model types and
// architectures, and attention variants the engine does not implement, are
// refused with an UnsupportedError.
func ParseConfig(data []byte) (model.Config, error) {
	const file = "config.json"
	var hc hfConfig
	if err := json.Unmarshal(data, &hc); err != nil {
		return model.Config{}, formatErr(file, -1, "%v", err)
	}
	if hc.ModelType != "gpt2" {
		return model.Config{}, unsupported(file, "model_type %q: this engine runs GPT-2 only (model_type \"gpt2\")", hc.ModelType)
	}
	for _, a := range hc.Architectures {
		if !slices.Contains(architectures, a) {
			return model.Config{}, unsupported(file, "architecture %q (want GPT2LMHeadModel)", a)
		}
	}
	if hc.ScaleAttnWeights != nil && !*hc.ScaleAttnWeights {
		return model.Config{}, unsupported(file, "scale_attn_weights = false")
	}
	if hc.ScaleAttnByLayerIdx != nil && *hc.ScaleAttnByLayerIdx {
		return model.Config{}, unsupported(file, "scale_attn_by_inverse_layer_idx = true")
	}
	if hc.AddCrossAttention != nil && *hc.AddCrossAttention {
		return model.Config{}, unsupported(file, "add_cross_attention = true")
	}
	cfg := model.Config{
		NLayer:           or(hc.NLayer, 12),
		NHead:            or(hc.NHead, 12),
		NEmbd:            or(hc.NEmbd, 768),
		NPositions:       or(hc.NPositions, 1024),
		VocabSize:        or(hc.VocabSize, 50257),
		NInner:           or(hc.NInner, 0),
		LayerNormEpsilon: or(hc.LayerNormEpsilon, 1e-5),
		Activation:       or(hc.Activation, "gelu_new"),
	}
	if err := cfg.Validate(); err != nil {
		return model.Config{}, &FormatError{File: file, Offset: -1, Msg: err.Error()}
	}
	return cfg, nil
}

func or[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

// ParseGenerationConfig reads generation_config.json. An eos_token_id list
// (allowed by transformers) keeps its first id.
func ParseGenerationConfig(data []byte) (*model.GenerationConfig, error) {
	const file = "generation_config.json"
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, formatErr(file, -1, "%v", err)
	}
	if eos, ok := raw["eos_token_id"]; ok && bytes.HasPrefix(bytes.TrimSpace(eos), []byte("[")) {
		var ids []int
		if err := json.Unmarshal(eos, &ids); err != nil {
			return nil, formatErr(file, -1, "eos_token_id: %v", err)
		}
		delete(raw, "eos_token_id")
		if len(ids) > 0 {
			raw["eos_token_id"], _ = json.Marshal(ids[0])
		}
		data, _ = json.Marshal(raw)
	}
	var g model.GenerationConfig
	if err := json.Unmarshal(data, &g); err != nil {
		return nil, formatErr(file, -1, "%v", err)
	}
	return &g, nil
}

// readOptional returns the contents of name, or nil if it does not exist.
func readOptional(fsys fs.FS, name string) ([]byte, error) {
	b, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return b, err
}
