//go:build js && wasm

package main

import (
	"io"

	"gpt2/tokenizer"
)

// loadTokenizer returns the manifest's tokenizer: GPT-2's builtin one, or
// the folder's tokenizer file (which package weights checks against its
// SHA-256; it is cached like the manifest).
func (st *loadState) loadTokenizer() (*tokenizer.Tokenizer, error) {
	var opened []*body
	tok, err := st.manifest.LoadTokenizer(func(name string) (io.ReadCloser, error) {
		b, err := st.src.open(name, networkFirst)
		if err == nil {
			opened = append(opened, b)
		}
		return b, err
	})
	for _, b := range opened {
		if err == nil {
			st.note(b)
		} else if b.discard != nil {
			b.discard()
		}
	}
	return tok, err
}
