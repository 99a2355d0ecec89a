package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"gpt2/hf"
	"gpt2/model"
	"gpt2/tokenizer"
	"gpt2/weights"
)

// loaded is a model ready to generate with.
type loaded struct {
	model      *model.Model
	tokenizer  *tokenizer.Tokenizer
	generation *model.GenerationConfig // nil when the folder has none
	format     string                  // "weights" or "hf"
}

// load reads dir: a folder of this project's weights (model.json and
// shards, weights.LoadDir) or a Hugging Face folder (config.json and
// safetensors, hf.Load, matrices kept float32; its tokenizer files if
// present, else GPT-2's).
func load(dir string, threads int) (*loaded, error) {
	fsys := os.DirFS(dir)
	if st, err := os.Stat(dir); err != nil {
		return nil, err
	} else if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", dir)
	}
	var l loaded
	var w *model.Weights
	switch {
	case exists(fsys, weights.ManifestFile):
		m, err := weights.LoadDir(fsys, nil)
		if err != nil {
			return nil, err
		}
		w, l.tokenizer, l.generation, l.format = m.Weights, m.Tokenizer, m.Generation, "weights"
	case exists(fsys, hf.ConfigFile):
		ck, err := hf.Load(fsys)
		if err != nil {
			return nil, err
		}
		if w, err = ck.Weights(nil); err != nil {
			return nil, err
		}
		if l.tokenizer, err = hfTokenizer(fsys); err != nil {
			return nil, err
		}
		l.generation, l.format = ck.Generation, "hf"
	default:
		return nil, fmt.Errorf("%s has neither %s (run tools/convert) nor a Hugging Face %s", dir, weights.ManifestFile, hf.ConfigFile)
	}
	m, err := model.NewWithOptions(w, model.Options{Threads: threads})
	if err != nil {
		return nil, err
	}
	l.model = m
	return &l, nil
}

// hfTokenizer reads vocab.json and merges.txt, else tokenizer.json, else
// returns GPT-2's tokenizer.
func hfTokenizer(fsys fs.FS) (*tokenizer.Tokenizer, error) {
	switch {
	case exists(fsys, "vocab.json") && exists(fsys, "merges.txt"):
		vocab, err := fsys.Open("vocab.json")
		if err != nil {
			return nil, err
		}
		defer vocab.Close()
		merges, err := fsys.Open("merges.txt")
		if err != nil {
			return nil, err
		}
		defer merges.Close()
		return tokenizer.ReadHF(vocab, merges)
	case exists(fsys, "tokenizer.json"):
		f, err := fsys.Open("tokenizer.json")
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return tokenizer.ReadHFJSON(f)
	}
	return tokenizer.GPT2()
}

func exists(fsys fs.FS, name string) bool {
	_, err := fs.Stat(fsys, name)
	return !errors.Is(err, fs.ErrNotExist) && err == nil
}
