//go:build js && wasm

// Command wasm is the browser app: one WebAssembly binary that runs as the
// page's UI (when there is a document) and as the engine in a Web Worker
// (when there is none). web/main.js compiles it once and hands the module to
// web/worker.js. The two halves talk through package protocol's typed
// messages.
package main

import (
	"fmt"
	"syscall/js"
)

func main() {
	if js.Global().Get("document").Truthy() {
		runUI()
	} else {
		runWorker()
	}
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
