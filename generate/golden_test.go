package generate

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"testing"

	"gpt2/internal/fixtures"
	"gpt2/model"
	"gpt2/tokenizer"
)

// greedyGolden is testdata/greedy.json: 24-token greedy continuations from
// nanoGPT (see its "source").
type greedyGolden struct {
	Fixtures map[string][]struct {
		Name       string
		IDs        []int
		GreedyIDs  []int  `json:"greedy_ids"`
		GreedyText string `json:"greedy_text"`
	}
}

// loadFixture loads an HF fixture with float32 matrices.
func loadFixture(t testing.TB, name string) *model.Model {
	t.Helper()
	ck := fixtures.Checkpoint(t, name)
	w, err := ck.Weights(nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := model.New(w)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func gpt2Tokenizer(t testing.TB) *tokenizer.Tokenizer {
	t.Helper()
	tok, err := tokenizer.GPT2()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestGreedyGolden: Generate without sampling reproduces nanoGPT's greedy
// continuations exactly (ids and text), through the KV cache.
func TestGreedyGolden(t *testing.T) {
	data, err := os.ReadFile("testdata/greedy.json")
	if err != nil {
		t.Fatal(err)
	}
	var golden greedyGolden
	if err := json.Unmarshal(data, &golden); err != nil {
		t.Fatal(err)
	}
	tok := gpt2Tokenizer(t)
	for _, fixture := range []string{"tiny-openai-f32", "tiny-lmhead-f16"} {
		t.Run(fixture, func(t *testing.T) {
			cases := golden.Fixtures[fixture]
			if len(cases) == 0 {
				t.Fatalf("%s: no golden cases", fixture)
			}
			m := loadFixture(t, fixture)
			for _, c := range cases {
				o := DefaultOptions(nil)
				o.MaxNewTokens = len(c.GreedyIDs)
				var streamed string
				r, err := Generate(context.Background(), m, tok, c.IDs, o, func(p Piece) { streamed += p.Text })
				if err != nil {
					t.Fatalf("%s/%s: %v", fixture, c.Name, err)
				}
				s := r.Sequences[0]
				if !slices.Equal(s.IDs, c.GreedyIDs) {
					t.Errorf("%s/%s: ids\n%v\nwant\n%v", fixture, c.Name, s.IDs, c.GreedyIDs)
				}
				if s.Text != c.GreedyText || streamed != s.Text || s.FinishReason != FinishLength {
					t.Errorf("%s/%s: text %q (streamed %q, %s), want %q", fixture, c.Name, s.Text, streamed, s.FinishReason, c.GreedyText)
				}
			}
		})
	}
}
