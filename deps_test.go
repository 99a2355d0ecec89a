package gpt2

import (
	"go/build"
	"slices"
	"strings"
	"testing"
)

// engine lists the packages that must run unchanged natively and in the
// browser, each with the project packages it may import.
var engine = map[string][]string{
	"quant":     {},
	"tokenizer": {},
	"kernels":   {"quant"},
	"model":     {"quant", "kernels"},
	"hf":        {"model", "quant"},
	"weights":   {"model", "quant", "tokenizer"},
	"generate":  {"model", "tokenizer"},
	"train":     {"model", "quant"},
}

// platform lists the standard packages that reach outside the process; the
// engine imports none of them.
var platform = []string{"os", "os/exec", "net", "net/http", "syscall", "syscall/js", "flag", "log", "plugin"}

func imports(t *testing.T, ctx build.Context, dir string) []string {
	t.Helper()
	p, err := ctx.ImportDir(dir, 0)
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	return p.Imports
}

func TestEngineImports(t *testing.T) {
	for _, goos := range []string{"linux", "js"} {
		ctx := build.Default
		ctx.GOOS = goos
		if goos == "js" {
			ctx.GOARCH = "wasm"
		}
		for pkg, allowed := range engine {
			for _, imp := range imports(t, ctx, pkg) {
				if rest, ok := strings.CutPrefix(imp, "gpt2/"); ok {
					if !slices.Contains(allowed, rest) {
						t.Errorf("%s (GOOS=%s) imports %s; it may import only %v", pkg, goos, imp, allowed)
					}
				}
				if slices.Contains(platform, imp) {
					t.Errorf("%s (GOOS=%s) imports %s: the engine takes readers and bytes, never files, network or the browser", pkg, goos, imp)
				}
			}
		}
	}
}

// TestOnlyWasmTouchesTheBrowser checks that syscall/js and the DOM stay in
// wasm/ and that nothing imports a command or the browser program.
func TestOnlyWasmTouchesTheBrowser(t *testing.T) {
	ctx := build.Default
	ctx.GOOS, ctx.GOARCH = "js", "wasm"
	dirs := []string{"tools/bench", "tools/convert", "tools/generate", "tools/serve", "tools/tokenize", "tools/train"}
	for pkg := range engine {
		dirs = append(dirs, pkg)
	}
	for _, dir := range dirs {
		for _, imp := range imports(t, ctx, dir) {
			if imp == "syscall/js" || strings.HasPrefix(imp, "honnef.co/go/js/") {
				t.Errorf("%s imports %s: only wasm/ touches the browser", dir, imp)
			}
			if strings.HasPrefix(imp, "gpt2/wasm") || strings.HasPrefix(imp, "gpt2/tools") {
				t.Errorf("%s imports %s", dir, imp)
			}
		}
	}
}
