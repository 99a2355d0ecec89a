package tokenizer

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// WriteHF writes the tokenizer as Hugging Face's vocab.json and merges.txt.
// For GPT-2 the output is byte-for-byte the files transformers saves:
// vocab.json is compact JSON in id order with only the characters JSON
// requires escaped (Python's json.dumps with ensure_ascii=False); merges.txt
// is "#version: 0.2" and one "left right" line a merge.
func (t *Tokenizer) WriteHF(vocabJSON, mergesTxt io.Writer) error {
	if err := t.writeVocab(vocabJSON); err != nil {
		return errorf("writing vocab.json: %v", err)
	}
	if err := t.writeMerges(mergesTxt); err != nil {
		return errorf("writing merges.txt: %v", err)
	}
	return nil
}

func (t *Tokenizer) writeVocab(w io.Writer) error {
	bw := bufio.NewWriter(w)
	buf := make([]byte, 0, 64)
	for id := range t.tokens {
		buf = append(buf[:0], ',')
		if id == 0 {
			buf[0] = '{'
		}
		buf = appendJSONString(buf, t.spell(id))
		buf = append(buf, ':')
		buf = strconv.AppendInt(buf, int64(id), 10)
		bw.Write(buf)
	}
	if len(t.tokens) == 0 {
		bw.WriteByte('{')
	}
	bw.WriteByte('}')
	return bw.Flush()
}

func (t *Tokenizer) writeMerges(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("#version: 0.2\n")
	for _, m := range t.merges {
		fmt.Fprintf(bw, "%s %s\n", t.spell(int(m[0])), t.spell(int(m[1])))
	}
	return bw.Flush()
}

// appendJSONString appends s as a JSON string the way Python's json.dumps
// (ensure_ascii=False) writes it.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '"' || r == '\\':
			dst = append(dst, '\\', byte(r))
		case r == '\n':
			dst = append(dst, '\\', 'n')
		case r == '\r':
			dst = append(dst, '\\', 'r')
		case r == '\t':
			dst = append(dst, '\\', 't')
		case r == '\b':
			dst = append(dst, '\\', 'b')
		case r == '\f':
			dst = append(dst, '\\', 'f')
		case r < 0x20:
			dst = append(dst, '\\', 'u', '0', '0', hex[r>>4], hex[r&15])
		default:
			dst = utf8.AppendRune(dst, r)
		}
	}
	return append(dst, '"')
}
