//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"syscall/js"

	"gpt2/model"
	"gpt2/wasm/app"
	"gpt2/wasm/protocol"
	"gpt2/weights"
)

// concurrentShards is how many shards download at once.
const concurrentShards = 3

// progressEvery throttles progress messages.
const progressEvery = 50 * time.Millisecond

// loadState is one load: where from, what is known so far.
type loadState struct {
	src       source
	manifest  *weights.Manifest
	fromCache bool // every file came from the cache
	cacheFull bool // a store hit the quota: the model runs from memory
	stores    []func() error
}

// load loads a model folder and reports progress, then loaded or error.
func (w *worker) load(l *protocol.Load, files []js.Value) {
	start := time.Now()
	w.model, w.tok, w.gen = nil, nil, nil
	src, err := w.sourceOf(l, files)
	if err != nil {
		w.failLoad(err)
		return
	}
	st := &loadState{src: src, fromCache: true}
	if err := st.readManifest(); err != nil {
		w.failLoad(err)
		return
	}
	wts, err := st.loadWeights(w.progress())
	if err != nil {
		w.failLoad(err)
		return
	}
	tok, err := st.loadTokenizer()
	if err != nil {
		w.failLoad(err)
		return
	}
	m, err := model.New(wts)
	if err != nil {
		w.failLoad(err)
		return
	}
	st.storeAll(w)
	w.model, w.tok, w.gen = m, tok, st.manifest.Generation
	w.send(protocol.Message{Kind: protocol.KindLoaded, Loaded: &protocol.Loaded{
		Name:       modelName(src.describe()),
		Parameters: st.manifest.Config.NumParameters(),
		Layers:     st.manifest.Config.NLayer,
		Context:    st.manifest.Config.NPositions,
		Bytes:      st.totalBytes(),
		FromCache:  st.fromCache,
		Defaults:   app.Defaults(st.manifest.Generation),
		LoadTime:   protocol.Millis(time.Since(start)),
	}})
}

func modelName(base string) string {
	parts := strings.Split(strings.TrimRight(base, "/"), "/")
	return parts[len(parts)-1]
}

func (st *loadState) totalBytes() int64 {
	var n int64
	for _, s := range st.manifest.Shards {
		n += s.Size
	}
	return n
}

// progress returns the loader's progress callback: throttled messages,
// always the last one.
func (w *worker) progress() func(done, total int64) {
	var mu sync.Mutex
	var last time.Time
	return func(done, total int64) {
		mu.Lock()
		defer mu.Unlock()
		if now := time.Now(); done >= total || now.Sub(last) >= progressEvery {
			last = now
			w.send(protocol.Message{Kind: protocol.KindProgress, Progress: &protocol.Progress{Done: done, Total: total}})
		}
	}
}

func (st *loadState) readManifest() error {
	b, err := st.src.open(weights.ManifestFile, networkFirst)
	if err != nil {
		var de *downloadError
		if errors.As(err, &de) && de.status == 404 {
			return &notModelError{msg: fmt.Sprintf("%s has no %s: it is not a model folder (make one with tools/convert)", st.src.describe(), weights.ManifestFile)}
		}
		return err
	}
	defer b.Close()
	st.note(b)
	m, err := weights.ReadManifest(b)
	if err != nil {
		return &notModelError{msg: err.Error()}
	}
	st.manifest = m
	return nil
}

// note records where a file came from and keeps its store for the end
// (model.json and the tokenizer are cached once the whole model loaded).
func (st *loadState) note(b *body) {
	st.fromCache = st.fromCache && b.cached
	if b.store != nil {
		st.stores = append(st.stores, b.store)
	}
}

// store caches one verified download now (a shard: its copy would
// otherwise stay in memory until the end). It reports a full quota.
func store(b *body) (full bool) {
	if b.store == nil {
		return false
	}
	err := b.store()
	if err != nil && !isQuotaError(err) {
		consoleError("caching a model file: " + err.Error())
	}
	return isQuotaError(err)
}

// storeAll caches the remaining verified downloads; when the quota is full
// the model runs from memory only, with a notice.
func (st *loadState) storeAll(w *worker) {
	for _, f := range st.stores {
		if st.cacheFull {
			break
		}
		st.cacheFull = store(&body{store: f})
	}
	if st.cacheFull {
		w.send(protocol.Message{Kind: protocol.KindNotice, Notice: &protocol.Notice{
			Code:    protocol.NoticeCacheFull,
			Message: "The browser's storage is full: the model runs from memory and will be downloaded again next time.",
		}})
	}
}

func (w *worker) failLoad(err error) {
	var de *downloadError
	var nm *notModelError
	var ce *checksumError
	var je *jsError
	switch {
	case isOutOfMemory(err):
		w.fail(protocol.ErrOutOfMemory, err)
	case errors.As(err, &de):
		w.fail(protocol.ErrDownload, err)
	case errors.As(err, &je):
		w.fail(protocol.ErrDownload, err)
	case errors.As(err, &nm):
		w.fail(protocol.ErrNotModel, err)
	case errors.As(err, &ce):
		w.fail(protocol.ErrChecksum, err)
	default:
		w.fail(protocol.ErrNotModel, err)
	}
}
