//go:build js && wasm

package main

import (
	"errors"
	"strings"
	"sync"
	"syscall/js"

	"gpt2/model"
	"gpt2/weights"
)

// checksumError is a shard whose bytes are not the ones the manifest pins.
type checksumError struct{ err error }

func (e *checksumError) Error() string { return e.err.Error() }
func (e *checksumError) Unwrap() error { return e.err }

// isChecksum reports a shard whose bytes are wrong: the loader's SHA-256
// or size mismatch, or a frame that does not decode (corruption found
// before the hash is complete).
func isChecksum(err error) bool {
	var fe *weights.FormatError
	return errors.As(err, &fe) && !strings.Contains(fe.Msg, "truncated")
}

// loadWeights streams every shard into the loader, concurrentShards at a
// time; the first error stops the dispatch of the others.
func (st *loadState) loadWeights(progress func(done, total int64)) (*model.Weights, error) {
	ld, err := weights.NewLoader(st.manifest, progress)
	if err != nil {
		return nil, &notModelError{msg: err.Error()}
	}
	var (
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
	)
	jobs := make(chan int)
	for range concurrentShards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				err := st.loadShard(ld, i, &mu)
				mu.Lock()
				if err != nil && first == nil {
					first = err
				}
				mu.Unlock()
			}
		}()
	}
	for i := range st.manifest.Shards {
		mu.Lock()
		failed := first != nil
		mu.Unlock()
		if failed {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if first != nil {
		return nil, first
	}
	return ld.Weights()
}

// loadShard loads shard i; a cached copy that fails its checksum is
// dropped and the shard downloaded again. A shard that fails from the
// network is never stored.
func (st *loadState) loadShard(ld *weights.Loader, i int, mu *sync.Mutex) error {
	name := st.manifest.Shards[i].File
	b, err := st.src.open(name, cacheFirst)
	if err != nil {
		return err
	}
	err = ld.LoadShard(i, b)
	b.Close()
	if err != nil && b.cached && isChecksum(err) {
		if u, ok := st.src.(*urlSource); ok {
			u.forget(name)
			return st.loadShard(ld, i, mu)
		}
	}
	if err != nil {
		if b.discard != nil {
			b.discard()
		}
		var je *jsError
		switch {
		case isChecksum(err):
			return &checksumError{err: err}
		case errors.As(err, &je):
			return &downloadError{url: st.src.describe() + name, err: err}
		}
		return err
	}
	mu.Lock()
	st.fromCache = st.fromCache && b.cached
	full := st.cacheFull
	mu.Unlock()
	if full {
		if b.discard != nil {
			b.discard()
		}
		return nil
	}
	if store(b) {
		mu.Lock()
		st.cacheFull = true
		mu.Unlock()
	}
	return nil
}

// isOutOfMemory reports an allocation the browser refused.
func isOutOfMemory(err error) bool {
	var je *jsError
	return errors.As(err, &je) && je.Name == "RangeError"
}

func consoleError(msg string) { js.Global().Get("console").Call("error", msg) }
