package tokenizer

import (
	"bytes"
	"strings"
	"testing"
)

// The loaders' fuzz targets: any input gives a tokenizer or an error, never
// a panic, and a tokenizer that loads survives a round trip through its
// files and encodes text back to the same bytes.

func tinyFileBytes(f *testing.F) (vocab []byte, merges string) {
	v, m := tinyFiles()
	return jsonBytes(f, v), "#version: 0.2\n" + strings.Join(m, "\n") + "\n"
}

// checkLoaded is what every fuzz target checks of a tokenizer that loaded.
func checkLoaded(t *testing.T, tok *Tokenizer) {
	var v, m bytes.Buffer
	if err := tok.WriteHF(&v, &m); err != nil {
		t.Fatal(err)
	}
	back, err := ReadHF(&v, &m)
	if err != nil {
		t.Fatalf("ReadHF(WriteHF(tok)): %v", err)
	}
	if back.Fingerprint() != tok.Fingerprint() {
		t.Fatal("ReadHF(WriteHF(tok)) has another fingerprint")
	}
	const text = "hello world, it's 日本 \xff"
	raw, err := tok.AppendBytes(nil, tok.EncodeSpecial(text), false)
	if err != nil || string(raw) != text {
		t.Fatalf("bytes of EncodeSpecial(%q) = %q, %v", text, raw, err)
	}
}

func FuzzReadOpenAI(f *testing.F) {
	v, m := tinyFileBytes(f)
	f.Add(v, []byte(m))
	f.Add(v, []byte("#version: 0.2\nh e\nhe l\n"))
	f.Add([]byte(`{"a": 0}`), []byte("a a"))
	f.Fuzz(func(t *testing.T, vocab, merges []byte) {
		tok, err := ReadOpenAI(bytes.NewReader(vocab), bytes.NewReader(merges))
		if err == nil {
			checkLoaded(t, tok)
		}
	})
}

func FuzzReadHFJSON(f *testing.F) {
	v, _ := tinyFiles()
	f.Add(jsonBytes(f, map[string]any{"model": map[string]any{"type": "BPE", "vocab": v, "merges": []string{"h e", "l l"}}}))
	f.Add(jsonBytes(f, map[string]any{"model": map[string]any{"vocab": v, "merges": [][]string{{"h", "e"}}},
		"added_tokens": []any{map[string]any{"id": 261, "content": "<|x|>"}}}))
	f.Fuzz(func(t *testing.T, doc []byte) {
		tok, err := ReadHFJSON(bytes.NewReader(doc))
		if err == nil {
			checkLoaded(t, tok)
		}
	})
}

func FuzzReadBinary(f *testing.F) {
	v, m := tinyFileBytes(f)
	tok, err := ReadOpenAI(bytes.NewReader(v), strings.NewReader(m))
	if err != nil {
		f.Fatal(err)
	}
	b, _ := tok.MarshalBinary()
	f.Add(b)
	f.Add(b[:len(b)-3])
	f.Fuzz(func(t *testing.T, b []byte) {
		tok, err := ReadBinary(bytes.NewReader(b))
		if err != nil {
			return
		}
		checkLoaded(t, tok)
		again, err := tok.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if back, err := ReadBinary(bytes.NewReader(again)); err != nil || back.Fingerprint() != tok.Fingerprint() {
			t.Fatalf("ReadBinary(MarshalBinary()) = %v", err)
		}
	})
}
