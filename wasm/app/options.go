package app

import (
	"gpt2/generate"
	"gpt2/model"
	"gpt2/wasm/protocol"
)

// DefaultMaxNewTokens is the page's length when the model sets none
// (Hugging Face's max_length 20 is short for a demo).
const DefaultMaxNewTokens = 64

// Defaults returns the page's settings from a model's generation defaults
// (gen may be nil): greedy shows as temperature 0.
func Defaults(gen *model.GenerationConfig) protocol.Settings {
	o := generate.DefaultOptions(gen)
	s := protocol.Settings{
		MaxNewTokens:       DefaultMaxNewTokens,
		Temperature:        o.Temperature,
		TopK:               o.TopK,
		TopP:               o.TopP,
		RepetitionPenalty:  o.RepetitionPenalty,
		Seed:               o.Seed,
		NumReturnSequences: 1,
	}
	if gen != nil && gen.MaxNewTokens != nil {
		s.MaxNewTokens = min(max(*gen.MaxNewTokens, 1), protocol.MaxNewTokensLimit)
	}
	if !o.Sampling() {
		s.Temperature = 0
	}
	return s
}

// Options turns the page's settings into generate's options on top of the
// model's defaults (eos, bos, special tokens): temperature 0 is greedy.
func Options(s protocol.Settings, gen *model.GenerationConfig) generate.Options {
	o := generate.DefaultOptions(gen)
	o.MaxNewTokens = s.MaxNewTokens
	o.MaxLength = 0
	o.DoSample = s.Temperature > 0
	if o.DoSample {
		o.Temperature = s.Temperature
	}
	o.TopK = s.TopK
	o.TopP = s.TopP
	o.RepetitionPenalty = s.RepetitionPenalty
	o.Seed = s.Seed
	o.NumReturnSequences = s.NumReturnSequences
	o.Stop = s.Stop
	return o
}
