package generate

import (
	"fmt"
	"slices"
)

// fakeLM is a model whose logits we choose: after the tokens in its cache,
// logit 10 for rule(cache) (or for each of several favoured ids), 0
// elsewhere. It logs every Append, shared by its clones.
type fakeLM struct {
	vocab, positions int
	rule             func(cache []int) []int
	cache            []int
	log              *[][]int
	out              []float32
	failAt           int // Append fails when the cache would reach this length (0: never)
}

func newFake(vocab, positions int, rule func(cache []int) []int) *fakeLM {
	return &fakeLM{vocab: vocab, positions: positions, rule: rule, log: new([][]int), out: make([]float32, vocab)}
}

func (f *fakeLM) Append(ids []int) ([]float32, error) {
	*f.log = append(*f.log, slices.Clone(ids))
	if len(ids) == 0 || len(f.cache)+len(ids) > f.positions {
		return nil, fmt.Errorf("fake: %d + %d tokens exceed %d positions", len(f.cache), len(ids), f.positions)
	}
	if f.failAt > 0 && len(f.cache)+len(ids) >= f.failAt {
		return nil, fmt.Errorf("fake: failing at %d", f.failAt)
	}
	f.cache = append(f.cache, ids...)
	clear(f.out)
	for _, id := range f.rule(f.cache) {
		f.out[id] = 10
	}
	return f.out, nil
}

func (f *fakeLM) Len() int { return len(f.cache) }
func (f *fakeLM) Reset()   { f.cache = f.cache[:0] }
func (f *fakeLM) Clone() lm {
	c := *f
	c.cache = slices.Clone(f.cache)
	c.out = make([]float32, f.vocab)
	return &c
}

// fakeDecoder spells ids with a table; ids marked special are skipped when
// skip is set.
type fakeDecoder struct {
	table   []string
	special map[int]bool
	skip    bool
}

func (d *fakeDecoder) Add(id int) (string, error) {
	if id < 0 || id >= len(d.table) {
		return "", fmt.Errorf("fake: id %d", id)
	}
	if d.skip && d.special[id] {
		return "", nil
	}
	return d.table[id], nil
}

func (d *fakeDecoder) Flush() string { return "" }

// words is the fake vocabulary; 5 is the end of text.
var words = []string{"Hel", "lo", " wor", "ld", "!", "<|endoftext|>", "ST", "OP", "\n", " "}

const fakeEOS = 5

// script favours the tokens of s in turn, then "!" forever.
func script(s ...int) func([]int) []int {
	return func(cache []int) []int {
		if n := len(cache); n < len(s) {
			return []int{s[n]}
		}
		return []int{4}
	}
}

// fakeBackend returns a backend over f with the fake vocabulary.
func fakeBackend(f *fakeLM, skip bool) backend {
	return backend{
		session: f, positions: f.positions, vocab: f.vocab,
		newDecoder: func() textDecoder {
			return &fakeDecoder{table: words, special: map[int]bool{fakeEOS: true}, skip: skip}
		},
	}
}
