package generate

import "math"

// History is one sequence's tokens, prompt included, and the set of
// distinct ids in it, which the repetition penalty visits once each.
type History struct {
	IDs      []int
	seen     []bool  // [V] whether the id occurs in IDs
	distinct []int32 // ids of IDs, each once, in order of first occurrence
}

// NewHistory returns the history of a sequence starting with prompt, over
// a vocabulary of v ids. Ids outside [0, v) are the caller's error; they
// are recorded but never penalized.
func NewHistory(v int, prompt []int) *History {
	h := &History{IDs: make([]int, 0, len(prompt)+64), seen: make([]bool, v)}
	for _, id := range prompt {
		h.Add(id)
	}
	return h
}

// Add appends id to the history.
func (h *History) Add(id int) {
	h.IDs = append(h.IDs, id)
	if id >= 0 && id < len(h.seen) && !h.seen[id] {
		h.seen[id] = true
		h.distinct = append(h.distinct, int32(id))
	}
}

// Clone returns an independent copy of h.
func (h *History) Clone() *History {
	return &History{
		IDs:      append(make([]int, 0, cap(h.IDs)), h.IDs...),
		seen:     append([]bool(nil), h.seen...),
		distinct: append([]int32(nil), h.distinct...),
	}
}

// RepetitionPenalty applies HF's RepetitionPenaltyLogitsProcessor to
// logits [V]: each id of distinct (every id once) has its logit divided by
// penalty when positive and multiplied by it otherwise. penalty 1 is a
// no-op; penalty > 1 discourages repeats.
func RepetitionPenalty(logits []float32, distinct []int32, penalty float32) {
	if penalty == 1 {
		return
	}
	for _, id := range distinct {
		if l := logits[id]; l > 0 {
			logits[id] = l / penalty
		} else {
			logits[id] = l * penalty
		}
	}
}

// NoRepeatNGram applies HF's NoRepeatNGramLogitsProcessor to logits [V]:
// with T = len(seq), every token x such that seq[T-n+1:] followed by x is
// an n-gram already present in seq gets logit -Inf. n <= 0 is a no-op, and
// so is T+1 < n. O(T*n) per call.
func NoRepeatNGram(logits []float32, seq []int, n int) {
	if n <= 0 || len(seq)+1 < n {
		return
	}
	prefix := seq[len(seq)-n+1:] // n-1 tokens, empty for n = 1
	ban := float32(math.Inf(-1))
	for start := 0; start+n <= len(seq); start++ {
		if equal(seq[start:start+n-1], prefix) {
			if id := seq[start+n-1]; id >= 0 && id < len(logits) {
				logits[id] = ban
			}
		}
	}
}

func equal(a, b []int) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
