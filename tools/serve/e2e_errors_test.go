//go:build !js

package main

import (
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"
)

func TestE2ECorruptShard(t *testing.T) {
	env := setup(t)
	url, _ := serve(t, env.site)
	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"?model=models/corrupt/")); err != nil {
		t.Fatal(err)
	}
	s := waitSettled(t, ctx, false)
	if s.State != "error" || !strings.Contains(s.Error, "Checksum mismatch") {
		t.Fatalf("corrupt shard: state %+v, want the checksum error", s)
	}
	keys, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`caches.open('gpt2-models-v1').then(c => c.keys()).then(ks => ks.map(r => r.url))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	// Verified shards of the folder may be cached; the corrupt one and the
	// manifest of a model that failed to load must not be.
	for _, k := range keys {
		if strings.HasSuffix(k, "/corrupt/"+env.corrupt) || strings.HasSuffix(k, "/corrupt/model.json") {
			t.Errorf("the cache holds %s", k)
		}
	}
	retry, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!document.getElementById('retry').hidden`))
	if err != nil || !retry {
		t.Errorf("no retry button after a checksum error (%v)", err)
	}
}

// TestE2ENotAModel loads a folder without model.json (404) and one where
// every path answers an HTML page (as single-page-app hosts do): both are
// "not a model folder", and nothing of them is cached.
func TestE2ENotAModel(t *testing.T) {
	env := setup(t)
	mux := http.NewServeMux()
	mux.Handle("/", env.site)
	mux.HandleFunc("/spa/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<!doctype html><title>app</title><p>Welcome"))
	})
	url := serveWith(t, mux)
	ctx := browser(t)
	for _, ref := range []string{"models/none/", "spa/"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(url+"?model="+ref)); err != nil {
			t.Fatal(err)
		}
		s := waitSettled(t, ctx, false)
		if s.State != "error" || !strings.Contains(s.Error, "Not a model folder") {
			t.Errorf("?model=%s: %+v, want the not-a-model error", ref, s)
		}
	}
	keys, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`caches.open('gpt2-models-v1').then(c => c.keys()).then(ks => ks.map(r => r.url))`, chromedp.EvalAwaitPromise))
	if err != nil || len(keys) != 0 {
		t.Errorf("the model cache holds %q (%v), want nothing", keys, err)
	}
}

// serveWith starts the app behind a wrapper handler.
func serveWith(t *testing.T, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String() + "/"
}

// TestE2ERetry fails the first download of one shard: the page shows the
// download error with a retry button, and retrying loads the model.
func TestE2ERetry(t *testing.T) {
	env := setup(t)
	var failed atomic.Bool
	url := serveWith(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/shakespeare/shard-001.bin") && !failed.Swap(true) {
			http.Error(w, "try again", http.StatusServiceUnavailable)
			return
		}
		env.site.ServeHTTP(w, r)
	}))
	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	s := waitSettled(t, ctx, false)
	if s.State != "error" || !strings.Contains(s.Error, "Download failed") || !strings.Contains(s.Error, "503") {
		t.Fatalf("after a failed shard: %+v, want the download error", s)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("retry"))); err != nil {
		t.Fatal(err)
	}
	if s = waitSettled(t, ctx, false); s.State != "ready" || s.Error != "" {
		t.Fatalf("after retry: %+v, want ready", s)
	}
	f := fields("8", "0", "0", "1", "1", "0", "1")
	if got, want := generateOnPage(t, ctx, "Again", f), nativeText(t, env, "Again", f); got.Outputs[0] != want[0] {
		t.Errorf("after retry the page wrote %q, want %q", got.Outputs[0], want[0])
	}
	// The shards are cached now; the clear control removes them.
	keys := `caches.open('gpt2-models-v1').then(c => c.keys()).then(ks => ks.length)`
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](keys, chromedp.EvalAwaitPromise)); err != nil || n == 0 {
		t.Errorf("%d cached files after a load (%v), want the model's", n, err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("details summary")), chromedp.Click(chromedp.ID("clear-cache"))); err != nil {
		t.Fatal(err)
	}
	cleared := `!document.getElementById('notice').hidden && document.getElementById('notice').textContent.includes('removed')`
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cleared, chromedp.WithPollingTimeout(0))); err != nil {
		t.Fatal(err)
	}
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](keys, chromedp.EvalAwaitPromise)); err != nil || n != 0 {
		t.Errorf("%d cached files after clearing (%v), want none", n, err)
	}
}

// TestE2EQuotaFull makes every Cache Storage put in the worker fail with
// QuotaExceededError: the model still runs, from memory, with a notice.
func TestE2EQuotaFull(t *testing.T) {
	env := setup(t)
	worker, err := os.ReadFile(filepath.Join(env.site.Root, "web", "worker.js"))
	if err != nil {
		t.Fatal(err)
	}
	full := "Cache.prototype.put = () => Promise.reject(new DOMException('quota', 'QuotaExceededError'));\n"
	url := serveWith(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/web/worker.js" {
			w.Header().Set("Content-Type", "text/javascript")
			w.Write(append([]byte(full), worker...))
			return
		}
		env.site.ServeHTTP(w, r)
	}))
	ctx := browser(t)
	open(t, ctx, url)
	notice, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('notice').hidden ? '' : document.getElementById('notice').textContent`))
	if err != nil || !strings.Contains(notice, "storage is full") {
		t.Errorf("notice %q (%v), want the storage-full notice", notice, err)
	}
	f := fields("8", "0", "0", "1", "1", "0", "1")
	if got, want := generateOnPage(t, ctx, "Memory", f), nativeText(t, env, "Memory", f); got.Outputs[0] != want[0] {
		t.Errorf("from memory the page wrote %q, want %q", got.Outputs[0], want[0])
	}
}
