//go:build js && wasm

package main

import (
	"context"
	"time"

	"gpt2/generate"
	"gpt2/wasm/app"
	"gpt2/wasm/protocol"
)

// yieldEvery is how often a generation lets the event loop run (to see a
// stop message): a bound on how late Stop takes effect, beyond one token.
const yieldEvery = 15 * time.Millisecond

// generate runs one generation, streaming pieces and ending with done (or
// error). The prompt's literal <|endoftext|> is the end-of-text token.
func (w *worker) generate(g *protocol.Generate) {
	if w.model == nil {
		w.fail(protocol.ErrNotReady, errorf("worker: no model is loaded yet"))
		return
	}
	opts := app.Options(g.Settings, w.gen)
	if err := opts.Validate(); err != nil {
		w.fail(protocol.ErrBadRequest, err)
		return
	}
	ids := w.tok.EncodeSpecial(g.Prompt)
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel = cancel
	defer func() {
		cancel()
		w.cancel = nil
	}()
	yctx := &yieldingContext{Context: ctx, y: w.yielder(), every: yieldEvery, last: time.Now()}
	res, err := generate.Generate(yctx, w.model, w.tok, ids, opts, func(p generate.Piece) {
		w.send(protocol.Message{Kind: protocol.KindPiece, Piece: &protocol.Piece{Seq: p.Seq, Text: p.Text}})
	})
	if err != nil {
		w.fail(protocol.ErrGenerate, err)
		return
	}
	w.send(protocol.Message{Kind: protocol.KindDone, Done: doneOf(res)})
}

func doneOf(res *generate.Result) *protocol.Done {
	d := &protocol.Done{
		PromptTokens:     res.Stats.PromptTokens,
		NewTokens:        res.Stats.NewTokens,
		TimeToFirstToken: protocol.Millis(res.Stats.TimeToFirstToken),
		Prefill:          protocol.Millis(res.Stats.Prefill),
		Decode:           protocol.Millis(res.Stats.Decode),
		TokensPerSecond:  res.Stats.TokensPerSecond,
	}
	for _, s := range res.Sequences {
		d.FinishReasons = append(d.FinishReasons, s.FinishReason)
	}
	return d
}
