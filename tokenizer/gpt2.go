package tokenizer

import (
	"bytes"
	_ "embed"
	"io"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// gpt2Compact is GPT-2's vocabulary (OpenAI's encoder.json + vocab.bpe) in
// the compact form, zstd-compressed. Regenerate it with
//
//	go run ./tools/tokenize -vocab DIR_WITH_ENCODER_JSON_AND_VOCAB_BPE -write-compact tokenizer/gpt2.bpe.zst
//
//go:embed gpt2.bpe.zst
var gpt2Compact []byte

var gpt2 struct {
	once sync.Once
	tok  *Tokenizer
	err  error
}

// GPT2 returns GPT-2's tokenizer (50,257 tokens, 50,000 merges), built
// once from the embedded vocabulary and shared: it is safe for concurrent
// use.
func GPT2() (*Tokenizer, error) {
	gpt2.once.Do(func() {
		gpt2.tok, gpt2.err = ReadCompressed(bytes.NewReader(gpt2Compact))
	})
	return gpt2.tok, gpt2.err
}

// ReadCompressed reads a zstd-compressed compact form, as -write-compact
// of tools/tokenize writes it.
func ReadCompressed(r io.Reader) (*Tokenizer, error) {
	zr, err := zstd.NewReader(r, zstd.WithDecoderConcurrency(1))
	if err != nil {
		return nil, errorf("compact form: %v", err)
	}
	defer zr.Close()
	return ReadBinary(zr)
}

// WriteCompressed writes the compact form zstd-compressed.
func (t *Tokenizer) WriteCompressed(w io.Writer) error {
	zw, err := zstd.NewWriter(w, zstd.WithEncoderLevel(zstd.SpeedBestCompression), zstd.WithEncoderConcurrency(1))
	if err != nil {
		return errorf("compact form: %v", err)
	}
	if err := t.writeBinary(zw); err != nil {
		zw.Close()
		return errorf("compact form: %v", err)
	}
	if err := zw.Close(); err != nil {
		return errorf("compact form: %v", err)
	}
	return nil
}
