package train

import (
	"fmt"
	"math"

	"gpt2/model"
)

// Options are the optimisation settings.
type Options struct {
	Steps       int     `json:"steps"`        // total optimiser steps (the cosine's length)
	Batch       int     `json:"batch"`        // B sequences per step
	Seq         int     `json:"seq"`          // T tokens per sequence
	LR          float64 `json:"lr"`           // peak learning rate
	MinLR       float64 `json:"min_lr"`       // floor of the cosine (0: LR/10)
	Warmup      int     `json:"warmup"`       // linear warm-up steps
	WeightDecay float64 `json:"weight_decay"` // decoupled, matrices only
	Beta1       float64 `json:"beta1"`
	Beta2       float64 `json:"beta2"`
	Eps         float64 `json:"eps"`
	Clip        float64 `json:"clip"` // global gradient-norm limit (0: none)
	Seed        uint64  `json:"seed"` // initialisation and batch sampling
}

// DefaultOptions are nanoGPT's small-model settings.
func DefaultOptions() Options {
	return Options{Steps: 1000, Batch: 8, Seq: 128, LR: 1e-3, Warmup: 100, WeightDecay: 0.1,
		Beta1: 0.9, Beta2: 0.95, Eps: 1e-8, Clip: 1.0, Seed: 1337}
}

// Validate names the first option out of range.
func (o Options) Validate(cfg model.Config) error {
	switch {
	case o.Steps <= 0:
		return fmt.Errorf("train: steps = %d, want > 0", o.Steps)
	case o.Batch <= 0:
		return fmt.Errorf("train: batch = %d, want > 0", o.Batch)
	case o.Seq <= 0 || o.Seq > cfg.NPositions:
		return fmt.Errorf("train: seq = %d, want 1..n_positions (%d)", o.Seq, cfg.NPositions)
	case !(o.LR > 0 && o.LR < 1):
		return fmt.Errorf("train: lr = %g, want in (0, 1)", o.LR)
	case o.MinLR < 0 || o.MinLR > o.LR:
		return fmt.Errorf("train: min_lr = %g, want in [0, lr]", o.MinLR)
	case o.Warmup < 0:
		return fmt.Errorf("train: warmup = %d, want >= 0", o.Warmup)
	case o.WeightDecay < 0 || o.WeightDecay >= 1:
		return fmt.Errorf("train: weight_decay = %g, want in [0, 1)", o.WeightDecay)
	case !(o.Beta1 >= 0 && o.Beta1 < 1) || !(o.Beta2 >= 0 && o.Beta2 < 1):
		return fmt.Errorf("train: betas (%g, %g), want in [0, 1)", o.Beta1, o.Beta2)
	case !(o.Eps > 0):
		return fmt.Errorf("train: eps = %g, want > 0", o.Eps)
	case o.Clip < 0:
		return fmt.Errorf("train: clip = %g, want >= 0", o.Clip)
	}
	return nil
}

// LearningRate is the rate at step (0-based): linear warm-up to LR over
// Warmup steps, then a cosine from LR down to MinLR (LR/10 when 0) at Steps.
func (o Options) LearningRate(step int) float64 {
	if step < o.Warmup {
		return o.LR * float64(step+1) / float64(o.Warmup)
	}
	floor := o.MinLR
	if floor == 0 {
		floor = o.LR / 10
	}
	if step >= o.Steps || o.Steps <= o.Warmup {
		return floor
	}
	ratio := float64(step-o.Warmup) / float64(o.Steps-o.Warmup)
	return floor + 0.5*(1+math.Cos(math.Pi*ratio))*(o.LR-floor)
}

// gradNorm returns the global L2 norm of g.
func gradNorm(g []float32) float64 {
	var s float64
	for _, x := range g {
		s += float64(x) * float64(x)
	}
	return math.Sqrt(s)
}

// adamw applies one AdamW step t (1-based) to params with grads scaled by
// gradScale, updating the moments m and v. Matrices (Kind Matrix, the
// embeddings included) are decayed; vectors are not.
func adamw(p *Params[float32], grads, m, v []float32, t int, lr, gradScale float64, o Options) {
	b1, b2 := o.Beta1, o.Beta2
	c1 := 1 - math.Pow(b1, float64(t))
	c2 := 1 - math.Pow(b2, float64(t))
	off := 0
	for i, s := range p.Specs {
		n := len(p.Views[i])
		wd := 0.0
		if s.Kind == model.Matrix {
			wd = o.WeightDecay
		}
		w, g := p.Data[off:off+n], grads[off:off+n]
		mm, vv := m[off:off+n], v[off:off+n]
		for j := range w {
			gj := float64(g[j]) * gradScale
			mj := b1*float64(mm[j]) + (1-b1)*gj
			vj := b2*float64(vv[j]) + (1-b2)*gj*gj
			mm[j], vv[j] = float32(mj), float32(vj)
			wj := float64(w[j])
			wj -= lr * (mj/c1/(math.Sqrt(vj/c2)+o.Eps) + wd*wj)
			w[j] = float32(wj)
		}
		off += n
	}
}
