package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// testSite serves the repository's page and web/ with a stand-in wasm and
// wasm_exec.js, and a models folder with one small model file.
func testSite(t *testing.T) *Site {
	t.Helper()
	root, err := FindRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	wasm := filepath.Join(dir, "gpt2.wasm")
	exec := filepath.Join(dir, "wasm_exec.js")
	models := filepath.Join(dir, "models")
	for path, data := range map[string]string{
		wasm:                                     "\x00asm\x01\x00\x00\x00" + strings.Repeat("wasm body ", 500),
		exec:                                     "// wasm_exec.js stand-in\n",
		filepath.Join(models, "m", "model.json"): `{"format":"test"}`,
		filepath.Join(models, "m", "shard-000.bin"): strings.Repeat("\x01\x02", 300),
	} {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return &Site{Root: root, Wasm: wasm, WasmExec: exec, Models: models}
}

func get(t *testing.T, h http.Handler, path string, gz bool) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if gz {
		req.Header.Set("Accept-Encoding", "gzip, deflate, br")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func TestSiteTypesAndCompression(t *testing.T) {
	s := testSite(t)
	cases := []struct {
		path, file, ctype string
		gzip              bool
	}{
		{"/", filepath.Join(s.Root, "index.html"), "text/html; charset=utf-8", true},
		{"/index.html", filepath.Join(s.Root, "index.html"), "text/html; charset=utf-8", true},
		{"/sw.js", filepath.Join(s.Root, "web", "sw.js"), "text/javascript; charset=utf-8", true},
		{"/web/main.js", filepath.Join(s.Root, "web", "main.js"), "text/javascript; charset=utf-8", true},
		{"/web/app.css", filepath.Join(s.Root, "web", "app.css"), "text/css; charset=utf-8", true},
		{"/web/gpt2.wasm", s.Wasm, "application/wasm", true},
		{"/web/wasm_exec.js", s.WasmExec, "text/javascript; charset=utf-8", true},
		{"/models/m/model.json", filepath.Join(s.Models, "m", "model.json"), "application/json", true},
		{"/models/m/shard-000.bin", filepath.Join(s.Models, "m", "shard-000.bin"), "application/octet-stream", false},
	}
	for _, c := range cases {
		want, err := os.ReadFile(c.file)
		if err != nil {
			t.Fatal(err)
		}
		for _, gz := range []bool{false, true} {
			resp := get(t, s, c.path, gz)
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("GET %s: %s", c.path, resp.Status)
				continue
			}
			if got := resp.Header.Get("Content-Type"); got != c.ctype {
				t.Errorf("GET %s: Content-Type %q, want %q", c.path, got, c.ctype)
			}
			encoded := resp.Header.Get("Content-Encoding") == "gzip"
			if encoded != (gz && c.gzip) {
				t.Errorf("GET %s (accept gzip %v): gzipped %v, want %v", c.path, gz, encoded, gz && c.gzip)
			}
			if encoded {
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatalf("GET %s: %v", c.path, err)
				}
				body, _ = io.ReadAll(zr)
			}
			if !bytes.Equal(body, want) {
				t.Errorf("GET %s (gzip %v): body differs from %s", c.path, gz, c.file)
			}
		}
	}
}

func TestSiteNotFound(t *testing.T) {
	s := testSite(t)
	for _, p := range []string{"/nope.html", "/models/", "/models/m", "/models/../go.mod", "/web/../go.mod", "/go.mod", "/wasm/main.go", "/models/m/missing.bin"} {
		if resp := get(t, s, p, false); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %s, want 404", p, resp.Status)
		}
	}
	req := httptest.NewRequest(http.MethodPost, "/", nil)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /: %d, want 405", rec.Code)
	}
}

func TestAcceptsGzip(t *testing.T) {
	cases := map[string]bool{"": false, "gzip": true, "br, gzip;q=0.5": true, "gzip;q=0": false, "deflate": false, "x-gzip": false}
	for header, want := range cases {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Accept-Encoding", header)
		if got := acceptsGzip(r); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}

// TestWriteStatic checks the static folder holds the app at relative URLs:
// no URL in the page or the scripts starts with "/".
func TestWriteStatic(t *testing.T) {
	s := testSite(t)
	dst := t.TempDir()
	if err := s.WriteStatic(dst); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"index.html", "sw.js", "web/main.js", "web/worker.js", "web/app.css", "web/gpt2.wasm", "web/wasm_exec.js", "models/m/model.json", "models/m/shard-000.bin"} {
		if _, err := os.Stat(filepath.Join(dst, p)); err != nil {
			t.Errorf("static site lacks %s: %v", p, err)
		}
	}
	absolute := regexp.MustCompile(`(?:src|href)="/|(?:register|fetch|Worker|importScripts)\(\s*['"]/`)
	for _, p := range []string{"index.html", "sw.js", "web/main.js", "web/worker.js"} {
		data, err := os.ReadFile(filepath.Join(dst, p))
		if err != nil {
			t.Fatal(err)
		}
		if m := absolute.Find(data); m != nil {
			t.Errorf("%s has an absolute URL (%s): the site would not work at a sub-path", p, m)
		}
	}
}
