//go:build ignore

// make.go writes this folder's config.json and model.safetensors: a tiny
// GPT-2 (L=2, H=2, C=8, P=16, V=257) in exactly the key layout of
// openai-community/gpt2's model.safetensors, as the shared folder's
// fixtures/tiny-openai-f32 has it: no "transformer." prefix, the
// causal-mask buffer h.N.attn.bias [1, 1, P, P] stored, Conv1D weights
// [in, out], every tensor F32, keys and data in sorted order, the header
// padded with spaces to a multiple of 8. The weights are seeded PCG normals (math/rand/v2, whose
// streams are pinned), so running it again gives the same bytes:
//
//	go run testdata/hf/tiny-openai-layout/make.go
package main

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
)

const (
	L, H, C, P, V = 2, 2, 8, 16, 257
	dir           = "testdata/hf/tiny-openai-layout"
)

type tensor struct {
	shape []int
	vals  []float32
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "make:", err)
		os.Exit(1)
	}
}

func run() error {
	rng := rand.New(rand.NewPCG(2026, 8))
	normal := func(std, mean float64, shape ...int) tensor {
		n := 1
		for _, d := range shape {
			n *= d
		}
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(mean + std*rng.NormFloat64())
		}
		return tensor{shape, v}
	}
	ts := map[string]tensor{}
	// The draws are made in the order of these calls; change none of them
	// without regenerating the fixture.
	add := func(name string, t tensor) { ts[name] = t }
	add("wte.weight", normal(0.5, 0, V, C))
	add("wpe.weight", normal(0.1, 0, P, C))
	for l := 0; l < L; l++ {
		p := fmt.Sprintf("h.%d.", l)
		mask := tensor{[]int{1, 1, P, P}, make([]float32, P*P)}
		for i := 0; i < P; i++ {
			for j := 0; j <= i; j++ {
				mask.vals[i*P+j] = 1
			}
		}
		add(p+"attn.bias", mask)
		add(p+"ln_1.weight", normal(0.1, 1, C))
		add(p+"ln_1.bias", normal(0.1, 0, C))
		add(p+"attn.c_attn.weight", normal(0.3, 0, C, 3*C)) // Conv1D [in, out]
		add(p+"attn.c_attn.bias", normal(0.1, 0, 3*C))
		add(p+"attn.c_proj.weight", normal(0.3, 0, C, C))
		add(p+"attn.c_proj.bias", normal(0.1, 0, C))
		add(p+"ln_2.weight", normal(0.1, 1, C))
		add(p+"ln_2.bias", normal(0.1, 0, C))
		add(p+"mlp.c_fc.weight", normal(0.3, 0, C, 4*C))
		add(p+"mlp.c_fc.bias", normal(0.1, 0, 4*C))
		add(p+"mlp.c_proj.weight", normal(0.3, 0, 4*C, C))
		add(p+"mlp.c_proj.bias", normal(0.1, 0, C))
	}
	add("ln_f.weight", normal(0.1, 1, C))
	add("ln_f.bias", normal(0.1, 0, C))

	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(config), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "model.safetensors"), safetensors(ts), 0o644)
}

// safetensors encodes ts: u64 header length, JSON header, then the data of
// each tensor in key order.
func safetensors(ts map[string]tensor) []byte {
	type entry struct {
		DType   string `json:"dtype"`
		Shape   []int  `json:"shape"`
		Offsets [2]int `json:"data_offsets"`
	}
	hdr := map[string]any{"__metadata__": map[string]string{"format": "pt"}}
	var data []byte
	keys := make([]string, 0, len(ts))
	for k := range ts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		start := len(data)
		for _, v := range ts[k].vals {
			data = binary.LittleEndian.AppendUint32(data, math.Float32bits(v))
		}
		hdr[k] = entry{"F32", ts[k].shape, [2]int{start, len(data)}}
	}
	h, err := json.Marshal(hdr) // map keys sorted
	if err != nil {
		panic(err)
	}
	for len(h)%8 != 0 {
		h = append(h, ' ')
	}
	out := binary.LittleEndian.AppendUint64(nil, uint64(len(h)))
	return append(append(out, h...), data...)
}

// config is the shared fixture's config.json with the sizes changed; the
// vocabulary is 256 bytes and an end-of-text token, the smallest a
// byte-level tokenizer fits (package weights stores one with the model).
const config = `{
  "activation_function": "gelu_new",
  "architectures": [
    "GPT2LMHeadModel"
  ],
  "attn_pdrop": 0.1,
  "bos_token_id": 256,
  "embd_pdrop": 0.1,
  "eos_token_id": 256,
  "initializer_range": 0.02,
  "layer_norm_epsilon": 1e-05,
  "model_type": "gpt2",
  "n_ctx": 16,
  "n_embd": 8,
  "n_head": 2,
  "n_inner": null,
  "n_layer": 2,
  "n_positions": 16,
  "reorder_and_upcast_attn": false,
  "resid_pdrop": 0.1,
  "scale_attn_by_inverse_layer_idx": false,
  "scale_attn_weights": true,
  "summary_activation": null,
  "summary_first_dropout": 0.1,
  "summary_proj_to_labels": true,
  "summary_type": "cls_index",
  "summary_use_proj": true,
  "use_cache": true,
  "vocab_size": 257
}
`
