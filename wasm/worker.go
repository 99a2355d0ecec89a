//go:build js && wasm

package main

import (
	"context"
	"errors"
	"syscall/js"

	"gpt2/model"
	"gpt2/tokenizer"
	"gpt2/wasm/protocol"
)

// worker is the engine side: it owns the model and answers the page. Load,
// generate and clear-cache requests run one at a time on the worker's main
// goroutine; stop and tokenize are answered from the message handler at
// once, even during a generation (which yields to the event loop between
// tokens, see yield.go).
type worker struct {
	self     js.Value // the worker's global scope
	requests chan received

	model  *model.Model
	tok    *tokenizer.Tokenizer
	gen    *model.GenerationConfig
	cancel context.CancelFunc // of the running generation, or nil
	yld    *yielder
}

func (w *worker) yielder() *yielder {
	if w.yld == nil {
		w.yld = newYielder()
	}
	return w.yld
}

func runWorker() {
	w := &worker{self: js.Global(), requests: make(chan received, 16)}
	w.self.Set("onmessage", js.FuncOf(func(_ js.Value, args []js.Value) any {
		w.onMessage(args[0])
		return nil
	}))
	w.send(protocol.Message{Kind: protocol.KindHello})
	for r := range w.requests {
		w.handle(r)
	}
}

func (w *worker) send(m protocol.Message) {
	if err := post(w.self, m); err != nil {
		js.Global().Get("console").Call("error", err.Error())
	}
}

func (w *worker) fail(code protocol.ErrorCode, err error) {
	w.send(protocol.Message{Kind: protocol.KindError, Error: &protocol.Error{Code: code, Message: err.Error()}})
}

// onMessage runs inside the JavaScript event handler: it must not block.
func (w *worker) onMessage(event js.Value) {
	r, err := receive(event)
	if err != nil {
		w.fail(protocol.ErrBadRequest, err)
		return
	}
	switch r.msg.Kind {
	case protocol.KindStop:
		if w.cancel != nil {
			w.cancel()
		}
	case protocol.KindTokenize:
		w.tokenize(r.msg.Tokenize)
	default:
		select {
		case w.requests <- r:
		default:
			w.fail(protocol.ErrBadRequest, errors.New("worker: too many requests queued"))
		}
	}
}

func (w *worker) tokenize(t *protocol.Tokenize) {
	if w.tok == nil {
		return
	}
	n := len(w.tok.EncodeSpecial(t.Text))
	w.send(protocol.Message{Kind: protocol.KindTokens, Tokens: &protocol.TokenCount{Seq: t.Seq, Count: n}})
}

func (w *worker) handle(r received) {
	switch r.msg.Kind {
	case protocol.KindLoad:
		w.load(r.msg.Load, r.files)
	case protocol.KindGenerate:
		w.generate(r.msg.Generate)
	case protocol.KindClearCache:
		w.clearCache()
	default:
		w.fail(protocol.ErrBadRequest, errorf("worker: unexpected %s message", r.msg.Kind))
	}
}

// sourceOf returns where a load request's files come from.
func (w *worker) sourceOf(l *protocol.Load, files []js.Value) (source, error) {
	if len(l.Files) > 0 {
		return newFileSource(l.Files, files)
	}
	if l.URL == "" {
		return nil, errorf("worker: a load request without a URL or files")
	}
	return newURLSource(l.URL), nil
}

// clearCache deletes the downloaded models.
func (w *worker) clearCache() {
	if caches := js.Global().Get("caches"); caches.Truthy() {
		if _, err := await(caches.Call("delete", modelCache)); err != nil {
			w.fail(protocol.ErrBadRequest, err)
			return
		}
	}
	w.send(protocol.Message{Kind: protocol.KindNotice, Notice: &protocol.Notice{
		Code: protocol.NoticeCacheCleared, Message: "Downloaded models were removed from this browser.",
	}})
}
