package generate

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

// gen runs the fake backend and returns the result and the streamed text
// of each sequence.
func gen(t *testing.T, f *fakeLM, prompt []int, o Options) (*Result, []string, error) {
	t.Helper()
	streamed := make([]string, o.NumReturnSequences)
	r, err := run(context.Background(), fakeBackend(f, o.SkipSpecialTokens), prompt, o, func(p Piece) {
		streamed[p.Seq] += p.Text
	})
	return r, streamed, err
}

func greedyOpts(maxNew int) Options {
	o := DefaultOptions(nil)
	o.MaxNewTokens, o.EOSTokenID = maxNew, fakeEOS
	return o
}

// TestStopStrings: stop strings found across token boundaries cut the
// text before them, and nothing of them is ever streamed.
func TestStopStrings(t *testing.T) {
	// After the prompt " ", the model spells "Hello worldSTOP" then "!!!".
	rule := script(9, 0, 1, 2, 3, 6, 7)
	for _, tc := range []struct {
		stop   []string
		text   string
		ids    int // new tokens kept
		finish string
	}{
		{[]string{"STOP"}, "Hello world", 6, FinishStop},
		{[]string{"lo wo"}, "Hel", 3, FinishStop},        // spans "lo" and " wor"
		{[]string{"OP", "wor"}, "Hello ", 3, FinishStop}, // the earliest wins
		{[]string{"d"}, "Hello worl", 4, FinishStop},
		{[]string{"Hello"}, "", 2, FinishStop},
		{[]string{"STX"}, "Hello worldSTOP!!", 8, FinishLength},  // held "ST" released
		{[]string{"!!!!"}, "Hello worldSTOP!!", 8, FinishLength}, // "!!" held, then flushed
		{nil, "Hello worldSTOP!!", 8, FinishLength},
	} {
		o := greedyOpts(8)
		o.Stop = tc.stop
		r, streamed, err := gen(t, newFake(len(words), 64, rule), []int{9}, o)
		if err != nil {
			t.Fatal(err)
		}
		s := r.Sequences[0]
		if s.Text != tc.text || len(s.IDs) != tc.ids || s.FinishReason != tc.finish {
			t.Errorf("stop %q: text %q, %d ids, %s; want %q, %d, %s", tc.stop, s.Text, len(s.IDs), s.FinishReason, tc.text, tc.ids, tc.finish)
		}
		if streamed[0] != s.Text {
			t.Errorf("stop %q: streamed %q, text %q", tc.stop, streamed[0], s.Text)
		}
	}
}

// TestStopHeldBack: the start of a possible stop string is not streamed
// until it is known.
func TestStopHeldBack(t *testing.T) {
	o := greedyOpts(8)
	o.Stop = []string{"STOP"}
	var pieces []string
	_, err := run(context.Background(), fakeBackend(newFake(len(words), 64, script(9, 0, 1, 2, 3, 6, 7)), true), []int{9}, o,
		func(p Piece) { pieces = append(pieces, p.Text) })
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pieces {
		if strings.Contains(p, "S") {
			t.Errorf("streamed %q, part of the stop string", p)
		}
	}
	if want := []string{"Hel", "lo", " wor", "ld"}; !slices.Equal(pieces, want) {
		t.Errorf("pieces %q, want %q", pieces, want)
	}
}

func TestEOS(t *testing.T) {
	for _, skip := range []bool{true, false} {
		o := greedyOpts(10)
		o.SkipSpecialTokens = skip
		r, streamed, err := gen(t, newFake(len(words), 64, script(9, 0, 1, fakeEOS)), []int{9}, o)
		if err != nil {
			t.Fatal(err)
		}
		want := "Hello"
		if !skip {
			want += "<|endoftext|>"
		}
		s := r.Sequences[0]
		if s.Text != want || !slices.Equal(s.IDs, []int{0, 1, fakeEOS}) || s.FinishReason != FinishEOS || streamed[0] != want {
			t.Errorf("skip %v: %+v streamed %q, want text %q ids [0 1 5] eos", skip, s, streamed[0], want)
		}
	}
}

func TestLength(t *testing.T) {
	rule := script(9, 0, 1, 2, 3, 6, 7)
	for _, tc := range []struct {
		maxNew, maxLen int
		prompt         []int
		want           int
	}{
		{3, 0, []int{9}, 3},
		{0, 4, []int{9}, 3},    // max_length counts the prompt
		{2, 4, []int{9}, 2},    // max_new_tokens wins
		{0, 2, []int{9, 9}, 0}, // the prompt already fills max_length
		{0, 1, []int{9, 9}, 0},
	} {
		o := greedyOpts(tc.maxNew)
		o.MaxLength = tc.maxLen
		f := newFake(len(words), 64, rule)
		r, _, err := gen(t, f, tc.prompt, o)
		if err != nil {
			t.Fatal(err)
		}
		s := r.Sequences[0]
		if len(s.IDs) != tc.want || s.FinishReason != FinishLength {
			t.Errorf("max_new_tokens %d, max_length %d: %d tokens (%s), want %d", tc.maxNew, tc.maxLen, len(s.IDs), s.FinishReason, tc.want)
		}
		// The prompt once, then every new token but the last.
		if n := len(*f.log); n != tc.want {
			t.Errorf("%d Append calls for %d tokens, want %d", n, tc.want, tc.want)
		}
		if r.Stats.NewTokens != tc.want || r.Stats.PromptTokens != len(tc.prompt) {
			t.Errorf("stats %+v", r.Stats)
		}
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	o := greedyOpts(8)
	f := newFake(len(words), 64, script(9, 0, 1, 2, 3, 6, 7))
	var streamed string
	r, err := run(ctx, fakeBackend(f, true), []int{9}, o, func(p Piece) {
		streamed += p.Text
		cancel()
	})
	if err != nil {
		t.Fatal(err)
	}
	s := r.Sequences[0]
	if s.FinishReason != FinishCancelled || !slices.Equal(s.IDs, []int{0}) || s.Text != "Hel" || streamed != "Hel" {
		t.Errorf("after cancel: %+v, streamed %q", s, streamed)
	}
	// Cancelled before the call: nothing runs.
	f = newFake(len(words), 64, script(9, 0))
	r, err = run(ctx, fakeBackend(f, true), []int{9}, o, nil)
	if err != nil || r.Sequences[0].FinishReason != FinishCancelled || len(r.Sequences[0].IDs) != 0 || len(*f.log) != 0 {
		t.Errorf("cancelled context: %+v, %v, %d appends", r, err, len(*f.log))
	}
}

// TestContextWindow runs a fake with 16 positions far past them: the
// model is fed one token at a time until full, then the last Keep(16) = 12
// tokens, and never more than 16 positions.
func TestContextWindow(t *testing.T) {
	const p = 16
	next := func(cache []int) []int { return []int{(cache[len(cache)-1] + 1) % 10} }
	for _, promptLen := range []int{3, 16, 17, 40} {
		prompt := make([]int, promptLen)
		for i := range prompt {
			prompt[i] = i % 10
		}
		f := newFake(10, p, next)
		o := greedyOpts(50)
		o.EOSTokenID = -1
		r, _, err := gen(t, f, prompt, o)
		if err != nil {
			t.Fatalf("prompt %d: %v", promptLen, err)
		}
		seq := append(slices.Clone(prompt), r.Sequences[0].IDs...)
		for i := promptLen; i < len(seq); i++ {
			if seq[i] != (seq[i-1]+1)%10 {
				t.Fatalf("prompt %d: token %d is %d after %d", promptLen, i, seq[i], seq[i-1])
			}
		}
		// The expected Append calls.
		want := [][]int{Window(prompt, p)}
		cached := len(want[0])
		for i := promptLen; i < len(seq)-1; i++ {
			if cached < p {
				want, cached = append(want, seq[i:i+1]), cached+1
				continue
			}
			want, cached = append(want, seq[i+1-Keep(p):i+1]), Keep(p)
		}
		if !slices.EqualFunc(*f.log, want, slices.Equal) {
			t.Errorf("prompt %d: appends %v\nwant %v", promptLen, *f.log, want)
		}
		if promptLen > p && len(want[0]) != 12 {
			t.Errorf("prompt %d prefilled with %d tokens", promptLen, len(want[0]))
		}
	}
	if Keep(1) != 1 || Keep(2) != 1 || Keep(16) != 12 || Keep(1024) != 768 {
		t.Errorf("Keep: %d %d %d %d", Keep(1), Keep(2), Keep(16), Keep(1024))
	}
}

func TestSequences(t *testing.T) {
	rule := func([]int) []int { return []int{0, 1, 2, 3, 4} } // five equally likely
	o := greedyOpts(12)
	o.DoSample, o.Seed, o.EOSTokenID = true, 42, -1
	f := newFake(len(words), 64, rule)
	one, _, err := gen(t, f, []int{9}, o)
	if err != nil {
		t.Fatal(err)
	}
	o.NumReturnSequences = 3
	f = newFake(len(words), 64, rule)
	three, streamed, err := gen(t, f, []int{9}, o)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(one.Sequences[0].IDs, three.Sequences[0].IDs) {
		t.Errorf("sequence 0 depends on num_return_sequences: %v vs %v", one.Sequences[0].IDs, three.Sequences[0].IDs)
	}
	if slices.Equal(three.Sequences[0].IDs, three.Sequences[1].IDs) {
		t.Errorf("sequences 0 and 1 are identical: %v", three.Sequences[0].IDs)
	}
	if n := len(*f.log); n != 1+3*11 || !slices.Equal((*f.log)[0], []int{9}) {
		t.Errorf("%d Append calls (want the prompt once, then 3x11)", n)
	}
	for i, s := range three.Sequences {
		if streamed[i] != s.Text || len(s.IDs) != 12 {
			t.Errorf("sequence %d: streamed %q, text %q, %d ids", i, streamed[i], s.Text, len(s.IDs))
		}
	}
}

func TestErrors(t *testing.T) {
	o := greedyOpts(5)
	if _, _, err := gen(t, newFake(10, 64, script()), []int{3, 10}, o); err == nil || !strings.Contains(err.Error(), "id 10") {
		t.Errorf("out-of-vocabulary prompt: %v", err)
	}
	if _, _, err := gen(t, newFake(10, 64, script()), []int{-1}, o); err == nil {
		t.Error("negative prompt id accepted")
	}
	bad := o
	bad.TopP = 2
	if _, _, err := gen(t, newFake(10, 64, script()), []int{1}, bad); err == nil || !strings.Contains(err.Error(), "top_p") {
		t.Errorf("bad options: %v", err)
	}
	f := newFake(10, 64, script(9, 0, 1, 2, 3))
	f.failAt = 4
	r, _, err := gen(t, f, []int{9}, o)
	if err == nil || r == nil || !slices.Equal(r.Sequences[0].IDs, []int{0, 1, 2}) || r.Sequences[0].Text != "Hello wor" {
		t.Errorf("model failing midway: %v, %+v", err, r)
	}
	// An empty prompt starts from bos; without bos it is an error.
	o.BOSTokenID = 9
	r, _, err = gen(t, newFake(10, 64, script(9, 0)), nil, o)
	if err != nil || !slices.Equal(r.PromptIDs, []int{9}) || r.Sequences[0].IDs[0] != 0 {
		t.Errorf("empty prompt: %+v, %v", r, err)
	}
	o.BOSTokenID = -1
	if _, _, err = gen(t, newFake(10, 64, script(9, 0)), nil, o); err == nil {
		t.Error("empty prompt without bos accepted")
	}
}

func TestNoCandidate(t *testing.T) {
	inf := float32(math.Inf(-1))
	logits := []float32{inf, float32(math.NaN()), inf}
	for _, sample := range []bool{false, true} {
		o := DefaultOptions(nil)
		o.DoSample = sample
		_, err := NewSampler(o, 3, 0).Next(logits, NewHistory(3, nil))
		if !errors.Is(err, ErrNoCandidate) {
			t.Errorf("sampling %v: %v, want ErrNoCandidate", sample, err)
		}
	}
	if _, err := NewSampler(DefaultOptions(nil), 4, 0).Next(logits, NewHistory(4, nil)); err == nil {
		t.Error("3 logits for a vocabulary of 4 accepted")
	}

}
