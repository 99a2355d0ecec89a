package generate

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"gpt2/model"
	"gpt2/quant"
)

// tinyModel is a random GPT-2 with 16 positions and a vocabulary of 512,
// its embeddings large enough that greedy picks are far from ties.
func tinyModel(t testing.TB) *model.Model {
	t.Helper()
	cfg := model.Config{NLayer: 2, NHead: 2, NEmbd: 16, NPositions: 16, VocabSize: 512, LayerNormEpsilon: 1e-5, Activation: "gelu_new"}
	rng := rand.New(rand.NewPCG(7, 8))
	tensors := map[string][]float32{}
	for _, s := range cfg.Tensors() {
		v := make([]float32, s.Elements())
		scale := 0.3
		if s.Name == "wte.weight" {
			scale = 2
		}
		for i := range v {
			v[i] = float32(rng.NormFloat64() * scale)
		}
		tensors[s.Name] = v
	}
	w, err := model.FromFloat32(cfg, tensors, func(model.TensorSpec) quant.DType { return quant.F32 })
	if err != nil {
		t.Fatal(err)
	}
	m, err := model.New(w)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// windowReference generates by running a fresh session over the window
// the policy says the model sees, at every step (no cache reuse), picking
// tokens with a sampler made like Generate's for sequence 0.
func windowReference(t *testing.T, m *model.Model, prompt []int, o Options) []int {
	p, v := m.Config().NPositions, m.Config().VocabSize
	hist, sampler := NewHistory(v, prompt), NewSampler(o, v, 0)
	from := len(prompt) - len(Window(prompt, p))
	for range o.MaxNewTokens {
		logits, err := m.NewSession().Append(hist.IDs[from:])
		if err != nil {
			t.Fatal(err)
		}
		id, err := sampler.Next(logits, hist)
		if err != nil {
			t.Fatal(err)
		}
		hist.Add(id)
		if len(hist.IDs)-from > p {
			from = len(hist.IDs) - Keep(p)
		}
	}
	return hist.IDs[len(prompt):]
}

// TestContextWindowModel generates far past n_positions = 16 with a real
// model, from short and over-long prompts, greedily and sampling, and
// checks the tokens against full recomputes of the same windows.
func TestContextWindowModel(t *testing.T) {
	m, tok := tinyModel(t), gpt2Tokenizer(t)
	for _, sample := range []bool{false, true} {
		for _, promptLen := range []int{1, 5, 16, 17, 40} {
			prompt := make([]int, promptLen)
			for i := range prompt {
				prompt[i] = (37 * i) % 512
			}
			o := DefaultOptions(nil)
			o.MaxNewTokens, o.EOSTokenID = 60, -1
			o.DoSample, o.Temperature, o.TopK, o.Seed = sample, 3, 0, 99
			r, err := Generate(context.Background(), m, tok, prompt, o, nil)
			if err != nil {
				t.Fatalf("prompt %d: %v", promptLen, err)
			}
			want := windowReference(t, m, prompt, o)
			if got := r.Sequences[0].IDs; !slices.Equal(got, want) {
				t.Errorf("sample %v, prompt %d:\n got %v\nwant %v", sample, promptLen, got, want)
			}
			if r.Stats.NewTokens != 60 || r.Stats.PromptTokens != promptLen || r.Stats.Decode <= 0 ||
				r.Stats.TimeToFirstToken < r.Stats.Prefill || r.Stats.TokensPerSecond <= 0 {
				t.Errorf("prompt %d: stats %+v", promptLen, r.Stats)
			}
		}
	}
}
