package generate

import (
	"encoding/json"
	"time"
)

// Finish reasons of a sequence.
const (
	FinishLength    = "length"    // max_new_tokens or max_length reached
	FinishEOS       = "eos"       // eos_token_id was picked
	FinishStop      = "stop"      // the text reached a stop string
	FinishCancelled = "cancelled" // the context was cancelled
)

// Piece is streamed text of sequence Seq: complete UTF-8, never part of a
// stop string. The pieces of a sequence concatenate to its Text.
type Piece struct {
	Seq  int    `json:"seq"`
	Text string `json:"text"`
}

// Sequence is one returned continuation.
type Sequence struct {
	IDs          []int  `json:"ids"` // new tokens only
	Text         string `json:"text"`
	FinishReason string `json:"finish_reason"`
}

// Result is what Generate produced.
type Result struct {
	PromptIDs []int      `json:"prompt_ids"` // the prompt as the model saw it (bos if it was empty)
	Sequences []Sequence `json:"sequences"`
	Stats     Stats      `json:"stats"`
}

// Stats measure one call. Prefill runs the prompt once; TimeToFirstToken
// is from the call until the first new token is picked; Decode is from the
// end of prefill to the end, and TokensPerSecond = NewTokens / Decode.
type Stats struct {
	PromptTokens     int
	NewTokens        int // over all sequences
	TimeToFirstToken time.Duration
	Prefill          time.Duration
	Decode           time.Duration
	TokensPerSecond  float64
}

// MarshalJSON writes durations in milliseconds.
func (s Stats) MarshalJSON() ([]byte, error) {
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	return json.Marshal(struct {
		PromptTokens     int     `json:"prompt_tokens"`
		NewTokens        int     `json:"new_tokens"`
		TimeToFirstToken float64 `json:"time_to_first_token_ms"`
		Prefill          float64 `json:"prefill_ms"`
		Decode           float64 `json:"decode_ms"`
		TokensPerSecond  float64 `json:"tokens_per_second"`
	}{s.PromptTokens, s.NewTokens, ms(s.TimeToFirstToken), ms(s.Prefill), ms(s.Decode), s.TokensPerSecond})
}
