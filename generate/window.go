package generate

// The context-window policy. A session holds at most P positions. When a
// sequence (prompt + new tokens) no longer fits, the cache is reset and
// refilled with the most recent Keep(P) tokens, which leaves room for
// P - Keep(P) = max(1, P/4) tokens before the next refill: for GPT-2
// (P = 1024) a 768-token prefill every 256 tokens rather than a full
// recompute at every token (nanoGPT's crop) or a hard stop.

// Keep returns how many of the most recent tokens the model still sees
// after the window moves: P - max(1, P/4), and at least 1.
func Keep(p int) int { return max(1, p-max(1, p/4)) }

// Window returns the tokens a fresh session is filled with for sequence
// ids: all of them when they fit in p positions, else the last Keep(p).
func Window(ids []int, p int) []int {
	if len(ids) <= p {
		return ids
	}
	return ids[len(ids)-Keep(p):]
}

// advance feeds the sampled token id (already the last of ids, the whole
// sequence) to s and returns the logits for the token after it. When s is
// full it is reset and refilled with the last Keep(P) tokens of ids.
func advance(s lm, ids []int, p int) ([]float32, error) {
	if s.Len() < p {
		return s.Append(ids[len(ids)-1:])
	}
	s.Reset()
	return s.Append(ids[len(ids)-Keep(p):])
}
