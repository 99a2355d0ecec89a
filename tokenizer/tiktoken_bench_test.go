//go:build tiktoken

// BenchmarkTiktokenR50k: tiktoken-go's r50k_base (GPT-2's encoding,
// embedded in that module) on the same text as BenchmarkEncode*, for
// comparison. It is behind a build tag because go.mod does not list
// tiktoken-go's own dependency (github.com/dlclark/regexp2/v2) as an
// indirect requirement; run it with a module file that does:
//
//	sed '/^require (/a\\tgithub.com/dlclark/regexp2/v2 v2.5.1 // indirect' go.mod > /tmp/bench.mod
//	cp go.sum /tmp/bench.sum
//	go test -modfile=/tmp/bench.mod -tags tiktoken -run '^$' -bench . ./tokenizer

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
