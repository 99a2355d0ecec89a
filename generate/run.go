package generate

import (
	"context"
	"fmt"
	"time"
)

// lm is one sequence's view of a model: a KV cache that grows with Append.
// Generate adapts *model.Session to it; tests use scripted fakes.
type lm interface {
	Append(ids []int) ([]float32, error) // logits [V] after the last id
	Len() int
	Reset()
	Clone() lm
}

// textDecoder turns ids into complete UTF-8 text as they come.
type textDecoder interface {
	Add(id int) (string, error)
	Flush() string
}

// backend is what run needs from a model and a tokenizer.
type backend struct {
	session    lm // a fresh session
	positions  int
	vocab      int
	newDecoder func() textDecoder
}

// sequence is the state of one returned sequence while it is generated.
type sequence struct {
	Sequence
	lm      lm
	hist    *History
	sampler *Sampler
	dec     textDecoder
	stop    *stopText
	logits  []float32 // for the next token
}

// generation is one call: its options, the model, the stream and the clock.
type generation struct {
	opts       Options
	b          backend
	emit       func(Piece)
	maxNew     int
	start      time.Time
	first      time.Time // when the first token was picked
	seqs       []*sequence
	prompt     []int
	prefillDur time.Duration
}

// run is Generate over any backend. On error the result holds what was
// produced before it.
func run(ctx context.Context, b backend, prompt []int, opts Options, emit func(Piece)) (*Result, error) {
	g := &generation{opts: opts, b: b, emit: emit, start: time.Now()}
	if emit == nil {
		g.emit = func(Piece) {}
	}
	if err := g.init(prompt); err != nil {
		return nil, err
	}
	err := g.prefill(ctx)
	if err == nil {
		err = g.decode(ctx)
	}
	return g.result(), err
}

// init checks options and prompt and sets the prompt the model sees.
func (g *generation) init(prompt []int) error {
	if err := g.opts.Validate(); err != nil {
		return err
	}
	if len(prompt) == 0 {
		if g.opts.BOSTokenID < 0 {
			return fmt.Errorf("generate: the prompt is empty and there is no bos_token_id to start from")
		}
		prompt = []int{g.opts.BOSTokenID}
	}
	for i, id := range prompt {
		if id < 0 || id >= g.b.vocab {
			return fmt.Errorf("generate: prompt token %d is id %d, outside the vocabulary [0, %d)", i, id, g.b.vocab)
		}
	}
	g.prompt = append([]int(nil), prompt...)
	g.maxNew = g.opts.newTokens(len(prompt))
	return nil
}

// prefill runs the prompt once and forks its cache for every sequence.
func (g *generation) prefill(ctx context.Context) error {
	n := g.opts.NumReturnSequences
	g.seqs = make([]*sequence, n)
	hist := NewHistory(g.b.vocab, g.prompt)
	for i := range g.seqs {
		g.seqs[i] = &sequence{
			hist:    hist.Clone(),
			sampler: NewSampler(g.opts, g.b.vocab, uint64(i)),
			dec:     g.b.newDecoder(),
			stop:    newStopText(g.opts.Stop),
		}
	}
	if g.maxNew == 0 {
		g.finishAll(FinishLength)
		return nil
	}
	if ctx.Err() != nil {
		g.finishAll(FinishCancelled)
		return nil
	}
	logits, err := g.b.session.Append(Window(g.prompt, g.b.positions))
	g.prefillDur = time.Since(g.start)
	if err != nil {
		return fmt.Errorf("generate: prefill: %w", err)
	}
	shared := append([]float32(nil), logits...)
	for i, s := range g.seqs {
		s.lm, s.logits = g.b.session, shared
		if i > 0 {
			s.lm = g.b.session.Clone()
		}
	}
	return nil
}

// decode picks tokens round-robin, one per active sequence per round, so
// the sequences stream side by side, until every sequence has finished.
func (g *generation) decode(ctx context.Context) error {
	for active := true; active; {
		active = false
		for i, s := range g.seqs {
			if s.FinishReason != "" {
				continue
			}
			if ctx.Err() != nil {
				g.finishAll(FinishCancelled)
				return nil
			}
			if err := g.step(i, s); err != nil {
				return err
			}
			active = active || s.FinishReason == ""
		}
	}
	return nil
}

// step picks the next token of sequence i, streams its text, and unless
// the sequence finished, runs the model on it.
func (g *generation) step(i int, s *sequence) error {
	id, err := s.sampler.Next(s.logits, s.hist)
	if err != nil {
		return fmt.Errorf("generate: sequence %d, token %d: %w", i, len(s.IDs), err)
	}
	if g.first.IsZero() {
		g.first = time.Now()
	}
	s.hist.Add(id)
	s.IDs = append(s.IDs, id)
	piece, err := s.dec.Add(id)
	if err != nil {
		return fmt.Errorf("generate: sequence %d: decoding id %d: %w", i, id, err)
	}
	g.send(i, s.stop.push(piece))
	switch {
	case s.stop.stopped:
		g.finish(i, s, FinishStop)
		return nil
	case id == g.opts.EOSTokenID:
		g.finish(i, s, FinishEOS)
		return nil
	case len(s.IDs) >= g.maxNew:
		g.finish(i, s, FinishLength)
		return nil
	}
	s.logits, err = advance(s.lm, s.hist.IDs, g.b.positions)
	if err != nil {
		return fmt.Errorf("generate: sequence %d, token %d: %w", i, len(s.IDs), err)
	}
	return nil
}

// finish ends sequence i: the decoder's and the stop filter's remainders
// are streamed and the text is final.
func (g *generation) finish(i int, s *sequence, reason string) {
	g.send(i, s.stop.push(s.dec.Flush()))
	if s.stop.stopped {
		reason = FinishStop
	}
	g.send(i, s.stop.flush())
	s.FinishReason, s.Text = reason, s.stop.String()
}

// finishAll ends every sequence still running with reason.
func (g *generation) finishAll(reason string) {
	for i, s := range g.seqs {
		if s.FinishReason == "" {
			g.finish(i, s, reason)
		}
	}
}

func (g *generation) send(i int, text string) {
	if text != "" {
		g.emit(Piece{Seq: i, Text: text})
	}
}

// result gathers the sequences and the timings.
func (g *generation) result() *Result {
	end := time.Now()
	r := &Result{PromptIDs: g.prompt, Sequences: make([]Sequence, len(g.seqs))}
	for i, s := range g.seqs {
		r.Sequences[i] = s.Sequence
		if s.FinishReason == "" { // stopped by an error
			r.Sequences[i].Text = s.stop.String()
		}
		r.Stats.NewTokens += len(s.IDs)
	}
	r.Stats.PromptTokens = len(g.prompt)
	r.Stats.Prefill = g.prefillDur
	if !g.first.IsZero() {
		r.Stats.TimeToFirstToken = g.first.Sub(g.start)
		r.Stats.Decode = end.Sub(g.start) - g.prefillDur
	}
	if secs := r.Stats.Decode.Seconds(); secs > 0 {
		r.Stats.TokensPerSecond = float64(r.Stats.NewTokens) / secs
	}
	return r
}
