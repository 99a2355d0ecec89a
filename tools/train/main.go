// Command train trains a GPT-2 from scratch or fine-tunes one on a text
// file and writes it in the project's model format, ready for the browser.
//
//	go run ./tools/train -data testdata/tinyshakespeare.txt -out models/x \
//	    -n-layer 4 -n-head 4 -n-embd 128 -n-positions 128 -steps 2000
//	go run ./tools/train -data my.txt -out models/y -init models/shakespeare
//
// It logs one JSON line per step (and per evaluation) to OUT/train_log.jsonl,
// draws OUT/loss.png, checkpoints the whole training state to
// CKPT/checkpoint.ckpt every -checkpoint-every (and CKPT/best.ckpt at each
// new best validation loss), and -resume continues an interrupted run
// exactly (-steps given with -resume lengthens or shortens the schedule
// instead). The model written is the best checkpoint (early stopping) when
// a validation split exists, else the last; OUT/train_summary.json records
// its validation loss in float32 and as written (read back from OUT).
//
// From scratch the model uses GPT-2's tokenizer; -init uses the tokenizer of
// the model it loads (on -resume of a fine-tune, pass -init again for it).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"gpt2/quant"
	"gpt2/train"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// flags are the command line.
type flags struct {
	data, out, init, ckptDir, log, quant string
	nLayer, nHead, nEmbd, nPositions     int
	opt                                  train.Options
	valFrac                              float64
	evalEvery, evalBatches               int
	checkpointEvery                      time.Duration
	resume                               bool
	stepsSet                             bool // -steps given: on -resume it reshapes the schedule
	dtype                                quant.DType
	temperature, topP                    float64
	topK, maxNewTokens                   int
}

func parseFlags(args []string, stderr io.Writer) (*flags, error) {
	f := &flags{opt: train.DefaultOptions()}
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.data, "data", "", "training text (UTF-8)")
	fs.StringVar(&f.out, "out", "", "output model folder")
	fs.StringVar(&f.init, "init", "", "fine-tune from this model folder (project format or Hugging Face)")
	fs.StringVar(&f.ckptDir, "checkpoint-dir", "", "folder for checkpoints (default: -out)")
	fs.StringVar(&f.log, "log", "", "JSONL log path (default: OUT/train_log.jsonl)")
	fs.StringVar(&f.quant, "quant", "q8", "encoding of the written matrices: f32, f16, q8, q4")
	fs.IntVar(&f.nLayer, "n-layer", 4, "layers (from scratch)")
	fs.IntVar(&f.nHead, "n-head", 4, "attention heads (from scratch)")
	fs.IntVar(&f.nEmbd, "n-embd", 128, "channels (from scratch)")
	fs.IntVar(&f.nPositions, "n-positions", 128, "context length (from scratch)")
	fs.IntVar(&f.opt.Steps, "steps", f.opt.Steps, "optimiser steps")
	fs.IntVar(&f.opt.Batch, "batch", f.opt.Batch, "sequences per step (B)")
	fs.IntVar(&f.opt.Seq, "seq", f.opt.Seq, "tokens per sequence (T)")
	fs.Float64Var(&f.opt.LR, "lr", f.opt.LR, "peak learning rate")
	fs.Float64Var(&f.opt.MinLR, "min-lr", 0, "final learning rate (0: lr/10)")
	fs.Float64Var(&f.opt.WeightDecay, "weight-decay", f.opt.WeightDecay, "AdamW decoupled weight decay (matrices only)")
	fs.IntVar(&f.opt.Warmup, "warmup", f.opt.Warmup, "linear warm-up steps")
	fs.Float64Var(&f.opt.Clip, "clip", f.opt.Clip, "gradient-norm clip (0: none)")
	fs.Uint64Var(&f.opt.Seed, "seed", f.opt.Seed, "seed of the initialisation and the batch sampler")
	fs.Float64Var(&f.valFrac, "val-frac", 0.1, "fraction of the text (its end) held out for validation")
	fs.IntVar(&f.evalEvery, "eval-every", 100, "evaluate the validation loss every N steps (0: only at the end)")
	fs.IntVar(&f.evalBatches, "eval-batches", 0, "batches per evaluation (0: the whole validation split)")
	fs.DurationVar(&f.checkpointEvery, "checkpoint-every", 5*time.Minute, "checkpoint interval (0: only at the end)")
	fs.BoolVar(&f.resume, "resume", false, "continue from CHECKPOINT-DIR/checkpoint.ckpt with its options (exactly; -steps, if given, changes the schedule's length)")
	fs.Float64Var(&f.temperature, "gen-temperature", 0.8, "generation default written to the model: temperature")
	fs.IntVar(&f.topK, "gen-top-k", 40, "generation default: top_k")
	fs.Float64Var(&f.topP, "gen-top-p", 0.95, "generation default: top_p")
	fs.IntVar(&f.maxNewTokens, "gen-max-new-tokens", 100, "generation default: max_new_tokens")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	fs.Visit(func(fl *flag.Flag) { f.stepsSet = f.stepsSet || fl.Name == "steps" })
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return f, f.check()
}

func (f *flags) check() error {
	if f.data == "" || f.out == "" {
		return fmt.Errorf("-data and -out are required")
	}
	d, err := quant.ParseDType(f.quant)
	if err != nil {
		return fmt.Errorf("-quant: %w", err)
	}
	f.dtype = d
	if f.ckptDir == "" {
		f.ckptDir = f.out
	}
	if f.log == "" {
		f.log = f.out + "/train_log.jsonl"
	}
	if !(f.valFrac >= 0 && f.valFrac < 1) {
		return fmt.Errorf("-val-frac = %g, want in [0, 1)", f.valFrac)
	}
	if f.evalEvery < 0 || f.evalBatches < 0 || f.checkpointEvery < 0 {
		return fmt.Errorf("-eval-every, -eval-batches and -checkpoint-every must not be negative")
	}
	return nil
}

func run(args []string, stdout, stderr io.Writer) int {
	f, err := parseFlags(args, stderr)
	if err != nil {
		if err != flag.ErrHelp {
			fmt.Fprintln(stderr, "train:", err)
		}
		return 2
	}
	if err := trainAndExport(f, stdout); err != nil {
		msg := err.Error()
		if !strings.HasPrefix(msg, "train: ") { // the train package's errors carry the prefix already
			msg = "train: " + msg
		}
		fmt.Fprintln(stderr, msg)
		return 1
	}
	return 0
}
