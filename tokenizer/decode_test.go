package tokenizer

import (
	"encoding/hex"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestReplacementMatchesPython checks appendReplacing against Python's
// bytes.decode("utf-8", "replace") on 3,949 byte strings (every single
// byte, every pair of interesting bytes, random strings of them, truncated
// characters), recorded in testdata/python_utf8_replace.jsonl.zst.
func TestReplacementMatchesPython(t *testing.T) {
	lines := zstdLines(t, "testdata/python_utf8_replace.jsonl.zst")
	n := 0
	for i, line := range lines[1:] { // line 1 names the source
		var c struct{ Hex, Text string }
		if err := json.Unmarshal(line, &c); err != nil {
			t.Fatalf("line %d: %v", i+2, err)
		}
		b, err := hex.DecodeString(c.Hex)
		if err != nil {
			t.Fatalf("line %d: %v", i+2, err)
		}
		if got := string(appendReplacing(nil, b)); got != c.Text {
			t.Errorf("line %d: % x gives %+q, Python gives %+q", i+2, b, got, c.Text)
		}
		n++
	}
	if n < 3000 {
		t.Fatalf("checked %d byte strings, want the whole file", n)
	}
}

// TestDecodeReplacement shows where Python's rule differs from Go's
// utf8.DecodeRune and strings.ToValidUTF8.
func TestDecodeReplacement(t *testing.T) {
	tok := mustGPT2(t)
	euro := []byte("€") // e2 82 ac
	for _, c := range []struct {
		bytes []byte
		want  string
	}{
		{euro, "€"},
		{euro[:2], "\ufffd"},                             // one truncated character: one U+FFFD (Go's range: two)
		{append(euro[:2:2], 'a'), "\ufffda"},             // cut short by a letter
		{[]byte{0xff, 0xfe}, "\ufffd\ufffd"},             // two bytes that lead nothing (ToValidUTF8: one)
		{[]byte{0xed, 0xa0, 0x80}, "\ufffd\ufffd\ufffd"}, // a surrogate: ED takes 80..9F only
		{[]byte{0xf0, 0x9f, 0x98}, "\ufffd"},             // 3 of an emoji's 4 bytes
	} {
		ids := byteIDs(tok, c.bytes)
		got, err := tok.Decode(ids, false)
		if err != nil || got != c.want {
			t.Errorf("Decode(% x) = %+q, %v; want %+q", c.bytes, got, err, c.want)
		}
	}
}

// byteIDs returns the one-byte token of each byte of b.
func byteIDs(tok *Tokenizer, b []byte) []int {
	ids := make([]int, len(b))
	for i, c := range b {
		ids[i] = int(tok.byteIDs[c])
	}
	return ids
}

func TestDecodeErrorsAndSpecial(t *testing.T) {
	tok := mustGPT2(t)
	for _, id := range []int{-1, tok.VocabSize(), 1 << 40} {
		_, err := tok.Decode([]int{15496, id}, false)
		if err == nil || !strings.Contains(err.Error(), "token id") {
			t.Errorf("Decode with id %d: err = %v, want an error naming the id", id, err)
		}
		if _, err := tok.Token(id); err == nil {
			t.Errorf("Token(%d): no error", id)
		}
	}
	ids := []int{15496, EOT, 995}
	if got, _ := tok.Decode(ids, false); got != "Hello<|endoftext|> world" {
		t.Errorf("Decode(%v, false) = %q", ids, got)
	}
	if got, _ := tok.Decode(ids, true); got != "Hello world" {
		t.Errorf("Decode(%v, true) = %q", ids, got)
	}
}

// TestSingleBytesRoundTrip: every byte alone encodes to its one-byte token
// and decodes back (as itself when it is valid UTF-8 alone, else U+FFFD).
func TestSingleBytesRoundTrip(t *testing.T) {
	tok := mustGPT2(t)
	for b := 0; b < 256; b++ {
		s := string([]byte{byte(b)})
		ids := tok.Encode(s)
		if len(ids) != 1 || ids[0] != int(tok.byteIDs[b]) {
			t.Errorf("Encode(%q) = %v, want the byte's token %d", s, ids, tok.byteIDs[b])
		}
		raw, _ := tok.AppendBytes(nil, ids, false)
		if string(raw) != s {
			t.Errorf("bytes of Encode(% x) = % x", s, raw)
		}
		want := s
		if !utf8.ValidString(s) {
			want = "\ufffd"
		}
		if got, err := tok.Decode(ids, false); err != nil || got != want {
			t.Errorf("Decode(Encode(% x)) = %+q, %v; want %+q", s, got, err, want)
		}
	}
}

// TestStreamingDecoderAnySplit: over random id sequences (whole tokens,
// single bytes of multi-byte characters, invalid bytes, EOT), the
// Decoder's pieces concatenate to Decode, each piece is valid UTF-8, and
// at most 3 bytes are ever held back.
func TestStreamingDecoderAnySplit(t *testing.T) {
	tok := mustGPT2(t)
	rng := rand.New(rand.NewPCG(1, 2))
	pool := []byte("€𝄞é日\xff\xc0\x80a ")
	for trial := 0; trial < 2000; trial++ {
		var ids []int
		for n := rng.IntN(12); n > 0; n-- {
			switch rng.IntN(4) {
			case 0:
				ids = append(ids, rng.IntN(tok.VocabSize()))
			case 1:
				ids = append(ids, EOT)
			default:
				ids = append(ids, int(tok.byteIDs[pool[rng.IntN(len(pool))]]))
			}
		}
		skip := rng.IntN(2) == 0
		want, err := tok.Decode(ids, skip)
		if err != nil {
			t.Fatal(err)
		}
		d := tok.NewDecoder(skip)
		var got strings.Builder
		for _, id := range ids {
			piece, err := d.Add(id)
			if err != nil {
				t.Fatal(err)
			}
			if !utf8.ValidString(piece) {
				t.Fatalf("ids %v: piece %+q is not valid UTF-8", ids, piece)
			}
			if d.Pending() > 3 {
				t.Fatalf("ids %v: %d bytes held back", ids, d.Pending())
			}
			got.WriteString(piece)
		}
		got.WriteString(d.Flush())
		if got.String() != want {
			t.Fatalf("ids %v (skip %v): streamed %+q, Decode %+q", ids, skip, got.String(), want)
		}
	}
}

func TestStreamingDecoderHoldsPartialCharacter(t *testing.T) {
	tok := mustGPT2(t)
	d := tok.NewDecoder(false)
	ids := byteIDs(tok, []byte("a€"))
	var got []string
	for _, id := range ids {
		s, err := d.Add(id)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
	}
	if strings.Join(got, "|") != "a|||€" || d.Flush() != "" {
		t.Errorf("pieces %q, want a, '', '', €", got)
	}
	if _, err := d.Add(-5); err == nil {
		t.Error("Add(-5): no error")
	}
}
