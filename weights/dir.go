package weights

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"runtime"
	"sync"

	"gpt2/model"
	"gpt2/tokenizer"
)

// Model is a loaded model folder: everything the engine needs to run it.
type Model struct {
	Manifest   *Manifest
	Weights    *model.Weights
	Tokenizer  *tokenizer.Tokenizer
	Generation *model.GenerationConfig // nil when the manifest has none
}

// LoadDir loads the model folder fsys (model.json, its shards and its
// tokenizer), decoding several shards at once. progress is as for
// NewLoader.
func LoadDir(fsys fs.FS, progress func(done, total int64)) (*Model, error) {
	f, err := fsys.Open(ManifestFile)
	if err != nil {
		return nil, fmt.Errorf("weights: %w", err)
	}
	m, err := ReadManifest(f)
	f.Close()
	if err != nil {
		return nil, err
	}
	tok, err := m.LoadTokenizer(func(name string) (io.ReadCloser, error) { return fsys.Open(name) })
	if err != nil {
		return nil, err
	}
	ld, err := NewLoader(m, progress)
	if err != nil {
		return nil, err
	}
	if err := loadShards(ld, fsys, runtime.GOMAXPROCS(0)); err != nil {
		return nil, err
	}
	w, err := ld.Weights()
	if err != nil {
		return nil, err
	}
	return &Model{Manifest: m, Weights: w, Tokenizer: tok, Generation: m.Generation}, nil
}

// loadShards loads every shard of fsys with up to workers goroutines.
func loadShards(ld *Loader, fsys fs.FS, workers int) error {
	shards := ld.m.Shards
	next := make(chan int)
	errs := make([]error, len(shards))
	var wg sync.WaitGroup
	for range min(max(workers, 1), len(shards)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				errs[i] = loadFile(ld, fsys, i)
			}
		}()
	}
	for i := range shards {
		next <- i
	}
	close(next)
	wg.Wait()
	return errors.Join(errs...)
}

func loadFile(ld *Loader, fsys fs.FS, i int) error {
	f, err := fsys.Open(ld.m.Shards[i].File)
	if err != nil {
		return fmt.Errorf("weights: %w", err)
	}
	defer f.Close()
	return ld.LoadShard(i, f)
}
