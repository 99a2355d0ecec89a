package tokenizer

import "unicode/utf8"

// UTF-8 with replacement, as Python's bytes.decode("utf-8", errors="replace")
// does it: each maximal subpart of an ill-formed sequence becomes one U+FFFD
// (Unicode 15, section 3.9, "U+FFFD Substitution of Maximal Subparts"). A
// lead byte followed by fewer continuation bytes than it needs, each in its
// allowed range, is one subpart: "\xe2\x82" gives one U+FFFD where
// utf8.DecodeRune would give two, and strings.ToValidUTF8 would collapse a
// run of invalid bytes into one.

// seqLen returns how many bytes the sequence led by b needs, and the range
// of its second byte; n is 0 if b cannot lead a sequence.
func seqLen(b byte) (n int, lo, hi byte) {
	switch {
	case b < 0x80:
		return 1, 0, 0
	case 0xC2 <= b && b <= 0xDF:
		return 2, 0x80, 0xBF
	case b == 0xE0:
		return 3, 0xA0, 0xBF
	case b == 0xED:
		return 3, 0x80, 0x9F
	case 0xE1 <= b && b <= 0xEF:
		return 3, 0x80, 0xBF
	case b == 0xF0:
		return 4, 0x90, 0xBF
	case 0xF1 <= b && b <= 0xF3:
		return 4, 0x80, 0xBF
	case b == 0xF4:
		return 4, 0x80, 0x8F
	}
	return 0, 0, 0
}

// validPrefix returns n, the length the sequence at the start of b needs,
// and k, how many of its bytes b holds in their allowed ranges. k == n is a
// whole character; k < n is a maximal subpart (or, at the end of b, a
// character not yet complete); n == 0 means b[0] cannot start a sequence.
func validPrefix(b []byte) (n, k int) {
	n, lo, hi := seqLen(b[0])
	if n <= 1 {
		return n, n
	}
	k = 1
	for k < n && k < len(b) {
		if b[k] < lo || b[k] > hi {
			break
		}
		k++
		lo, hi = 0x80, 0xBF
	}
	return n, k
}

// appendReplacing appends b to dst as valid UTF-8, one U+FFFD for each
// maximal invalid subpart.
func appendReplacing(dst, b []byte) []byte {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			dst = append(dst, b[i])
			i++
			continue
		}
		n, k := validPrefix(b[i:])
		switch {
		case n == 0:
			dst = utf8.AppendRune(dst, utf8.RuneError)
			i++
		case k < n:
			dst = utf8.AppendRune(dst, utf8.RuneError)
			i += k
		default:
			dst = append(dst, b[i:i+n]...)
			i += n
		}
	}
	return dst
}

// incompleteTail returns the length of the character at the end of b that
// later bytes could still complete: a lead byte and its continuation bytes,
// each in range, fewer than it needs. It is 0 if b ends with a whole
// character or with bytes that are invalid whatever follows.
func incompleteTail(b []byte) int {
	for k := 1; k <= 3 && k <= len(b); k++ {
		i := len(b) - k
		if b[i] < 0x80 || b[i] >= 0xC0 { // not a continuation byte: a lead
			n, got := validPrefix(b[i:])
			if n > k && got == k {
				return k
			}
			return 0
		}
	}
	return 0
}
