package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gpt2/tokenizer"
)

// tokenize runs the command on stdin and returns its exit status, stdout
// and stderr.
func tokenize(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	rc := run(args, strings.NewReader(stdin), &out, &errOut)
	return rc, out.String(), errOut.String()
}

func TestEncode(t *testing.T) {
	for _, c := range []struct {
		args       []string
		stdin, out string
	}{
		{nil, "Hello world", "15496 995\n"},
		{nil, "", "\n"},
		{[]string{"-count"}, "Hello world", "2\n"},
		{nil, "a<|endoftext|>", "64 27 91 437 1659 5239 91 29\n"},
		{[]string{"-special"}, "a<|endoftext|>", "64 50256\n"},
		{[]string{"-jsonl"}, "{\"text\": \"Hello world\"}\n\n{\"text\": \"<a>\"}\n", "{\"text\":\"Hello world\",\"ids\":[15496,995]}\n{\"text\":\"<a>\",\"ids\":[27,64,29]}\n"},
		{[]string{"-jsonl", "-count"}, `{"text": ""}`, "{\"text\":\"\",\"count\":0}\n"},
		{[]string{"-decode"}, "15496, 995\n[50256]", "Hello world<|endoftext|>"},
		{[]string{"-decode", "-skip-special"}, "15496 995 50256", "Hello world"},
		{[]string{"-decode"}, "", ""},
	} {
		rc, out, errOut := tokenize(t, c.stdin, c.args...)
		if rc != 0 || out != c.out {
			t.Errorf("tokenize %v < %q: rc %d, out %q, stderr %q; want 0, %q", c.args, c.stdin, rc, out, errOut, c.out)
		}
	}
}

func TestHelp(t *testing.T) {
	rc, out, errOut := tokenize(t, "", "-h")
	if rc != 0 || out != "" || !strings.Contains(errOut, "usage: tokenize") || !strings.Contains(errOut, "-jsonl") {
		t.Errorf("-h: rc %d, stdout %q, stderr %q", rc, out, errOut)
	}
}

func TestBadInput(t *testing.T) {
	for _, c := range []struct {
		args        []string
		stdin, want string
		rc          int
	}{
		{[]string{"-jsonl"}, "{\"text\": \"a\"}\nnot json\n", "line 2: not JSON", 1},
		{[]string{"-jsonl"}, "{\"txt\": \"a\"}\n", `line 1: no "text" string`, 1},
		{[]string{"-decode"}, "1 2\n3 x4\n", `line 2: "x4" is not a token id`, 1},
		{[]string{"-decode"}, "50257", "line 1: tokenizer: token id 50257 is outside the vocabulary", 1},
		{[]string{"-decode"}, "-1", "line 1: tokenizer: token id -1", 1},
		{[]string{"-decode", "-count"}, "1", "-decode takes no", 2},
		{[]string{"-no-such-flag"}, "", "flag provided but not defined", 2},
		{[]string{"-vocab", "/nonexistent"}, "a", "holds neither", 1},
	} {
		rc, out, errOut := tokenize(t, c.stdin, c.args...)
		if rc != c.rc || !strings.Contains(errOut, c.want) {
			t.Errorf("tokenize %v < %q: rc %d, stderr %q; want %d and %q", c.args, c.stdin, rc, errOut, c.rc, c.want)
		}
		if c.args[0] == "-decode" && out != "" {
			t.Errorf("tokenize %v < %q wrote %q before failing", c.args, c.stdin, out)
		}
	}
}

// TestVocabDirAndCompact: the tokenizer's files written to a folder, under
// both naming conventions, and its compact form load back to GPT-2.
func TestVocabDirAndCompact(t *testing.T) {
	gpt2, err := tokenizer.GPT2()
	if err != nil {
		t.Fatal(err)
	}
	for _, names := range [][2]string{{"vocab.json", "merges.txt"}, {"encoder.json", "vocab.bpe"}} {
		dir := t.TempDir()
		var v, m bytes.Buffer
		if err := gpt2.WriteHF(&v, &m); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, names[0]), v.Bytes(), 0o644)
		os.WriteFile(filepath.Join(dir, names[1]), m.Bytes(), 0o644)
		if rc, out, errOut := tokenize(t, "Hello world", "-vocab", dir); rc != 0 || out != "15496 995\n" {
			t.Errorf("-vocab with %v: rc %d, out %q, stderr %q", names, rc, out, errOut)
		}
	}
	file := filepath.Join(t.TempDir(), "gpt2.bpe.zst")
	if rc, _, errOut := tokenize(t, "", "-write-compact", file); rc != 0 {
		t.Fatalf("-write-compact: rc %d, %s", rc, errOut)
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	back, err := tokenizer.ReadCompressed(f)
	if err != nil || back.Fingerprint() != gpt2.Fingerprint() {
		t.Fatalf("ReadCompressed(-write-compact output): %v", err)
	}
}
