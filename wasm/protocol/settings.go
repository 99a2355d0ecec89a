package protocol

import (
	"fmt"
	"math"
)

// Settings are the generation controls of the page, with Hugging Face's
// generation_config.json names. Temperature 0 means greedy decoding.
type Settings struct {
	MaxNewTokens       int      `json:"max_new_tokens"`
	Temperature        float64  `json:"temperature"`
	TopK               int      `json:"top_k"`
	TopP               float64  `json:"top_p"`
	RepetitionPenalty  float64  `json:"repetition_penalty"`
	Seed               uint64   `json:"seed"`
	NumReturnSequences int      `json:"num_return_sequences"`
	Stop               []string `json:"stop,omitempty"`
}

// Limits of the page's controls.
const (
	MaxNewTokensLimit = 4096
	MaxSequences      = 8
)

// Validate names the first setting out of range.
func (s Settings) Validate() error {
	bad := func(name string, v any, want string) error {
		return fmt.Errorf("protocol: setting %s = %v, want %s", name, v, want)
	}
	finite := func(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
	switch {
	case s.MaxNewTokens < 1 || s.MaxNewTokens > MaxNewTokensLimit:
		return bad("max_new_tokens", s.MaxNewTokens, fmt.Sprintf("1..%d", MaxNewTokensLimit))
	case !finite(s.Temperature) || s.Temperature < 0 || s.Temperature > 100:
		return bad("temperature", s.Temperature, "0..100 (0 = greedy)")
	case s.TopK < 0:
		return bad("top_k", s.TopK, ">= 0 (0 = off)")
	case !finite(s.TopP) || s.TopP <= 0 || s.TopP > 1:
		return bad("top_p", s.TopP, "in (0, 1]")
	case !finite(s.RepetitionPenalty) || s.RepetitionPenalty <= 0 || s.RepetitionPenalty > 100:
		return bad("repetition_penalty", s.RepetitionPenalty, "in (0, 100]")
	case s.NumReturnSequences < 1 || s.NumReturnSequences > MaxSequences:
		return bad("num_return_sequences", s.NumReturnSequences, fmt.Sprintf("1..%d", MaxSequences))
	}
	for _, st := range s.Stop {
		if st == "" {
			return bad("stop", `""`, "non-empty strings")
		}
	}
	return nil
}
