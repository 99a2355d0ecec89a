package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"gpt2/model"
	"gpt2/train"
	"gpt2/weights"
)

// summary is OUT/train_summary.json: what was written and how well it does
// on the whole validation split, in float32 and as written (quantized).
type summary struct {
	Config         model.Config  `json:"config"`
	Options        train.Options `json:"options"`
	Steps          int           `json:"steps_done"`
	Best           *train.Best   `json:"best,omitempty"`
	TrainTokens    int           `json:"train_tokens"`
	ValTokens      int           `json:"val_tokens"`
	DType          string        `json:"dtype"`
	ValLossF32     *float64      `json:"val_loss_f32,omitempty"`     // the written parameters before encoding
	ValLossWritten *float64      `json:"val_loss_written,omitempty"` // the model as loaded back from -out
}

// writeSummary evaluates the written model (loaded back from disk) and its
// float32 source on the whole validation split and records both.
func writeSummary(f *flags, tr *train.Trainer, final *train.Params[float32], data *train.Data, stdout io.Writer) error {
	o := tr.Options
	s := summary{Config: final.Config, Options: o, Steps: tr.Step, Best: tr.Best,
		TrainTokens: len(data.Train), ValTokens: len(data.Val), DType: f.dtype.String()}
	if len(data.Val) > o.Seq {
		g, err := train.NewGPT[float32](final.Config)
		if err != nil {
			return err
		}
		copy(g.Params.Data, final.Data)
		f32, err := train.Evaluate(g, data.Val, o.Batch, o.Seq, 0)
		if err != nil {
			return err
		}
		m, err := weights.LoadDir(os.DirFS(f.out), nil)
		if err != nil {
			return fmt.Errorf("reading back %s: %w", f.out, err)
		}
		if err := g.Params.SetWeights(m.Weights); err != nil {
			return err
		}
		written, err := train.Evaluate(g, data.Val, o.Batch, o.Seq, 0)
		if err != nil {
			return err
		}
		s.ValLossF32, s.ValLossWritten = &f32, &written
		fmt.Fprintf(stdout, "validation loss (all %d tokens): %.4f float32, %.4f as written (%s)\n", len(data.Val), f32, written, f.dtype)
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(f.out, "train_summary.json"), append(b, '\n'), 0o644)
}
