package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"slices"

	"gpt2/hf"
	"gpt2/tokenizer"
	"gpt2/train"
	"gpt2/weights"
)

// loadInit loads the model to fine-tune and its tokenizer: a Hugging Face
// folder (it has config.json; vocab.json and merges.txt when present, else
// GPT-2's) or a model folder in the project's format.
func loadInit(dir string) (*train.GPT[float32], *tokenizer.Tokenizer, error) {
	fsys := os.DirFS(dir)
	if _, err := fs.Stat(fsys, hf.ConfigFile); err != nil {
		m, err := weights.LoadDir(fsys, nil)
		if err != nil {
			return nil, nil, err
		}
		g, err := train.NewGPT[float32](m.Weights.Config)
		if err != nil {
			return nil, nil, err
		}
		return g, m.Tokenizer, g.Params.SetWeights(m.Weights)
	}
	ck, err := hf.Load(fsys)
	if err != nil {
		return nil, nil, err
	}
	g, err := train.NewGPT[float32](ck.Config)
	if err != nil {
		return nil, nil, err
	}
	if err := g.Params.SetFloat32(ck.Tensors); err != nil {
		return nil, nil, err
	}
	tok, err := hfTokenizer(fsys, ck.TokenizerFiles)
	return g, tok, err
}

// hfTokenizer reads vocab.json and merges.txt when the folder has them,
// else returns GPT-2's.
func hfTokenizer(fsys fs.FS, files []string) (*tokenizer.Tokenizer, error) {
	if !slices.Contains(files, "vocab.json") || !slices.Contains(files, "merges.txt") {
		return tokenizer.GPT2()
	}
	vocab, err := fs.ReadFile(fsys, "vocab.json")
	if err != nil {
		return nil, err
	}
	merges, err := fs.ReadFile(fsys, "merges.txt")
	if err != nil {
		return nil, err
	}
	tok, err := tokenizer.ReadHF(bytes.NewReader(vocab), bytes.NewReader(merges))
	if err != nil {
		return nil, fmt.Errorf("tokenizer: %w", err)
	}
	return tok, nil
}
