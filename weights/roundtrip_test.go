package weights

import (
	"errors"
	"io"
	"math"
	"strings"
	"sync"
	"testing"
	"testing/iotest"

	"gpt2/model"
	"gpt2/quant"
)

// small options: many frames and shards, tensors spanning shards.
var smallOpts = Options{ShardSize: 16 << 10, FrameSize: 1 << 10}

func TestRoundTrip(t *testing.T) {
	ts := gaussian(testConfig, 0.02, 1)
	for _, tc := range []struct {
		name  string
		dtype func(model.TensorSpec) quant.DType
		opts  Options
	}{
		{"f32", dtypeAll(quant.F32), smallOpts},
		{"f16", dtypeAll(quant.F16), smallOpts},
		{"q8", dtypeAll(quant.Q8), smallOpts},
		{"q4", dtypeAll(quant.Q4), smallOpts},
		{"mixed", dtypeMixed, smallOpts},
		{"f32 stored", dtypeAll(quant.F32), Options{ShardSize: 16 << 10, FrameSize: 1 << 10, NoCompress: true}},
		{"q4 defaults", dtypeAll(quant.Q4), Options{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := mustWeights(t, testConfig, ts, tc.dtype)
			d := newMemDir()
			m, err := Write(w, nil, testTokenizer(t), tc.opts, d.create)
			if err != nil {
				t.Fatal(err)
			}
			if tc.opts.ShardSize != 0 && len(m.Shards) < 2 {
				t.Fatalf("%d shards, want several", len(m.Shards))
			}
			for _, s := range m.Shards {
				if s.Size > max(tc.opts.ShardSize, DefaultShardSize) {
					t.Fatalf("%s: %d bytes", s.File, s.Size)
				}
			}
			got, err := LoadDir(d.fs, nil)
			if err != nil {
				t.Fatal(err)
			}
			sameWeights(t, got.Weights, w)
			checkClose(t, got.Weights, ts)
			if m.Tokenizer.File != TokenizerFile || got.Tokenizer.Fingerprint() != testTokenizer(t).Fingerprint() {
				t.Fatalf("tokenizer %+v did not round-trip", m.Tokenizer)
			}
		})
	}
}

// checkClose compares loaded weights with the float32 source: f32 exact,
// f16 within float16 rounding, q8 and q4 within half a quantization step
// of their block.
func checkClose(t testing.TB, w *model.Weights, src map[string][]float32) {
	t.Helper()
	for _, p := range w.Params() {
		want := src[p.Name]
		if p.Kind == model.Vector {
			for i, v := range *p.Vector {
				if v != want[i] {
					t.Fatalf("%s[%d] = %g, want %g", p.Name, i, v, want[i])
				}
			}
			continue
		}
		m := *p.Matrix
		got := m.Dequantize()
		nb := quant.BlocksPerRow(m.Cols)
		for i, v := range got {
			r, c := i/m.Cols, i%m.Cols
			if diff := math.Abs(float64(v - want[i])); diff > bound(m, r*nb+c/quant.BlockSize, want[i]) {
				t.Fatalf("%s (%v) [%d, %d] = %g, want %g (diff %g)", p.Name, m.DType, r, c, v, want[i], diff)
			}
		}
	}
}

// bound is the largest error encoding x allows: 0 for f32; half a unit in
// the last place of float16 (2^-11 relative, 2^-25 absolute for
// subnormals); half the block's step for q8 and q4, plus float32 rounding
// of the products.
func bound(m *quant.Matrix, block int, x float32) float64 {
	ax := math.Abs(float64(x))
	switch m.DType {
	case quant.F16:
		return max(ax*0x1p-11, 0x1p-25)
	case quant.Q8, quant.Q4:
		return float64(m.Scale[block])/2 + 0x1p-22*(ax+float64(m.Scale[block])*16)
	}
	return 0
}

// TestBuiltinTokenizer writes a GPT-2-sized model with GPT-2's tokenizer:
// the manifest names it as builtin and ships no file.
func TestBuiltinTokenizer(t *testing.T) {
	cfg := testConfig
	cfg.VocabSize, cfg.NLayer, cfg.NEmbd = 50257, 1, 8
	w := mustWeights(t, cfg, gaussian(cfg, 0.02, 4), dtypeAll(quant.Q8))
	topK := 40
	d := newMemDir()
	m, err := Write(w, &model.GenerationConfig{TopK: &topK}, nil, Options{}, d.create)
	if err != nil {
		t.Fatal(err)
	}
	if m.Tokenizer != (TokenizerRef{Builtin: BuiltinGPT2}) || d.fs[TokenizerFile] != nil {
		t.Fatalf("tokenizer %+v", m.Tokenizer)
	}
	got, err := LoadDir(d.fs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.Tokenizer.VocabSize() != 50257 || got.Generation == nil || *got.Generation.TopK != 40 {
		t.Fatalf("tokenizer %d tokens, generation %+v", got.Tokenizer.VocabSize(), got.Generation)
	}
	sameWeights(t, got.Weights, w)
}

// TestReaders loads every shard through a reader that delivers one byte at
// a time, and through one that stops halfway: the error names the shard
// and a retry with the whole file succeeds.
func TestReaders(t *testing.T) {
	w := mustWeights(t, testConfig, gaussian(testConfig, 0.02, 2), dtypeMixed)
	d := newMemDir()
	m, err := Write(w, nil, testTokenizer(t), smallOpts, d.create)
	if err != nil {
		t.Fatal(err)
	}
	ld, err := NewLoader(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range m.Shards {
		data := d.file(t, s.File)
		half := io.LimitReader(strings.NewReader(string(data)), int64(len(data)/2))
		err := ld.LoadShard(i, half)
		var fe *FormatError
		if !errors.As(err, &fe) || fe.File != s.File || !strings.Contains(err.Error(), "unexpected EOF (truncated download?)") {
			t.Fatalf("shard %d cut halfway: %v", i, err)
		}
		if _, err := ld.Weights(); err == nil || !strings.Contains(err.Error(), s.File+" not loaded") {
			t.Fatalf("weights with shard %d missing: %v", i, err)
		}
		if err := ld.LoadShard(i, iotest.OneByteReader(strings.NewReader(string(data)))); err != nil {
			t.Fatalf("shard %d one byte at a time: %v", i, err)
		}
		if err := ld.LoadShard(i, strings.NewReader(string(data))); err == nil || !strings.Contains(err.Error(), "already loaded") {
			t.Fatalf("shard %d loaded twice: %v", i, err)
		}
	}
	got, err := ld.Weights()
	if err != nil {
		t.Fatal(err)
	}
	sameWeights(t, got, w)
}

// TestConcurrentShards loads all shards at once, in reverse order, and
// checks the progress reports.
func TestConcurrentShards(t *testing.T) {
	w := mustWeights(t, testConfig, gaussian(testConfig, 0.02, 3), dtypeAll(quant.F16))
	d := newMemDir()
	m, err := Write(w, nil, testTokenizer(t), smallOpts, d.create)
	if err != nil {
		t.Fatal(err)
	}
	var last, total int64
	calls := 0
	ld, err := NewLoader(m, func(done, tot int64) {
		if done < last || done > tot {
			t.Errorf("progress %d/%d after %d", done, tot, last)
		}
		last, total, calls = done, tot, calls+1
	})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := len(m.Shards) - 1; i >= 0; i-- {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := ld.LoadShard(i, iotest.HalfReader(strings.NewReader(string(d.file(t, m.Shards[i].File))))); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	got, err := ld.Weights()
	if err != nil {
		t.Fatal(err)
	}
	sameWeights(t, got, w)
	var size int64
	for _, s := range m.Shards {
		size += s.Size
	}
	if last != size || total != size || calls < len(m.Shards) {
		t.Fatalf("progress ended at %d/%d after %d calls, shards hold %d bytes", last, total, calls, size)
	}
}
