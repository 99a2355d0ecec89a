package train

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"gpt2/internal/fixtures"
)

type goldenPrompt struct {
	Name        string    `json:"name"`
	IDs         []int     `json:"ids"`
	TokenLosses []float64 `json:"token_losses"`
}

func loadGolden(t *testing.T) map[string][]goldenPrompt {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "golden_losses.json"))
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Fixtures map[string][]goldenPrompt `json:"fixtures"`
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return g.Fixtures
}

func loadFixture(t *testing.T, name string) *GPT[float32] {
	t.Helper()
	ck := fixtures.Checkpoint(t, name)
	g, err := NewGPT[float32](ck.Config)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Params.SetFloat32(ck.Tensors); err != nil {
		t.Fatal(err)
	}
	return g
}

// TestForwardMatchesGolden: the training forward pass gives the per-token
// losses of the independent nanoGPT reference within 1e-4.
func TestForwardMatchesGolden(t *testing.T) {
	golden := loadGolden(t)
	for _, name := range []string{"tiny-openai-f32", "tiny-lmhead-f16", "hf-tiny-gpt2"} {
		t.Run(name, func(t *testing.T) {
			g := loadFixture(t, name)
			for _, p := range golden[name] {
				T := len(p.IDs) - 1
				if _, err := g.Forward(p.IDs[:T], p.IDs[1:], 1, T); err != nil {
					t.Fatal(err)
				}
				worst := 0.0
				for i, want := range p.TokenLosses {
					worst = max(worst, math.Abs(float64(g.Losses()[i])-want))
				}
				if worst > 1e-4 {
					t.Errorf("%s/%s: max |loss - golden| = %.3g over %d tokens", name, p.Name, worst, T)
				}
			}
		})
	}
}
