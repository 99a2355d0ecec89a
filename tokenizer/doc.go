// Package tokenizer is GPT-2's byte-level byte-pair encoding (BPE), exact
// against OpenAI's gpt-2 src/encoder.py.
//
// Encoding text into token ids takes three steps:
//
//  1. Pre-tokenize: split the text with encoder.py's pattern
//
//     's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
//
//     with \p{L}, \p{N} and \s as Python's regex module (which encoder.py
//     imports) defines them: Unicode 17.0 letters and numbers, and \s
//     exactly Unicode's White_Space (U+001C..U+001F are not \s there,
//     unlike in Python's re). Go's regexp has no look-ahead and Go 1.26's
//     unicode tables are Unicode 15.0, so the splitter is written by hand
//     (pretokenize.go) over a table generated from regex (classes_table.go).
//
//  2. Each pre-token's UTF-8 bytes start as one symbol per byte. The files
//     (encoder.json, vocab.bpe) spell those bytes with bytes_to_unicode's
//     printable alphabet (byte 0x20 is "Ġ"); in memory tokens are raw bytes.
//
//  3. BPE: repeatedly take the adjacent pair of symbols with the lowest merge
//     rank and merge every occurrence of it, left to right, until no pair has
//     a rank (bpe.go). Each final symbol is a vocabulary entry: its id.
//
// Decoding concatenates the tokens' bytes and turns invalid UTF-8 into
// U+FFFD the way Python's bytes.decode("utf-8", errors="replace") does (one
// U+FFFD per maximal invalid subpart, utf8.go). The streaming Decoder emits
// only complete characters and gives, for any split of the ids, the same
// text as Decode.
//
// Special tokens are vocabulary entries that are neither one of the 256 byte
// tokens nor the result of a merge; for GPT-2 that is only <|endoftext|>,
// id 50256 (EOT). Encode treats their text as plain text, as encoder.py
// does; EncodeSpecial maps it to the special id.
//
// Invalid UTF-8 given to Encode (Python strings cannot hold it, so
// encoder.py has no answer) is defined here: each invalid byte is a
// character of its own in the class [^\s\p{L}\p{N}], and BPE works on the
// bytes as always, so Token bytes round-trip exactly and Decode shows each
// invalid subpart as U+FFFD.
//
// Speed: encoding remembers the ids of recent pre-tokens (cache.go, safe for
// concurrent use), and the merge loop keeps the word's pairs in a heap
// (bpe.go) where encoder.py rescans the word for every merge; tests check it
// against a line-for-line port of encoder.py's loop (bpe_reference.go).
//
// Shape legend: V vocabulary size (50,257 for GPT-2), M merges (50,000),
// T tokens of a text.
//
// Files: the OpenAI pair encoder.json + vocab.bpe and the Hugging Face pair
// vocab.json + merges.txt have the same content (ReadOpenAI, ReadHF,
// WriteHF); Hugging Face's tokenizer.json holds them too (ReadHFJSON). The
// package's own compact form (binary.go) is what GPT2 embeds and what
// Fingerprint hashes.
package tokenizer
