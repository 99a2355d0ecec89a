package weights

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"

	"gpt2/tokenizer"
)

// BuiltinGPT2 names GPT-2's own tokenizer in a manifest.
const BuiltinGPT2 = "gpt2"

// TokenizerFile is the name Write gives a tokenizer that is not GPT-2's.
const TokenizerFile = "tokenizer.bpe.zst"

// maxTokenizerFile bounds the tokenizer file read into memory.
const maxTokenizerFile = 64 << 20

// writeTokenizer records tok in the manifest: builtin when its fingerprint
// is GPT-2's (nil means GPT-2's), else a file written through create.
func writeTokenizer(tok *tokenizer.Tokenizer, vocabSize int, create func(string) (io.WriteCloser, error)) (TokenizerRef, error) {
	gpt2, err := tokenizer.GPT2()
	if err != nil {
		return TokenizerRef{}, fmt.Errorf("weights: %w", err)
	}
	if tok == nil {
		tok = gpt2
	}
	if tok.VocabSize() > vocabSize {
		return TokenizerRef{}, fmt.Errorf("weights: the tokenizer has %d tokens, the model's vocab_size is %d", tok.VocabSize(), vocabSize)
	}
	if tok.Fingerprint() == gpt2.Fingerprint() {
		return TokenizerRef{Builtin: BuiltinGPT2}, nil
	}
	var buf bytes.Buffer
	if err := tok.WriteCompressed(&buf); err != nil {
		return TokenizerRef{}, fmt.Errorf("weights: %w", err)
	}
	sum := sha256.Sum256(buf.Bytes())
	f, err := create(TokenizerFile)
	if err != nil {
		return TokenizerRef{}, fmt.Errorf("weights: %w", err)
	}
	if _, err := f.Write(buf.Bytes()); err != nil {
		f.Close()
		return TokenizerRef{}, fmt.Errorf("weights: %s: %w", TokenizerFile, err)
	}
	if err := f.Close(); err != nil {
		return TokenizerRef{}, fmt.Errorf("weights: %s: %w", TokenizerFile, err)
	}
	return TokenizerRef{File: TokenizerFile, SHA256: hex.EncodeToString(sum[:])}, nil
}

// LoadTokenizer returns the manifest's tokenizer: GPT-2's for a builtin
// reference, else the file read through open and checked against its
// SHA-256. The tokenizer must fit the model's vocabulary.
func (m *Manifest) LoadTokenizer(open func(name string) (io.ReadCloser, error)) (*tokenizer.Tokenizer, error) {
	tok, err := m.readTokenizer(open)
	if err != nil {
		return nil, err
	}
	if tok.VocabSize() > m.Config.VocabSize {
		return nil, formatErr(ManifestFile, -1, "the tokenizer has %d tokens, the model's vocab_size is %d", tok.VocabSize(), m.Config.VocabSize)
	}
	return tok, nil
}

func (m *Manifest) readTokenizer(open func(name string) (io.ReadCloser, error)) (*tokenizer.Tokenizer, error) {
	ref := m.Tokenizer
	if ref.Builtin == BuiltinGPT2 {
		return tokenizer.GPT2()
	}
	f, err := open(ref.File)
	if err != nil {
		return nil, fmt.Errorf("weights: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxTokenizerFile+1))
	if err != nil {
		return nil, fmt.Errorf("weights: %s: %w", ref.File, err)
	}
	if len(data) > maxTokenizerFile {
		return nil, formatErr(ref.File, -1, "larger than %d bytes", maxTokenizerFile)
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != ref.SHA256 {
		return nil, formatErr(ref.File, -1, "SHA-256 %x, the manifest says %s (corrupt or stale file)", sum, ref.SHA256)
	}
	tok, err := tokenizer.ReadCompressed(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("weights: %s: %w", ref.File, err)
	}
	return tok, nil
}
