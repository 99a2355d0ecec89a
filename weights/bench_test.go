package weights

import (
	"math/rand/v2"
	"runtime"
	"testing"

	"gpt2/model"
	"gpt2/quant"
)

// gpt2Config is GPT-2 124M's shape.
var gpt2Config = model.Config{NLayer: 12, NHead: 12, NEmbd: 768, NPositions: 1024, VocabSize: 50257, LayerNormEpsilon: 1e-5, Activation: "gelu_new"}

// randomWeights makes Gaussian weights (matrices N(0, 0.02), LayerNorm
// weights 1, biases 0) in dtype one tensor at a time, so that only one
// float32 tensor exists at once.
func randomWeights(b *testing.B, cfg model.Config, d quant.DType) *model.Weights {
	w, err := model.NewWeights(cfg)
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, p := range w.Params() {
		v := make([]float32, p.Elements())
		if p.Kind == model.Vector {
			if p.Name[len(p.Name)-7:] == ".weight" {
				for i := range v {
					v[i] = 1
				}
			}
			*p.Vector = v
			continue
		}
		for i := range v {
			v[i] = float32(r.NormFloat64() * 0.02)
		}
		if *p.Matrix, err = quant.Quantize(v, p.Shape[0], p.Shape[1], d); err != nil {
			b.Fatal(err)
		}
	}
	return w
}

func fileBytes(m *Manifest) (files, stream int64) {
	for _, s := range m.Shards {
		files += s.Size
	}
	return files, m.streamSize()
}

// BenchmarkWrite124M encodes and compresses a GPT-2-124M-shaped model of
// Gaussian weights; it reports the files' size and what zstd saved.
func BenchmarkWrite124M(b *testing.B) {
	for _, d := range []quant.DType{quant.F32, quant.F16, quant.Q8, quant.Q4} {
		b.Run(d.String(), func(b *testing.B) {
			w := randomWeights(b, gpt2Config, d)
			b.ResetTimer()
			var m *Manifest
			for range b.N {
				dir := newMemDir()
				var err error
				if m, err = Write(w, nil, nil, Options{}, dir.create); err != nil {
					b.Fatal(err)
				}
			}
			files, stream := fileBytes(m)
			b.SetBytes(stream)
			b.ReportMetric(float64(files)/1e6, "file-MB")
			b.ReportMetric(100*(1-float64(files)/float64(stream)), "zstd-saved-%")
		})
	}
}

// BenchmarkLoad124M loads a GPT-2-124M-shaped model from memory (shards
// one after the other, as a browser on one thread would) and reports the
// growth of the heap in use (tools/convert -info reports the memory taken
// from the OS, which the files held in memory here would distort).
func BenchmarkLoad124M(b *testing.B) {
	for _, d := range []quant.DType{quant.F32, quant.F16, quant.Q8, quant.Q4} {
		b.Run(d.String(), func(b *testing.B) {
			dir := newMemDir()
			m, err := Write(randomWeights(b, gpt2Config, d), nil, nil, Options{}, dir.create)
			if err != nil {
				b.Fatal(err)
			}
			files, _ := fileBytes(m)
			b.SetBytes(files)
			var heap float64
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				runtime.GC()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				b.StartTimer()
				ld, err := NewLoader(m, nil)
				if err != nil {
					b.Fatal(err)
				}
				for i, s := range m.Shards {
					if err := ld.LoadShard(i, bytesReader(dir.fs[s.File].Data)); err != nil {
						b.Fatal(err)
					}
				}
				w, err := ld.Weights()
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				runtime.ReadMemStats(&after)
				heap = float64(after.HeapInuse-before.HeapInuse) / 1e6
				runtime.KeepAlive(w)
				b.StartTimer()
			}
			b.ReportMetric(heap, "heap-MB")
			b.ReportMetric(float64(files)/1e6, "file-MB")
		})
	}
}
