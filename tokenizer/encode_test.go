package tokenizer

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

func TestEncodeSpecial(t *testing.T) {
	tok := mustGPT2(t)
	plain := tok.Encode("<|endoftext|>")
	if slices.Contains(plain, EOT) || len(plain) < 2 {
		t.Errorf("Encode(<|endoftext|>) = %v: encoder.py keeps it plain text", plain)
	}
	for _, c := range []struct {
		text string
		want []int
	}{
		{"<|endoftext|>", []int{EOT}},
		{"Hello<|endoftext|> world", []int{15496, EOT, 995}},
		{"<|endoftext|><|endoftext|>", []int{EOT, EOT}},
		{"<|endoftext|", tok.Encode("<|endoftext|")},
		{"a<|endoftext|>", []int{64, EOT}},
	} {
		if got := tok.EncodeSpecial(c.text); !slices.Equal(got, c.want) {
			t.Errorf("EncodeSpecial(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

// randomText returns valid UTF-8 mixing ASCII words, white space of every
// kind, contractions, digits and characters from many scripts.
func randomText(rng *rand.Rand, n int) string {
	pieces := []string{"the", " cat", "'s", "'ll", "  ", "\n", "\r\n", "\t", "\u00a0", "\u3000", "\u2028",
		"123", " 4", "!?", " ...", "é", "日本語", "🙂", "𝄞", "ÿ", "\x1c", "\u0085", "Ω", "\u200b", "\ufeff", "'"}
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}

// TestRoundTripRandomText: Decode(Encode(s)) == s for valid UTF-8, and the
// cache changes nothing.
func TestRoundTripRandomText(t *testing.T) {
	tok := mustGPT2(t)
	rng := rand.New(rand.NewPCG(7, 8))
	for i := 0; i < 500; i++ {
		s := randomText(rng, rng.IntN(200))
		for j := 0; j < 3; j++ { // random code points too
			r := rune(rng.IntN(0x2FFFF))
			if utf8.ValidRune(r) {
				s += string(r)
			}
		}
		ids := tok.Encode(s)
		if got, err := tok.Decode(ids, false); err != nil || got != s {
			t.Fatalf("Decode(Encode(%+q)) = %+q, %v", s, got, err)
		}
		if ref := tok.bpeOnlyReference(s); !slices.Equal(ids, ref) {
			t.Fatalf("Encode(%+q) = %v, uncached reference %v", s, ids, ref)
		}
	}
}

// TestEncodeConcurrent encodes Shakespeare's lines from 4 goroutines
// sharing one tokenizer whose tiny cache keeps evicting, against the
// uncached reference.
func TestEncodeConcurrent(t *testing.T) {
	tok := freshGPT2(t)
	if err := tok.SetCacheSize(64); err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(readShakespeare(t)[:100_000], "\n")
	var wg sync.WaitGroup
	errs := make(chan string, 4)
	for g := 0; g < 4; g++ {
		wg.Go(func() {
			for i := g; i < len(lines); i += 2 { // overlapping halves
				if got, want := tok.Encode(lines[i]), tok.bpeOnlyReference(lines[i]); !slices.Equal(got, want) {
					errs <- lines[i]
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for line := range errs {
		t.Errorf("concurrent Encode(%q) differs from the reference", line)
	}
}

func TestSetCacheSize(t *testing.T) {
	tok := freshGPT2(t)
	text := readShakespeare(t)[:50_000]
	want := tok.bpeOnlyReference(text)
	for _, n := range []int{0, 1, 3, 1000} {
		if err := tok.SetCacheSize(n); err != nil {
			t.Fatal(err)
		}
		for pass := 0; pass < 2; pass++ {
			if got := tok.Encode(text); !slices.Equal(got, want) {
				t.Fatalf("cache size %d, pass %d: Encode differs from the reference", n, pass)
			}
		}
	}
	if err := tok.SetCacheSize(-1); err == nil {
		t.Error("SetCacheSize(-1): no error")
	}
}

// FuzzEncodeDecode: Encode never panics, on any bytes; the ids' bytes are
// the input's bytes; Decode gives the input back when it is valid UTF-8
// and Python's replacement of it otherwise; the merge loop agrees with the
// reference; EncodeSpecial round-trips the bytes too.
func FuzzEncodeDecode(f *testing.F) {
	for _, s := range []string{"", "Hello world", "it's 's  \n\n", "日本語 🙂", "\xff\xfe a\xe2\x82", "<|endoftext|>x", "\u3000\u00a0 x"} {
		f.Add(s)
	}
	tok := mustGPT2(f)
	f.Fuzz(func(t *testing.T, s string) {
		ids := tok.Encode(s)
		raw, err := tok.AppendBytes(nil, ids, false)
		if err != nil || !bytes.Equal(raw, []byte(s)) {
			t.Fatalf("bytes of Encode(%+q) = %+q, %v", s, raw, err)
		}
		want := string(appendReplacing(nil, []byte(s)))
		if utf8.ValidString(s) {
			want = s
		}
		if got, err := tok.Decode(ids, false); err != nil || got != want {
			t.Fatalf("Decode(Encode(%+q)) = %+q, %v; want %+q", s, got, err, want)
		}
		if ref := tok.bpeOnlyReference(s); !slices.Equal(ids, ref) {
			t.Fatalf("Encode(%+q) = %v, reference %v", s, ids, ref)
		}
		sp, _ := tok.AppendBytes(nil, tok.EncodeSpecial(s), false)
		if !bytes.Equal(sp, []byte(s)) {
			t.Fatalf("bytes of EncodeSpecial(%+q) = %+q", s, sp)
		}
	})
}
