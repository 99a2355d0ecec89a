package generate

import (
	"errors"
	"fmt"
	"math"
	"unicode/utf8"

	"gpt2/model"
)

// Options control one call of Generate. Names and JSON tags are those of
// Hugging Face's GenerationConfig.
type Options struct {
	MaxNewTokens       int      `json:"max_new_tokens,omitempty"` // new tokens per sequence; wins over MaxLength
	MaxLength          int      `json:"max_length,omitempty"`     // prompt + new tokens
	DoSample           bool     `json:"do_sample"`                // false: greedy
	Temperature        float64  `json:"temperature"`              // 0 means greedy
	TopK               int      `json:"top_k"`                    // 0 disables
	TopP               float64  `json:"top_p"`                    // 1 disables
	MinP               float64  `json:"min_p"`                    // 0 disables
	RepetitionPenalty  float64  `json:"repetition_penalty"`       // 1 disables
	NoRepeatNGramSize  int      `json:"no_repeat_ngram_size"`     // 0 disables
	NumReturnSequences int      `json:"num_return_sequences"`
	Seed               uint64   `json:"seed"`
	Stop               []string `json:"stop,omitempty"`
	EOSTokenID         int      `json:"eos_token_id"` // -1: none
	BOSTokenID         int      `json:"bos_token_id"` // the prompt when it is empty; -1: none
	SkipSpecialTokens  bool     `json:"skip_special_tokens"`
}

// Limits on options, far above any sensible use.
const (
	MaxReturnSequences = 16      // each sequence holds its own KV cache
	MaxStopStrings     = 16      // stop strings per call
	MaxStopLength      = 256     // bytes per stop string
	MaxTokens          = 1 << 20 // max_new_tokens and max_length
	MinTemperature     = 1e-6    // below, logits/temperature could overflow float32
)

// Hugging Face's GenerationConfig defaults, used where a model's
// generation_config.json is silent. GPT-2's eos and bos are <|endoftext|>.
const (
	DefaultMaxLength = 20
	DefaultTopK      = 50
	EndOfText        = 50256
)

// DefaultOptions returns Hugging Face's defaults overridden by gen (which
// may be nil): max_length 20 unless the model sets max_length or
// max_new_tokens, greedy, temperature 1, top_k 50, top_p 1, min_p 0,
// repetition_penalty 1, one sequence, eos and bos 50256, and
// skip_special_tokens true (HF's decode defaults to false; the seed
// example decodes with true).
func DefaultOptions(gen *model.GenerationConfig) Options {
	o := Options{
		MaxLength: DefaultMaxLength, Temperature: 1, TopK: DefaultTopK, TopP: 1,
		RepetitionPenalty: 1, NumReturnSequences: 1,
		EOSTokenID: EndOfText, BOSTokenID: EndOfText, SkipSpecialTokens: true,
	}
	if gen == nil {
		return o
	}
	setInt(&o.MaxLength, gen.MaxLength)
	setInt(&o.MaxNewTokens, gen.MaxNewTokens)
	if gen.DoSample != nil {
		o.DoSample = *gen.DoSample
	}
	setFloat(&o.Temperature, gen.Temperature)
	setInt(&o.TopK, gen.TopK)
	setFloat(&o.TopP, gen.TopP)
	setFloat(&o.MinP, gen.MinP)
	setFloat(&o.RepetitionPenalty, gen.RepetitionPenalty)
	setInt(&o.NoRepeatNGramSize, gen.NoRepeatNGramSize)
	setInt(&o.EOSTokenID, gen.EOSTokenID)
	setInt(&o.BOSTokenID, gen.BOSTokenID)
	return o
}

func setInt(dst *int, v *int) {
	if v != nil {
		*dst = *v
	}
}

func setFloat(dst *float64, v *float64) {
	if v != nil {
		*dst = *v
	}
}

// Sampling reports whether tokens are drawn (do_sample with a positive
// temperature) rather than picked by argmax.
func (o Options) Sampling() bool { return o.DoSample && o.Temperature > 0 }

// Validate checks every option and names the ones that are out of range.
func (o Options) Validate() error {
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	var errs []error
	bad := func(cond bool, format string, args ...any) {
		if cond {
			errs = append(errs, fmt.Errorf("generate: "+format, args...))
		}
	}
	bad(o.MaxNewTokens < 0 || o.MaxNewTokens > MaxTokens, "max_new_tokens = %d, want 0..%d", o.MaxNewTokens, MaxTokens)
	bad(o.MaxLength < 0 || o.MaxLength > MaxTokens, "max_length = %d, want 0..%d", o.MaxLength, MaxTokens)
	bad(o.MaxNewTokens == 0 && o.MaxLength == 0, "neither max_new_tokens nor max_length is set")
	bad(!finite(o.Temperature) || o.Temperature < 0 || (o.Temperature > 0 && o.Temperature < MinTemperature),
		"temperature = %g, want 0 (greedy) or >= %g", o.Temperature, MinTemperature)
	bad(o.TopK < 0, "top_k = %d, want >= 0 (0 disables)", o.TopK)
	bad(!(o.TopP > 0 && o.TopP <= 1), "top_p = %g, want in (0, 1]", o.TopP)
	bad(!(o.MinP >= 0 && o.MinP <= 1), "min_p = %g, want in [0, 1]", o.MinP)
	bad(!finite(o.RepetitionPenalty) || o.RepetitionPenalty <= 0, "repetition_penalty = %g, want > 0 (1 disables)", o.RepetitionPenalty)
	bad(o.NoRepeatNGramSize < 0, "no_repeat_ngram_size = %d, want >= 0 (0 disables)", o.NoRepeatNGramSize)
	bad(o.NumReturnSequences < 1 || o.NumReturnSequences > MaxReturnSequences,
		"num_return_sequences = %d, want 1..%d", o.NumReturnSequences, MaxReturnSequences)
	bad(o.NumReturnSequences > 1 && !o.Sampling(),
		"num_return_sequences = %d needs sampling (do_sample with temperature > 0): greedy sequences would be identical", o.NumReturnSequences)
	bad(o.EOSTokenID < -1, "eos_token_id = %d, want an id or -1 for none", o.EOSTokenID)
	bad(o.BOSTokenID < -1, "bos_token_id = %d, want an id or -1 for none", o.BOSTokenID)
	bad(len(o.Stop) > MaxStopStrings, "%d stop strings, want at most %d", len(o.Stop), MaxStopStrings)
	for i, s := range o.Stop {
		bad(s == "", "stop[%d] is empty", i)
		bad(len(s) > MaxStopLength, "stop[%d] is %d bytes, want at most %d", i, len(s), MaxStopLength)
		bad(!utf8.ValidString(s), "stop[%d] = %q is not valid UTF-8", i, s)
	}
	return errors.Join(errs...)
}

// newTokens returns how many tokens each sequence may add after a prompt
// of n tokens: max_new_tokens when set, else max_length - n (at least 0).
func (o Options) newTokens(n int) int {
	if o.MaxNewTokens > 0 {
		return o.MaxNewTokens
	}
	return max(0, o.MaxLength-n)
}
