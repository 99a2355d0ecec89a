package generate

import (
	"context"
	"fmt"

	"gpt2/model"
	"gpt2/tokenizer"
)

// Generate continues prompt (token ids) with model m, streaming text
// through emit (which may be nil) as it becomes final, and returns the new
// tokens of each sequence, their text and finish reasons, and timings.
//
// The prompt is run once; its cache is cloned for each of
// num_return_sequences, which then advance one token each in turn. Between
// tokens ctx is checked: once it is cancelled every unfinished sequence
// ends with finish reason "cancelled" and what it produced is returned
// with a nil error. An empty prompt starts from bos_token_id. Bad options
// or prompt ids return an error before any work; an error of the model
// midway returns it together with what was produced before it.
func Generate(ctx context.Context, m *model.Model, tok *tokenizer.Tokenizer, prompt []int, opts Options, emit func(Piece)) (*Result, error) {
	if m == nil || tok == nil {
		return nil, fmt.Errorf("generate: nil model or tokenizer")
	}
	cfg := m.Config()
	if tok.VocabSize() < cfg.VocabSize {
		return nil, fmt.Errorf("generate: the tokenizer has %d tokens, the model's vocab_size is %d", tok.VocabSize(), cfg.VocabSize)
	}
	b := backend{
		session:    session{m.NewSession()},
		positions:  cfg.NPositions,
		vocab:      cfg.VocabSize,
		newDecoder: func() textDecoder { return tok.NewDecoder(opts.SkipSpecialTokens) },
	}
	return run(ctx, b, prompt, opts, emit)
}

// session adapts *model.Session to lm.
type session struct{ *model.Session }

func (s session) Clone() lm { return session{s.Session.Clone()} }
