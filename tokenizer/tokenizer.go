package tokenizer

import (
	"crypto/sha256"
	"fmt"
	"hash/maphash"
	"sync"
)

// EOT is GPT-2's <|endoftext|> token id, its only special token.
const EOT = 50256

// Tokenizer is a byte-level BPE vocabulary and merge list. It is safe for
// concurrent use; its cache of encoded pre-tokens is shared.
type Tokenizer struct {
	tokens  []string       // [V] id -> raw bytes
	literal []bool         // [V] spelled as UTF-8 text in files, not in the byte alphabet
	ids     map[string]int // raw bytes -> id, byte-level tokens only
	byteIDs [256]int32     // byte -> id of its one-byte token
	merges  [][2]int32     // [M] (left, right) ids in rank order
	ranks   pairTable      // (left, right) -> rank and merged id
	special []int          // ids of special tokens, ascending
	isSpec  []bool         // [V]

	cache cache // pre-token -> ids, see cache.go

	fpOnce sync.Once
	fp     [32]byte
}

// pair is a merge's rank (its line in merges.txt, from 0) and the id of the
// token it makes.
type pair struct{ rank, id int32 }

func pairKey(left, right int32) uint64 { return uint64(uint32(left))<<32 | uint64(uint32(right)) }

// build makes a Tokenizer from raw token bytes, the literal flags and merges
// given as id pairs, checking that every byte has a token, every id is
// distinct and every merge makes a token of the vocabulary.
func build(tokens []string, literal []bool, merges [][2]int32) (*Tokenizer, error) {
	V := len(tokens)
	t := &Tokenizer{tokens: tokens, literal: literal, merges: merges,
		ids: make(map[string]int, V), ranks: newPairTable(len(merges)), isSpec: make([]bool, V)}
	t.cache.seed = maphash.MakeSeed()
	t.SetCacheSize(DefaultCacheSize)
	for id, tok := range tokens {
		if literal[id] {
			continue
		}
		if tok == "" {
			return nil, fmt.Errorf("tokenizer: token %d is empty", id)
		}
		if prev, dup := t.ids[tok]; dup {
			return nil, fmt.Errorf("tokenizer: tokens %d and %d are both %q", prev, id, byteLevelEncode([]byte(tok)))
		}
		t.ids[tok] = id
	}
	for b := 0; b < 256; b++ {
		id, ok := t.ids[string([]byte{byte(b)})]
		if !ok {
			return nil, fmt.Errorf("tokenizer: vocabulary lacks the token for byte 0x%02x (%q)", b, byteToRune[b])
		}
		t.byteIDs[b] = int32(id)
	}
	made := make([]bool, V)
	for rank, m := range merges {
		id, err := t.checkMerge(rank, m)
		if err != nil {
			return nil, err
		}
		t.ranks.put(m[0], m[1], pair{int32(rank), int32(id)})
		made[id] = true
	}
	for _, id := range t.byteIDs {
		made[id] = true
	}
	for id := range tokens {
		if !made[id] {
			t.special = append(t.special, id)
			t.isSpec[id] = true
		}
	}
	return t, nil
}

// checkMerge checks merge number rank and returns the id of the token it makes.
func (t *Tokenizer) checkMerge(rank int, m [2]int32) (int, error) {
	for _, id := range m {
		if id < 0 || int(id) >= len(t.tokens) || t.literal[id] {
			return 0, fmt.Errorf("tokenizer: merge %d: part %d is not a byte-level token", rank, id)
		}
	}
	if _, dup := t.ranks.get(m[0], m[1]); dup {
		return 0, fmt.Errorf("tokenizer: merge %d (%s %s) is a duplicate", rank, t.spell(int(m[0])), t.spell(int(m[1])))
	}
	id, ok := t.ids[t.tokens[m[0]]+t.tokens[m[1]]]
	if !ok {
		return 0, fmt.Errorf("tokenizer: merge %d (%s %s) makes a token that is not in the vocabulary",
			rank, t.spell(int(m[0])), t.spell(int(m[1])))
	}
	return id, nil
}

// spell returns token id as the vocabulary files write it.
func (t *Tokenizer) spell(id int) string {
	if t.literal[id] {
		return t.tokens[id]
	}
	return byteLevelEncode([]byte(t.tokens[id]))
}

// VocabSize returns V, the number of tokens (50,257 for GPT-2).
func (t *Tokenizer) VocabSize() int { return len(t.tokens) }

// NumMerges returns M, the number of merges (50,000 for GPT-2).
func (t *Tokenizer) NumMerges() int { return len(t.merges) }

// Token returns a copy of the raw bytes of token id (for <|endoftext|>,
// its text).
func (t *Tokenizer) Token(id int) ([]byte, error) {
	if id < 0 || id >= len(t.tokens) {
		return nil, t.rangeError(id)
	}
	return []byte(t.tokens[id]), nil
}

// ID returns the id of the token whose raw bytes (or, for a special token,
// text) are tok.
func (t *Tokenizer) ID(tok []byte) (int, bool) {
	if id, ok := t.ids[string(tok)]; ok {
		return id, true
	}
	for _, id := range t.special {
		if t.tokens[id] == string(tok) {
			return id, true
		}
	}
	return 0, false
}

// IsSpecial reports whether id is a special token (neither a byte nor made
// by a merge), such as <|endoftext|>.
func (t *Tokenizer) IsSpecial(id int) bool { return id >= 0 && id < len(t.isSpec) && t.isSpec[id] }

// Special returns the ids of the special tokens, ascending.
func (t *Tokenizer) Special() []int { return append([]int(nil), t.special...) }

func (t *Tokenizer) rangeError(id int) error {
	return fmt.Errorf("tokenizer: token id %d is outside the vocabulary [0, %d)", id, len(t.tokens))
}

// Fingerprint returns the SHA-256 of the tokenizer's canonical form
// (MarshalBinary): equal fingerprints mean the same vocabulary and merges.
func (t *Tokenizer) Fingerprint() [32]byte {
	t.fpOnce.Do(func() {
		h := sha256.New()
		t.writeBinary(h) // a hash.Hash never fails to write
		copy(t.fp[:], h.Sum(nil))
	})
	return t.fp
}

// errorf returns an error with the package prefix.
func errorf(format string, args ...any) error {
	return fmt.Errorf("tokenizer: "+format, args...)
}
