package tokenizer

import "strings"

// Encode returns the token ids of text exactly as encoder.py's encode does:
// the text of special tokens such as <|endoftext|> is encoded as plain text.
// [T]
func (t *Tokenizer) Encode(text string) []int {
	return t.AppendEncode(nil, text)
}

// AppendEncode appends the ids of text (as Encode) to dst.
func (t *Tokenizer) AppendEncode(dst []int, text string) []int {
	var s bpeState
	pretokens(text, func(piece string) {
		dst = t.appendPiece(dst, piece, &s)
	})
	return dst
}

// EncodeSpecial is Encode except that the text of a special token (for
// GPT-2, "<|endoftext|>") becomes its id (EOT), as Hugging Face's tokenizer
// and tiktoken's allowed_special do. [T]
func (t *Tokenizer) EncodeSpecial(text string) []int {
	var dst []int
	for len(text) > 0 {
		at, id := t.nextSpecial(text)
		if at < 0 {
			break
		}
		dst = t.AppendEncode(dst, text[:at])
		dst = append(dst, id)
		text = text[at+len(t.tokens[id]):]
	}
	return t.AppendEncode(dst, text)
}

// nextSpecial returns the position of the first special token's text in
// text (the longest one if several start there) and its id, or -1.
func (t *Tokenizer) nextSpecial(text string) (at, id int) {
	at = -1
	for _, sid := range t.special {
		tok := t.tokens[sid]
		if tok == "" {
			continue
		}
		i := strings.Index(text, tok)
		if i >= 0 && (at < 0 || i < at || (i == at && len(tok) > len(t.tokens[id]))) {
			at, id = i, sid
		}
	}
	return at, id
}

// appendPiece appends the ids of one pre-token.
func (t *Tokenizer) appendPiece(dst []int, piece string, s *bpeState) []int {
	if len(piece) == 1 {
		return append(dst, int(t.byteIDs[piece[0]]))
	}
	if ids, ok := t.cached(piece); ok {
		for _, id := range ids {
			dst = append(dst, int(id))
		}
		return dst
	}
	n := len(dst)
	dst = t.bpe(dst, piece, s)
	t.remember(piece, dst[n:])
	return dst
}
