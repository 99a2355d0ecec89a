package main

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"time"

	"gpt2/model"
	"gpt2/quant"
)

// randomWeights builds weights for cfg directly in encoding d (row by row:
// no float32 copy of the model), uniform in [-0.1, 0.1] for matrices and
// 1 +- 0.1 (weights) or +-0.1 (biases) for vectors.
func randomWeights(cfg model.Config, d quant.DType, seed uint64) (*model.Weights, error) {
	w, err := model.NewWeights(cfg)
	if err != nil {
		return nil, err
	}
	r := rand.New(rand.NewPCG(seed, 3))
	uniform := func(v []float32, center float32) {
		for i := range v {
			v[i] = center + 0.2*(r.Float32()-0.5)
		}
	}
	for _, p := range w.Params() {
		if p.Kind == model.Vector {
			*p.Vector = make([]float32, p.Shape[0])
			uniform(*p.Vector, 0)
			continue
		}
		m, err := quant.NewMatrix(p.Shape[0], p.Shape[1], d)
		if err != nil {
			return nil, fmt.Errorf("bench: %s: %w", p.Name, err)
		}
		row := make([]float32, p.Shape[1])
		for i := 0; i < m.Rows; i++ {
			uniform(row, 0)
			m.SetRow(i, row)
		}
		*p.Matrix = m
	}
	for l := range w.Blocks {
		for _, ln := range []model.LayerNorm{w.Blocks[l].Ln1, w.Blocks[l].Ln2} {
			uniform(ln.Weight, 1)
		}
	}
	uniform(w.LnF.Weight, 1)
	return w, w.Check()
}

func weightBytes(w *model.Weights) int64 {
	var n int64
	for _, p := range w.Params() {
		if p.Kind == model.Matrix {
			n += int64((*p.Matrix).Bytes())
		} else {
			n += 4 * int64(len(*p.Vector))
		}
	}
	return n
}

// result holds the durations of every repeat and the memory high-water
// marks seen between phases.
type result struct {
	prefill, decode []time.Duration
	decodeCPU       []time.Duration // process CPU time of each decode phase
	heapPeak, sys   uint64
}

func (r *result) sample() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	r.heapPeak = max(r.heapPeak, ms.HeapInuse)
	r.sys = max(r.sys, ms.Sys)
}

// measure runs the repeats: prefill o.prompt tokens, then decode o.new.
func measure(m *model.Model, o *options, logf func(string, ...any)) (*result, error) {
	r := &result{}
	rng := rand.New(rand.NewPCG(o.seed, 5))
	prompt := make([]int, o.prompt)
	for i := range prompt {
		prompt[i] = rng.IntN(o.cfg.VocabSize)
	}
	s := m.NewSession()
	next := []int{0}
	r.sample()
	for rep := 0; rep < o.repeats; rep++ {
		s.Reset()
		start := time.Now()
		logits, err := s.Append(prompt)
		if err != nil {
			return nil, err
		}
		mid := time.Now()
		cpu0, cpuOK := cpuTime()
		for i := 0; i < o.new; i++ {
			next[0] = argmax(logits)
			if logits, err = s.Append(next); err != nil {
				return nil, err
			}
		}
		end := time.Now()
		if cpu1, ok := cpuTime(); ok && cpuOK {
			r.decodeCPU = append(r.decodeCPU, cpu1-cpu0)
		}
		r.prefill = append(r.prefill, mid.Sub(start))
		r.decode = append(r.decode, end.Sub(mid))
		r.sample()
		logf("bench: repeat %d: prefill %v, decode %v", rep+1, mid.Sub(start), end.Sub(mid))
	}
	return r, nil
}

func argmax(v []float32) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}

const header = "| target | dtype | threads | prefill tok/s (median, best) | decode tok/s (median, best) | decode tok/s per CPU-second x threads (median) | weights MiB | heap in use peak MiB | Sys MiB |\n" +
	"| --- | --- | --- | --- | --- | --- | --- | --- | --- |"

// row formats r as a Markdown table row: tokens/s from the median and the
// shortest duration.
func (r *result) row(o *options, m *model.Model, weights int64) string {
	rate := func(n int, ds []time.Duration) string {
		s := slices.Clone(ds)
		slices.Sort(s)
		med, best := s[len(s)/2], s[0]
		return fmt.Sprintf("%.1f, %.1f", float64(n)/med.Seconds(), float64(n)/best.Seconds())
	}
	cpu := "n/a"
	if len(r.decodeCPU) > 0 {
		s := slices.Clone(r.decodeCPU)
		slices.Sort(s)
		cpu = fmt.Sprintf("%.1f", float64(o.new*m.Threads())/s[len(s)/2].Seconds())
	}
	const mib = 1 << 20
	return fmt.Sprintf("| %s | %v | %d | %s | %s | %s | %.0f | %.0f | %.0f |", target(), o.dtype, m.Threads(),
		rate(o.prompt, r.prefill), rate(o.new, r.decode), cpu, float64(weights)/mib, float64(r.heapPeak)/mib, float64(r.sys)/mib)
}
