package hf

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// TestLayouts loads the same synthetic weights in every key layout and
// file arrangement the package accepts and checks they give identical
// tensors.
func TestLayouts(t *testing.T) {
	plain := synthetic("")
	prefixed := synthetic("transformer.")
	var wte stEntry
	for _, e := range prefixed {
		if e.Name == "transformer.wte.weight" {
			wte = e
		}
	}
	head := stEntry{"lm_head.weight", "F32", wte.Shape, wte.Vals}
	mask := stEntry{"h.0.attn.bias", "F32", []int{1, 1, 3, 3}, make([]float32, 9)}
	masked := stEntry{"h.0.attn.masked_bias", "F32", nil, []float32{-1e4}}
	bf16 := append([]stEntry(nil), plain...)
	for i := range bf16 {
		bf16[i].DType = "BF16" // values i*0.5 up to 47.5 are exact in BF16
	}
	index, _ := json.Marshal(map[string]any{"weight_map": weightMap(prefixed[:7], "a.safetensors", prefixed[7:], "b.safetensors")})
	cases := map[string]map[string][]byte{
		"openai":   {SafetensorsFile: encodeSafetensors(append(append([]stEntry{}, plain...), mask, masked))},
		"prefixed": {SafetensorsFile: encodeSafetensors(prefixed)},
		"lm_head":  {SafetensorsFile: encodeSafetensors(append(append([]stEntry{}, prefixed...), head))},
		"bf16":     {SafetensorsFile: encodeSafetensors(bf16)},
		"sharded": {
			SafetensorsIndex: index,
			"a.safetensors":  encodeSafetensors(prefixed[:7]),
			"b.safetensors":  encodeSafetensors(prefixed[7:]),
		},
	}
	var want map[string][]float32
	for name, files := range cases {
		files[ConfigFile] = []byte(tinyConfig)
		ck, err := Load(mapFS(files))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if want == nil {
			want = ck.Tensors
		}
		for k, v := range want {
			got := ck.Tensors[k]
			for i := range v {
				if got[i] != v[i] {
					t.Fatalf("%s: %s[%d] = %g, want %g", name, k, i, got[i], v[i])
				}
			}
		}
	}
	// c_fc is HF [C=4, F=16]: engine [16, 4] element [o, i] = HF [i, o] = (i*16+o)/2.
	if got := want["h.0.mlp.c_fc.weight"][5*4+2]; got != float32(2*16+5)*0.5 {
		t.Fatalf("c_fc[5, 2] = %g", got)
	}
}

func weightMap(a []stEntry, fa string, b []stEntry, fb string) map[string]string {
	m := map[string]string{}
	for _, e := range a {
		m[e.Name] = fa
	}
	for _, e := range b {
		m[e.Name] = fb
	}
	return m
}

func TestLoadInvalid(t *testing.T) {
	prefixed := synthetic("transformer.")
	with := func(f func(es []stEntry) []stEntry) []byte {
		es := append([]stEntry(nil), prefixed...)
		return encodeSafetensors(f(es))
	}
	untied := stEntry{"lm_head.weight", "F32", []int{5, 4}, make([]float32, 20)}
	for _, tc := range []struct {
		name  string
		files map[string][]byte
		want  string
	}{
		{"no weights", map[string][]byte{}, "unsupported: no model.safetensors or model.safetensors.index.json"},
		{"untied", map[string][]byte{SafetensorsFile: with(func(es []stEntry) []stEntry { return append(es, untied) })},
			"hf: model.safetensors: unsupported: lm_head.weight differs from wte.weight: untied lm_head not supported"},
		{"missing", map[string][]byte{SafetensorsFile: with(func(es []stEntry) []stEntry { return es[1:] })},
			"hf: checkpoint: missing tensors wte.weight"},
		{"unknown", map[string][]byte{SafetensorsFile: with(func(es []stEntry) []stEntry {
			return append(es, stEntry{"score.weight", "F32", []int{1}, []float32{1}})
		})}, `unsupported: unexpected tensor "score.weight"`},
		{"shape", map[string][]byte{SafetensorsFile: with(func(es []stEntry) []stEntry {
			es[4].Shape = []int{12, 4} // c_attn.weight stored [out, in]: not HF's layout
			return es
		})}, `tensor "transformer.h.0.attn.c_attn.weight" has shape [12 4], config.json implies [4 12]`},
		{"duplicate", map[string][]byte{SafetensorsFile: with(func(es []stEntry) []stEntry {
			e := es[0]
			e.Name = strings.TrimPrefix(e.Name, "transformer.")
			return append(es, e)
		})}, `appears twice`},
		{"bad shard", map[string][]byte{SafetensorsIndex: []byte(`{"weight_map": {"a": "../x.safetensors"}}`)}, `bad shard name "../x.safetensors"`},
	} {
		tc.files[ConfigFile] = []byte(tinyConfig)
		_, err := Load(mapFS(tc.files))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
	var ue *UnsupportedError
	_, err := Load(mapFS(map[string][]byte{ConfigFile: []byte(tinyConfig), SafetensorsFile: with(func(es []stEntry) []stEntry { return append(es, untied) })}))
	if !errors.As(err, &ue) {
		t.Errorf("untied head: %T is not an UnsupportedError", err)
	}
}

// FuzzLoad feeds an arbitrary model.safetensors to Load with a fixed
// config: no panic, and a success has every tensor at its shape.
func FuzzLoad(f *testing.F) {
	f.Add(encodeSafetensors(synthetic("transformer.")))
	f.Add(encodeSafetensors(synthetic("")))
	f.Fuzz(func(t *testing.T, file []byte) {
		ck, err := Load(mapFS(map[string][]byte{ConfigFile: []byte(tinyConfig), SafetensorsFile: file}))
		if err != nil {
			return
		}
		for _, s := range ck.Config.Tensors() {
			if int64(len(ck.Tensors[s.Name])) != s.Elements() {
				t.Fatalf("%s: %d values", s.Name, len(ck.Tensors[s.Name]))
			}
		}
	})
}
