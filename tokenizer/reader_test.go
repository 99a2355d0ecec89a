package tokenizer

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// SHA-256 of GPT-2's vocab.json and merges.txt as Hugging Face publishes
// them (openai-community/gpt2; merges.txt is byte-identical to OpenAI's
// vocab.bpe).
const (
	hfVocabSHA256  = "3ba3c3109ff33976c4bd966589c11ee14fcaa1f4c9e5e154c2ed7f99d80709e7"
	hfMergesSHA256 = "1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5"
)

// gpt2Fingerprint pins GPT-2's fingerprint: model folders record it, so
// the compact form must never change silently.
const gpt2Fingerprint = "4e2bfb285ef3552b392cbe7543cececf2c13af65ce6cc94117e6de4092ecd2d7"

// TestGPT2WriteHFIsHuggingFacesFiles: the embedded tokenizer written as
// vocab.json + merges.txt is byte-for-byte the published files, and reads
// back to the same tokenizer.
func TestGPT2WriteHFIsHuggingFacesFiles(t *testing.T) {
	tok := mustGPT2(t)
	if tok.VocabSize() != 50257 || tok.NumMerges() != 50000 {
		t.Fatalf("V = %d, M = %d; want 50257, 50000", tok.VocabSize(), tok.NumMerges())
	}
	if sp := tok.Special(); len(sp) != 1 || sp[0] != EOT {
		t.Fatalf("special tokens %v, want [%d]", sp, EOT)
	}
	var vocab, merges bytes.Buffer
	if err := tok.WriteHF(&vocab, &merges); err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		name string
		b    []byte
		want string
	}{{"vocab.json", vocab.Bytes(), hfVocabSHA256}, {"merges.txt", merges.Bytes(), hfMergesSHA256}} {
		if got := sha256.Sum256(f.b); hex.EncodeToString(got[:]) != f.want {
			t.Errorf("%s: SHA-256 %x, want %s", f.name, got, f.want)
		}
	}
	back, err := ReadHF(&vocab, &merges)
	if err != nil {
		t.Fatal(err)
	}
	if back.Fingerprint() != tok.Fingerprint() {
		t.Error("ReadHF(WriteHF(GPT-2)) has another fingerprint")
	}
	fp := tok.Fingerprint()
	if got := hex.EncodeToString(fp[:]); got != gpt2Fingerprint {
		t.Errorf("GPT-2 fingerprint %s, pinned %s", got, gpt2Fingerprint)
	}
}

// TestSharedFiles reads the original files where the project's shared
// folder is present (it is not part of a clone).
func TestSharedFiles(t *testing.T) {
	dir := filepath.Join("..", "..", "shared")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("no shared folder:", err)
	}
	open := func(name string) *os.File {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	want := mustGPT2(t).Fingerprint()
	for name, read := range map[string]func() (*Tokenizer, error){
		"OpenAI": func() (*Tokenizer, error) {
			return ReadOpenAI(open("data/gpt2-tokenizer/encoder.json"), open("data/gpt2-tokenizer/vocab.bpe"))
		},
		"HF": func() (*Tokenizer, error) {
			return ReadHF(open("fixtures/hf-tiny-gpt2/vocab.json"), open("fixtures/hf-tiny-gpt2/merges.txt"))
		},
		"tokenizer.json": func() (*Tokenizer, error) { return ReadHFJSON(open("fixtures/hf-tiny-gpt2/tokenizer.json")) },
	} {
		tok, err := read()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if tok.Fingerprint() != want {
			t.Errorf("%s files: fingerprint differs from the embedded GPT-2", name)
		}
	}
}

// tinyFiles returns a small vocabulary in the files' spelling: the 256 byte
// tokens, "he", "ll", "hell", "Ġw" and <|endoftext|>, with their merges.
func tinyFiles() (vocab map[string]int, merges []string) {
	vocab = map[string]int{}
	for b := 0; b < 256; b++ {
		vocab[string(byteToRune[b])] = b
	}
	merges = []string{"h e", "l l", "he ll", "Ġ w"}
	for _, m := range merges {
		vocab[strings.ReplaceAll(m, " ", "")] = len(vocab)
	}
	vocab["<|endoftext|>"] = len(vocab)
	return vocab, merges
}

func jsonBytes(t testing.TB, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadTinyFiles(t *testing.T) {
	vocab, merges := tinyFiles()
	v := jsonBytes(t, vocab)
	m := "#version: 0.2\n" + strings.Join(merges, "\n") + "\n"
	tok, err := ReadOpenAI(bytes.NewReader(v), strings.NewReader(m))
	if err != nil {
		t.Fatal(err)
	}
	// Byte tokens have id = byte here, so letters are their own ids.
	ids := tok.EncodeSpecial("hello world<|endoftext|>")
	want := []int{258, 'o', 259, 'o', 'r', 'l', 'd', 260}
	if !slices.Equal(ids, want) {
		t.Errorf("EncodeSpecial = %v, want %v", ids, want)
	}
	// tokenizer.json with merges as strings and as pairs gives the same.
	pairs := make([][2]string, len(merges))
	for i, s := range merges {
		l, r, _ := strings.Cut(s, " ")
		pairs[i] = [2]string{l, r}
	}
	for _, ms := range []any{merges, pairs} {
		doc := map[string]any{
			"model":         map[string]any{"type": "BPE", "vocab": vocab, "merges": ms},
			"pre_tokenizer": map[string]any{"type": "ByteLevel"},
			"added_tokens":  []map[string]any{{"id": 260, "content": "<|endoftext|>", "special": true}},
		}
		tj, err := ReadHFJSON(bytes.NewReader(jsonBytes(t, doc)))
		if err != nil {
			t.Fatal(err)
		}
		if tj.Fingerprint() != tok.Fingerprint() {
			t.Errorf("tokenizer.json with merges %T: fingerprint differs", ms)
		}
	}
	bin, _ := tok.MarshalBinary()
	tb, err := ReadBinary(bytes.NewReader(bin))
	if err != nil || tb.Fingerprint() != tok.Fingerprint() {
		t.Errorf("ReadBinary(MarshalBinary()) = %v, fingerprint equal %v", err, err == nil && tb.Fingerprint() == tok.Fingerprint())
	}
}

// TestReadErrors: bad files give an error naming the file and the problem.
func TestReadErrors(t *testing.T) {
	vocab, merges := tinyFiles()
	with := func(k string, v int) map[string]int {
		m := map[string]int{}
		for kk, vv := range vocab {
			m[kk] = vv
		}
		if v < 0 {
			delete(m, k)
		} else {
			m[k] = v
		}
		return m
	}
	good := "#version: 0.2\n" + strings.Join(merges, "\n") + "\n"
	for _, c := range []struct {
		name, vocab, merges, want string
	}{
		{"not JSON", "{", good, "encoder.json: unexpected EOF"},
		{"id out of range", string(jsonBytes(t, with("zz", 999))), good, "outside [0, 262)"},
		{"id given twice", string(jsonBytes(t, with("zz", 5))), good, "id 5 is given to two tokens"},
		{"byte missing", string(jsonBytes(t, with("Ā", -1))), good, "outside"},
		{"one token a line", string(jsonBytes(t, vocab)), "#version: 0.2\nh e\nll\n", "vocab.bpe line 3"},
		{"three tokens", string(jsonBytes(t, vocab)), "h e x\n", "vocab.bpe line 1"},
		{"unknown part", string(jsonBytes(t, vocab)), "h q\u00e9\n", "not in encoder.json"},
		{"result not in vocab", string(jsonBytes(t, vocab)), "e h\n", "not in the vocabulary"},
		{"duplicate", string(jsonBytes(t, vocab)), "h e\nh e\n", "merge 1 (h e) is a duplicate"},
		{"literal as part", string(jsonBytes(t, with("日", 261))), "日 h\n", "not a byte-level token"},
	} {
		_, err := ReadOpenAI(strings.NewReader(c.vocab), strings.NewReader(c.merges))
		if err == nil || !strings.HasPrefix(err.Error(), "tokenizer: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to contain %q", c.name, err, c.want)
		}
	}
}

func TestReadHFJSONErrors(t *testing.T) {
	vocab, _ := tinyFiles()
	for _, c := range []struct {
		name string
		doc  map[string]any
		want string
	}{
		{"WordPiece", map[string]any{"model": map[string]any{"type": "WordPiece"}}, "not BPE"},
		{"other pre-tokenizer", map[string]any{"pre_tokenizer": map[string]any{"type": "Whitespace"}}, "not GPT-2's ByteLevel"},
		{"bad merge", map[string]any{"model": map[string]any{"vocab": vocab, "merges": []any{[]int{1, 2}}}}, "merge 0"},
		{"added token clash", map[string]any{"model": map[string]any{"vocab": vocab},
			"added_tokens": []any{map[string]any{"id": 3, "content": "<|endoftext|>"}}}, "has id 3"},
	} {
		_, err := ReadHFJSON(bytes.NewReader(jsonBytes(t, c.doc)))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to contain %q", c.name, err, c.want)
		}
	}
}

func TestReadBinaryErrors(t *testing.T) {
	good, _ := mustGPT2(t).MarshalBinary()
	for _, c := range []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "bad magic"},
		{"other magic", []byte("BPETOK\x00\x02rest"), "bad magic"},
		{"truncated", good[:len(good)/2], "compact form"},
		{"huge count", append([]byte(binaryMagic), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f), "bad token count"},
		{"doubling merges", doublingCompact(), "longer than 65536 bytes"},
	} {
		_, err := ReadBinary(bytes.NewReader(c.b))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to contain %q", c.name, err, c.want)
		}
	}
}

// doublingCompact is a compact form whose merges double "a" 17 times:
// tokens 256+k = (token 255+k)+(token 255+k), the last 131,072 bytes long.
func doublingCompact() []byte {
	b := append([]byte(binaryMagic), 0)
	b = binary.AppendUvarint(b[:len(binaryMagic)], 256+17)
	for c := 0; c < 256; c++ {
		b = append(b, kindByteLevel, 1, byte(c))
	}
	for k := 0; k < 17; k++ {
		b = append(b, kindMerged)
		b = binary.AppendVarint(b, int64(min(k, 1)))
	}
	b = binary.AppendUvarint(b, 17)
	b = binary.AppendUvarint(binary.AppendUvarint(b, 'a'), 'a')
	for k := 1; k < 17; k++ {
		b = binary.AppendUvarint(binary.AppendUvarint(b, uint64(255+k)), uint64(255+k))
	}
	return b
}
