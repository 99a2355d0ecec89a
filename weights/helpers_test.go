package weights

import (
	"bytes"
	"encoding/json"
	"io"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"gpt2/model"
	"gpt2/quant"
	"gpt2/tokenizer"
)

// testConfig is small, with C = 40 so that rows end in a padded block.
var testConfig = model.Config{NLayer: 2, NHead: 2, NEmbd: 40, NPositions: 12, VocabSize: 257, LayerNormEpsilon: 1e-5, Activation: "gelu_new"}

// memDir is a model folder in memory: create writes into it.
type memDir struct {
	mu  sync.Mutex
	fs  fstest.MapFS
	out map[string]*bytes.Buffer
}

func newMemDir() *memDir { return &memDir{fs: fstest.MapFS{}} }

type memFile struct {
	bytes.Buffer
	d    *memDir
	name string
}

func (f *memFile) Close() error {
	f.d.mu.Lock()
	defer f.d.mu.Unlock()
	f.d.fs[f.name] = &fstest.MapFile{Data: bytes.Clone(f.Bytes())}
	return nil
}

func (d *memDir) create(name string) (io.WriteCloser, error) {
	return &memFile{d: d, name: name}, nil
}

func (d *memDir) file(t testing.TB, name string) []byte {
	t.Helper()
	f, ok := d.fs[name]
	if !ok {
		t.Fatalf("no file %s", name)
	}
	return f.Data
}

// gaussian returns float32 tensors for cfg, N(0, std) for matrices and
// N(1, 0.1) / N(0, 0.1) for vectors, from a fixed seed.
func gaussian(cfg model.Config, std float64, seed uint64) map[string][]float32 {
	r := rand.New(rand.NewPCG(seed, 7))
	ts := map[string][]float32{}
	for _, s := range cfg.Tensors() {
		v := make([]float32, s.Elements())
		for i := range v {
			v[i] = float32(r.NormFloat64() * std)
			if s.Kind == model.Vector {
				v[i] = float32(r.NormFloat64() * 0.1)
			}
		}
		ts[s.Name] = v
	}
	return ts
}

// dtypeAll encodes every matrix in d; dtypeMixed puts wte in q8 and the
// other matrices in q4.
func dtypeAll(d quant.DType) func(model.TensorSpec) quant.DType {
	return func(model.TensorSpec) quant.DType { return d }
}

func dtypeMixed(s model.TensorSpec) quant.DType {
	if s.Name == "wte.weight" {
		return quant.Q8
	}
	return quant.Q4
}

func mustWeights(t testing.TB, cfg model.Config, ts map[string][]float32, dtype func(model.TensorSpec) quant.DType) *model.Weights {
	t.Helper()
	w, err := model.FromFloat32(cfg, ts, dtype)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// sameWeights checks that two models hold bit-identical tensors.
func sameWeights(t testing.TB, got, want *model.Weights) {
	t.Helper()
	gp, wp := got.Params(), want.Params()
	for i, p := range wp {
		if p.Kind == model.Vector {
			if !bytes.Equal(f32bytes(*gp[i].Vector), f32bytes(*p.Vector)) {
				t.Fatalf("%s differs", p.Name)
			}
			continue
		}
		g, w := *gp[i].Matrix, *p.Matrix
		if g.DType != w.DType || g.Rows != w.Rows || g.Cols != w.Cols ||
			!bytes.Equal(f32bytes(g.F32), f32bytes(w.F32)) || !bytes.Equal(u16bytes(g.F16), u16bytes(w.F16)) ||
			!bytes.Equal(i8bytes(g.Q8), i8bytes(w.Q8)) || !bytes.Equal(g.Q4, w.Q4) ||
			!bytes.Equal(f32bytes(g.Scale), f32bytes(w.Scale)) || !bytes.Equal(f32bytes(g.Min), f32bytes(w.Min)) {
			t.Fatalf("%s (%v) differs", p.Name, w.DType)
		}
	}
}

func f32bytes(v []float32) []byte {
	b := make([]byte, 0, 4*len(v))
	for _, x := range v {
		var tmp [4]byte
		(&section{kind: kindF32, f32: []float32{x}}).encode(tmp[:], 0)
		b = append(b, tmp[:]...)
	}
	return b
}

func u16bytes(v []uint16) []byte {
	b := make([]byte, 2*len(v))
	(&section{kind: kindF16, u16: v}).encode(b, 0)
	return b
}

func i8bytes(v []int8) []byte {
	b := make([]byte, len(v))
	(&section{kind: kindI8, i8: v}).encode(b, 0)
	return b
}

// testTokenizer returns a tokenizer that is not GPT-2's: its 256 byte
// tokens and one merge ("Ġ" + "t"), 257 tokens.
func testTokenizer(t testing.TB) *tokenizer.Tokenizer {
	t.Helper()
	gpt2, err := tokenizer.GPT2()
	if err != nil {
		t.Fatal(err)
	}
	var vocab, merges bytes.Buffer
	if err := gpt2.WriteHF(&vocab, &merges); err != nil {
		t.Fatal(err)
	}
	var all map[string]int
	if err := json.Unmarshal(vocab.Bytes(), &all); err != nil {
		t.Fatal(err)
	}
	small := map[string]int{"Ġt": 256}
	for s, id := range all {
		if id < 256 {
			small[s] = id
		}
	}
	v, _ := json.Marshal(small)
	tok, err := tokenizer.ReadHF(bytes.NewReader(v), strings.NewReader("#version: 0.2\nĠ t\n"))
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }
