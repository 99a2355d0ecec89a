package main

import "gpt2/tokenizer"

// encode tokenises text with the built-in GPT-2 tokenizer.
func encode(text string) ([]int, error) {
	tok, err := tokenizer.GPT2()
	if err != nil {
		return nil, err
	}
	return tok.Encode(text), nil
}
