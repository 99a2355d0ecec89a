package train

import (
	"fmt"
	"runtime"

	"gpt2/model"
)

// layerActs are one block's activations, kept for the backward pass.
type layerActs[F Float] struct {
	ln1, ln1Mean, ln1Rstd []F // [N, C], [N], [N]
	qkv                   []F // [N, 3C]
	atty                  []F // [N, C] attention output before c_proj
	att                   []F // [B, NH, T, T] softmax probabilities
	attproj, res2         []F // [N, C]
	ln2, ln2Mean, ln2Rstd []F // [N, C], [N], [N]
	fch, fchGelu          []F // [N, F]
	fcproj, res3          []F // [N, C]
}

// acts are a batch's activations and the backward pass's scratch.
type acts[F Float] struct {
	B, T                  int
	inp, targets          []int // [N]
	encoded               []F   // [N, C]
	layers                []layerActs[F]
	lnf, lnfMean, lnfRstd []F // [N, C], [N], [N]
	probs                 []F // [N, V] logits, then probabilities, then dlogits
	losses                []F // [N]
	count                 int // rows with a target
	// backward scratch
	dres, dln, datty, dlnf []F // [N, C]
	dqkv                   []F // [N, 3C]
	dfch, dfchGelu         []F // [N, F]
}

func newActs[F Float](cfg model.Config, B, T int) *acts[F] {
	N, C, F4, NH, V := B*T, cfg.NEmbd, cfg.Inner(), cfg.NHead, cfg.VocabSize
	mk := func(n int) []F { return make([]F, n) }
	a := &acts[F]{B: B, T: T, inp: make([]int, N), targets: make([]int, N), encoded: mk(N * C),
		lnf: mk(N * C), lnfMean: mk(N), lnfRstd: mk(N), probs: mk(N * V), losses: mk(N),
		dres: mk(N * C), dln: mk(N * C), datty: mk(N * C), dlnf: mk(N * C), dqkv: mk(N * 3 * C),
		dfch: mk(N * F4), dfchGelu: mk(N * F4)}
	for l := 0; l < cfg.NLayer; l++ {
		a.layers = append(a.layers, layerActs[F]{
			ln1: mk(N * C), ln1Mean: mk(N), ln1Rstd: mk(N), qkv: mk(N * 3 * C), atty: mk(N * C),
			att: mk(B * NH * T * T), attproj: mk(N * C), res2: mk(N * C),
			ln2: mk(N * C), ln2Mean: mk(N), ln2Rstd: mk(N), fch: mk(N * F4), fchGelu: mk(N * F4),
			fcproj: mk(N * C), res3: mk(N * C)})
	}
	return a
}

// GPT is a GPT-2 under training: parameters, their gradients and the
// activations of the last forward pass.
type GPT[F Float] struct {
	Params  *Params[F]
	Grads   *Params[F]
	Threads int // goroutines for attention and the loss (matrix products use gonum's own)
	acts    *acts[F]
}

// NewGPT returns a zero-initialised model for cfg.
func NewGPT[F Float](cfg model.Config) (*GPT[F], error) {
	p, err := NewParams[F](cfg)
	if err != nil {
		return nil, err
	}
	g, _ := NewParams[F](cfg)
	return &GPT[F]{Params: p, Grads: g, Threads: runtime.GOMAXPROCS(0)}, nil
}

// Forward runs the model on inp [B, T] and, when targets [B, T] is not nil,
// returns the mean cross-entropy over targets >= 0. Ids must be in [0, V)
// and T at most n_positions.
func (g *GPT[F]) Forward(inp, targets []int, B, T int) (float64, error) {
	cfg := g.Params.Config
	if B <= 0 || T <= 0 || T > cfg.NPositions {
		return 0, fmt.Errorf("train: batch shape B=%d T=%d, want B>0 and 0<T<=%d", B, T, cfg.NPositions)
	}
	if len(inp) != B*T || (targets != nil && len(targets) != B*T) {
		return 0, fmt.Errorf("train: %d inputs and %d targets for B*T=%d", len(inp), len(targets), B*T)
	}
	for i, id := range inp {
		if id < 0 || id >= cfg.VocabSize {
			return 0, fmt.Errorf("train: input %d is token %d, outside [0, %d)", i, id, cfg.VocabSize)
		}
	}
	for i, id := range targets {
		if id >= cfg.VocabSize {
			return 0, fmt.Errorf("train: target %d is token %d, outside [0, %d)", i, id, cfg.VocabSize)
		}
	}
	if g.acts == nil || g.acts.B != B || g.acts.T != T {
		g.acts = nil // let the old buffers go before allocating new ones
		g.acts = newActs[F](cfg, B, T)
	}
	a := g.acts
	copy(a.inp, inp)
	if targets == nil {
		for i := range a.targets {
			a.targets[i] = -1
		}
	} else {
		copy(a.targets, targets)
	}
	g.forward()
	loss, count := crossEntropyForward(a.probs, a.losses, a.targets, B*T, cfg.VocabSize, g.Threads)
	a.count = count
	return loss, nil
}

func (g *GPT[F]) forward() {
	p, a, cfg := g.Params, g.acts, g.Params.Config
	B, T, C, F4, NH := a.B, a.T, cfg.NEmbd, cfg.Inner(), cfg.NHead
	N, eps := B*T, cfg.LayerNormEpsilon
	encoderForward(a.encoded, a.inp, p.WTE, p.WPE, B, T, C)
	residual := a.encoded
	for l := range a.layers {
		w, la := &p.Blocks[l], &a.layers[l]
		layernormForward(la.ln1, la.ln1Mean, la.ln1Rstd, residual, w.Ln1W, w.Ln1B, N, C, eps)
		matmulForward(la.qkv, la.ln1, w.AttnW, w.AttnB, N, C, 3*C)
		attentionForward(la.atty, la.att, la.qkv, B, T, C, NH, g.Threads)
		matmulForward(la.attproj, la.atty, w.ProjW, w.ProjB, N, C, C)
		residualForward(la.res2, residual, la.attproj)
		layernormForward(la.ln2, la.ln2Mean, la.ln2Rstd, la.res2, w.Ln2W, w.Ln2B, N, C, eps)
		matmulForward(la.fch, la.ln2, w.FCW, w.FCB, N, C, F4)
		geluForward(la.fchGelu, la.fch)
		matmulForward(la.fcproj, la.fchGelu, w.FCOutW, w.FCOutB, N, F4, C)
		residualForward(la.res3, la.res2, la.fcproj)
		residual = la.res3
	}
	layernormForward(a.lnf, a.lnfMean, a.lnfRstd, residual, p.LnFW, p.LnFB, N, C, eps)
	matmulForward(a.probs, a.lnf, p.WTE, nil, N, C, cfg.VocabSize)
}

// Losses returns the per-position losses [B, T] of the last Forward (0
// where the target was ignored). The slice is reused by the next Forward.
func (g *GPT[F]) Losses() []F { return g.acts.losses }

// Probs returns the next-token probabilities [B, T, V] of the last Forward
// (valid until Backward or the next Forward).
func (g *GPT[F]) Probs() []F { return g.acts.probs }
