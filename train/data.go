package train

import (
	"fmt"
	"math/rand/v2"
)

// Data is a tokenised corpus split into a training part and a held-out
// validation part (the end of the text).
type Data struct {
	Train, Val []int
}

// Split holds out the last valFrac of tokens for validation.
func Split(tokens []int, valFrac float64) (*Data, error) {
	if !(valFrac >= 0 && valFrac < 1) {
		return nil, fmt.Errorf("train: val-frac = %g, want in [0, 1)", valFrac)
	}
	n := len(tokens) - int(float64(len(tokens))*valFrac)
	return &Data{Train: tokens[:n], Val: tokens[n:]}, nil
}

// Check verifies that both parts can fill a batch of B sequences of T
// tokens (plus the one-token shift of the targets).
func (d *Data) Check(B, T int) error {
	if len(d.Train) < T+1 {
		return fmt.Errorf("train: %d training tokens, fewer than one sequence of %d (+1)", len(d.Train), T)
	}
	if len(d.Train) < B*T+1 {
		return fmt.Errorf("train: %d training tokens, fewer than one batch of %dx%d (+1)", len(d.Train), B, T)
	}
	if len(d.Val) > 0 && len(d.Val) < T+1 {
		return fmt.Errorf("train: %d validation tokens, fewer than one sequence of %d (+1); lower -val-frac or -seq", len(d.Val), T)
	}
	return nil
}

// sampleBatch fills inp and targets [B, T] with B windows of tokens at
// random offsets (targets are the inputs shifted by one).
func sampleBatch(rng *rand.Rand, tokens, inp, targets []int, B, T int) {
	for b := 0; b < B; b++ {
		start := rng.IntN(len(tokens) - T)
		copy(inp[b*T:(b+1)*T], tokens[start:start+T])
		copy(targets[b*T:(b+1)*T], tokens[start+1:start+T+1])
	}
}

// evalBatches returns consecutive non-overlapping windows of tokens as
// batches of up to B sequences of T tokens; the last window is padded with
// ignored targets (-1) so every token but the first is predicted once.
func evalBatches(tokens []int, B, T int) (inps, tgts [][]int) {
	var inp, tgt []int
	for start := 0; start+1 < len(tokens); start += T {
		end := min(start+T, len(tokens)-1)
		for i := start; i < start+T; i++ {
			if i < end {
				inp = append(inp, tokens[i])
				tgt = append(tgt, tokens[i+1])
			} else {
				inp = append(inp, 0)
				tgt = append(tgt, -1)
			}
		}
		if len(inp) == B*T {
			inps, tgts = append(inps, inp), append(tgts, tgt)
			inp, tgt = nil, nil
		}
	}
	for len(inp) > 0 && len(inp) < B*T { // pad the last batch with ignored rows
		inp = append(inp, 0)
		tgt = append(tgt, -1)
	}
	if len(inp) > 0 {
		inps, tgts = append(inps, inp), append(tgts, tgt)
	}
	return inps, tgts
}
