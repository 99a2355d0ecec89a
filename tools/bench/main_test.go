package main

import (
	"bytes"
	"strings"
	"testing"
)

var tiny = []string{"-layers", "1", "-heads", "2", "-embd", "32", "-positions", "16", "-vocab", "50",
	"-prompt", "4", "-new", "3", "-repeats", "2", "-quiet"}

// The tool runs every encoding on a tiny shape and prints one table row.
func TestRunTiny(t *testing.T) {
	for _, d := range []string{"f32", "f16", "q8", "q4"} {
		var out, errs bytes.Buffer
		if code := run(append(tiny, "-dtype", d, "-threads", "2"), &out, &errs); code != 0 {
			t.Fatalf("%s: exit %d: %s", d, code, errs.String())
		}
		row := strings.TrimSpace(out.String())
		if !strings.HasPrefix(row, "| "+target()+" | "+d+" | 2 | ") || strings.Count(row, "|") != 10 {
			t.Errorf("%s: row %q", d, row)
		}
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-dtype", "q5"},
		{"-prompt", "0"},
		{"-positions", "16", "-prompt", "10", "-new", "7"},
		{"-heads", "5"},
		{"extra"},
	} {
		var out, errs bytes.Buffer
		if code := run(args, &out, &errs); code != 2 || errs.Len() == 0 {
			t.Errorf("run(%q) = %d, stderr %q; want 2 and a message", args, code, errs.String())
		}
	}
}
