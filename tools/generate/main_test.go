package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gpt2/generate"
	"gpt2/internal/fixtures"
	"gpt2/model"
)

// anyModel is a committed HF fixture for the tests that need a model but
// no golden.
const anyModel = "../../testdata/hf/tiny-lmhead-f16"

// golden is testdata/english.json, from nanoGPT.
type golden struct {
	Text        string
	IDs         []int
	Top10IDs    []int     `json:"top10_ids"`
	Top10Logits []float64 `json:"top10_logits"`
	GreedyIDs   []int     `json:"greedy_ids"`
	GreedyText  string    `json:"greedy_text"`
}

func readGolden(t *testing.T) golden {
	data, err := os.ReadFile("testdata/english.json")
	if err != nil {
		t.Fatal(err)
	}
	var g golden
	if err := json.Unmarshal(data, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

func runTool(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// jsonResult is the -json output.
type jsonResult struct {
	PromptIDs []int `json:"prompt_ids"`
	Sequences []struct {
		IDs          []int  `json:"ids"`
		Text         string `json:"text"`
		FinishReason string `json:"finish_reason"`
	} `json:"sequences"`
	Stats map[string]float64 `json:"stats"`
}

func TestJSONGreedy(t *testing.T) {
	modelDir := fixtures.Dir(t, fixtures.SharedOnly) // testdata/english.json was computed on it
	g := readGolden(t)
	code, out, errs := runTool("-model", modelDir, "-prompt", g.Text, "-max-new-tokens", "24", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r jsonResult
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v in %q", err, out)
	}
	if !slices.Equal(r.PromptIDs, g.IDs) || len(r.Sequences) != 1 {
		t.Fatalf("prompt ids %v, want %v; %d sequences", r.PromptIDs, g.IDs, len(r.Sequences))
	}
	s := r.Sequences[0]
	if !slices.Equal(s.IDs, g.GreedyIDs) || s.Text != g.GreedyText || s.FinishReason != "length" {
		t.Errorf("sequence %+v\nwant ids %v text %q", s, g.GreedyIDs, g.GreedyText)
	}
	for _, k := range []string{"prompt_tokens", "new_tokens", "time_to_first_token_ms", "prefill_ms", "decode_ms", "tokens_per_second"} {
		if _, ok := r.Stats[k]; !ok {
			t.Errorf("stats lack %s: %v", k, r.Stats)
		}
	}
	if r.Stats["prompt_tokens"] != 9 || r.Stats["new_tokens"] != 24 {
		t.Errorf("stats %v", r.Stats)
	}
}

// TestStreamMaxLength is the seed example: max_length 50 counts the
// prompt; the text is the prompt then the continuation.
func TestStreamMaxLength(t *testing.T) {
	modelDir := fixtures.Dir(t, fixtures.SharedOnly) // testdata/english.json was computed on it
	g := readGolden(t)
	code, out, errs := runTool("-model", modelDir, "-prompt", g.Text, "-max-length", "50", "-n", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.HasPrefix(out, g.Text+g.GreedyText) || !strings.HasSuffix(out, "\n") {
		t.Errorf("output %q does not start with the prompt and the greedy continuation %q", out, g.GreedyText)
	}
	if !strings.Contains(errs, "41 new tokens") || !strings.Contains(errs, "finish: length") {
		t.Errorf("stderr %q", errs)
	}
}

// TestDumpLogits compares the dumped logits with a direct forward pass
// (exactly) and with nanoGPT's top 10 (within 1e-4).
func TestDumpLogits(t *testing.T) {
	modelDir := fixtures.Dir(t, fixtures.SharedOnly) // testdata/english.json was computed on it
	g := readGolden(t)
	file := filepath.Join(t.TempDir(), "logits.f32")
	if code, _, errs := runTool("-model", modelDir, "-prompt", g.Text, "-max-new-tokens", "1", "-dump-logits", file); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	w, err := fixtures.Checkpoint(t, fixtures.SharedOnly).Weights(nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := model.New(w)
	if err != nil {
		t.Fatal(err)
	}
	want, err := m.NewSession().Append(g.IDs)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) != 4*len(want) {
		t.Fatalf("%d bytes, want %d", len(data), 4*len(want))
	}
	for i, v := range want {
		if got := math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:])); got != v {
			t.Fatalf("logit %d = %g, direct forward %g", i, got, v)
		}
	}
	for i, id := range g.Top10IDs {
		if d := math.Abs(float64(want[id]) - g.Top10Logits[i]); d > 1e-4 {
			t.Errorf("logit of %d = %g, nanoGPT %g", id, want[id], g.Top10Logits[i])
		}
	}
}

// TestWeightsFolder runs a model of this project's format (4 positions,
// its own 257-token tokenizer) far past its context.
func TestWeightsFolder(t *testing.T) {
	code, out, errs := runTool("-model", "../../weights/testdata/tiny", "-prompt-ids", "1,2,3,4,5,6", "-max-new-tokens", "20",
		"-temperature", "0.9", "-seed", "3", "-n", "2", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r jsonResult
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Sequences) != 2 || len(r.Sequences[0].IDs) != 20 || !strings.Contains(errs, "weights:") {
		t.Errorf("result %+v, stderr %q", r, errs)
	}
}

func TestBadFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-prompt", "x"}, 2, "-model is required"},
		{[]string{"-model", anyModel, "-top-p", "2"}, 1, "top_p = 2"},
		{[]string{"-model", anyModel, "-temperature", "-1"}, 1, "temperature = -1"},
		{[]string{"-model", anyModel, "-n", "0"}, 1, "num_return_sequences = 0"},
		{[]string{"-model", anyModel, "-n", "2"}, 1, "needs sampling"},
		{[]string{"-model", anyModel, "-prompt", "a", "-prompt-ids", "1"}, 2, "not both"},
		{[]string{"-model", anyModel, "-prompt-ids", "1,x"}, 1, `item 1 = "x"`},
		{[]string{"-model", anyModel, "-prompt-ids", "99999"}, 1, "outside the vocabulary"},
		{[]string{"-model", "testdata/no-such-model"}, 1, "no-such-model"},
		{[]string{"-model", "testdata"}, 1, "neither model.json"},
		{[]string{"-model", anyModel, "-bogus"}, 2, "flag provided but not defined"},
		{[]string{"-model", anyModel, "extra"}, 2, "unexpected arguments"},
		{[]string{"-model", anyModel, "-stop", ""}, 1, "stop[0] is empty"},
	} {
		code, _, errs := runTool(tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want exit %d and %q", tc.args, code, errs, tc.code, tc.want)
		}
	}
}

// TestStop cuts the greedy text before a stop string taken from its middle.
func TestStop(t *testing.T) {
	modelDir := fixtures.Dir(t, fixtures.SharedOnly) // testdata/english.json was computed on it
	g := readGolden(t)
	words := strings.Fields(g.GreedyText)
	stop := " " + words[3]
	code, out, errs := runTool("-model", modelDir, "-prompt", g.Text, "-max-new-tokens", "24", "-stop", stop, "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r jsonResult
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	want := g.GreedyText[:strings.Index(g.GreedyText, stop)]
	if s := r.Sequences[0]; s.Text != want || s.FinishReason != "stop" {
		t.Errorf("text %q (%s), want %q (stop)", s.Text, s.FinishReason, want)
	}
}

// TestOptions: only the flags given override the model's defaults.
func TestOptions(t *testing.T) {
	c, err := parse([]string{"-model", "m", "-temperature", "0.7", "-top-k", "0", "-stop", "a", "-stop", "b", "-seed", "5"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	d := generate.DefaultOptions(nil)
	d.MaxNewTokens, d.TopP = 33, 0.8 // as if from generation_config.json
	o := c.options(d)
	if !o.DoSample || o.Temperature != 0.7 || o.TopK != 0 || o.TopP != 0.8 || o.MaxNewTokens != 33 ||
		!slices.Equal(o.Stop, []string{"a", "b"}) || o.Seed != 5 || !o.SkipSpecialTokens {
		t.Errorf("options %+v", o)
	}
	c, _ = parse([]string{"-model", "m", "-max-length", "50", "-temperature", "0", "-do-sample"}, io.Discard)
	o = c.options(d)
	if o.MaxLength != 50 || o.MaxNewTokens != 0 || o.Temperature != 0 || !o.DoSample || o.Sampling() {
		t.Errorf("options %+v", o)
	}
}
