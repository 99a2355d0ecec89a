package tokenizer

import (
	"os"
	"slices"
	"testing"
	"unicode"
)

func readShakespeare(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("testdata/tinyshakespeare.txt")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestIsSpace: \s of Python's regex module is Unicode's White_Space plus
// U+001C..U+001F (the cases file has both kinds of characters; this pins
// the hand-written table to Go's White_Space table everywhere else).
func TestIsSpace(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := unicode.Is(unicode.White_Space, r) || (0x1C <= r && r <= 0x1F)
		if isSpace(r) != want {
			t.Errorf("isSpace(%U) = %v, want %v", r, !want, want)
		}
	}
}

func TestPretokens(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{"", nil},
		{"Hello world", []string{"Hello", " world"}},
		{"it's 's", []string{"it", "'s", " '", "s"}},
		{"DON'T", []string{"DON", "'", "T"}},
		{"I'll've", []string{"I", "'ll", "'ve"}},
		{"a  b", []string{"a", " ", " b"}},
		{"a \n b", []string{"a", " \n", " b"}},
		{"a\n\nb", []string{"a", "\n", "\n", "b"}},
		{"x   ", []string{"x", "   "}},
		{"  12ab!!  ?", []string{" ", " 12", "ab", "!!", " ", " ?"}},
		{"\u3000日本\u00a0語", []string{"\u3000", "日本", "\u00a0", "語"}},
		{"a\xffb\xff\xfe c", []string{"a", "\xff", "b", "\xff\xfe", " c"}},
		{"½⅓ x²", []string{"½⅓", " x", "²"}},
	} {
		var got []string
		pretokens(c.text, func(p string) { got = append(got, p) })
		if !slices.Equal(got, c.want) {
			t.Errorf("pretokens(%+q) = %+q, want %+q", c.text, got, c.want)
		}
	}
}
