//go:build js && wasm

package main

import (
	"context"
	"syscall/js"
	"time"
)

// A Go WebAssembly program runs the browser's event loop only when all its
// goroutines are blocked. A long generation would never see the page's
// stop message; so between tokens the worker yields: it posts itself a
// message on a MessageChannel and blocks until it arrives, which lets the
// event loop deliver what is pending first (a zero-delay alternative to
// setTimeout, which browsers clamp to 4 ms).
type yielder struct {
	port   js.Value
	resume chan struct{}
	fn     js.Func
}

func newYielder() *yielder {
	ch := js.Global().Get("MessageChannel").New()
	y := &yielder{port: ch.Get("port2"), resume: make(chan struct{}, 1)}
	y.fn = js.FuncOf(func(js.Value, []js.Value) any {
		select {
		case y.resume <- struct{}{}:
		default:
		}
		return nil
	})
	ch.Get("port1").Set("onmessage", y.fn)
	return y
}

// yield lets the event loop run once.
func (y *yielder) yield() {
	y.port.Call("postMessage", nil)
	<-y.resume
}

// yieldingContext is a context whose Err, which generate.Generate checks
// before every token, first yields to the event loop when at least every
// has passed since it last did, so a stop message can cancel it.
type yieldingContext struct {
	context.Context
	y     *yielder
	every time.Duration
	last  time.Time
}

func (c *yieldingContext) Err() error {
	if now := time.Now(); now.Sub(c.last) >= c.every {
		c.y.yield()
		c.last = time.Now()
	}
	return c.Context.Err()
}
