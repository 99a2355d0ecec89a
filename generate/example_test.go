package generate_test

import (
	"context"
	"fmt"
	"os"

	"gpt2/generate"
	"gpt2/hf"
	"gpt2/model"
	"gpt2/tokenizer"
)

// Greedy continuation of a prompt, streamed, with a stop string.
func ExampleGenerate() {
	ck, err := hf.Load(os.DirFS("../testdata/hf/tiny-lmhead-f16"))
	if err != nil {
		panic(err)
	}
	w, err := ck.Weights(nil)
	if err != nil {
		panic(err)
	}
	m, err := model.New(w)
	if err != nil {
		panic(err)
	}
	tok, err := tokenizer.GPT2()
	if err != nil {
		panic(err)
	}
	o := generate.DefaultOptions(ck.Generation)
	o.MaxNewTokens, o.Stop = 24, []string{" Those"}
	r, err := generate.Generate(context.Background(), m, tok, tok.Encode("The quick brown fox jumps over the lazy dog"), o,
		func(p generate.Piece) { fmt.Print(p.Text) })
	if err != nil {
		panic(err)
	}
	fmt.Printf("\n%d tokens, finish %s\n", len(r.Sequences[0].IDs), r.Sequences[0].FinishReason)
	// Output:
	//  staircase staircase staircase staircase staircase staircase staircase staircase staircase staircase staircase staircase staircase staircase staircase staircase
	// 17 tokens, finish stop
}
