package hf

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/x448/float16"

	"gpt2/model"
	"gpt2/quant"
)

const fixtures = "../testdata/hf/"

// rawTensor reads tensor key of a safetensors file by hand (header JSON and
// little-endian bytes), independently of ReadHeader, as float32.
func rawTensor(t *testing.T, path, key string) ([]float32, []int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n := binary.LittleEndian.Uint64(b)
	var hdr map[string]struct {
		DType   string `json:"dtype"`
		Shape   []int  `json:"shape"`
		Offsets []int  `json:"data_offsets"`
	}
	if err := json.Unmarshal(b[8:8+n], &hdr); err != nil {
		t.Fatal(err)
	}
	e, ok := hdr[key]
	if !ok {
		t.Fatalf("%s: no tensor %s", path, key)
	}
	data := b[8+int(n)+e.Offsets[0] : 8+int(n)+e.Offsets[1]]
	var out []float32
	switch e.DType {
	case "F32":
		for i := 0; i < len(data); i += 4 {
			out = append(out, math.Float32frombits(binary.LittleEndian.Uint32(data[i:])))
		}
	case "F16":
		for i := 0; i < len(data); i += 2 {
			out = append(out, float16.Frombits(binary.LittleEndian.Uint16(data[i:])).Float32())
		}
	default:
		t.Fatalf("dtype %s", e.DType)
	}
	return out, e.Shape
}

// TestLoadFixtures loads the three fixtures and checks every tensor against
// the raw safetensors values: embeddings and vectors as stored, Conv1D
// weights transposed. tiny-openai-layout has openai-community/gpt2's key
// layout (no prefix, h.N.attn.bias buffers) at a small size.
func TestLoadFixtures(t *testing.T) {
	for _, tc := range []struct {
		dir, prefix         string
		layers, embd, vocab int
		gen                 bool
	}{
		{"hf-tiny-gpt2", "transformer.", 1, 2, 50257, true},
		{"tiny-lmhead-f16", "transformer.", 3, 32, 50257, false},
		{"tiny-openai-layout", "", 2, 8, 257, false},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			ck, err := Load(os.DirFS(fixtures + tc.dir))
			if err != nil {
				t.Fatal(err)
			}
			if ck.Config.NLayer != tc.layers || ck.Config.NEmbd != tc.embd || ck.Config.VocabSize != tc.vocab {
				t.Fatalf("config %+v", ck.Config)
			}
			if (ck.Generation != nil) != tc.gen {
				t.Fatalf("generation config %v, want present=%v", ck.Generation, tc.gen)
			}
			if tc.gen && (ck.Generation.EOSTokenID == nil || *ck.Generation.EOSTokenID != 50256) {
				t.Fatalf("eos_token_id %v", ck.Generation.EOSTokenID)
			}
			specs := ck.Config.Tensors()
			if len(ck.Tensors) != len(specs) {
				t.Fatalf("%d tensors, want %d", len(ck.Tensors), len(specs))
			}
			for _, s := range specs {
				checkAgainstRaw(t, fixtures+tc.dir+"/model.safetensors", tc.prefix, s, ck.Tensors[s.Name])
			}
		})
	}
}

func checkAgainstRaw(t *testing.T, path, prefix string, s model.TensorSpec, got []float32) {
	t.Helper()
	raw, shape := rawTensor(t, path, prefix+s.Name)
	if int64(len(got)) != s.Elements() || len(raw) != len(got) {
		t.Fatalf("%s: %d values, raw %d, spec %v", s.Name, len(got), len(raw), s.Shape)
	}
	if !isConv1D(s) {
		for i := range raw {
			if got[i] != raw[i] {
				t.Fatalf("%s[%d] = %g, raw %g", s.Name, i, got[i], raw[i])
			}
		}
		return
	}
	in, out := shape[0], shape[1] // HF Conv1D [in, out]
	if out != s.Shape[0] || in != s.Shape[1] {
		t.Fatalf("%s: raw shape %v, engine %v", s.Name, shape, s.Shape)
	}
	for i := 0; i < in; i++ {
		for o := 0; o < out; o++ {
			if got[o*in+i] != raw[i*out+o] {
				t.Fatalf("%s[%d, %d] = %g, raw [%d, %d] = %g", s.Name, o, i, got[o*in+i], i, o, raw[i*out+o])
			}
		}
	}
}

func TestWeights(t *testing.T) {
	ck, err := Load(os.DirFS(fixtures + "tiny-lmhead-f16"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := ck.Weights(func(s model.TensorSpec) quant.DType {
		if s.Name == "wte.weight" {
			return quant.Q8
		}
		return quant.F16
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Check(); err != nil {
		t.Fatal(err)
	}
	if w.WTE.DType != quant.Q8 || w.Blocks[2].FC.Weight.DType != quant.F16 || len(w.LnF.Bias) != 32 {
		t.Fatalf("wte %v, fc %v", w.WTE.DType, w.Blocks[2].FC.Weight.DType)
	}
	// The source is F16, so re-encoding as F16 is exact.
	got := w.Blocks[1].Attn.Weight.Dequantize()
	for i, v := range ck.Tensors["h.1.attn.c_attn.weight"] {
		if got[i] != v {
			t.Fatalf("c_attn[%d] = %g, want %g", i, got[i], v)
		}
	}
}

func TestTranspose(t *testing.T) {
	for _, sh := range [][2]int{{1, 1}, {3, 5}, {33, 70}, {64, 31}} {
		rows, cols := sh[0], sh[1]
		src := make([]float32, rows*cols)
		for i := range src {
			src[i] = float32(i)
		}
		dst := Transpose(src, rows, cols)
		for r := 0; r < rows; r++ {
			for c := 0; c < cols; c++ {
				if dst[c*rows+r] != src[r*cols+c] {
					t.Fatalf("[%d,%d]: %g", r, c, dst[c*rows+r])
				}
			}
		}
	}
}

func TestParseGenerationConfigEOSList(t *testing.T) {
	g, err := ParseGenerationConfig([]byte(`{"eos_token_id": [50256, 7], "do_sample": true, "top_k": 40}`))
	if err != nil {
		t.Fatal(err)
	}
	if *g.EOSTokenID != 50256 || !*g.DoSample || *g.TopK != 40 || g.TopP != nil {
		t.Fatalf("%+v", g)
	}
}

func TestParseConfigRejects(t *testing.T) {
	base := `"n_layer": 1, "n_head": 1, "n_embd": 4, "n_positions": 8, "vocab_size": 10`
	for _, tc := range []struct{ json, want string }{
		{`{"model_type": "llama", ` + base + `}`, `unsupported: model_type "llama"`},
		{`{"model_type": "gpt2", "architectures": ["GPT2ForSequenceClassification"], ` + base + `}`, `architecture "GPT2ForSequenceClassification"`},
		{`{"model_type": "gpt2", "scale_attn_by_inverse_layer_idx": true, ` + base + `}`, "scale_attn_by_inverse_layer_idx"},
		{`{"model_type": "gpt2", "activation_function": "relu", ` + base + `}`, `activation_function = "relu"`},
		{`{"model_type": "gpt2", "n_head": 3, "n_layer": 1, "n_embd": 4}`, "not a multiple of n_head"},
		{`{"model_type": "gpt2", "n_layer": "x"}`, "hf: config.json: json"},
	} {
		_, err := ParseConfig([]byte(tc.json))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.json, err, tc.want)
		}
	}
	var ue *UnsupportedError
	if _, err := ParseConfig([]byte(`{"model_type": "bert"}`)); !errors.As(err, &ue) {
		t.Errorf("bert: %v is not an UnsupportedError", err)
	}
}

// tinyConfig is a config for synthetic checkpoints: L=1, C=4, P=3, V=5.
const tinyConfig = `{"model_type": "gpt2", "n_layer": 1, "n_head": 2, "n_embd": 4, "n_positions": 3, "vocab_size": 5}`

// synthetic returns the tensors of a tinyConfig checkpoint in HF layout
// (Conv1D weights [in, out]), keyed with prefix, values i*0.5 per tensor.
func synthetic(prefix string) []stEntry {
	cfg, err := ParseConfig([]byte(tinyConfig))
	if err != nil {
		panic(err)
	}
	var es []stEntry
	for _, s := range cfg.Tensors() {
		shape := s.Shape
		if isConv1D(s) {
			shape = []int{s.Shape[1], s.Shape[0]}
		}
		vals := make([]float32, s.Elements())
		for i := range vals {
			vals[i] = float32(i) * 0.5
		}
		es = append(es, stEntry{prefix + s.Name, "F32", shape, vals})
	}
	return es
}

func mapFS(files map[string][]byte) fstest.MapFS {
	m := fstest.MapFS{}
	for k, v := range files {
		m[k] = &fstest.MapFile{Data: v}
	}
	return m
}
