package train

import (
	"math/rand/v2"
	"testing"

	"gpt2/model"
)

// benchStep measures optimiser steps (forward, backward, clip, AdamW) on
// random tokens and reports tokens/s. Run with -benchtime=Nx: one step of
// the 124M shape is tens of seconds on a small machine.
func benchStep(b *testing.B, cfg model.Config, B, T int) {
	rng := rand.New(rand.NewPCG(1, 1))
	d := &Data{Train: randomTokens(rng, B*T*4, cfg.VocabSize)}
	o := DefaultOptions()
	o.Batch, o.Seq, o.Steps = B, T, b.N+1
	tr, err := NewScratch(cfg, d, o)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := tr.TrainStep(); err != nil { // allocate the activations outside the timing
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := tr.TrainStep(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*B*T)/b.Elapsed().Seconds(), "tokens/s")
}

func gpt2Shape(L, H, C, P int) model.Config {
	return model.Config{NLayer: L, NHead: H, NEmbd: C, NPositions: P, VocabSize: 50257,
		LayerNormEpsilon: 1e-5, Activation: "gelu_new"}
}

// BenchmarkStepShakespeare is the built-in model's shape and batch.
func BenchmarkStepShakespeare(b *testing.B) { benchStep(b, gpt2Shape(4, 4, 128, 128), 8, 128) }

// BenchmarkStep124M is GPT-2 small's shape (124M parameters), B=4, T=64.
func BenchmarkStep124M(b *testing.B) { benchStep(b, gpt2Shape(12, 12, 768, 1024), 4, 64) }
