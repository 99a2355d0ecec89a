package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runArgs(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	rc := run(args, &out, &errb)
	return rc, out.String() + errb.String()
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBadInput: bad input is refused with a clear error before any work.
func TestBadInput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "model")
	short := writeFile(t, "short.txt", []byte("To be, or not to be: that is the question."))
	ok := writeFile(t, "ok.txt", bytes.Repeat([]byte("To be, or not to be: that is the question.\n"), 40))
	tiny := []string{"-n-layer", "1", "-n-embd", "8", "-n-head", "2", "-n-positions", "16", "-seq", "16", "-batch", "2"}
	for _, c := range []struct {
		name string
		args []string
		rc   int
		want string
	}{
		{"no data", []string{"-out", out}, 2, "-data and -out are required"},
		{"bad quant", []string{"-data", ok, "-out", out, "-quant", "q3"}, 2, "-quant"},
		{"bad val-frac", []string{"-data", ok, "-out", out, "-val-frac", "1"}, 2, "-val-frac"},
		{"missing file", []string{"-data", filepath.Join(t.TempDir(), "none.txt"), "-out", out}, 1, "none.txt"},
		{"empty", []string{"-data", writeFile(t, "empty.txt", nil), "-out", out}, 1, "empty text"},
		{"not utf-8", []string{"-data", writeFile(t, "latin1.txt", []byte("caf\xe9 au lait")), "-out", out}, 1, "invalid byte 0xe9 at offset 3"},
		{"shorter than a batch", append([]string{"-data", short, "-out", out}, tiny...), 1, "fewer than one"},
		{"seq beyond context", append([]string{"-data", ok, "-out", out}, append(tiny, "-seq", "32")...), 1, "seq = 32"},
		{"bad shape", append([]string{"-data", ok, "-out", out}, append(tiny, "-n-head", "3")...), 1, "not a multiple of n_head"},
		{"resume without checkpoint", []string{"-data", ok, "-out", out, "-resume"}, 1, "-resume"},
	} {
		rc, msg := runArgs(t, c.args...)
		if rc != c.rc || !strings.Contains(msg, c.want) {
			t.Errorf("%s: rc %d, output %q; want rc %d and %q", c.name, rc, msg, c.rc, c.want)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a refused run created %s", out)
	}
}
