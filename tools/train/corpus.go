package main

import (
	"fmt"
	"os"
	"unicode/utf8"
)

// readCorpus reads a UTF-8 text file and tokenises it with the GPT-2
// tokenizer, refusing empty or non-UTF-8 text before any work.
func readCorpus(path string) ([]int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) == 0 {
		return nil, fmt.Errorf("%s: empty text", path)
	}
	if !utf8.Valid(b) {
		off := 0
		for off < len(b) {
			r, n := utf8.DecodeRune(b[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		return nil, fmt.Errorf("%s: not UTF-8 (invalid byte 0x%02x at offset %d)", path, b[off], off)
	}
	return encode(string(b))
}
