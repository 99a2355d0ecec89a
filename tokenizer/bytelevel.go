package tokenizer

// GPT-2's byte-level alphabet (encoder.py's bytes_to_unicode): every byte
// has a printable stand-in character so that vocabulary files are text.
// Printable Latin-1 bytes ('!'..'~', '¡'..'¬', '®'..'ÿ') stand for
// themselves; the other 68 bytes map, in byte order, to U+0100, U+0101, ...

var (
	byteToRune [256]rune     // byte -> stand-in character
	runeToByte map[rune]byte // stand-in character -> byte
)

func init() {
	printable := func(b int) bool {
		return ('!' <= b && b <= '~') || (0xA1 <= b && b <= 0xAC) || (0xAE <= b && b <= 0xFF)
	}
	n := 0
	runeToByte = make(map[rune]byte, 256)
	for b := 0; b < 256; b++ {
		r := rune(b)
		if !printable(b) {
			r = rune(256 + n)
			n++
		}
		byteToRune[b] = r
		runeToByte[r] = byte(b)
	}
}

// byteLevelEncode spells raw token bytes in the stand-in alphabet, as the
// vocabulary files do.
func byteLevelEncode(b []byte) string {
	rs := make([]rune, len(b))
	for i, c := range b {
		rs[i] = byteToRune[c]
	}
	return string(rs)
}

// byteLevelDecode turns a file's spelling back into raw bytes. ok is false
// when s holds a character outside the stand-in alphabet.
func byteLevelDecode(s string) (b []byte, ok bool) {
	b = make([]byte, 0, len(s))
	for _, r := range s {
		c, in := runeToByte[r]
		if !in {
			return nil, false
		}
		b = append(b, c)
	}
	return b, true
}
