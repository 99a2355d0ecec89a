package main

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Site serves the app: the page, web/ (scripts, styles), the built wasm,
// the toolchain's wasm_exec.js, and the models folder.
type Site struct {
	Root     string // repository root: index.html, web/
	Wasm     string // the built gpt2.wasm
	WasmExec string // $GOROOT/lib/wasm/wasm_exec.js
	Models   string // served under models/

	mu   sync.Mutex
	gzip map[string]gzipped // by file path
}

type gzipped struct {
	mod  time.Time
	size int64
	data []byte
}

// files maps the URL paths of the app shell to files. The service worker
// is served at the root so that its scope is the app's folder.
func (s *Site) files() map[string]string {
	return map[string]string{
		"index.html":       filepath.Join(s.Root, "index.html"),
		"sw.js":            filepath.Join(s.Root, "web", "sw.js"),
		"web/gpt2.wasm":    s.Wasm,
		"web/wasm_exec.js": s.WasmExec,
		"web/main.js":      filepath.Join(s.Root, "web", "main.js"),
		"web/worker.js":    filepath.Join(s.Root, "web", "worker.js"),
		"web/app.css":      filepath.Join(s.Root, "web", "app.css"),
	}
}

// contentTypes are the MIME types the app needs; others are octet-stream.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".json": "application/json",
	".wasm": "application/wasm",
	".png":  "image/png",
	".txt":  "text/plain; charset=utf-8",
}

// compressible are the types worth gzipping (shards are zstd already).
var compressible = map[string]bool{".html": true, ".js": true, ".css": true, ".json": true, ".wasm": true, ".txt": true}

// ServeHTTP resolves the URL to a file and serves it.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	file := s.resolve(r.URL.Path)
	if file == "" {
		http.NotFound(w, r)
		return
	}
	s.serveFile(w, r, file)
}

// resolve returns the file for a URL path, or "" when there is none.
func (s *Site) resolve(urlPath string) string {
	p := strings.TrimPrefix(path.Clean("/"+urlPath), "/")
	if p == "" || p == "." {
		p = "index.html"
	}
	if f, ok := s.files()[p]; ok {
		return f
	}
	if rest, ok := strings.CutPrefix(p, "models/"); ok && s.Models != "" {
		return filepath.Join(s.Models, filepath.FromSlash(rest))
	}
	return ""
}

func (s *Site) serveFile(w http.ResponseWriter, r *http.Request, file string) {
	info, err := os.Stat(file)
	if err != nil || info.IsDir() {
		http.NotFound(w, r)
		return
	}
	ext := strings.ToLower(filepath.Ext(file))
	ct, ok := contentTypes[ext]
	if !ok {
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "no-cache")
	if compressible[ext] {
		w.Header().Add("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			data, err := s.compressed(file, info)
			if err == nil {
				w.Header().Set("Content-Encoding", "gzip")
				http.ServeContent(w, r, "", info.ModTime(), bytes.NewReader(data))
				return
			}
		}
	}
	f, err := os.Open(file)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	http.ServeContent(w, r, "", info.ModTime(), f)
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(name) == "gzip" && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// compressed returns file gzipped, from memory while it has not changed.
func (s *Site) compressed(file string, info os.FileInfo) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g, ok := s.gzip[file]; ok && g.mod.Equal(info.ModTime()) && g.size == info.Size() {
		return g.data, nil
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := zw.Write(raw); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	if s.gzip == nil {
		s.gzip = map[string]gzipped{}
	}
	s.gzip[file] = gzipped{mod: info.ModTime(), size: info.Size(), data: buf.Bytes()}
	return buf.Bytes(), nil
}
