package main

import (
	"fmt"
	"os"
	"unicode/utf8"
)

// readText reads a UTF-8 text file, refusing empty or non-UTF-8 text.
func readText(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	if len(b) == 0 {
		return "", fmt.Errorf("%s: empty text", path)
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
		return "", fmt.Errorf("%s: not UTF-8 (invalid byte 0x%02x at offset %d)", path, b[off], off)
	}
	return string(b), nil
}
