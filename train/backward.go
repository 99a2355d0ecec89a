package train

import "fmt"

// ZeroGrad clears the parameter gradients.
func (g *GPT[F]) ZeroGrad() { clear(g.Grads.Data) }

// Backward accumulates into Grads the gradient of the mean loss of the last
// Forward (which must have had targets). It consumes the probabilities.
func (g *GPT[F]) Backward() error {
	a := g.acts
	if a == nil || a.count == 0 {
		return fmt.Errorf("train: Backward without a Forward pass with targets")
	}
	p, d, cfg := g.Params, g.Grads, g.Params.Config
	B, T, C, F4, NH, V := a.B, a.T, cfg.NEmbd, cfg.Inner(), cfg.NHead, cfg.VocabSize
	N := B * T
	crossEntropyBackward(a.probs, a.targets, N, V, a.count, g.Threads)
	a.count = 0
	clear(a.dlnf)
	matmulBackward(a.dlnf, d.WTE, nil, a.probs, a.lnf, p.WTE, N, C, V)
	last := a.encoded
	if len(a.layers) > 0 {
		last = a.layers[len(a.layers)-1].res3
	}
	clear(a.dres)
	layernormBackward(a.dres, d.LnFW, d.LnFB, a.dlnf, last, p.LnFW, a.lnfMean, a.lnfRstd, N, C)
	for l := len(a.layers) - 1; l >= 0; l-- {
		w, dw, la := &p.Blocks[l], &d.Blocks[l], &a.layers[l]
		residual := a.encoded
		if l > 0 {
			residual = a.layers[l-1].res3
		}
		// res3 = res2 + fcproj: dres is both d(res2) and d(fcproj).
		clear(a.dfchGelu)
		matmulBackward(a.dfchGelu, dw.FCOutW, dw.FCOutB, a.dres, la.fchGelu, w.FCOutW, N, F4, C)
		clear(a.dfch)
		geluBackward(a.dfch, la.fch, a.dfchGelu)
		clear(a.dln)
		matmulBackward(a.dln, dw.FCW, dw.FCB, a.dfch, la.ln2, w.FCW, N, C, F4)
		layernormBackward(a.dres, dw.Ln2W, dw.Ln2B, a.dln, la.res2, w.Ln2W, la.ln2Mean, la.ln2Rstd, N, C)
		// res2 = residual + attproj.
		clear(a.datty)
		matmulBackward(a.datty, dw.ProjW, dw.ProjB, a.dres, la.atty, w.ProjW, N, C, C)
		clear(a.dqkv)
		attentionBackward(a.dqkv, a.datty, la.qkv, la.att, B, T, C, NH, g.Threads)
		clear(a.dln)
		matmulBackward(a.dln, dw.AttnW, dw.AttnB, a.dqkv, la.ln1, w.AttnW, N, C, 3*C)
		layernormBackward(a.dres, dw.Ln1W, dw.Ln1B, a.dln, residual, w.Ln1W, la.ln1Mean, la.ln1Rstd, N, C)
	}
	encoderBackward(d.WTE, d.WPE, a.dres, a.inp, B, T, C)
	return nil
}
