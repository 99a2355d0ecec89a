package generate

import (
	"math"
	"slices"
	"testing"
)

func TestRepetitionPenalty(t *testing.T) {
	logits := []float32{2, -2, 0, 3, -1}
	h := NewHistory(len(logits), []int{0, 1, 0, 2, 1, 0}) // 0 three times: penalized once
	RepetitionPenalty(logits, h.distinct, 2)
	want := []float32{1, -4, 0, 3, -1}
	if !slices.Equal(logits, want) {
		t.Errorf("penalty 2: %v, want %v", logits, want)
	}
	RepetitionPenalty(logits, []int32{0, 1}, 0.5) // < 1 encourages repeats
	want = []float32{2, -2, 0, 3, -1}
	if !slices.Equal(logits, want) {
		t.Errorf("penalty 0.5: %v, want %v", logits, want)
	}
}

func TestHistory(t *testing.T) {
	h := NewHistory(10, []int{3, 4, 3})
	c := h.Clone()
	c.Add(5)
	h.Add(4)
	if !slices.Equal(h.IDs, []int{3, 4, 3, 4}) || !slices.Equal(h.distinct, []int32{3, 4}) {
		t.Errorf("history %v distinct %v", h.IDs, h.distinct)
	}
	if !slices.Equal(c.IDs, []int{3, 4, 3, 5}) || !slices.Equal(c.distinct, []int32{3, 4, 5}) {
		t.Errorf("clone %v distinct %v", c.IDs, c.distinct)
	}
}

func TestNoRepeatNGram(t *testing.T) {
	for _, tc := range []struct {
		seq    []int
		n      int
		banned []int
	}{
		{[]int{1, 2, 3, 1}, 2, []int{2}},             // "1 2" seen: after 1, 2 is banned
		{[]int{1, 2, 1, 3, 1}, 2, []int{2, 3}},       // both continuations of 1
		{[]int{1, 2, 3, 1, 2}, 3, []int{3}},          // "1 2 3"
		{[]int{1, 2, 3, 1, 3}, 3, nil},               // "1 3" never continued
		{[]int{4, 4, 4}, 2, []int{4}},                // overlapping
		{[]int{1, 2, 5}, 1, []int{1, 2, 5}},          // n = 1: nothing repeats
		{[]int{1, 2}, 4, nil},                        // too short
		{[]int{1, 2, 1}, 0, nil},                     // disabled
		{[]int{1, 2, 3, 1, 2, 3, 1, 2}, 3, []int{3}}, // repeated n-gram
	} {
		logits := make([]float32, 8)
		NoRepeatNGram(logits, tc.seq, tc.n)
		var banned []int
		for id, l := range logits {
			if math.IsInf(float64(l), -1) {
				banned = append(banned, id)
			}
		}
		if !slices.Equal(banned, tc.banned) {
			t.Errorf("NoRepeatNGram(%v, n=%d) banned %v, want %v", tc.seq, tc.n, banned, tc.banned)
		}
	}
}
