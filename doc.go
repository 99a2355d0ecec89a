// Package gpt2 is the root of a GPT-2 that runs in the browser: a Go engine
// compiled to WebAssembly behind a static page, and the same engine as
// native commands. It holds no code; its test states which package may
// import which (deps_test.go).
//
// The engine (tokenizer, quant, kernels, model, weights, hf, generate,
// train) takes readers and byte slices, never files, HTTP or syscall/js, so
// that it is the same code natively and in the browser. Only wasm/ touches
// the browser, and only tools/ touches the file system and flags.
package gpt2
