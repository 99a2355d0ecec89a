package train

// attentionForward computes causal multi-head self-attention.
// qkv [B, T, 3C] holds q, k, v side by side (HF c_attn's order); out
// [B, T, C]; att [B, NH, T, T] keeps the softmax probabilities (row t is
// zero beyond t) for the backward pass. Work is split over (b, h) pairs.
func attentionForward[F Float](out, att, qkv []F, B, T, C, NH, threads int) {
	hs := C / NH
	scale := 1 / sqrt(F(hs))
	parallelFor(B*NH, threads, func(lo, hi int) {
		for bh := lo; bh < hi; bh++ {
			b, h := bh/NH, bh%NH
			for t := 0; t < T; t++ {
				q := qkv[(b*T+t)*3*C+h*hs:][:hs]
				row := att[(bh*T+t)*T:][:T]
				maxv := F(-1e30)
				for t2 := 0; t2 <= t; t2++ {
					k := qkv[(b*T+t2)*3*C+C+h*hs:][:hs]
					var s F
					for i := range q {
						s += q[i] * k[i]
					}
					s *= scale
					row[t2] = s
					maxv = max(maxv, s)
				}
				var sum F
				for t2 := 0; t2 <= t; t2++ {
					row[t2] = exp(row[t2] - maxv)
					sum += row[t2]
				}
				for t2 := 0; t2 <= t; t2++ {
					row[t2] /= sum
				}
				clear(row[t+1:])
				o := out[(b*T+t)*C+h*hs:][:hs]
				clear(o)
				for t2 := 0; t2 <= t; t2++ {
					v := qkv[(b*T+t2)*3*C+2*C+h*hs:][:hs]
					a := row[t2]
					for i := range o {
						o[i] += a * v[i]
					}
				}
			}
		}
	})
}

// attentionBackward accumulates into dqkv [B, T, 3C] from dout [B, T, C],
// using att [B, NH, T, T] from the forward pass. With p = softmax(s):
// ds = p (dp - p.dp).
func attentionBackward[F Float](dqkv, dout, qkv, att []F, B, T, C, NH, threads int) {
	hs := C / NH
	scale := 1 / sqrt(F(hs))
	parallelFor(B*NH, threads, func(lo, hi int) {
		datt := make([]F, T)
		for bh := lo; bh < hi; bh++ {
			b, h := bh/NH, bh%NH
			for t := 0; t < T; t++ {
				row := att[(bh*T+t)*T:][:T]
				do := dout[(b*T+t)*C+h*hs:][:hs]
				var dot F
				for t2 := 0; t2 <= t; t2++ {
					v := qkv[(b*T+t2)*3*C+2*C+h*hs:][:hs]
					dv := dqkv[(b*T+t2)*3*C+2*C+h*hs:][:hs]
					var s F
					for i := range do {
						s += v[i] * do[i]
						dv[i] += row[t2] * do[i]
					}
					datt[t2] = s
					dot += row[t2] * s
				}
				q := qkv[(b*T+t)*3*C+h*hs:][:hs]
				dq := dqkv[(b*T+t)*3*C+h*hs:][:hs]
				for t2 := 0; t2 <= t; t2++ {
					ds := row[t2] * (datt[t2] - dot) * scale
					k := qkv[(b*T+t2)*3*C+C+h*hs:][:hs]
					dk := dqkv[(b*T+t2)*3*C+C+h*hs:][:hs]
					for i := range q {
						dq[i] += ds * k[i]
						dk[i] += ds * q[i]
					}
				}
			}
		}
	})
}
