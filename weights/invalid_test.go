package weights

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gpt2/model"
	"gpt2/quant"
)

var update = flag.Bool("update", false, "rewrite testdata/tiny and testdata/invalid-*")

// tinyConfig is the model of testdata/tiny: q8 matrices, a 257-token
// tokenizer, every tensor in frames of 64 bytes.
var tinyConfig = model.Config{NLayer: 1, NHead: 1, NEmbd: 8, NPositions: 4, VocabSize: 257, LayerNormEpsilon: 1e-5, Activation: "gelu_new"}

func writeTiny(t *testing.T) *memDir {
	w := mustWeights(t, tinyConfig, gaussian(tinyConfig, 0.02, 42), dtypeAll(quant.Q8))
	d := newMemDir()
	if _, err := Write(w, nil, testTokenizer(t), Options{ShardSize: 4 << 10, FrameSize: 64}, d.create); err != nil {
		t.Fatal(err)
	}
	return d
}

// TestGolden checks that writing the tiny model gives the files of
// testdata/tiny byte for byte: the format does not change by accident
// (-update accepts a deliberate change; then bump Version).
func TestGolden(t *testing.T) {
	d := writeTiny(t)
	if *update {
		os.RemoveAll("testdata/tiny")
		os.MkdirAll("testdata/tiny", 0o755)
		for name, f := range d.fs {
			if err := os.WriteFile(filepath.Join("testdata/tiny", name), f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		writeInvalid(t, d)
	}
	golden, err := os.ReadDir("testdata/tiny")
	if err != nil {
		t.Fatal(err)
	}
	if len(golden) != len(d.fs) {
		t.Fatalf("testdata/tiny has %d files, the writer makes %d", len(golden), len(d.fs))
	}
	for name, f := range d.fs {
		want, err := os.ReadFile(filepath.Join("testdata/tiny", name))
		if err != nil || !bytes.Equal(f.Data, want) {
			t.Fatalf("%s differs from testdata/tiny (%v): run go test -run Golden -update if the format changed on purpose", name, err)
		}
	}
}

// manifestEdits make the invalid manifests from the tiny one.
var manifestEdits = map[string]func(m map[string]any){
	"format":  func(m map[string]any) { m["format"] = "safetensors" },
	"version": func(m map[string]any) { m["version"] = 2 },
	"config":  func(m map[string]any) { m["config"].(map[string]any)["n_head"] = 3 },
	"field":   func(m map[string]any) { m["extra"] = true },
	"shape":   func(m map[string]any) { tensor(m, 0)["shape"] = []int{258, 8} },
	"size":    func(m map[string]any) { tensor(m, 3)["size"] = 64 },
	"dtype":   func(m map[string]any) { tensor(m, 4)["dtype"] = "q3" },
	"vector":  func(m map[string]any) { tensor(m, 3)["dtype"] = "q8" },
	"missing": func(m map[string]any) { m["tensors"] = m["tensors"].([]any)[1:] },
	"shards": func(m map[string]any) {
		s := m["shards"].([]any)
		m["shards"] = s[:len(s)-1]
	},
	"shardname": func(m map[string]any) { m["shards"].([]any)[0].(map[string]any)["file"] = "../shard.bin" },
	"tokenizer": func(m map[string]any) { m["tokenizer"] = map[string]any{"builtin": "llama"} },
}

func tensor(m map[string]any, i int) map[string]any { return m["tensors"].([]any)[i].(map[string]any) }

// shardEdits make the invalid shards from the tiny model's shard 0.
var shardEdits = map[string]func(b []byte) []byte{
	"magic":     func(b []byte) []byte { b[0] = 'X'; return b },
	"version":   func(b []byte) []byte { b[8] = 9; return b },
	"index":     func(b []byte) []byte { b[12] = 1; return b },
	"truncated": func(b []byte) []byte { return b[:len(b)-100] },
	"trailing":  func(b []byte) []byte { return append(b, 0) },
	"codec":     func(b []byte) []byte { b[16] = 7; return b },
	"frame":     func(b []byte) []byte { binary.LittleEndian.PutUint32(b[18:], 1<<20); return b },
	"checksum":  func(b []byte) []byte { b[firstFrame(b, codecStored)+frameHeaderSize] ^= 1; return b },
	"zstd": func(b []byte) []byte {
		at := firstFrame(b, codecZstd)
		b[at+frameHeaderSize+8] ^= 0xff
		return b
	},
	"layout": func(b []byte) []byte {
		// The first frame (wte's scales, 2-byte values) replaced by a
		// stored frame of 63 bytes: it ends inside a value.
		next := shardHeaderSize + frameHeaderSize + int(binary.LittleEndian.Uint32(b[shardHeaderSize+6:]))
		out := append([]byte(nil), b[:shardHeaderSize]...)
		out = frameHeader{codec: codecStored, width: 1, raw: 63, size: 63}.append(out)
		out = append(out, make([]byte, 63)...)
		return append(out, b[next:]...)
	},
}

// firstFrame returns the offset of the first frame of codec c in a shard.
func firstFrame(b []byte, c uint8) int {
	at := shardHeaderSize
	for b[at] != c {
		at += frameHeaderSize + int(binary.LittleEndian.Uint32(b[at+6:]))
	}
	return at
}

func writeInvalid(t *testing.T, d *memDir) {
	for name, edit := range manifestEdits {
		var m map[string]any
		json.Unmarshal(d.file(t, ManifestFile), &m)
		edit(m)
		b, _ := json.MarshalIndent(m, "", "  ")
		os.WriteFile("testdata/invalid-manifest-"+name+".json", b, 0o644)
	}
	for name, edit := range shardEdits {
		b := edit(bytes.Clone(d.file(t, "shard-000.bin")))
		os.WriteFile("testdata/invalid-shard-"+name+".bin", b, 0o644)
	}
}

// TestInvalid loads each testdata/invalid-* file in place of the tiny
// model's manifest or shard 0 and checks the error text.
func TestInvalid(t *testing.T) {
	want := map[string]string{
		"manifest-format":    `weights: model.json: not a model manifest (want JSON with "format": "gpt2-weights")`,
		"manifest-version":   "weights: model.json: unsupported: format version 2, this build reads version 1: re-run tools/convert to rewrite the model",
		"manifest-config":    "weights: model.json: model: config n_embd = 8 is not a multiple of n_head = 3",
		"manifest-field":     `json: unknown field "extra"`,
		"manifest-shape":     "weights: model.json: tensor wte.weight has shape [258 8], the config implies [257 8]",
		"manifest-size":      "weights: model.json: tensor h.0.ln_1.bias: offset 8906 size 64, want offset 8906 size 32",
		"manifest-dtype":     `quant: unknown encoding "q3"`,
		"manifest-vector":    "weights: model.json: tensor h.0.ln_1.bias: dtype q8 not allowed (vectors are f32, matrices f32, f16, q8 or q4)",
		"manifest-missing":   "weights: model.json: 15 tensors, the config implies 16",
		"manifest-shards":    "weights: model.json: shards end at",
		"manifest-shardname": `weights: model.json: shard 0: bad or repeated file name "../shard.bin"`,
		"manifest-tokenizer": `weights: model.json: tokenizer: want {"builtin": "gpt2"} or a file name and its sha256`,
		"shard-magic":        `weights: shard-000.bin: offset 0: not a shard file (bad magic "XPT2SHRD")`,
		"shard-version":      "weights: shard-000.bin: unsupported: shard version 9, this build reads version 1: re-run tools/convert",
		"shard-index":        "weights: shard-000.bin: offset 12: this is shard 1, the manifest expects shard 0 here",
		"shard-truncated":    "unexpected EOF (truncated download?)",
		"shard-trailing":     "data after the last frame",
		"shard-codec":        "weights: shard-000.bin: offset 16: unknown frame codec 7",
		"shard-frame":        "weights: shard-000.bin: offset 16: frame of 1048576 bytes (frame_size 64, width 1)",
		"shard-checksum":     "weights: shard-000.bin: SHA-256",
		"shard-zstd":         "weights: shard-000.bin: offset ",
		"shard-layout":       "does not fit tensor",
	}
	files, _ := filepath.Glob("testdata/invalid-*")
	if len(files) != len(want) {
		t.Errorf("%d invalid files, %d expected errors", len(files), len(want))
	}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "invalid-"), ".json"), ".bin")
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		err = loadInvalid(t, name, data)
		if err == nil || !strings.Contains(err.Error(), want[name]) || want[name] == "" {
			t.Errorf("%s: error %v, want %q", f, err, want[name])
		}
	}
}

func loadInvalid(t *testing.T, name string, data []byte) error {
	if strings.HasPrefix(name, "manifest-") {
		_, err := ReadManifest(bytes.NewReader(data))
		return err
	}
	mf, err := os.Open("testdata/tiny/" + ManifestFile)
	if err != nil {
		t.Fatal(err)
	}
	defer mf.Close()
	m, err := ReadManifest(mf)
	if err != nil {
		t.Fatal(err)
	}
	ld, err := NewLoader(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	return ld.LoadShard(0, bytes.NewReader(data))
}
