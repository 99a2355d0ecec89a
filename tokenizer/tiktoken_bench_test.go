// BenchmarkTiktokenR50k: tiktoken-go's r50k_base (GPT-2's encoding,
// embedded in that module) on the same text as BenchmarkEncode*, for
// comparison in the same run:
//
//	go test -run '^$' -bench . ./tokenizer

package tokenizer

import (
	"slices"
	"testing"

	tiktoken "github.com/tiktoken-go/tokenizer"
)

func BenchmarkTiktokenR50k(b *testing.B) {
	codec, err := tiktoken.Get(tiktoken.R50kBase)
	if err != nil {
		b.Fatal(err)
	}
	text := readShakespeare(b)
	ids, _, err := codec.Encode(text)
	if err != nil {
		b.Fatal(err)
	}
	if !slices.Equal(toInts(ids), mustGPT2(b).Encode(text)) {
		b.Error("tiktoken-go's r50k_base and Encode differ on Shakespeare")
	}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		codec.Encode(text)
	}
}

func toInts(ids []uint) []int {
	out := make([]int, len(ids))
	for i, id := range ids {
		out[i] = int(id)
	}
	return out
}
