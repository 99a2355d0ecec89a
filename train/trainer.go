package train

import (
	"fmt"
	"math/rand/v2"

	"gpt2/model"
)

// Trainer runs AdamW on a float32 GPT over a Data. Its whole state (the
// parameters, both Adam moments, the step and the batch sampler's random
// state) is saved by WriteCheckpoint, so a resumed run continues exactly.
type Trainer struct {
	Model   *GPT[float32]
	Options Options
	Data    *Data
	Step    int       // optimiser steps done
	M, V    []float32 // Adam moments, flat like Params.Data
	Best    *Best     // the lowest validation loss seen, if any
	pcg     *rand.PCG
	rng     *rand.Rand
	inp     []int
	targets []int
}

// Best records the step with the lowest validation loss (early stopping).
type Best struct {
	Step    int     `json:"step"`
	ValLoss float64 `json:"val_loss"`
}

// StepStats describes one optimiser step.
type StepStats struct {
	Step     int     // 1-based, after the update
	Loss     float64 // mean training loss of the batch, before the update
	GradNorm float64 // before clipping
	LR       float64
}

// NewTrainer prepares training of g (already initialised or loaded) on d.
func NewTrainer(g *GPT[float32], d *Data, o Options) (*Trainer, error) {
	cfg := g.Params.Config
	if err := o.Validate(cfg); err != nil {
		return nil, err
	}
	if err := d.Check(o.Batch, o.Seq); err != nil {
		return nil, err
	}
	for i, id := range d.Train {
		if id < 0 || id >= cfg.VocabSize {
			return nil, fmt.Errorf("train: token %d is %d, outside the vocabulary [0, %d)", i, id, cfg.VocabSize)
		}
	}
	n := len(g.Params.Data)
	pcg := rand.NewPCG(o.Seed, 0x62617463686573)
	return &Trainer{Model: g, Options: o, Data: d, M: make([]float32, n), V: make([]float32, n),
		pcg: pcg, rng: rand.New(pcg), inp: make([]int, o.Batch*o.Seq), targets: make([]int, o.Batch*o.Seq)}, nil
}

// NewScratch returns a trainer for a fresh model of shape cfg initialised
// with o.Seed.
func NewScratch(cfg model.Config, d *Data, o Options) (*Trainer, error) {
	g, err := NewGPT[float32](cfg)
	if err != nil {
		return nil, err
	}
	g.Params.Init(o.Seed)
	return NewTrainer(g, d, o)
}

// TrainStep samples a batch, runs forward and backward, clips the gradient
// and applies AdamW.
func (tr *Trainer) TrainStep() (StepStats, error) {
	o := tr.Options
	sampleBatch(tr.rng, tr.Data.Train, tr.inp, tr.targets, o.Batch, o.Seq)
	return tr.StepOn(tr.inp, tr.targets)
}

// StepOn runs one optimiser step on the given batch [Batch, Seq].
func (tr *Trainer) StepOn(inp, targets []int) (StepStats, error) {
	o, g := tr.Options, tr.Model
	loss, err := g.Forward(inp, targets, o.Batch, o.Seq)
	if err != nil {
		return StepStats{}, err
	}
	if !isFinite(loss) {
		return StepStats{}, fmt.Errorf("train: step %d: loss is %g", tr.Step+1, loss)
	}
	g.ZeroGrad()
	if err := g.Backward(); err != nil {
		return StepStats{}, err
	}
	norm := gradNorm(g.Grads.Data)
	if !isFinite(norm) {
		return StepStats{}, fmt.Errorf("train: step %d: gradient norm is %g", tr.Step+1, norm)
	}
	scale := 1.0
	if o.Clip > 0 && norm > o.Clip {
		scale = o.Clip / norm
	}
	lr := o.LearningRate(tr.Step)
	tr.Step++
	adamw(g.Params, g.Grads.Data, tr.M, tr.V, tr.Step, lr, scale, o)
	return StepStats{Step: tr.Step, Loss: loss, GradNorm: norm, LR: lr}, nil
}

// Evaluate returns the mean loss per token over tokens, in consecutive
// windows of Seq tokens, at most maxBatches batches (0: all).
func (tr *Trainer) Evaluate(tokens []int, maxBatches int) (float64, error) {
	return Evaluate(tr.Model, tokens, tr.Options.Batch, tr.Options.Seq, maxBatches)
}

// Evaluate returns g's mean next-token loss over tokens, run as batches of
// B windows of T tokens, at most maxBatches batches (0: all).
func Evaluate[F Float](g *GPT[F], tokens []int, B, T, maxBatches int) (float64, error) {
	inps, tgts := evalBatches(tokens, B, T)
	if len(inps) == 0 {
		return 0, fmt.Errorf("train: %d tokens, too few to evaluate", len(tokens))
	}
	if maxBatches > 0 && len(inps) > maxBatches {
		inps, tgts = inps[:maxBatches], tgts[:maxBatches]
	}
	var total float64
	var count int
	for i := range inps {
		loss, err := g.Forward(inps[i], tgts[i], B, T)
		if err != nil {
			return 0, err
		}
		n := g.acts.count
		total += loss * float64(n)
		count += n
	}
	return total / float64(count), nil
}
