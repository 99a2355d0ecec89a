//go:build js && wasm

// Command wasm is the browser app: one WebAssembly binary that runs as the
// page's UI when there is a document, and as the engine in a Web Worker
// when there is none. One binary is fewer bytes than two: the Go runtime,
// reflection and encoding/json alone (what a UI-only build with
// honnef.co/go/js/dom/v2 weighs) are 3.8 MB of the 6.5 MB. web/main.js
// compiles it once and hands the compiled module to web/worker.js.
//
// The halves talk through package protocol's typed messages (a kind from a
// closed set and its payload), posted as {json, files}.
//
// Loading (worker, load.go, shards.go, source.go): model.json is fetched
// network-first (the cache is the offline fallback), then the shards,
// concurrentShards at a time, cache-first, each streamed from its
// ReadableStream (jsutil.go) into weights.Loader.LoadShard, which checks
// its size and SHA-256 while decoding into the final tensors. A response
// that is not OK or is HTML is refused; a shard is put into Cache Storage
// (a clone of the response) only once verified; a cached shard that fails
// is dropped and downloaded again; a full quota leaves the model in memory
// with a notice. Files picked from disk stream through File.stream().
//
// Generating (engine.go, yield.go): generate.Generate runs on the worker's
// goroutine; its pieces are posted as they come. A Go program only lets the
// event loop run when all its goroutines block, so the context passed to
// Generate yields to the event loop (through a MessageChannel) when its Err
// is polled, at most every yieldEvery: that is how Stop is seen.
//
// The UI (ui*.go) reads the form, shows progress, streams text into text
// nodes (never HTML), and maps worker errors to advice and a retry button.
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
