package tokenizer

import (
	"unicode"
	"unicode/utf8"
)

// The pre-tokenizer: encoder.py's pattern, written by hand because Go's
// regexp has no look-ahead. Alternatives are tried in order at each
// position, as a backtracking regex engine does:
//
//	's|'t|'re|'ve|'m|'ll|'d     contractions (case-sensitive)
//	 ?\p{L}+                    optional U+0020, then letters
//	 ?\p{N}+                    optional U+0020, then numbers
//	 ?[^\s\p{L}\p{N}]+          optional U+0020, then other characters
//	\s+(?!\S)                   white space not followed by a non-space:
//	                            the whole run at the end of the text, else
//	                            all of the run but its last character
//	\s+                         the single white space left before a non-space

// class is a character's class in the pattern.
type class uint8

const (
	classOther  class = iota // [^\s\p{L}\p{N}], and every invalid UTF-8 byte
	classLetter              // \p{L}
	classNumber              // \p{N}
	classSpace               // \s
)

// asciiClass is the class of each ASCII byte.
var asciiClass = func() (t [utf8.RuneSelf]class) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = runeClass(rune(c))
	}
	return t
}()

// isSpace reports whether r is \s in Python's regex module: the Unicode
// White_Space property plus the ASCII separators U+001C..U+001F.
func isSpace(r rune) bool {
	switch {
	case r <= 0xFF:
		return r == ' ' || ('\t' <= r && r <= '\r') || (0x1C <= r && r <= 0x1F) || r == 0x85 || r == 0xA0
	case r < 0x1680:
		return false
	}
	switch r {
	case 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
		return true
	}
	return 0x2000 <= r && r <= 0x200A
}

func runeClass(r rune) class {
	switch {
	case isSpace(r):
		return classSpace
	case unicode.IsLetter(r):
		return classLetter
	case unicode.IsNumber(r):
		return classNumber
	}
	return classOther
}

// next returns the class and width of the character at the start of s
// (s non-empty). An invalid UTF-8 byte is a classOther character of width 1.
func next(s string) (class, int) {
	if c := s[0]; c < utf8.RuneSelf {
		return asciiClass[c], 1
	}
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && n <= 1 {
		return classOther, 1
	}
	return runeClass(r), n
}

// runEnd returns the end of the run of characters of class c that starts
// at s[i:].
func runEnd(s string, i int, c class) int {
	for i < len(s) {
		ci, n := next(s[i:])
		if ci != c {
			break
		}
		i += n
	}
	return i
}

// contraction returns the length of the contraction ('s 't 're 've 'm 'll
// 'd) at the start of s, or 0.
func contraction(s string) int {
	if len(s) < 2 || s[0] != '\'' {
		return 0
	}
	switch s[1] {
	case 's', 't', 'm', 'd':
		return 2
	}
	if len(s) >= 3 {
		switch s[1:3] {
		case "re", "ve", "ll":
			return 3
		}
	}
	return 0
}

// pretokenLen returns the length in bytes of the pre-token at the start of
// s (s non-empty).
func pretokenLen(s string) int {
	if n := contraction(s); n > 0 {
		return n
	}
	c, n := next(s)
	if s[0] == ' ' && len(s) > 1 {
		if c2, n2 := next(s[1:]); c2 != classSpace {
			return runEnd(s, 1+n2, c2) // " ?" then a run of c2
		}
	}
	if c != classSpace {
		return runEnd(s, n, c)
	}
	end := runEnd(s, n, classSpace)
	if end == len(s) || end == n {
		return end // \s+(?!\S) at the end of the text, or \s+ of one character
	}
	// \s+(?!\S): back off the run's last character.
	_, last := utf8.DecodeLastRuneInString(s[:end])
	return end - last
}

// pretokens calls f with each pre-token of text, in order.
func pretokens(text string, f func(piece string)) {
	for len(text) > 0 {
		n := pretokenLen(text)
		f(text[:n])
		text = text[n:]
	}
}
