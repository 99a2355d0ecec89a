package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gpt2/quant"
	"gpt2/tokenizer"
	"gpt2/weights"
)

const fixtures = "../../testdata/hf/"

func runTool(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestConvertAndInfo(t *testing.T) {
	dir := t.TempDir()
	out, errOut, code := runTool(t, "-in", fixtures+"tiny-lmhead-f16", "-out", dir, "-quant", "q4", "-embed-quant", "q8", "-shard-size", "512KiB")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"using GPT-2's tokenizer", "tokenizer builtin gpt2", "q8  ", "q4  ", "% of float32"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	m, err := weights.LoadDir(os.DirFS(dir), nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.Weights.WTE.DType != quant.Q8 || m.Weights.WPE.DType != quant.Q8 || m.Weights.Blocks[0].FC.Weight.DType != quant.Q4 {
		t.Fatalf("dtypes wte %v wpe %v fc %v", m.Weights.WTE.DType, m.Weights.WPE.DType, m.Weights.Blocks[0].FC.Weight.DType)
	}
	if len(m.Manifest.Shards) < 2 {
		t.Fatalf("%d shards", len(m.Manifest.Shards))
	}
	for _, s := range m.Manifest.Shards {
		if s.Size > 512<<10 {
			t.Fatalf("%s has %d bytes", s.File, s.Size)
		}
	}
	out, errOut, code = runTool(t, "-info", dir, "-compare", fixtures+"tiny-lmhead-f16")
	if code != 0 {
		t.Fatalf("-info exit %d: %s", code, errOut)
	}
	for _, want := range []string{"verified 5 shards (size, SHA-256, frames)", "h.2.mlp.c_proj.weight     q4", "largest error of any value"} {
		if !strings.Contains(out, want) {
			t.Errorf("-info output lacks %q:\n%s", want, out)
		}
	}
}

// TestFolderTokenizer converts a folder holding GPT-2's vocab.json and
// merges.txt: the model names the builtin tokenizer and ships no file.
func TestFolderTokenizer(t *testing.T) {
	src := t.TempDir()
	for _, f := range []string{"config.json", "model.safetensors"} {
		copyFile(t, fixtures+"hf-tiny-gpt2/"+f, filepath.Join(src, f))
	}
	gpt2, err := tokenizer.GPT2()
	if err != nil {
		t.Fatal(err)
	}
	var vocab, merges bytes.Buffer
	if err := gpt2.WriteHF(&vocab, &merges); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(src, "vocab.json"), vocab.Bytes(), 0o644)
	os.WriteFile(filepath.Join(src, "merges.txt"), merges.Bytes(), 0o644)
	dir := t.TempDir()
	out, errOut, code := runTool(t, "-in", src, "-out", dir, "-quant", "f32")
	if code != 0 || strings.Contains(out, "using GPT-2's") || !strings.Contains(out, "tokenizer builtin gpt2") {
		t.Fatalf("exit %d, stdout:\n%s\nstderr: %s", code, out, errOut)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBadArguments(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-out", "x"}, "give exactly one of -in, -hf, -random"},
		{[]string{"-in", "a", "-random", "gpt2", "-out", "x"}, "give exactly one of"},
		{[]string{"-in", "a"}, "-out MODEL_DIR is required"},
		{[]string{"-in", "a", "-out", "x", "-quant", "q3"}, `-quant: quant: unknown encoding "q3"`},
		{[]string{"-in", "a", "-out", "x", "-shard-size", "lots"}, `-shard-size: bad size "lots"`},
		{[]string{"-compare", "a"}, "-compare needs -info"},
		{[]string{"-info", "a", "-in", "b"}, "-info does not convert"},
		{[]string{"-random", "gpt3", "-out", "x"}, `-random "gpt3"`},
		{[]string{"-hf", "../x", "-out", "x"}, `-hf "../x": want OWNER/NAME`},
		{[]string{"-in", "/nonexistent", "-out", "x"}, "hf: open config.json"},
		{[]string{"-info", "/nonexistent"}, "no such file"},
	} {
		_, errOut, code := runTool(t, tc.args...)
		if code != 1 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", tc.args, code, errOut, tc.want)
		}
	}
}

// hubServer serves testdata/hf/hf-tiny-gpt2 in the hub's URL layout,
// honouring Range requests. The first GET of model.safetensors breaks off
// halfway.
type hubServer struct {
	mu     sync.Mutex
	ranges []string
	cut    bool
}

func (h *hubServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutPrefix(r.URL.Path, "/org/tiny/resolve/main/")
	data, err := os.ReadFile(fixtures + "hf-tiny-gpt2/" + name)
	if !ok || err != nil || name == "tokenizer.json" {
		http.NotFound(w, r)
		return
	}
	h.mu.Lock()
	cut := name == "model.safetensors" && !h.cut
	h.cut = h.cut || cut
	if rg := r.Header.Get("Range"); rg != "" {
		h.ranges = append(h.ranges, name+" "+rg)
	}
	h.mu.Unlock()
	if cut {
		w.Header().Set("Content-Length", itoa(len(data)))
		w.Write(data[:len(data)/2])
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler)
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestHubDownloadResume(t *testing.T) {
	hs := &hubServer{}
	srv := httptest.NewServer(hs)
	defer srv.Close()
	cache, out := t.TempDir(), t.TempDir()
	args := []string{"-hf", "org/tiny", "-hf-endpoint", srv.URL, "-cache", cache, "-out", out, "-quant", "f16", "-quiet"}
	_, errOut, code := runTool(t, args...)
	if code != 1 || !strings.Contains(errOut, "run again to resume") {
		t.Fatalf("first run: exit %d, stderr %q", code, errOut)
	}
	partial := filepath.Join(cache, "org", "tiny", "model.safetensors.partial")
	st, err := os.Stat(partial)
	if err != nil || st.Size() == 0 {
		t.Fatalf("no partial file after the cut: %v", err)
	}
	_, errOut, code = runTool(t, args...)
	if code != 0 {
		t.Fatalf("second run: exit %d, stderr %q", code, errOut)
	}
	want := "model.safetensors bytes=" + itoa(int(st.Size())) + "-"
	if len(hs.ranges) != 1 || hs.ranges[0] != want {
		t.Fatalf("range requests %q, want [%q]", hs.ranges, want)
	}
	got, _ := os.ReadFile(filepath.Join(cache, "org", "tiny", "model.safetensors"))
	if src, _ := os.ReadFile(fixtures + "hf-tiny-gpt2/model.safetensors"); !bytes.Equal(got, src) {
		t.Fatal("resumed download differs from the source")
	}
	if _, err := os.Stat(partial); !os.IsNotExist(err) {
		t.Fatalf("partial file left: %v", err)
	}
	if _, err := weights.LoadDir(os.DirFS(out), nil); err != nil {
		t.Fatal(err)
	}
}

// TestCommittedModels converts the fixtures again and checks that
// testdata/models holds exactly those bytes (see its README).
func TestCommittedModels(t *testing.T) {
	for _, tc := range []struct{ src, dst, quant string }{
		{"tiny-lmhead-f16", "tiny-lmhead-q8", "q8"},
	} {
		dir := t.TempDir()
		if _, errOut, code := runTool(t, "-in", fixtures+tc.src, "-out", dir, "-quant", tc.quant); code != 0 {
			t.Fatalf("%s: %s", tc.src, errOut)
		}
		files, _ := os.ReadDir(dir)
		committed, _ := os.ReadDir("../../testdata/models/" + tc.dst)
		if len(files) != len(committed) {
			t.Fatalf("%s: %d files, testdata/models/%s has %d", tc.src, len(files), tc.dst, len(committed))
		}
		for _, f := range files {
			got, _ := os.ReadFile(filepath.Join(dir, f.Name()))
			want, err := os.ReadFile(filepath.Join("../../testdata/models", tc.dst, f.Name()))
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("testdata/models/%s/%s is stale (%v): convert it again (see testdata/models/README.md)", tc.dst, f.Name(), err)
			}
		}
	}
}
