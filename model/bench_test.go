package model

import (
	"fmt"
	"testing"

	"gpt2/quant"
)

// benchConfig is GPT-2 124M's shape with 2 of its 12 layers, so that the
// weights build quickly; the head (wte) is full size.
var benchConfig = Config{NLayer: 2, NHead: 12, NEmbd: 768, NPositions: 1024, VocabSize: 50257,
	LayerNormEpsilon: 1e-5, Activation: "gelu_new"}

// BenchmarkDecode measures one decode step (one token at position 128)
// per encoding; tokens/s of the whole 2-layer model are reported.
func BenchmarkDecode(b *testing.B) {
	for _, d := range allDTypes {
		b.Run(d.String(), func(b *testing.B) {
			m := newModel(b, randomWeights(b, benchConfig, d, 1), Options{})
			s := m.NewSession()
			prompt := make([]int, 128)
			id := []int{7}
			for b.Loop() {
				b.StopTimer()
				s.Reset()
				if _, err := s.Append(prompt); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if _, err := s.Append(id); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tok/s")
		})
	}
}

// BenchmarkPrefill measures a 128-token prompt per encoding.
func BenchmarkPrefill(b *testing.B) {
	for _, d := range []quant.DType{quant.F32, quant.Q8} {
		b.Run(fmt.Sprint(d), func(b *testing.B) {
			m := newModel(b, randomWeights(b, benchConfig, d, 1), Options{})
			s := m.NewSession()
			prompt := make([]int, 128)
			for b.Loop() {
				s.Reset()
				if _, err := s.Append(prompt); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(128*float64(b.N)/b.Elapsed().Seconds(), "tok/s")
		})
	}
}
