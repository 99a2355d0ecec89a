package main

import (
	"io/fs"

	"gpt2/model"
	"gpt2/quant"
	"gpt2/train"
)

// loadProjectModel loads a model folder in the project's format.
func loadProjectModel(fsys fs.FS) (*train.GPT[float32], error) {
	return nil, errNoWriter
}

// exportModel writes p to dir in the project's format.
func exportModel(dir string, p *train.Params[float32], d quant.DType, gen *model.GenerationConfig) error {
	return errNoWriter
}
