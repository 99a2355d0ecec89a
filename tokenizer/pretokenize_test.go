package tokenizer

import (
	"fmt"
	"os"
	"slices"
	"strings"
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

// TestClassesMatchPythonRegex asks, for every code point, the class that
// Python's regex module gave (testdata/python_regex_classes.txt, ranges
// "lo hi class" in hex, written by testdata/gen_python.py together with the
// table) and checks that the table answers the same, and that \s is
// Unicode's White_Space (Go's table for it agrees with Unicode 17.0).
func TestClassesMatchPythonRegex(t *testing.T) {
	n := 0
	b, err := os.ReadFile("testdata/python_regex_classes.txt")
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var lo, hi rune
		var k class
		if _, err := fmt.Sscanf(line, "%x %x %d", &lo, &hi, &k); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		for r := lo; r <= hi; r++ {
			if got := runeClass(r); got != k {
				t.Fatalf("class of %U = %d, Python regex says %d", r, got, k)
			}
			if (k == classSpace) != unicode.Is(unicode.White_Space, r) {
				t.Errorf("%U: \\s %v, White_Space %v", r, k == classSpace, !(k == classSpace))
			}
			n++
		}
	}
	if n != unicode.MaxRune+1 {
		t.Fatalf("the ranges cover %d code points, want %d", n, unicode.MaxRune+1)
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
		{"\n\n\x1c", []string{"\n", "\n", "\x1c"}}, // U+001C is not \s in regex
		{"a \x1cb", []string{"a", " \x1c", "b"}},
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
