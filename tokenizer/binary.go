package tokenizer

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"sort"
)

// The compact form, what GPT2 embeds (zstd-compressed) and what Fingerprint
// hashes (uncompressed):
//
//	magic    "BPETOK\x00\x01" (8 bytes; the last byte is the version)
//	V        uvarint
//	V times: kind byte, then
//	           kind 0 (byte-level token), 1 (literal text): uvarint n, n raw bytes
//	           kind 2 (made by a merge): varint r - r', r the rank of the
//	                  merge that makes it, r' that of the previous kind-2 token
//	M        uvarint
//	M times: uvarint left id, uvarint right id, in rank order
//
// Kind 2 tokens are rebuilt as left+right walking their merges in rank
// order; the writer uses kind 2 wherever that works (derivable), which for
// GPT-2 is 50,000 of its 50,257 tokens, each r - r' = 1.

const binaryMagic = "BPETOK\x00\x01"

// Token kinds of the compact form.
const (
	kindByteLevel = 0
	kindLiteral   = 1
	kindMerged    = 2
)

// maxTokenLen bounds one token when reading, so a corrupt length cannot
// make a huge allocation.
const maxTokenLen = 1 << 16

// MarshalBinary returns the tokenizer's compact form.
func (t *Tokenizer) MarshalBinary() ([]byte, error) {
	var b bytes.Buffer
	err := t.writeBinary(&b)
	return b.Bytes(), err
}

func (t *Tokenizer) writeBinary(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(binaryMagic)
	var buf [binary.MaxVarintLen64]byte
	uvarint := func(x int) { bw.Write(buf[:binary.PutUvarint(buf[:], uint64(x))]) }
	uvarint(len(t.tokens))
	madeBy, prev := t.derivable(), 0
	for id, tok := range t.tokens {
		switch {
		case madeBy[id] >= 0:
			bw.WriteByte(kindMerged)
			bw.Write(buf[:binary.PutVarint(buf[:], int64(madeBy[id]-prev))])
			prev = madeBy[id]
			continue
		case t.literal[id]:
			bw.WriteByte(kindLiteral)
		default:
			bw.WriteByte(kindByteLevel)
		}
		uvarint(len(tok))
		bw.WriteString(tok)
	}
	uvarint(len(t.merges))
	for _, m := range t.merges {
		uvarint(int(m[0]))
		uvarint(int(m[1]))
	}
	return bw.Flush()
}

// derivable returns, for each token, the rank of the merge a reader can
// rebuild it from, or -1: walking the merges in rank order from the tokens
// that no merge makes, the first merge whose parts are known makes its
// result known.
func (t *Tokenizer) derivable() []int {
	known, madeBy := make([]bool, len(t.tokens)), make([]int, len(t.tokens))
	for id := range known {
		known[id], madeBy[id] = true, -1
	}
	for _, m := range t.merges {
		p, _ := t.ranks.get(m[0], m[1])
		known[p.id] = false
	}
	for rank, m := range t.merges {
		p, _ := t.ranks.get(m[0], m[1])
		id := p.id
		if known[m[0]] && known[m[1]] && !known[id] {
			known[id], madeBy[id] = true, rank
		}
	}
	return madeBy
}

// ReadBinary reads a tokenizer in the compact form (MarshalBinary).
func ReadBinary(r io.Reader) (*Tokenizer, error) {
	br := bufio.NewReader(r)
	magic := make([]byte, len(binaryMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != binaryMagic {
		return nil, errorf("compact form: bad magic %q (want %q)", magic, binaryMagic)
	}
	d := binReader{r: br}
	V := d.count("token count")
	tokens, literal := make([]string, 0, min(V, 1<<16)), make([]bool, 0, min(V, 1<<16))
	var derived [][2]int // (rank, id) of kind-2 tokens
	for id, rank := 0, 0; id < V && d.err == nil; id++ {
		kind, err := br.ReadByte()
		switch {
		case err != nil || kind > kindMerged:
			return nil, errorf("compact form: token %d: bad kind %d (%v)", id, kind, err)
		case kind == kindMerged:
			rank += d.varint("merge rank delta")
			derived = append(derived, [2]int{rank, id})
			tokens, literal = append(tokens, ""), append(literal, false)
			continue
		}
		b := make([]byte, d.uvarint("token length", maxTokenLen))
		d.full(b)
		tokens, literal = append(tokens, string(b)), append(literal, kind == kindLiteral)
	}
	M := d.count("merge count")
	merges := make([][2]int32, 0, min(M, 1<<16))
	for i := 0; i < M && d.err == nil; i++ {
		l, r := d.uvarint("merge part", V-1), d.uvarint("merge part", V-1)
		merges = append(merges, [2]int32{int32(l), int32(r)})
	}
	if d.err != nil {
		return nil, d.err
	}
	if err := rebuild(tokens, derived, merges); err != nil {
		return nil, err
	}
	return build(tokens, literal, merges)
}

// rebuild fills in the bytes of kind-2 tokens, given as (rank, id), from
// their merges in rank order.
func rebuild(tokens []string, derived [][2]int, merges [][2]int32) error {
	sort.Slice(derived, func(i, j int) bool { return derived[i][0] < derived[j][0] })
	for i, d := range derived {
		rank, id := d[0], d[1]
		if rank < 0 || rank >= len(merges) || (i > 0 && derived[i-1][0] == rank) {
			return errorf("compact form: token %d: bad merge rank %d", id, rank)
		}
		l, r := tokens[merges[rank][0]], tokens[merges[rank][1]]
		if l == "" || r == "" {
			return errorf("compact form: token %d: merge %d uses a token not built yet", id, rank)
		}
		if len(l)+len(r) > maxTokenLen { // merges can double a token's length
			return errorf("compact form: token %d is longer than %d bytes", id, maxTokenLen)
		}
		tokens[id] = l + r
	}
	return nil
}

// binReader reads varints and bytes, keeping the first error.
type binReader struct {
	r   *bufio.Reader
	err error
}

func (d *binReader) uvarint(what string, limit int) int {
	if d.err != nil {
		return 0
	}
	x, err := binary.ReadUvarint(d.r)
	if err != nil || limit < 0 || x > uint64(limit) {
		d.err = errorf("compact form: bad %s %d (limit %d, %v)", what, x, limit, err)
		return 0
	}
	return int(x)
}

func (d *binReader) varint(what string) int {
	if d.err != nil {
		return 0
	}
	x, err := binary.ReadVarint(d.r)
	if err != nil || x < -(1<<31) || x > 1<<31 {
		d.err = errorf("compact form: bad %s %d (%v)", what, x, err)
		return 0
	}
	return int(x)
}

func (d *binReader) count(what string) int { return d.uvarint(what, 1<<31-1) }

func (d *binReader) full(b []byte) {
	if d.err != nil {
		return
	}
	if _, err := io.ReadFull(d.r, b); err != nil {
		d.err = errorf("compact form: truncated: %v", err)
	}
}
