package main

import (
	"io"
	"os"
	"path/filepath"

	"gpt2/model"
	"gpt2/quant"
	"gpt2/tokenizer"
	"gpt2/train"
	"gpt2/weights"
)

// exportModel writes p to dir in the project's format (model.json and
// zstd shards), matrices in encoding d, with generation defaults gen and
// tokenizer tok.
func exportModel(dir string, p *train.Params[float32], d quant.DType, gen *model.GenerationConfig, tok *tokenizer.Tokenizer) error {
	w, err := p.Weights(d)
	if err != nil {
		return err
	}
	create := func(name string) (io.WriteCloser, error) {
		return os.Create(filepath.Join(dir, name))
	}
	_, err = weights.Write(w, gen, tok, weights.Options{}, create)
	return err
}
