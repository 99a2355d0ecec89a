package main

import (
	"errors"
	"io/fs"
	"os"

	"gpt2/hf"
	"gpt2/train"
)

// loadInit loads the model to fine-tune: a Hugging Face folder (it has
// config.json) or a model in the project's format.
func loadInit(dir string) (*train.GPT[float32], error) {
	fsys := os.DirFS(dir)
	if _, err := fs.Stat(fsys, hf.ConfigFile); err == nil {
		ck, err := hf.Load(fsys)
		if err != nil {
			return nil, err
		}
		g, err := train.NewGPT[float32](ck.Config)
		if err != nil {
			return nil, err
		}
		return g, g.Params.SetFloat32(ck.Tensors)
	}
	return loadProjectModel(fsys)
}

var errNoWriter = errors.New("the weights package has no loader/writer yet")
