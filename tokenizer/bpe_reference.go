package tokenizer

// bpeReference is encoder.py's bpe, line for line: find the adjacent pair
// with the lowest rank, merge all its occurrences left to right, repeat.
// It rescans the word for every merge; tests check bpe against it.
func (t *Tokenizer) bpeReference(word string) []int {
	w := make([]int32, len(word))
	for i := 0; i < len(word); i++ {
		w[i] = t.byteIDs[word[i]]
	}
	for len(w) > 1 {
		best, found := pair{}, false
		for i := 0; i+1 < len(w); i++ {
			if p, ok := t.ranks.get(w[i], w[i+1]); ok && (!found || p.rank < best.rank) {
				best, found = p, true
			}
		}
		if !found {
			break
		}
		m := t.merges[best.rank]
		next := w[:0:0]
		for i := 0; i < len(w); {
			if i+1 < len(w) && w[i] == m[0] && w[i+1] == m[1] {
				next = append(next, best.id)
				i += 2
				continue
			}
			next = append(next, w[i])
			i++
		}
		w = next
	}
	ids := make([]int, len(w))
	for i, id := range w {
		ids[i] = int(id)
	}
	return ids
}
