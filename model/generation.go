package model

// GenerationConfig holds the generation defaults of a model, with the names
// of Hugging Face's generation_config.json. A nil field was absent.
type GenerationConfig struct {
	MaxLength         *int     `json:"max_length,omitempty"`
	MaxNewTokens      *int     `json:"max_new_tokens,omitempty"`
	DoSample          *bool    `json:"do_sample,omitempty"`
	Temperature       *float64 `json:"temperature,omitempty"`
	TopK              *int     `json:"top_k,omitempty"`
	TopP              *float64 `json:"top_p,omitempty"`
	MinP              *float64 `json:"min_p,omitempty"`
	RepetitionPenalty *float64 `json:"repetition_penalty,omitempty"`
	NoRepeatNGramSize *int     `json:"no_repeat_ngram_size,omitempty"`
	BOSTokenID        *int     `json:"bos_token_id,omitempty"`
	EOSTokenID        *int     `json:"eos_token_id,omitempty"`
	PadTokenID        *int     `json:"pad_token_id,omitempty"`
}
