package weights

import (
	"os"
	"testing"

	"gpt2/hf"
	"gpt2/quant"
	"gpt2/tokenizer"
)

// TestConvertFixtures converts each Hugging Face fixture at every encoding,
// writes it, loads it back and compares every tensor with the safetensors
// source: f32 exact (f16 exact for the f16 fixture), q8 and q4 within half
// a step of their block. tiny-openai-layout (openai-community/gpt2's key
// layout, vocabulary 257) is written with testdata/tiny's tokenizer, the
// others with GPT-2's.
func TestConvertFixtures(t *testing.T) {
	tiny, err := LoadDir(os.DirFS("testdata/tiny"), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, fx := range []struct {
		dir string
		tok *tokenizer.Tokenizer // nil: GPT-2's
	}{
		{"hf-tiny-gpt2", nil},
		{"tiny-lmhead-f16", nil},
		{"tiny-openai-layout", tiny.Tokenizer},
	} {
		dir := fx.dir
		ck, err := hf.Load(os.DirFS("../testdata/hf/" + dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range []quant.DType{quant.F32, quant.F16, quant.Q8, quant.Q4} {
			t.Run(dir+"/"+d.String(), func(t *testing.T) {
				w, err := ck.Weights(dtypeAll(d))
				if err != nil {
					t.Fatal(err)
				}
				dd := newMemDir()
				if _, err := Write(w, ck.Generation, fx.tok, Options{}, dd.create); err != nil {
					t.Fatal(err)
				}
				got, err := LoadDir(dd.fs, nil)
				if err != nil {
					t.Fatal(err)
				}
				sameWeights(t, got.Weights, w)
				checkClose(t, got.Weights, ck.Tensors)
				if ck.SourceDTypes["F16"] > 0 && d == quant.F16 {
					checkClose(t, got.Weights, ck.Tensors) // within bound, and:
					for i, v := range got.Weights.WTE.Dequantize() {
						if v != ck.Tensors["wte.weight"][i] {
							t.Fatalf("f16 source re-encoded as f16: wte[%d] = %g, want %g", i, v, ck.Tensors["wte.weight"][i])
						}
					}
				}
				if (got.Generation != nil) != (ck.Generation != nil) {
					t.Fatalf("generation config %v, source %v", got.Generation, ck.Generation)
				}
			})
		}
	}
}
