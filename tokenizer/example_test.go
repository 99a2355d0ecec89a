package tokenizer_test

import (
	"fmt"

	"gpt2/tokenizer"
)

func Example() {
	tok, err := tokenizer.GPT2()
	if err != nil {
		panic(err)
	}
	ids := tok.Encode("Hello world<|endoftext|>")
	fmt.Println(ids)
	fmt.Println(tok.EncodeSpecial("Hello world<|endoftext|>"))
	text, _ := tok.Decode([]int{15496, 995, tokenizer.EOT}, true)
	fmt.Printf("%q\n", text)
	// Output:
	// [15496 995 27 91 437 1659 5239 91 29]
	// [15496 995 50256]
	// "Hello world"
}

// A character split across tokens comes out of the streaming decoder once
// it is complete.
func ExampleDecoder() {
	tok, _ := tokenizer.GPT2()
	d := tok.NewDecoder(false)
	for _, id := range tok.Encode("𝄞") { // four bytes in three tokens
		piece, _ := d.Add(id)
		fmt.Printf("%d -> %q\n", id, piece)
	}
	fmt.Printf("flush %q\n", d.Flush())
	// Output:
	// 47728 -> ""
	// 226 -> ""
	// 252 -> "𝄞"
	// flush ""
}
