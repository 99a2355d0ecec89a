package main

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"

	"gpt2/hf"
	"gpt2/model"
	"gpt2/quant"
	"gpt2/tokenizer"
	"gpt2/train"
	"gpt2/weights"
)

// shakespeare returns the first n bytes of the corpus (cut at a newline).
func shakespeare(t *testing.T, n int) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "tinyshakespeare.txt"))
	if err != nil {
		t.Fatal(err)
	}
	b = b[:n]
	for len(b) > 0 && b[len(b)-1] != '\n' {
		b = b[:len(b)-1]
	}
	return string(b)
}

func loadOut(t *testing.T, dir string) *weights.Model {
	t.Helper()
	m, err := weights.LoadDir(os.DirFS(dir), nil)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestScratchRun trains a tiny model for a few steps and checks what it
// writes: a loadable q8 model with the shape asked for, the log, the curve,
// the generation defaults.
func TestScratchRun(t *testing.T) {
	dir := t.TempDir()
	data := writeFile(t, "s.txt", []byte(shakespeare(t, 6000)))
	out := filepath.Join(dir, "model")
	rc, msg := runArgs(t, "-data", data, "-out", out, "-checkpoint-dir", filepath.Join(dir, "ckpt"),
		"-n-layer", "1", "-n-embd", "16", "-n-head", "2", "-n-positions", "32", "-seq", "32", "-batch", "2",
		"-steps", "6", "-warmup", "2", "-eval-every", "3")
	if rc != 0 {
		t.Fatalf("rc %d: %s", rc, msg)
	}
	m := loadOut(t, out)
	cfg := m.Weights.Config
	if cfg.NLayer != 1 || cfg.NEmbd != 16 || cfg.NHead != 2 || cfg.NPositions != 32 || cfg.VocabSize != 50257 {
		t.Errorf("written config %+v", cfg)
	}
	if m.Weights.WTE.DType != quant.Q8 {
		t.Errorf("wte written as %v, want q8", m.Weights.WTE.DType)
	}
	if g := m.Generation; g == nil || g.DoSample == nil || !*g.DoSample || g.TopK == nil || *g.TopK != 40 {
		t.Errorf("generation defaults %+v", g)
	}
	recs, err := readLog(filepath.Join(out, "train_log.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 6 || recs[2].ValLoss == nil || recs[5].ValLoss == nil {
		t.Errorf("log has %d records (want 6) with validation at steps 3 and 6", len(recs))
	}
	for _, name := range []string{"loss.png", "train_summary.json"} {
		if fi, err := os.Stat(filepath.Join(out, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	b, err := os.ReadFile(filepath.Join(out, "train_summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sum summary
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	// q8 keeps 8 bits per weight: the written model's loss stays within
	// 0.05 nats of its float32 source (a wrong tensor would be far off).
	if sum.ValLossF32 == nil || sum.ValLossWritten == nil || math.Abs(*sum.ValLossF32-*sum.ValLossWritten) > 0.05 {
		t.Errorf("summary validation losses: float32 %v, written %v", sum.ValLossF32, sum.ValLossWritten)
	}
}

// evalLoss is m's mean loss on text (windows of 32 tokens).
func evalLoss(t *testing.T, w *model.Weights, text string) float64 {
	t.Helper()
	g, err := train.NewGPT[float32](w.Config)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Params.SetWeights(w); err != nil {
		t.Fatal(err)
	}
	tok, err := tokenizer.GPT2()
	if err != nil {
		t.Fatal(err)
	}
	loss, err := train.Evaluate(g, tok.Encode(text), 2, 32, 0)
	if err != nil {
		t.Fatal(err)
	}
	return loss
}

// TestFineTuneLowersLoss converts the tiny-lmhead-f16 fixture to the
// project format, fine-tunes it on some Shakespeare and checks that its
// loss on that text went down.
func TestFineTuneLowersLoss(t *testing.T) {
	ck, err := hf.Load(os.DirFS(filepath.Join("..", "..", "testdata", "hf", "tiny-lmhead-f16")))
	if err != nil {
		t.Fatal(err)
	}
	w, err := ck.Weights(func(model.TensorSpec) quant.DType { return quant.F32 })
	if err != nil {
		t.Fatal(err)
	}
	conv := t.TempDir()
	create := func(name string) (io.WriteCloser, error) { return os.Create(filepath.Join(conv, name)) }
	if _, err := weights.Write(w, nil, nil, weights.Options{}, create); err != nil {
		t.Fatal(err)
	}
	text := shakespeare(t, 1500)
	data := writeFile(t, "s.txt", []byte(text))
	out := filepath.Join(t.TempDir(), "tuned")
	rc, msg := runArgs(t, "-data", data, "-out", out, "-init", conv, "-quant", "f32", "-val-frac", "0",
		"-seq", "32", "-batch", "2", "-steps", "5", "-warmup", "1", "-lr", "3e-3")
	if rc != 0 {
		t.Fatalf("rc %d: %s", rc, msg)
	}
	before, after := evalLoss(t, w, text), evalLoss(t, loadOut(t, out).Weights, text)
	if !(after < before-0.5) {
		t.Errorf("loss on the text %.4f before fine-tuning, %.4f after: want at least 0.5 lower", before, after)
	}
	t.Logf("loss %.4f -> %.4f after 5 steps", before, after)
}

// TestResumeMatchesStraightRun: 3 steps, then -resume to 6, writes the same
// model bytes and the same training losses as 6 steps in one go (the
// warm-up spans all 6 steps, so -steps does not change the schedule).
func TestResumeMatchesStraightRun(t *testing.T) {
	data := writeFile(t, "s.txt", []byte(shakespeare(t, 6000)))
	common := []string{"-data", data, "-n-layer", "1", "-n-embd", "16", "-n-head", "2", "-n-positions", "32",
		"-seq", "32", "-batch", "2", "-warmup", "10", "-quant", "f32", "-eval-every", "0"}
	straight, split := t.TempDir(), t.TempDir()
	if rc, msg := runArgs(t, append(common, "-out", straight, "-steps", "6")...); rc != 0 {
		t.Fatalf("straight run: rc %d: %s", rc, msg)
	}
	if rc, msg := runArgs(t, append(common, "-out", split, "-steps", "3")...); rc != 0 {
		t.Fatalf("first half: rc %d: %s", rc, msg)
	}
	if rc, msg := runArgs(t, append(common, "-out", split, "-steps", "6", "-resume")...); rc != 0 {
		t.Fatalf("resumed half: rc %d: %s", rc, msg)
	}
	a, errA := os.ReadFile(filepath.Join(straight, "shard-000.bin"))
	b, errB := os.ReadFile(filepath.Join(split, "shard-000.bin"))
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	if !bytes.Equal(a, b) {
		t.Error("the resumed run wrote a different model than the straight run")
	}
	ra, _ := readLog(filepath.Join(straight, "train_log.jsonl"))
	rb, _ := readLog(filepath.Join(split, "train_log.jsonl"))
	if len(ra) != 6 || len(rb) != 6 {
		t.Fatalf("logs have %d and %d records, want 6", len(ra), len(rb))
	}
	for i := range ra {
		if ra[i].Step != rb[i].Step || ra[i].Loss != rb[i].Loss { // bitwise: training is deterministic
			t.Errorf("record %d: step %d loss %v straight, step %d loss %v resumed", i, ra[i].Step, ra[i].Loss, rb[i].Step, rb[i].Loss)
		}
	}
}
