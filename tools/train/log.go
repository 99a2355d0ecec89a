package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"time"
)

// record is one line of the JSONL training log.
type record struct {
	Step     int      `json:"step"`
	Loss     float64  `json:"loss"`               // training batch loss before the step
	ValLoss  *float64 `json:"val_loss,omitempty"` // validation loss after the step
	LR       float64  `json:"lr"`
	GradNorm float64  `json:"grad_norm"`
	Tokens   int64    `json:"tokens"`    // training tokens seen
	ElapsedS float64  `json:"elapsed_s"` // wall time, across resumes
	TokPerS  float64  `json:"tok_per_s"` // this process's average
}

func (r record) progress(steps int, eta time.Duration) string {
	val := ""
	if r.ValLoss != nil {
		val = fmt.Sprintf(" val %.4f", *r.ValLoss)
	}
	return fmt.Sprintf("step %d/%d loss %.4f%s lr %.2e norm %.2f %.0f tok/s ETA %s",
		r.Step, steps, r.Loss, val, r.LR, r.GradNorm, r.TokPerS, eta.Round(time.Second))
}

// logWriter appends records to the log file.
type logWriter struct {
	f      *os.File
	offset float64 // elapsed seconds of earlier runs (on resume)
}

// openLog creates the log, or on resume keeps the records up to step (a
// run interrupted after its last checkpoint logged steps it will redo).
func openLog(path string, step int, resume bool) (*logWriter, error) {
	var keep []record
	if resume {
		recs, err := readLog(path)
		if err != nil && !os.IsNotExist(err) {
			return nil, err
		}
		for _, r := range recs {
			if r.Step <= step {
				keep = append(keep, r)
			}
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	lw := &logWriter{f: f}
	for _, r := range keep {
		if err := lw.write(r); err != nil {
			f.Close()
			return nil, err
		}
		lw.offset = r.ElapsedS
	}
	return lw, nil
}

func (lw *logWriter) write(r record) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = lw.f.Write(append(b, '\n'))
	return err
}

func (lw *logWriter) Close() error { return lw.f.Close() }

// readLog reads every record of a JSONL log.
func readLog(path string) ([]record, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var recs []record
	sc := bufio.NewScanner(bytes.NewReader(b))
	for line := 1; sc.Scan(); line++ {
		var r record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		recs = append(recs, r)
	}
	return recs, sc.Err()
}
