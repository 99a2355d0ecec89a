package tokenizer

import "testing"

// Benchmarks on tinyshakespeare (1.1 MB). Warm: the pre-token cache is
// filled by earlier iterations (as when a tokenizer encodes a stream of
// similar text). Cold: the cache is emptied before each iteration, so every
// distinct pre-token goes through the merge loop once. NoCache: no cache at
// all, every pre-token through the merge loop. tiktoken_bench_test.go has
// tiktoken-go's r50k_base on the same text, for comparison.

func BenchmarkEncodeWarm(b *testing.B) {
	tok, text := mustGPT2(b), readShakespeare(b)
	tok.Encode(text)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		tok.Encode(text)
	}
}

func BenchmarkEncodeCold(b *testing.B) {
	tok, text := freshGPT2(b), readShakespeare(b)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		tok.SetCacheSize(DefaultCacheSize) // empties the cache
		tok.Encode(text)
	}
}

func BenchmarkEncodeNoCache(b *testing.B) {
	tok, text := freshGPT2(b), readShakespeare(b)
	tok.SetCacheSize(0)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		tok.Encode(text)
	}
}

func BenchmarkDecode(b *testing.B) {
	tok, text := mustGPT2(b), readShakespeare(b)
	ids := tok.Encode(text)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		tok.Decode(ids, false)
	}
}

// BenchmarkLoadGPT2 is the cost of building GPT-2's tokenizer from the
// embedded compact form (what GPT2 does once).
func BenchmarkLoadGPT2(b *testing.B) {
	for b.Loop() {
		freshGPT2(b)
	}
}

// freshGPT2 builds GPT-2's tokenizer anew, with its own empty cache.
func freshGPT2(tb testing.TB) *Tokenizer {
	tb.Helper()
	tok, err := ReadCompressed(bytesReader(gpt2Compact))
	if err != nil {
		tb.Fatal(err)
	}
	return tok
}
