// Command generate continues a prompt with a GPT-2 model and streams the
// text to stdout, as Hugging Face's
//
//	model.generate(input_ids, max_length=50, num_return_sequences=1)
//
// followed by decode(..., skip_special_tokens=True):
//
//	go run ./tools/generate -model models/shakespeare -prompt "The quick brown fox jumps over the lazy dog" -max-length 50 -n 1
//
// MODEL_DIR is a folder of this project's weights (model.json and shards)
// or a Hugging Face GPT-2 folder (config.json, model.safetensors). Options
// not given come from the model's generation config, else from Hugging
// Face's defaults (max_length 20, greedy, top_k 50). -temperature > 0
// turns sampling on; -temperature 0 is greedy.
//
// With -json the result is one object {"prompt_ids", "sequences": [{"ids"
// (new tokens only), "text", "finish_reason"}], "stats"}. -dump-logits
// FILE writes the logits [V] the model gives after the prompt (before any
// processing) as little-endian float32.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"gpt2/generate"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// config is the parsed command line.
type config struct {
	modelDir, prompt, promptIDs, dumpLogits string
	jsonOut                                 bool
	threads                                 int
	set                                     map[string]bool // flags given
	o                                       flagOptions
}

// flagOptions mirror generate.Options; only the flags given override the
// model's defaults.
type flagOptions struct {
	maxNew, maxLen, topK, ngram, n, eos int
	temperature, topP, minP, penalty    float64
	seed                                uint64
	sample, keepSpecial                 bool
	stop                                stopList
}

// stopList is the repeatable -stop flag.
type stopList []string

func (s *stopList) String() string     { return strings.Join(*s, ",") }
func (s *stopList) Set(v string) error { *s = append(*s, v); return nil }

func parse(args []string, stderr io.Writer) (*config, error) {
	c := &config{set: map[string]bool{}}
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.modelDir, "model", "", "model folder (model.json + shards, or a Hugging Face folder)")
	fs.StringVar(&c.prompt, "prompt", "", "prompt text")
	fs.StringVar(&c.promptIDs, "prompt-ids", "", "prompt as token ids, comma-separated (instead of -prompt)")
	fs.IntVar(&c.o.maxNew, "max-new-tokens", 0, "new tokens per sequence (wins over -max-length)")
	fs.IntVar(&c.o.maxLen, "max-length", 0, "prompt + new tokens")
	fs.Float64Var(&c.o.temperature, "temperature", 1, "temperature; 0 is greedy, > 0 samples")
	fs.BoolVar(&c.o.sample, "do-sample", false, "sample (at temperature 1 unless -temperature is given)")
	fs.IntVar(&c.o.topK, "top-k", 50, "keep the k most likely tokens (0: all)")
	fs.Float64Var(&c.o.topP, "top-p", 1, "nucleus: keep the most likely tokens up to this probability")
	fs.Float64Var(&c.o.minP, "min-p", 0, "keep tokens at least this fraction as likely as the best")
	fs.Float64Var(&c.o.penalty, "repetition-penalty", 1, "HF repetition penalty (1: none)")
	fs.IntVar(&c.o.ngram, "no-repeat-ngram", 0, "never repeat an n-gram of this size (0: off)")
	fs.IntVar(&c.o.n, "n", 1, "number of sequences (num_return_sequences)")
	fs.Uint64Var(&c.o.seed, "seed", 0, "random seed (default: from the clock, printed to stderr)")
	fs.Var(&c.o.stop, "stop", "stop string (repeatable)")
	fs.IntVar(&c.o.eos, "eos", generate.EndOfText, "eos_token_id (-1: none)")
	fs.BoolVar(&c.o.keepSpecial, "keep-special", false, "keep special tokens (<|endoftext|>) in the text")
	fs.BoolVar(&c.jsonOut, "json", false, "print one JSON object instead of streaming text")
	fs.StringVar(&c.dumpLogits, "dump-logits", "", "write the prompt's last-position logits [V] as little-endian float32 to this file")
	fs.IntVar(&c.threads, "threads", 0, "goroutines per matrix product (0: GOMAXPROCS)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	fs.Visit(func(f *flag.Flag) { c.set[f.Name] = true })
	switch {
	case fs.NArg() > 0:
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	case c.modelDir == "":
		return nil, errors.New("-model is required")
	case c.set["prompt"] && c.set["prompt-ids"]:
		return nil, errors.New("give -prompt or -prompt-ids, not both")
	case c.threads < 0:
		return nil, fmt.Errorf("-threads = %d, want >= 0", c.threads)
	}
	return c, nil
}

// options overrides the model's defaults with the flags given.
func (c *config) options(d generate.Options) generate.Options {
	o, f := d, c.o
	// In order: an explicit -do-sample wins over what -temperature implies.
	override := []struct {
		flag  string
		apply func()
	}{
		{"max-new-tokens", func() { o.MaxNewTokens = f.maxNew }},
		{"max-length", func() { o.MaxLength = f.maxLen }},
		{"temperature", func() { o.Temperature, o.DoSample = f.temperature, f.temperature > 0 }},
		{"do-sample", func() { o.DoSample = f.sample }},
		{"top-k", func() { o.TopK = f.topK }},
		{"top-p", func() { o.TopP = f.topP }},
		{"min-p", func() { o.MinP = f.minP }},
		{"repetition-penalty", func() { o.RepetitionPenalty = f.penalty }},
		{"no-repeat-ngram", func() { o.NoRepeatNGramSize = f.ngram }},
		{"n", func() { o.NumReturnSequences = f.n }},
		{"seed", func() { o.Seed = f.seed }},
		{"stop", func() { o.Stop = f.stop }},
		{"eos", func() { o.EOSTokenID = f.eos }},
		{"keep-special", func() { o.SkipSpecialTokens = !f.keepSpecial }},
	}
	for _, x := range override {
		if c.set[x.flag] {
			x.apply()
		}
	}
	if c.set["max-length"] && !c.set["max-new-tokens"] {
		o.MaxNewTokens = 0 // the model's max_new_tokens would win otherwise
	}
	if !c.set["seed"] {
		o.Seed = uint64(time.Now().UnixNano())
	}
	return o
}

func run(args []string, stdout, stderr io.Writer) int {
	c, err := parse(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "generate: %v\n", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := c.run(ctx, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "generate: %v\n", err)
		return 1
	}
	return 0
}

// run loads the model, generates and prints.
func (c *config) run(ctx context.Context, stdout, stderr io.Writer) error {
	start := time.Now()
	l, err := load(c.modelDir, c.threads)
	if err != nil {
		return err
	}
	cfg := l.model.Config()
	fmt.Fprintf(stderr, "loaded %s (%s: %d layers, %d channels, %d positions) in %v\n",
		c.modelDir, l.format, cfg.NLayer, cfg.NEmbd, cfg.NPositions, time.Since(start).Round(time.Millisecond))
	o := c.options(generate.DefaultOptions(l.generation))
	if err := o.Validate(); err != nil {
		return err
	}
	if o.Sampling() && !c.set["seed"] {
		fmt.Fprintf(stderr, "seed %d\n", o.Seed)
	}
	prompt := l.tokenizer.EncodeSpecial(c.prompt)
	if c.set["prompt-ids"] {
		if prompt, err = parseIDs(c.promptIDs); err != nil {
			return err
		}
	}
	if c.dumpLogits != "" {
		if err := dumpLogits(c.dumpLogits, l, prompt, o); err != nil {
			return err
		}
	}
	return c.generate(ctx, l, prompt, o, stdout, stderr)
}
