package train

import "math"

// crossEntropyForward turns logits [N, V] into probabilities in place and
// writes losses [N] = -log p[target]; a target < 0 is ignored (loss 0).
// It returns the mean loss over the counted rows and their number.
func crossEntropyForward[F Float](probs, losses []F, targets []int, N, V, threads int) (float64, int) {
	parallelFor(N, threads, func(lo, hi int) {
		for n := lo; n < hi; n++ {
			row := probs[n*V:][:V]
			maxv := row[0]
			for _, x := range row {
				maxv = max(maxv, x)
			}
			target := F(0)
			if targets[n] >= 0 {
				target = row[targets[n]] - maxv
			}
			var sum float64 // float64: 50257 terms would lose digits in float32
			for i, x := range row {
				e := exp(x - maxv)
				row[i] = e
				sum += float64(e)
			}
			inv := F(1 / sum)
			for i := range row {
				row[i] *= inv
			}
			losses[n] = 0
			if targets[n] >= 0 {
				losses[n] = F(math.Log(sum) - float64(target))
			}
		}
	})
	var total float64
	count := 0
	for n := 0; n < N; n++ {
		if targets[n] >= 0 {
			total += float64(losses[n])
			count++
		}
	}
	if count == 0 {
		return 0, 0
	}
	return total / float64(count), count
}

// crossEntropyBackward turns probs [N, V] into dlogits in place for the
// mean loss over count rows: (p - onehot(target)) / count, zero for ignored
// rows.
func crossEntropyBackward[F Float](probs []F, targets []int, N, V, count, threads int) {
	scale := 1 / F(count)
	parallelFor(N, threads, func(lo, hi int) {
		for n := lo; n < hi; n++ {
			row := probs[n*V:][:V]
			if targets[n] < 0 {
				clear(row)
				continue
			}
			for i := range row {
				row[i] *= scale
			}
			row[targets[n]] -= scale
		}
	})
}
