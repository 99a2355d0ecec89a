package tokenizer

// Decode returns the text of ids: the tokens' bytes concatenated, with
// invalid UTF-8 replaced as Python's bytes.decode("utf-8",
// errors="replace") does. With skipSpecial, special tokens (<|endoftext|>)
// are left out. An id outside [0, V) is an error.
func (t *Tokenizer) Decode(ids []int, skipSpecial bool) (string, error) {
	b, err := t.AppendBytes(nil, ids, skipSpecial)
	if err != nil {
		return "", err
	}
	return string(appendReplacing(make([]byte, 0, len(b)), b)), nil
}

// AppendBytes appends the raw bytes of ids to dst, without any UTF-8
// checking (the exact bytes the ids stand for).
func (t *Tokenizer) AppendBytes(dst []byte, ids []int, skipSpecial bool) ([]byte, error) {
	for _, id := range ids {
		if id < 0 || id >= len(t.tokens) {
			return dst, t.rangeError(id)
		}
		if skipSpecial && t.isSpec[id] {
			continue
		}
		dst = append(dst, t.tokens[id]...)
	}
	return dst, nil
}

// Decoder turns a stream of ids into text, emitting only complete UTF-8:
// the bytes of a character split across tokens are held back until the
// tokens that complete it arrive. For any split of a sequence of ids, the
// concatenated output of Add and Flush equals Decode of all of them.
type Decoder struct {
	t           *Tokenizer
	skipSpecial bool
	pending     []byte // at most 3 bytes: the start of a character
	out         []byte
}

// NewDecoder returns a streaming decoder; skipSpecial leaves special
// tokens out, as in Decode.
func (t *Tokenizer) NewDecoder(skipSpecial bool) *Decoder {
	return &Decoder{t: t, skipSpecial: skipSpecial}
}

// Add decodes one more id and returns the text it completes, which may be
// empty. An id outside the vocabulary is an error and changes nothing.
func (d *Decoder) Add(id int) (string, error) {
	var err error
	d.pending, err = d.t.AppendBytes(d.pending, []int{id}, d.skipSpecial)
	if err != nil {
		return "", err
	}
	keep := incompleteTail(d.pending)
	d.out = appendReplacing(d.out[:0], d.pending[:len(d.pending)-keep])
	d.pending = append(d.pending[:0], d.pending[len(d.pending)-keep:]...)
	return string(d.out), nil
}

// Flush returns what is held back, with U+FFFD for a character that the
// stream left incomplete, and resets the decoder.
func (d *Decoder) Flush() string {
	s := string(appendReplacing(nil, d.pending))
	d.pending = d.pending[:0]
	return s
}

// Pending reports how many bytes are held back.
func (d *Decoder) Pending() int { return len(d.pending) }
