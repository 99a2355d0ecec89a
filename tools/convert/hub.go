package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// errNotFound is a 404 from the hub: optional files may be absent.
var errNotFound = errors.New("not found")

// download fetches the files of Hugging Face model o.hf into
// o.cache/NAME and returns that folder. Files already complete are kept;
// a .partial file is resumed with a Range request.
func download(o *options, stderr io.Writer) (string, error) {
	if !validRepo(o.hf) {
		return "", fmt.Errorf("convert: -hf %q: want OWNER/NAME or NAME", o.hf)
	}
	dir := filepath.Join(o.cache, filepath.FromSlash(o.hf))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("convert: %w", err)
	}
	h := &hub{endpoint: strings.TrimRight(o.endpoint, "/"), repo: o.hf, dir: dir, stderr: stderr, quiet: o.quiet,
		client: &http.Client{Timeout: 0}, token: os.Getenv("HF_TOKEN")}
	if err := h.fetch("config.json", true); err != nil {
		return "", err
	}
	for _, f := range []string{"generation_config.json", "vocab.json", "merges.txt", "tokenizer.json"} {
		if err := h.fetch(f, false); err != nil {
			return "", err
		}
	}
	if err := h.fetch("model.safetensors.index.json", false); err != nil {
		return "", err
	}
	if !exists(filepath.Join(dir, "model.safetensors.index.json")) {
		return dir, h.fetch("model.safetensors", true)
	}
	shards, err := indexShards(filepath.Join(dir, "model.safetensors.index.json"))
	if err != nil {
		return "", err
	}
	for _, s := range shards {
		if err := h.fetch(s, true); err != nil {
			return "", err
		}
	}
	return dir, nil
}

func validRepo(name string) bool {
	parts := strings.Split(name, "/")
	if len(parts) > 2 {
		return false
	}
	for _, p := range parts {
		if p == "" || p == "." || p == ".." || strings.ContainsAny(p, "\\?#%:") {
			return false
		}
	}
	return true
}

func exists(path string) bool { _, err := os.Stat(path); return err == nil }

func indexShards(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("convert: %w", err)
	}
	var index struct {
		WeightMap map[string]string `json:"weight_map"`
	}
	if err := json.Unmarshal(b, &index); err != nil {
		return nil, fmt.Errorf("convert: %s: %w", path, err)
	}
	seen := map[string]bool{}
	var files []string
	for _, f := range index.WeightMap {
		if !seen[f] && f == filepath.Base(f) && strings.HasSuffix(f, ".safetensors") {
			seen[f] = true
			files = append(files, f)
		}
	}
	sort.Strings(files)
	return files, nil
}

type hub struct {
	endpoint, repo, dir, token string
	client                     *http.Client
	stderr                     io.Writer
	quiet                      bool
}

// fetch downloads one file unless it is complete. A missing optional file
// (404) is skipped; a missing required one is an error.
func (h *hub) fetch(name string, required bool) error {
	final := filepath.Join(h.dir, name)
	if exists(final) {
		return nil
	}
	u := h.endpoint + "/" + h.repo + "/resolve/main/" + url.PathEscape(name)
	err := h.get(u, final)
	if errors.Is(err, errNotFound) && !required {
		return nil
	}
	if err != nil {
		return fmt.Errorf("convert: downloading %s: %w", u, err)
	}
	return nil
}

// get downloads u into final through final+".partial", resuming it.
func (h *hub) get(u, final string) error {
	partial := final + ".partial"
	f, err := os.OpenFile(partial, os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	have, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		return err
	}
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		return err
	}
	if have > 0 {
		req.Header.Set("Range", fmt.Sprintf("bytes=%d-", have))
	}
	if h.token != "" {
		req.Header.Set("Authorization", "Bearer "+h.token)
	}
	resp, err := h.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound:
		f.Close()
		os.Remove(partial)
		return errNotFound
	case resp.StatusCode == http.StatusRequestedRangeNotSatisfiable && have > 0:
		// The partial file already holds everything.
		f.Close()
		return os.Rename(partial, final)
	case resp.StatusCode == http.StatusOK:
		have = 0 // the server ignored the range: start over
		if err := f.Truncate(0); err != nil {
			return err
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
	case resp.StatusCode != http.StatusPartialContent:
		return fmt.Errorf("HTTP %s", resp.Status)
	}
	total := have + resp.ContentLength
	p := &progressWriter{w: f, name: filepath.Base(final), done: have, total: total, out: h.stderr, quiet: h.quiet}
	if _, err := io.Copy(p, resp.Body); err != nil {
		return fmt.Errorf("%w (kept %s: run again to resume)", err, partial)
	}
	p.report(true)
	if resp.ContentLength >= 0 && p.done != total {
		return fmt.Errorf("got %d of %d bytes (kept %s: run again to resume)", p.done, total, partial)
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(partial, final)
}

// progressWriter counts bytes and reports them at most twice a second.
type progressWriter struct {
	w           io.Writer
	name        string
	done, total int64
	out         io.Writer
	quiet       bool
	last        time.Time
}

func (p *progressWriter) Write(b []byte) (int, error) {
	n, err := p.w.Write(b)
	p.done += int64(n)
	p.report(false)
	return n, err
}

func (p *progressWriter) report(final bool) {
	if p.quiet || (!final && time.Since(p.last) < 500*time.Millisecond) {
		return
	}
	p.last = time.Now()
	if p.total > 0 {
		fmt.Fprintf(p.out, "%s: %d / %d bytes (%.0f%%)\n", p.name, p.done, p.total, 100*float64(p.done)/float64(p.total))
	} else {
		fmt.Fprintf(p.out, "%s: %d bytes\n", p.name, p.done)
	}
}
