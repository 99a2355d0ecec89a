// Command tokenize turns text into GPT-2 token ids and back.
//
//	go run ./tools/tokenize < file.txt          ids of stdin, space-separated on one line
//	go run ./tools/tokenize -count < file.txt   only the number of tokens
//	go run ./tools/tokenize -jsonl < in.jsonl   each line {"text": ...} -> {"text": ..., "ids": [...]}
//	go run ./tools/tokenize -decode < ids.txt   ids (space, comma or newline separated) -> text
//
// -special maps the text <|endoftext|> to its id 50256 (by default it is
// plain text, as in OpenAI's encoder.py); -skip-special leaves special
// tokens out when decoding. -vocab DIR uses another tokenizer: DIR holds
// vocab.json + merges.txt, encoder.json + vocab.bpe, or tokenizer.json.
// -write-compact FILE writes the tokenizer in the package's compressed
// compact form (how tokenizer/gpt2.bpe.zst is made).
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
