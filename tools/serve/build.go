package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// FindRoot walks up from dir to the folder whose go.mod declares module
// gpt2: the repository root, where index.html, web/ and models/ live.
func FindRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("serve: %w", err)
	}
	for {
		mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.HasPrefix(mod, []byte("module gpt2\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("serve: no go.mod of module gpt2 above the current directory; run from inside the repository")
		}
		dir = parent
	}
}

// BuildWasm compiles the app (./wasm) for GOOS=js GOARCH=wasm, stripped and
// with trimmed paths, to out.
func BuildWasm(ctx context.Context, root, out string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, "./wasm")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("serve: building the wasm: %v\n%s", err, stderr.String())
	}
	return nil
}

// WasmExecPath returns the wasm_exec.js of the Go toolchain in use
// ($GOROOT/lib/wasm since Go 1.24, misc/wasm before).
func WasmExecPath(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOROOT").Output()
	if err != nil {
		return "", fmt.Errorf("serve: go env GOROOT: %w", err)
	}
	goroot := strings.TrimSpace(string(out))
	for _, p := range []string{"lib/wasm/wasm_exec.js", "misc/wasm/wasm_exec.js"} {
		if _, err := os.Stat(filepath.Join(goroot, p)); err == nil {
			return filepath.Join(goroot, p), nil
		}
	}
	return "", fmt.Errorf("serve: no wasm_exec.js under %s", goroot)
}

// Prepare builds the wasm into dir and returns the Site that serves the
// app from root with it.
func Prepare(ctx context.Context, root, dir string) (*Site, error) {
	wasm := filepath.Join(dir, "gpt2.wasm")
	if err := BuildWasm(ctx, root, wasm); err != nil {
		return nil, err
	}
	exec, err := WasmExecPath(ctx)
	if err != nil {
		return nil, err
	}
	return &Site{Root: root, Wasm: wasm, WasmExec: exec, Models: filepath.Join(root, "models")}, nil
}

// WriteStatic writes the site as a folder for any static host, at any
// sub-path: every URL in the app is relative, and the bootstrap compiles
// the wasm without needing the application/wasm type.
func (s *Site) WriteStatic(dst string) error {
	for urlPath, src := range s.files() {
		if err := copyFile(filepath.Join(dst, filepath.FromSlash(urlPath)), src); err != nil {
			return err
		}
	}
	if _, err := os.Stat(s.Models); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return filepath.WalkDir(s.Models, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(s.Models, path)
		if err != nil {
			return err
		}
		return copyFile(filepath.Join(dst, "models", rel), path)
	})
}

func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	out, err := os.Create(dst)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("serve: copying %s: %w", src, err)
	}
	return out.Close()
}
