package generate

import (
	"strings"
	"testing"

	"gpt2/model"
)

func TestDefaultOptions(t *testing.T) {
	o := DefaultOptions(nil)
	if o.MaxLength != 20 || o.MaxNewTokens != 0 || o.DoSample || o.Temperature != 1 || o.TopK != 50 ||
		o.TopP != 1 || o.MinP != 0 || o.RepetitionPenalty != 1 || o.NumReturnSequences != 1 ||
		o.EOSTokenID != 50256 || o.BOSTokenID != 50256 || !o.SkipSpecialTokens {
		t.Errorf("DefaultOptions(nil) = %+v", o)
	}
	if err := o.Validate(); err != nil {
		t.Errorf("defaults invalid: %v", err)
	}
	ml, sample, temp, k, eos := 50, true, 0.7, 0, 7
	o = DefaultOptions(&model.GenerationConfig{MaxLength: &ml, DoSample: &sample, Temperature: &temp, TopK: &k, EOSTokenID: &eos})
	if o.MaxLength != 50 || !o.DoSample || o.Temperature != 0.7 || o.TopK != 0 || o.EOSTokenID != 7 || o.TopP != 1 {
		t.Errorf("DefaultOptions(gen) = %+v", o)
	}
	if !o.Sampling() {
		t.Error("do_sample with temperature 0.7 is not sampling")
	}
	o.Temperature = 0
	if o.Sampling() {
		t.Error("temperature 0 samples")
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		change func(*Options)
		want   string // "" for valid
	}{
		{func(o *Options) {}, ""},
		{func(o *Options) { o.MaxLength, o.MaxNewTokens = 0, 5 }, ""},
		{func(o *Options) { o.MaxLength = 0 }, "neither max_new_tokens nor max_length"},
		{func(o *Options) { o.MaxNewTokens = -1 }, "max_new_tokens = -1"},
		{func(o *Options) { o.MaxLength = -3 }, "max_length = -3"},
		{func(o *Options) { o.Temperature = -0.5 }, "temperature = -0.5"},
		{func(o *Options) { o.Temperature = 1e-9 }, "temperature = 1e-09"},
		{func(o *Options) { o.TopK = -1 }, "top_k = -1"},
		{func(o *Options) { o.TopP = 0 }, "top_p = 0"},
		{func(o *Options) { o.TopP = 1.5 }, "top_p = 1.5"},
		{func(o *Options) { o.MinP = -0.1 }, "min_p = -0.1"},
		{func(o *Options) { o.MinP = 2 }, "min_p = 2"},
		{func(o *Options) { o.RepetitionPenalty = 0 }, "repetition_penalty = 0"},
		{func(o *Options) { o.NoRepeatNGramSize = -2 }, "no_repeat_ngram_size = -2"},
		{func(o *Options) { o.NumReturnSequences = 0 }, "num_return_sequences = 0"},
		{func(o *Options) { o.NumReturnSequences, o.DoSample = 1000, true }, "num_return_sequences = 1000"},
		{func(o *Options) { o.NumReturnSequences = 2 }, "needs sampling"},
		{func(o *Options) { o.NumReturnSequences, o.DoSample = 2, true }, ""},
		{func(o *Options) { o.EOSTokenID = -2 }, "eos_token_id = -2"},
		{func(o *Options) { o.Stop = []string{"a", ""} }, "stop[1] is empty"},
		{func(o *Options) { o.Stop = []string{"\xff"} }, "not valid UTF-8"},
		{func(o *Options) { o.Stop = []string{strings.Repeat("x", 300)} }, "stop[0] is 300 bytes"},
	} {
		o := DefaultOptions(nil)
		tc.change(&o)
		err := o.Validate()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%+v: unexpected error %v", o, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%+v: error %v, want one containing %q", o, err, tc.want)
		case err != nil && !strings.HasPrefix(err.Error(), "generate: "):
			t.Errorf("error %q lacks the package prefix", err)
		}
	}
}
