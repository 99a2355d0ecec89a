//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"syscall/js"
)

// modelCache is the Cache Storage cache that holds verified model files.
const modelCache = "gpt2-models-v1"

// A source opens the files of a model folder: a URL prefix (fetch, with
// Cache Storage) or files picked from disk.
type source interface {
	open(name string, p policy) (*body, error)
	describe() string
}

// policy says where a file is looked for first.
type policy int

const (
	// networkFirst: small files that may change (model.json, tokenizer);
	// the cache is the fallback when offline.
	networkFirst policy = iota
	// cacheFirst: shards, whose SHA-256 the manifest pins; a cached copy
	// that fails it is dropped and downloaded again.
	cacheFirst
)

// body is an open file: its bytes, whether they came from the cache, and,
// for a download, how to store it in the cache once it is verified.
type body struct {
	io.ReadCloser
	cached  bool
	store   func() error // nil when the file is not to be cached
	discard func()       // releases what store would have used
}

// downloadError is a failed request: the user may retry.
type downloadError struct {
	url    string
	status int // 0 when the network failed
	err    error
}

func (e *downloadError) Error() string {
	if e.status != 0 {
		return fmt.Sprintf("download: %s: HTTP %d", e.url, e.status)
	}
	return fmt.Sprintf("download: %s: %v", e.url, e.err)
}

// notModelError is a folder without a model: no model.json, or HTML where
// a model file should be (a web server's error or index page).
type notModelError struct{ msg string }

func (e *notModelError) Error() string { return e.msg }

// urlSource is a model folder on the web; base ends with "/".
type urlSource struct {
	base  string
	cache js.Value // undefined when Cache Storage is unavailable
}

func newURLSource(base string) *urlSource {
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	s := &urlSource{base: base, cache: js.Undefined()}
	if caches := js.Global().Get("caches"); caches.Truthy() {
		if c, err := await(caches.Call("open", modelCache)); err == nil {
			s.cache = c
		}
	}
	return s
}

func (s *urlSource) describe() string { return s.base }

func (s *urlSource) cached(url string) (js.Value, bool) {
	if !s.cache.Truthy() {
		return js.Undefined(), false
	}
	r, err := await(s.cache.Call("match", url))
	return r, err == nil && r.Truthy()
}

func (s *urlSource) open(name string, p policy) (*body, error) {
	url := s.base + name
	if p == cacheFirst {
		if r, ok := s.cached(url); ok {
			return &body{ReadCloser: newStreamReader(r.Get("body")), cached: true}, nil
		}
	}
	resp, err := await(js.Global().Call("fetch", url))
	if err != nil {
		if r, ok := s.cached(url); ok {
			return &body{ReadCloser: newStreamReader(r.Get("body")), cached: true}, nil
		}
		return nil, &downloadError{url: url, err: err}
	}
	if !resp.Get("ok").Bool() {
		return nil, &downloadError{url: url, status: resp.Get("status").Int()}
	}
	if ct := resp.Get("headers").Call("get", "content-type"); ct.Truthy() && strings.HasPrefix(ct.String(), "text/html") {
		resp.Get("body").Call("cancel")
		return nil, &notModelError{msg: fmt.Sprintf("%s is an HTML page, not a model file: is %s a model folder?", url, s.base)}
	}
	b := &body{}
	if s.cache.Truthy() {
		clone := resp.Call("clone") // before the body is read
		b.store = func() error {
			_, err := await(s.cache.Call("put", url, clone))
			return err
		}
		b.discard = func() { clone.Get("body").Call("cancel") }
	}
	b.ReadCloser = newStreamReader(resp.Get("body"))
	return b, nil
}

// forget removes a cached copy (one that failed its checksum).
func (s *urlSource) forget(name string) {
	if s.cache.Truthy() {
		_, _ = await(s.cache.Call("delete", s.base+name))
	}
}

// fileSource is a model folder picked from disk: File objects by name
// (the base name; webkitdirectory gives paths under the folder).
type fileSource struct {
	files map[string]js.Value
}

func newFileSource(names []string, files []js.Value) (*fileSource, error) {
	if len(names) != len(files) {
		return nil, errors.New("worker: file names and files do not match")
	}
	s := &fileSource{files: map[string]js.Value{}}
	for i, n := range names {
		s.files[n[strings.LastIndex(n, "/")+1:]] = files[i]
	}
	return s, nil
}

func (s *fileSource) describe() string { return "the chosen folder" }

func (s *fileSource) open(name string, _ policy) (*body, error) {
	f, ok := s.files[name]
	if !ok {
		return nil, &notModelError{msg: fmt.Sprintf("the chosen folder has no %s: is it a model folder (made by tools/convert)?", name)}
	}
	return &body{ReadCloser: newStreamReader(f.Call("stream"))}, nil
}

// isQuotaError reports a full Cache Storage.
func isQuotaError(err error) bool {
	var je *jsError
	return errors.As(err, &je) && je.Name == "QuotaExceededError"
}
