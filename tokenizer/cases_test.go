package tokenizer

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"slices"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// testCase is a line of testdata/cases.jsonl.zst: a string and the ids
// OpenAI's encoder.py (with Python's regex module) gives for it. The file is
// a zstd-compressed copy of shared/fixtures/tokenizer/cases.jsonl.
type testCase struct {
	Text      string `json:"text"`
	IDs       []int  `json:"ids"`
	Roundtrip bool   `json:"roundtrip"`
}

func readCases(t testing.TB) []testCase {
	t.Helper()
	var cases []testCase
	for i, b := range zstdLines(t, "testdata/cases.jsonl.zst") {
		var c testCase
		if err := json.Unmarshal(b, &c); err != nil {
			t.Fatalf("cases line %d: %v", i+1, err)
		}
		cases = append(cases, c)
	}
	return cases
}

// zstdLines returns the lines of a zstd-compressed testdata file.
func zstdLines(t testing.TB, name string) [][]byte {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := zstd.NewReader(f, zstd.WithDecoderConcurrency(1))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n"))
}

func mustGPT2(t testing.TB) *Tokenizer {
	t.Helper()
	tok, err := GPT2()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestEncoderPyCases checks Encode against every line of the fixture, and
// Decode(Encode(s)) == s where the fixture says s round-trips.
func TestEncoderPyCases(t *testing.T) {
	tok := mustGPT2(t)
	cases := readCases(t)
	if len(cases) != 1965 {
		t.Fatalf("read %d cases, want 1965", len(cases))
	}
	failed, roundtrips := 0, 0
	for i, c := range cases {
		if got := tok.Encode(c.Text); !slices.Equal(got, c.IDs) {
			if failed++; failed <= 10 {
				t.Errorf("line %d: Encode(%+q)\n got %v\nwant %v", i+1, c.Text, got, c.IDs)
			}
			continue
		}
		if got := tok.bpeOnlyReference(c.Text); !slices.Equal(got, c.IDs) {
			t.Errorf("line %d: reference BPE of %+q = %v, want %v", i+1, c.Text, got, c.IDs)
		}
		if c.Roundtrip {
			roundtrips++
			if s, err := tok.Decode(c.IDs, false); err != nil || s != c.Text {
				t.Errorf("line %d: Decode = %+q, %v; want %+q", i+1, s, err, c.Text)
			}
		}
	}
	t.Logf("%d of %d cases match encoder.py (%d round-trip checked)", len(cases)-failed, len(cases), roundtrips)
}

// TestEncoderPyExtraCases: strings on which readings of the pattern
// differ (each white space character of Unicode and of Python's re in
// contexts, letters and numbers new in Unicode 16 and 17), with the ids of
// encoder.py run by testdata/gen_python.py under Python's regex module.
func TestEncoderPyExtraCases(t *testing.T) {
	tok := mustGPT2(t)
	b, err := os.ReadFile("testdata/python_encoder_extra.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSpace(b), []byte("\n"))
	for i, line := range lines {
		var c testCase
		if err := json.Unmarshal(line, &c); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if got := tok.Encode(c.Text); !slices.Equal(got, c.IDs) {
			t.Errorf("line %d: Encode(%+q) = %v, encoder.py %v", i+1, c.Text, got, c.IDs)
		}
	}
	if len(lines) < 250 {
		t.Fatalf("%d cases, want the whole file", len(lines))
	}
}

// bpeOnlyReference encodes with the reference merge loop and no cache.
func (t *Tokenizer) bpeOnlyReference(text string) []int {
	var ids []int
	pretokens(text, func(piece string) { ids = append(ids, t.bpeReference(piece)...) })
	return ids
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
