package model_test

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"gpt2/internal/fixtures"
	"gpt2/model"
	"gpt2/quant"
)

// The goldens (testdata/golden, trimmed copies of shared/fixtures/golden)
// were computed by nanoGPT's model.py in float32 on the Hugging Face
// fixtures in ../testdata/hf and, for tiny-openai-f32, in the shared folder
// beside the repository (see package internal/fixtures), and cross-checked by a float64
// numpy pass.

type golden struct {
	Fixture string         `json:"fixture"`
	Prompts []goldenPrompt `json:"prompts"`
}

type goldenPrompt struct {
	Name         string    `json:"name"`
	IDs          []int     `json:"ids"`
	LogitsFile   string    `json:"last_logits_file"`
	TokenLosses  []float64 `json:"token_losses"`
	GreedyIDs    []int     `json:"greedy_ids"`
	GreedyPrefix int       `json:"greedy_reliable_prefix_len"`
}

// goldenTol is the agreement the goldens support (float32 against float32).
const goldenTol = 1e-4

var goldenFixtures = []struct {
	name  string
	dtype quant.DType // how the engine holds the matrices
}{
	{"tiny-openai-f32", quant.F32},
	{"tiny-lmhead-f16", quant.F16},
	{"hf-tiny-gpt2", quant.F32},
}

func loadGolden(t *testing.T, name string) *golden {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "golden", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var g golden
	if err := json.Unmarshal(data, &g); err != nil {
		t.Fatal(err)
	}
	return &g
}

func readLogits(t *testing.T, file string) []float32 {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "golden", file))
	if err != nil {
		t.Fatal(err)
	}
	v := make([]float32, len(data)/4)
	for i := range v {
		v[i] = math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:]))
	}
	return v
}

func loadModel(t *testing.T, fixture string, d quant.DType) *model.Model {
	t.Helper()
	ck := fixtures.Checkpoint(t, fixture)
	w, err := ck.Weights(func(model.TensorSpec) quant.DType { return d })
	if err != nil {
		t.Fatal(err)
	}
	m, err := model.New(w)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	return m
}

// argmax returns the index of the largest value, the lowest on ties.
func argmax(v []float32) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}

// losses returns -log_softmax(logits[t])[ids[t+1]] for t < T-1.
func losses(all []float32, ids []int, V int) []float64 {
	out := make([]float64, len(ids)-1)
	for t := range out {
		row := all[t*V : (t+1)*V]
		mx := float64(row[argmax(row)])
		var z float64
		for _, x := range row {
			z += math.Exp(float64(x) - mx)
		}
		out[t] = mx + math.Log(z) - float64(row[ids[t+1]])
	}
	return out
}

// greedy continues s for n tokens by argmax and returns the ids and the
// logits of every step.
func greedy(t *testing.T, s *model.Session, first []float32, n int) ([]int, [][]float32) {
	t.Helper()
	var ids []int
	var steps [][]float32
	logits := first
	for i := 0; i < n; i++ {
		steps = append(steps, append([]float32(nil), logits...))
		ids = append(ids, argmax(logits))
		if i == n-1 {
			break
		}
		var err error
		if logits, err = s.Append(ids[i:]); err != nil {
			t.Fatal(err)
		}
	}
	return ids, steps
}

// Every fixture, every prompt: the last logits, the per-token losses and
// the 24-token greedy continuation match nanoGPT's.
func TestGoldens(t *testing.T) {
	for _, f := range goldenFixtures {
		t.Run(f.name, func(t *testing.T) {
			g := loadGolden(t, f.name)
			m := loadModel(t, f.name, f.dtype)
			V := m.Config().VocabSize
			for _, p := range g.Prompts {
				t.Run(p.Name, func(t *testing.T) { checkGolden(t, m, p, V) })
			}
		})
	}
}

// checkGolden checks prompt p's last logits, per-token losses and greedy
// continuation against nanoGPT's.
func checkGolden(t *testing.T, m *model.Model, p goldenPrompt, V int) {
	s := m.NewSession()
	all, err := s.AppendAll(p.IDs)
	if err != nil {
		t.Fatal(err)
	}
	last := all[(len(p.IDs)-1)*V:]
	want := readLogits(t, p.LogitsFile)
	for i, w := range want {
		if d := math.Abs(float64(last[i] - w)); !(d <= goldenTol) {
			t.Fatalf("last logit %d = %g, want %g (diff %g)", i, last[i], w, d)
		}
	}
	for i, l := range losses(all, p.IDs, V) {
		if d := math.Abs(l - p.TokenLosses[i]); !(d <= goldenTol) {
			t.Fatalf("loss %d = %g, want %g (diff %g)", i, l, p.TokenLosses[i], d)
		}
	}
	ids, _ := greedy(t, s, last, len(p.GreedyIDs))
	for i := 0; i < p.GreedyPrefix; i++ {
		if ids[i] != p.GreedyIDs[i] {
			t.Fatalf("greedy step %d: id %d, want %d (got %v)", i, ids[i], p.GreedyIDs[i], ids)
		}
	}
}

// The peaked fixtures quantized to q8 and q4: the error of the prompts'
// last logits against the goldens, and how long greedy decoding follows
// them. q8 must stay closer to the goldens than q4; the figures are logged
// (go test -run Quantized -v) for BENCHMARKS.md.
func TestQuantizedDrift(t *testing.T) {
	for _, f := range goldenFixtures[:2] {
		t.Run(f.name, func(t *testing.T) {
			g := loadGolden(t, f.name)
			worst := map[quant.DType]float64{}
			for _, d := range []quant.DType{quant.Q8, quant.Q4} {
				m := loadModel(t, f.name, d)
				for _, p := range g.Prompts {
					s := m.NewSession()
					last, err := s.Append(p.IDs)
					if err != nil {
						t.Fatal(err)
					}
					maxErr := 0.0
					for i, w := range readLogits(t, p.LogitsFile) {
						maxErr = math.Max(maxErr, math.Abs(float64(last[i]-w)))
					}
					worst[d] = math.Max(worst[d], maxErr)
					ids, _ := greedy(t, s, last, len(p.GreedyIDs))
					t.Logf("%s %v %-13s max |logit error| %.4f, greedy %s", f.name, d, p.Name, maxErr, agreement(ids, p.GreedyIDs))
				}
			}
			if !(worst[quant.Q8] < worst[quant.Q4]) {
				t.Errorf("%s: q8 max logit error %g is not below q4's %g", f.name, worst[quant.Q8], worst[quant.Q4])
			}
		})
	}
}

func agreement(got, want []int) string {
	for i := range want {
		if got[i] != want[i] {
			return fmt.Sprintf("diverges at step %d of %d", i, len(want))
		}
	}
	return fmt.Sprintf("matches all %d steps", len(want))
}
