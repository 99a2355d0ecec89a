// Command bench measures the engine on a GPT-2-shaped model with random
// weights: prefill tokens/s over a prompt, decode tokens/s over new
// tokens, and memory. It runs natively and under GOOS=js GOARCH=wasm
// (Node, through go_js_wasm_exec):
//
//	go run ./tools/bench -dtype q8
//	GOOS=js GOARCH=wasm go build -o /tmp/bench.wasm ./tools/bench
//	$(go env GOROOT)/lib/wasm/go_js_wasm_exec /tmp/bench.wasm -dtype q8
//
// The default shape is GPT-2 124M (12 layers, 12 heads, 768 channels,
// 1024 positions, 50257 tokens). Each repeat resets the session, prefills
// the prompt in one Append, then decodes one token per Append; the
// output is one Markdown table row with the median and the best repeat.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"

	"gpt2/model"
	"gpt2/quant"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

type options struct {
	cfg           model.Config
	dtype         quant.DType
	prompt, new   int
	repeats       int
	threads       int
	seed          uint64
	header, quiet bool
}

func parse(args []string, stderr io.Writer) (*options, error) {
	o := &options{cfg: model.Config{LayerNormEpsilon: 1e-5, Activation: "gelu_new"}}
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.cfg.NLayer, "layers", 12, "n_layer")
	fs.IntVar(&o.cfg.NHead, "heads", 12, "n_head")
	fs.IntVar(&o.cfg.NEmbd, "embd", 768, "n_embd")
	fs.IntVar(&o.cfg.NPositions, "positions", 1024, "n_positions")
	fs.IntVar(&o.cfg.VocabSize, "vocab", 50257, "vocab_size")
	dtype := fs.String("dtype", "q8", "encoding of the matrices: f32, f16, q8 or q4")
	fs.IntVar(&o.prompt, "prompt", 128, "prompt tokens (prefilled in one pass)")
	fs.IntVar(&o.new, "new", 128, "new tokens (decoded one at a time)")
	fs.IntVar(&o.repeats, "repeats", 3, "repeats (median and best are reported)")
	fs.IntVar(&o.threads, "threads", 0, "goroutines per product (0: GOMAXPROCS natively, 1 under js)")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the random weights")
	fs.BoolVar(&o.header, "header", false, "print the table header first")
	fs.BoolVar(&o.quiet, "quiet", false, "no progress on stderr")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("bench: unexpected argument %q", fs.Arg(0))
	}
	var err error
	if o.dtype, err = quant.ParseDType(*dtype); err != nil {
		return nil, err
	}
	if err := o.cfg.Validate(); err != nil {
		return nil, err
	}
	if o.prompt < 1 || o.new < 1 || o.repeats < 1 || o.prompt+o.new > o.cfg.NPositions {
		return nil, fmt.Errorf("bench: need -prompt >= 1, -new >= 1, -repeats >= 1 and prompt+new <= %d positions", o.cfg.NPositions)
	}
	return o, nil
}

func run(args []string, stdout, stderr io.Writer) int {
	o, err := parse(args, stderr)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	logf := func(format string, a ...any) {
		if !o.quiet {
			fmt.Fprintf(stderr, format+"\n", a...)
		}
	}
	logf("bench: building %v weights (%d parameters)", o.dtype, o.cfg.NumParameters())
	w, err := randomWeights(o.cfg, o.dtype, o.seed)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	m, err := model.NewWithOptions(w, model.Options{Threads: o.threads})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	defer m.Close()
	r, err := measure(m, o, logf)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if o.header {
		fmt.Fprintln(stdout, header)
	}
	fmt.Fprintln(stdout, r.row(o, m, weightBytes(w)))
	return 0
}

// target names where the benchmark runs.
func target() string {
	if runtime.GOOS == "js" {
		return "wasm (Node)"
	}
	return "native " + runtime.GOARCH
}
