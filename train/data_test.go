package train

import "testing"

// TestEvalBatchesCoverEveryToken: every token but the first is a target
// exactly once, in order, and padding rows are ignored (-1).
func TestEvalBatchesCoverEveryToken(t *testing.T) {
	for _, n := range []int{2, 17, 33, 64, 65, 100} {
		tokens := make([]int, n)
		for i := range tokens {
			tokens[i] = i
		}
		B, T := 2, 8
		inps, tgts := evalBatches(tokens, B, T)
		next := 1
		for b := range inps {
			if len(inps[b]) != B*T || len(tgts[b]) != B*T {
				t.Fatalf("n=%d: batch %d has %d inputs, %d targets", n, b, len(inps[b]), len(tgts[b]))
			}
			for i, tg := range tgts[b] {
				if tg < 0 {
					continue
				}
				if tg != next || inps[b][i] != tg-1 {
					t.Fatalf("n=%d: batch %d row %d: input %d target %d, want %d -> %d", n, b, i, inps[b][i], tg, next-1, next)
				}
				next++
			}
		}
		if next != n {
			t.Errorf("n=%d: targets covered up to %d", n, next-1)
		}
	}
}

func TestSplit(t *testing.T) {
	tokens := make([]int, 100)
	d, err := Split(tokens, 0.1)
	if err != nil || len(d.Train) != 90 || len(d.Val) != 10 {
		t.Errorf("Split(100, 0.1) = %d/%d, %v", len(d.Train), len(d.Val), err)
	}
	if _, err := Split(tokens, 1); err == nil {
		t.Error("Split with val-frac 1: no error")
	}
}
