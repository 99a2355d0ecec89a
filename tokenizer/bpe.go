package tokenizer

// The merge loop. A word of n symbols is a linked list over an array; the
// adjacent pairs that have a merge rank sit in a binary heap ordered by
// (rank, position). Popping the lowest rank merges its occurrences left to
// right, as encoder.py's bpe does; pairs made while one rank is being merged
// wait in pending until every occurrence of that rank is done, so the result
// equals encoder.py's for any merge list, not only for GPT-2's (whose later
// merges always rank after the merges that make their parts). Each merge
// costs O(log n) instead of encoder.py's rescan of the word.

const noRank = -1

// symbol is one token of a word being merged.
type symbol struct {
	id         int32 // token id
	prev, next int32 // neighbours' positions, -1 at the ends
	rank       int32 // rank of the pair (this, next), or noRank
	merged     int32 // id the pair (this, next) makes
}

// entry is a heap element: the pair starting at position pos had rank rank
// when it was pushed; it is stale if the symbol's rank has changed since.
type entry struct{ rank, pos int32 }

func (a entry) less(b entry) bool { return a.rank < b.rank || (a.rank == b.rank && a.pos < b.pos) }

// bpeState is the scratch space of the merge loop, reused across words.
type bpeState struct {
	sym     []symbol
	heap    []entry
	pending []entry
}

// bpe appends the ids of word (raw bytes, non-empty) to dst.
func (t *Tokenizer) bpe(dst []int, word string, s *bpeState) []int {
	s.sym, s.heap, s.pending = s.sym[:0], s.heap[:0], s.pending[:0]
	for i := 0; i < len(word); i++ {
		s.sym = append(s.sym, symbol{id: t.byteIDs[word[i]], prev: int32(i - 1), next: int32(i + 1), rank: noRank})
	}
	s.sym[len(s.sym)-1].next = -1
	for i := range s.sym {
		t.rerank(s, int32(i), &s.heap)
	}
	heapInit(s.heap)
	rank := int32(noRank) // the rank being merged
	for len(s.heap) > 0 || len(s.pending) > 0 {
		if len(s.pending) > 0 && (len(s.heap) == 0 || s.heap[0].rank != rank) {
			for _, p := range s.pending {
				heapPush(&s.heap, p)
			}
			s.pending = s.pending[:0]
		}
		e := heapPop(&s.heap)
		if s.sym[e.pos].rank != e.rank {
			continue // stale
		}
		rank = e.rank
		t.mergeAt(s, e.pos)
	}
	for i := int32(0); i >= 0; i = s.sym[i].next {
		dst = append(dst, int(s.sym[i].id))
	}
	return dst
}

// mergeAt merges the symbol at pos with its next and re-ranks the pairs
// that changed: (prev, pos) and (pos, next).
func (t *Tokenizer) mergeAt(s *bpeState, pos int32) {
	a := &s.sym[pos]
	b := &s.sym[a.next]
	b.rank = noRank // b is gone: its entries are stale
	a.id, a.next = a.merged, b.next
	if b.next >= 0 {
		s.sym[b.next].prev = pos
	}
	t.rerank(s, pos, &s.pending)
	if a.prev >= 0 {
		t.rerank(s, a.prev, &s.pending)
	}
}

// rerank sets the rank of the pair starting at pos and queues it in q if
// it has one.
func (t *Tokenizer) rerank(s *bpeState, pos int32, q *[]entry) {
	a := &s.sym[pos]
	a.rank = noRank
	if a.next < 0 {
		return
	}
	p, ok := t.ranks.get(a.id, s.sym[a.next].id)
	if !ok {
		return
	}
	a.rank, a.merged = p.rank, p.id
	*q = append(*q, entry{p.rank, pos})
}

func heapInit(h []entry) {
	for i := len(h)/2 - 1; i >= 0; i-- {
		siftDown(h, i)
	}
}

func heapPush(h *[]entry, e entry) {
	*h = append(*h, e)
	q := *h
	for i := len(q) - 1; i > 0; {
		p := (i - 1) / 2
		if !q[i].less(q[p]) {
			break
		}
		q[i], q[p] = q[p], q[i]
		i = p
	}
}

func heapPop(h *[]entry) entry {
	q := *h
	top := q[0]
	q[0] = q[len(q)-1]
	*h = q[:len(q)-1]
	siftDown(*h, 0)
	return top
}

func siftDown(q []entry, i int) {
	for {
		l := 2*i + 1
		if l >= len(q) {
			return
		}
		m := l
		if r := l + 1; r < len(q) && q[r].less(q[l]) {
			m = r
		}
		if !q[m].less(q[i]) {
			return
		}
		q[i], q[m] = q[m], q[i]
		i = m
	}
}
