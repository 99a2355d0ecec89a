//go:build !js

package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gpt2/hf"
	"gpt2/model"
	"gpt2/quant"
	"gpt2/weights"
)

var updateScreenshot = flag.Bool("update-screenshot", false, "write ../../docs/screenshot.png from the e2e run")

const chromiumPath = "/usr/bin/chromium"

// e2e is what the browser tests share: the built app, a models folder
// (shakespeare/: the test model, corrupt/: the same with a flipped byte in
// a shard) and the test model loaded natively.
type e2e struct {
	site    *Site
	native  *weights.Model
	corrupt string // the shard of models/corrupt/ with a flipped byte
}

var (
	e2eOnce sync.Once
	e2eEnv  *e2e
	e2eErr  error
	e2eDir  string
)

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if e2eDir != "" {
		os.RemoveAll(e2eDir)
	}
	os.Exit(code)
}

// setup skips when chromium is absent (a failure when CI=true) and builds
// the app and the test models once.
func setup(t *testing.T) *e2e {
	t.Helper()
	if _, err := exec.LookPath(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is missing: apt-get install -y chromium", chromiumPath)
		}
		t.Skipf("browser tests need %s (apt-get install -y chromium)", chromiumPath)
	}
	if testing.Short() {
		t.Skip("browser tests are skipped in -short mode")
	}
	e2eOnce.Do(func() { e2eEnv, e2eErr = buildE2E() })
	if e2eErr != nil {
		t.Fatal(e2eErr)
	}
	return e2eEnv
}

func buildE2E() (*e2e, error) {
	dir, err := os.MkdirTemp("", "gpt2-e2e-")
	if err != nil {
		return nil, err
	}
	e2eDir = dir
	root, err := FindRoot(".")
	if err != nil {
		return nil, err
	}
	if err := trackSources(root); err != nil {
		return nil, err
	}
	site, err := Prepare(context.Background(), root, dir)
	if err != nil {
		return nil, err
	}
	site.Models = filepath.Join(dir, "models")
	good := filepath.Join(site.Models, "shakespeare")
	if err := writeTestModel(filepath.Join(root, "testdata", "hf", "tiny-lmhead-f16"), good); err != nil {
		return nil, err
	}
	corrupt, err := corruptCopy(good, filepath.Join(site.Models, "corrupt"))
	if err != nil {
		return nil, err
	}
	native, err := weights.LoadDir(os.DirFS(good), nil)
	if err != nil {
		return nil, err
	}
	return &e2e{site: site, native: native, corrupt: corrupt}, nil
}

// trackSources stats every source file of the module: go test records the
// files a test opens or stats, so a cached result is reused only while
// none of them changed. The wasm is built by a subprocess, whose reads go
// test would not see.
func trackSources(root string) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() && path != root && (strings.HasPrefix(name, ".") || name == "runs" || name == "tmp" || name == "testdata" || name == "models") {
			return filepath.SkipDir
		}
		switch filepath.Ext(name) {
		case ".go", ".js", ".html", ".css", ".mod", ".sum":
			_, err = os.Stat(path)
		}
		return err
	})
}

// writeTestModel converts a Hugging Face fixture to the app's format at q8,
// in small shards so that several download at once.
func writeTestModel(hfDir, out string) error {
	ck, err := hf.Load(os.DirFS(hfDir))
	if err != nil {
		return err
	}
	w, err := ck.Weights(func(model.TensorSpec) quant.DType { return quant.Q8 })
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	_, err = weights.Write(w, ck.Generation, nil, weights.Options{ShardSize: 512 << 10},
		func(name string) (io.WriteCloser, error) { return os.Create(filepath.Join(out, name)) })
	return err
}

// corruptCopy copies a model folder and flips one byte in the middle of
// its last shard, whose name it returns.
func corruptCopy(src, dst string) (string, error) {
	f, err := os.Open(filepath.Join(src, weights.ManifestFile))
	if err != nil {
		return "", err
	}
	m, err := weights.ReadManifest(f)
	f.Close()
	if err != nil {
		return "", err
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		if err := copyFile(filepath.Join(dst, e.Name()), filepath.Join(src, e.Name())); err != nil {
			return "", err
		}
	}
	name := m.Shards[len(m.Shards)-1].File
	data, err := os.ReadFile(filepath.Join(dst, name))
	if err != nil {
		return "", err
	}
	if len(data) < 64 {
		return "", errors.New("e2e: shard too small to corrupt")
	}
	data[len(data)/2] ^= 0x5a
	return name, os.WriteFile(filepath.Join(dst, name), data, 0o644)
}

// serve starts the app on 127.0.0.1:0; stop closes the server.
func serve(t *testing.T, site *Site) (url string, stop func()) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: site}
	go srv.Serve(ln)
	var once sync.Once
	stop = func() { once.Do(func() { srv.Close() }) }
	t.Cleanup(stop)
	return "http://" + ln.Addr().String() + "/", stop
}

// browser starts headless chromium with a fresh profile and returns a tab
// context limited to a minute; the page's console is logged when the test
// fails.
func browser(t *testing.T) context.Context {
	t.Helper()
	return browserFor(t, time.Minute)
}

func browserFor(t *testing.T, limit time.Duration) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1000, 1300),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	if err := chromedp.Do(ctx); err != nil {
		cancelCtx()
		cancelAlloc()
		t.Fatalf("starting chromium: %v", err)
	}
	var mu sync.Mutex
	var console []string
	go func() {
		for m, err := range chromedp.Console(ctx) {
			if err != nil {
				return
			}
			mu.Lock()
			console = append(console, m.String())
			mu.Unlock()
		}
	}()
	tctx, cancelT := context.WithTimeout(ctx, limit)
	t.Cleanup(func() {
		cancelT()
		cancelCtx()
		cancelAlloc()
		mu.Lock()
		defer mu.Unlock()
		if t.Failed() {
			for _, line := range console {
				t.Logf("console: %s", line)
			}
		}
	})
	return tctx
}
