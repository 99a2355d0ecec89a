package generate

// Fixed-seed regression outputs, in the style of math/rand/v2's
// regress_test.go: our own code is the specification, so the outputs are
// pinned in testdata/regress.json and regenerated with
//
//	go test ./generate -run Regress -update
//
// only when a change of the sampled tokens is intended. The same file is
// checked natively and under GOOS=js GOARCH=wasm: same seed, same tokens.

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/regress.json")

// noiseLM is a fake model whose logits [V] are pseudo-random but a
// function of (last token, cache length), on a grid of exact float32
// values, so they are the same on every platform.
type noiseLM struct {
	vocab, positions int
	cache            []int
	out              []float32
}

func (f *noiseLM) Append(ids []int) ([]float32, error) {
	f.cache = append(f.cache, ids...)
	rng := rand.New(rand.NewPCG(uint64(f.cache[len(f.cache)-1]), uint64(len(f.cache))))
	for i := range f.out {
		f.out[i] = float32(rng.Uint32()%4096)/256 - 8
	}
	return f.out, nil
}

func (f *noiseLM) Len() int { return len(f.cache) }
func (f *noiseLM) Reset()   { f.cache = f.cache[:0] }
func (f *noiseLM) Clone() lm {
	return &noiseLM{vocab: f.vocab, positions: f.positions, cache: slices.Clone(f.cache), out: make([]float32, f.vocab)}
}

// numberDecoder spells id i as " i".
type numberDecoder struct{}

func (numberDecoder) Add(id int) (string, error) { return " " + strconv.Itoa(id), nil }
func (numberDecoder) Flush() string              { return "" }

// regressCases are the option sets pinned, by name.
func regressCases() map[string]Options {
	base := DefaultOptions(nil)
	base.MaxNewTokens, base.EOSTokenID, base.Seed = 40, 0, 12345
	cases := map[string]Options{}
	set := func(name string, f func(o *Options)) {
		o := base
		f(&o)
		cases[name] = o
	}
	set("greedy", func(o *Options) {})
	set("greedy_penalties", func(o *Options) { o.RepetitionPenalty, o.NoRepeatNGramSize = 1.3, 2 })
	set("sample", func(o *Options) { o.DoSample, o.TopK = true, 0 })
	set("temperature_top_k", func(o *Options) { o.DoSample, o.Temperature, o.TopK = true, 0.7, 40 })
	set("top_p", func(o *Options) { o.DoSample, o.TopK, o.TopP = true, 0, 0.9 })
	set("min_p", func(o *Options) { o.DoSample, o.TopK, o.MinP = true, 0, 0.2 })
	set("all", func(o *Options) {
		o.DoSample, o.Temperature, o.TopK, o.TopP, o.MinP = true, 1.2, 100, 0.95, 0.01
		o.RepetitionPenalty, o.NoRepeatNGramSize, o.Seed = 1.5, 3, 7
	})
	set("sequences", func(o *Options) { o.DoSample, o.NumReturnSequences, o.Seed = true, 3, 1 })
	set("window", func(o *Options) { o.DoSample, o.MaxNewTokens, o.Seed = true, 100, 2 }) // past 32 positions
	return cases
}

func TestRegress(t *testing.T) {
	got := map[string][][]int{}
	for name, o := range regressCases() {
		f := &noiseLM{vocab: 1000, positions: 32, out: make([]float32, 1000)}
		b := backend{session: f, positions: 32, vocab: 1000, newDecoder: func() textDecoder { return numberDecoder{} }}
		r, err := run(context.Background(), b, []int{1, 2, 3}, o, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, s := range r.Sequences {
			got[name] = append(got[name], s.IDs)
		}
	}
	checkPinned(t, "testdata/regress.json", got)
}

// checkPinned compares got with the outputs pinned in file, or rewrites
// the file under -update.
func checkPinned(t *testing.T, file string, got map[string][][]int) {
	t.Helper()
	if *update {
		if err := os.WriteFile(file, formatRegress(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var want map[string][][]int
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if len(want) != len(got) {
		t.Errorf("%s: %d cases pinned, %d run", file, len(want), len(got))
	}
	for name, seqs := range got {
		if !slices.EqualFunc(seqs, want[name], slices.Equal) {
			t.Errorf("%s: tokens\n%v\nwant\n%v", name, seqs, want[name])
		}
	}
}

// formatRegress writes the pinned outputs as JSON, one sequence a line.
func formatRegress(got map[string][][]int) []byte {
	names := slices.Sorted(maps.Keys(got))
	var b bytes.Buffer
	b.WriteString("{\n")
	for i, name := range names {
		fmt.Fprintf(&b, "%q: [\n", name)
		for j, seq := range got[name] {
			line, _ := json.Marshal(seq)
			b.Write(line)
			if j < len(got[name])-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString("]")
		if i < len(names)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// TestRegressModel pins sampled continuations of a real model (the
// committed tiny-lmhead-f16 fixture, held as float32) in
// testdata/regress-model.json, checked natively and in WebAssembly: the
// same seed gives the same text end to end. A change of the forward pass
// moves logits by rounding only, which changes a draw only in the rare case
// u falls within that distance of a boundary.
func TestRegressModel(t *testing.T) {
	m, tok := loadFixture(t, "tiny-lmhead-f16"), gpt2Tokenizer(t)
	o := DefaultOptions(nil)
	o.DoSample, o.MaxNewTokens, o.TopK, o.Temperature, o.Seed, o.NumReturnSequences = true, 30, 0, 1.5, 2026, 2
	r, err := Generate(context.Background(), m, tok, tok.Encode("The quick brown fox"), o, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][][]int{"tiny-lmhead-f16": {r.Sequences[0].IDs, r.Sequences[1].IDs}}
	checkPinned(t, "testdata/regress-model.json", got)
}
