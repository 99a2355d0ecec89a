package model

import (
	"testing"

	"gpt2/quant"
)

func tinyConfig() Config {
	return Config{NLayer: 1, NHead: 2, NEmbd: 4, NPositions: 3, VocabSize: 5, LayerNormEpsilon: 1e-5, Activation: "gelu_new"}
}

func tinyTensors(cfg Config) map[string][]float32 {
	ts := map[string][]float32{}
	for i, s := range cfg.Tensors() {
		v := make([]float32, s.Elements())
		for j := range v {
			v[j] = float32(i) + float32(j)/100
		}
		ts[s.Name] = v
	}
	return ts
}

func TestFromFloat32(t *testing.T) {
	cfg := tinyConfig()
	ts := tinyTensors(cfg)
	w, err := FromFloat32(cfg, ts, nil) // nil: every matrix f32
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Check(); err != nil {
		t.Fatal(err)
	}
	for _, p := range w.Params() {
		var got []float32
		if p.Kind == Matrix {
			if (*p.Matrix).DType != quant.F32 {
				t.Errorf("%s: dtype %v, want f32", p.Name, (*p.Matrix).DType)
			}
			got = (*p.Matrix).Dequantize()
		} else {
			got = *p.Vector
		}
		for i, v := range ts[p.Name] {
			if got[i] != v {
				t.Fatalf("%s[%d] = %g, want %g", p.Name, i, got[i], v)
			}
		}
	}
	delete(ts, "h.0.mlp.c_fc.bias")
	if _, err := FromFloat32(cfg, ts, nil); err == nil {
		t.Error("FromFloat32 without h.0.mlp.c_fc.bias succeeded")
	}
}

func TestConfigValidate(t *testing.T) {
	good := tinyConfig()
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := map[string]func(*Config){
		"n_layer 0":          func(c *Config) { c.NLayer = 0 },
		"n_embd not /n_head": func(c *Config) { c.NEmbd = 5 },
		"huge vocab":         func(c *Config) { c.VocabSize = MaxVocab + 1 },
		"epsilon 0":          func(c *Config) { c.LayerNormEpsilon = 0 },
		"relu":               func(c *Config) { c.Activation = "relu" },
		"too many params":    func(c *Config) { c.NLayer, c.NEmbd, c.NHead = 256, 16384, 128 },
	}
	for name, mutate := range bad {
		c := good
		mutate(&c)
		if err := c.Validate(); err == nil {
			t.Errorf("%s: Validate accepted %+v", name, c)
		}
	}
}
