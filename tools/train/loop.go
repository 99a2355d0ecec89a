package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"gpt2/model"
	"gpt2/tokenizer"
	"gpt2/train"
)

const (
	checkpointFile = "checkpoint.ckpt"
	bestFile       = "best.ckpt"
)

// trainAndExport runs the whole command: data, trainer, loop, model, curve.
func trainAndExport(f *flags, stdout io.Writer) error {
	text, err := readText(f.data)
	if err != nil {
		return err
	}
	g, tok, err := initModel(f)
	if err != nil {
		return err
	}
	t0 := time.Now()
	tokens := tok.Encode(text)
	tokenizeTime := time.Since(t0)
	data, err := train.Split(tokens, f.valFrac)
	if err != nil {
		return err
	}
	tr, err := newTrainer(f, g, data)
	if err != nil {
		return err
	}
	cfg := tr.Model.Params.Config
	fmt.Fprintf(stdout, "data: %d tokens (%d train, %d validation), tokenized in %s; model: %d layers, %d heads, %d channels, %d positions, %d parameters\n",
		len(tokens), len(data.Train), len(data.Val), tokenizeTime.Round(time.Millisecond), cfg.NLayer, cfg.NHead, cfg.NEmbd, cfg.NPositions, cfg.NumParameters())
	for _, dir := range []string{f.out, f.ckptDir} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	lg, err := openLog(f.log, tr.Step, f.resume)
	if err != nil {
		return err
	}
	defer lg.Close()
	if err := loop(f, tr, lg, stdout); err != nil {
		return err
	}
	if err := saveCheckpoint(tr, filepath.Join(f.ckptDir, checkpointFile)); err != nil {
		return err
	}
	final, err := exportParams(f, tr, data, stdout)
	if err != nil {
		return err
	}
	if err := exportModel(f.out, final, f.dtype, f.generation(), tok); err != nil {
		return err
	}
	if err := plotLog(f.log, filepath.Join(f.out, "loss.png")); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%s)\n", f.out, f.dtype)
	return writeSummary(f, tr, final, data, stdout)
}

// initModel loads the -init model and its tokenizer, or returns no model
// and GPT-2's tokenizer.
func initModel(f *flags) (*train.GPT[float32], *tokenizer.Tokenizer, error) {
	if f.init == "" {
		tok, err := tokenizer.GPT2()
		return nil, tok, err
	}
	g, tok, err := loadInit(f.init)
	if err != nil {
		return nil, nil, fmt.Errorf("-init %s: %w", f.init, err)
	}
	return g, tok, nil
}

// newTrainer resumes, fine-tunes g (when not nil) or starts from scratch,
// as the flags say.
func newTrainer(f *flags, g *train.GPT[float32], data *train.Data) (*train.Trainer, error) {
	if f.resume {
		r, err := os.Open(filepath.Join(f.ckptDir, checkpointFile))
		if err != nil {
			return nil, fmt.Errorf("-resume: %w", err)
		}
		defer r.Close()
		tr, err := train.ReadCheckpoint(r, data)
		if err != nil || !f.stepsSet || f.opt.Steps == tr.Options.Steps {
			return tr, err
		}
		if f.opt.Steps < tr.Step {
			return nil, fmt.Errorf("-steps %d: the checkpoint is already at step %d", f.opt.Steps, tr.Step)
		}
		tr.Options.Steps = f.opt.Steps // the cosine changes from here on: not an exact continuation
		return tr, nil
	}
	if g != nil {
		return train.NewTrainer(g, data, f.opt)
	}
	cfg := model.Config{NLayer: f.nLayer, NHead: f.nHead, NEmbd: f.nEmbd, NPositions: f.nPositions,
		VocabSize: 50257, LayerNormEpsilon: 1e-5, Activation: "gelu_new"}
	return train.NewScratch(cfg, data, f.opt)
}

// loop trains until -steps, evaluating, logging and checkpointing.
func loop(f *flags, tr *train.Trainer, lg *logWriter, stdout io.Writer) error {
	o := tr.Options
	start, lastCkpt, startStep := time.Now(), time.Now(), tr.Step
	for tr.Step < o.Steps {
		st, err := tr.TrainStep()
		if err != nil {
			return err
		}
		el := time.Since(start).Seconds()
		rec := record{Step: st.Step, Loss: st.Loss, LR: st.LR, GradNorm: st.GradNorm,
			Tokens: int64(st.Step) * int64(o.Batch*o.Seq), ElapsedS: lg.offset + el,
			TokPerS: float64((st.Step-startStep)*o.Batch*o.Seq) / el}
		evalNow := len(tr.Data.Val) > 0 && ((f.evalEvery > 0 && st.Step%f.evalEvery == 0) || st.Step == o.Steps)
		if evalNow {
			v, err := tr.Evaluate(tr.Data.Val, f.evalBatches)
			if err != nil {
				return err
			}
			rec.ValLoss = &v
			if tr.Best == nil || v < tr.Best.ValLoss {
				tr.Best = &train.Best{Step: st.Step, ValLoss: v}
				if err := saveCheckpoint(tr, filepath.Join(f.ckptDir, bestFile)); err != nil {
					return err
				}
			}
		}
		if err := lg.write(rec); err != nil {
			return err
		}
		if evalNow || st.Step%10 == 0 || st.Step == startStep+1 {
			eta := time.Duration(float64(o.Steps-st.Step) * el / float64(st.Step-startStep) * float64(time.Second))
			fmt.Fprintln(stdout, rec.progress(o.Steps, eta))
		}
		if f.checkpointEvery > 0 && time.Since(lastCkpt) >= f.checkpointEvery {
			if err := saveCheckpoint(tr, filepath.Join(f.ckptDir, checkpointFile)); err != nil {
				return err
			}
			lastCkpt = time.Now()
		}
	}
	return nil
}

// saveCheckpoint writes the trainer's state atomically (temp file, rename).
func saveCheckpoint(tr *train.Trainer, path string) error {
	tmp := path + ".tmp"
	w, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err := tr.WriteCheckpoint(w); err != nil {
		w.Close()
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// exportParams picks the parameters to write: the best checkpoint's when a
// validation split was evaluated, else the current ones.
func exportParams(f *flags, tr *train.Trainer, data *train.Data, stdout io.Writer) (*train.Params[float32], error) {
	if tr.Best == nil {
		return tr.Model.Params, nil
	}
	r, err := os.Open(filepath.Join(f.ckptDir, bestFile))
	if err != nil {
		return nil, fmt.Errorf("best checkpoint: %w", err)
	}
	defer r.Close()
	best, err := train.ReadCheckpoint(r, data)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(stdout, "writing the best checkpoint: step %d, validation loss %.4f\n", tr.Best.Step, tr.Best.ValLoss)
	return best.Model.Params, nil
}

// generation returns the generation defaults written with the model.
func (f *flags) generation() *model.GenerationConfig {
	doSample, eos := true, 50256
	return &model.GenerationConfig{DoSample: &doSample, Temperature: &f.temperature, TopK: &f.topK,
		TopP: &f.topP, MaxNewTokens: &f.maxNewTokens, EOSTokenID: &eos, BOSTokenID: &eos}
}
