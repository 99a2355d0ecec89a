package tokenizer

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// randomTokenizer returns a tokenizer with the 256 byte tokens and up to n
// random merges over the letters "abc", ranked in random order: unlike
// GPT-2's, a merge may rank before the merges that make its parts.
func randomTokenizer(t testing.TB, rng *rand.Rand, n int) *Tokenizer {
	t.Helper()
	tokens := make([]string, 256)
	for b := range tokens {
		tokens[b] = string([]byte{byte(b)})
	}
	ids := map[string]int{"a": 'a', "b": 'b', "c": 'c'}
	pool := []string{"a", "b", "c"}
	seen := map[[2]int32]bool{}
	var merges [][2]int32
	for len(merges) < n {
		l, r := pool[rng.IntN(len(pool))], pool[rng.IntN(len(pool))]
		p := [2]int32{int32(ids[l]), int32(ids[r])}
		if seen[p] || len(l+r) > 8 {
			continue
		}
		seen[p] = true
		if _, ok := ids[l+r]; !ok {
			ids[l+r] = len(tokens)
			tokens = append(tokens, l+r)
			pool = append(pool, l+r)
		}
		merges = append(merges, p)
	}
	rng.Shuffle(len(merges), func(i, j int) { merges[i], merges[j] = merges[j], merges[i] })
	tok, err := build(tokens, make([]bool, len(tokens)), merges)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestBPEMatchesReferenceRandomMerges compares the heap merge loop with
// encoder.py's loop on random merge lists and random words of a, b, c.
func TestBPEMatchesReferenceRandomMerges(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var s bpeState
	for trial := 0; trial < 200; trial++ {
		tok := randomTokenizer(t, rng, 5+rng.IntN(60))
		for w := 0; w < 50; w++ {
			var b strings.Builder
			for n := 1 + rng.IntN(40); n > 0; n-- {
				b.WriteByte("abc"[rng.IntN(3)])
			}
			word := b.String()
			got, want := tok.bpe(nil, word, &s), tok.bpeReference(word)
			if !slices.Equal(got, want) {
				t.Fatalf("trial %d: merges %v, word %q: bpe %v, reference %v", trial, tok.merges, word, got, want)
			}
		}
	}
}

// TestBPEMatchesReferenceGPT2 compares the two loops on GPT-2 over
// Shakespeare's pre-tokens and over long random words.
func TestBPEMatchesReferenceGPT2(t *testing.T) {
	tok := mustGPT2(t)
	var s bpeState
	check := func(word string) {
		if got, want := tok.bpe(nil, word, &s), tok.bpeReference(word); !slices.Equal(got, want) {
			t.Fatalf("word %q: bpe %v, reference %v", word, got, want)
		}
	}
	text := readShakespeare(t)[:200_000]
	n := 0
	pretokens(text, func(p string) { check(p); n++ })
	rng := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 200; i++ {
		b := make([]byte, 1+rng.IntN(300))
		const letters = "aeinrst \x00\xff"
		for j := range b {
			b[j] = letters[rng.IntN(len(letters))]
		}
		check(string(b))
	}
	t.Logf("%d pre-tokens and 200 random words agree", n)
}
