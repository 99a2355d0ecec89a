// Command convert turns a Hugging Face GPT-2 checkpoint into the engine's
// model folder (package weights), and inspects model folders.
//
//	go run ./tools/convert -in HF_DIR -out MODEL_DIR -quant q8 [-embed-quant q8] [-shard-size 24MiB]
//	go run ./tools/convert -hf openai-community/gpt2 -out MODEL_DIR -quant q8
//	go run ./tools/convert -random gpt2 -out MODEL_DIR -quant q4
//	go run ./tools/convert -info MODEL_DIR [-compare HF_DIR]
//
// -quant encodes every matrix; -embed-quant, if set, encodes the
// embeddings (wte, wpe) differently. Biases and LayerNorm parameters stay
// f32. The tokenizer comes from the folder's vocab.json + merges.txt or
// tokenizer.json, else GPT-2's (the tool says so); GPT-2's own tokenizer is
// recorded as builtin and not copied.
//
// -hf NAME downloads NAME's files from the Hugging Face hub
// (ENDPOINT/NAME/resolve/main/FILE; -hf-endpoint or $HF_ENDPOINT, $HF_TOKEN
// if set) into a cache folder (-cache), resuming .partial files with HTTP
// Range requests, then converts them.
//
// -random gpt2 converts random Gaussian weights (std 0.02) of GPT-2 124M's
// shape instead of a checkpoint, to measure the format.
//
// -info verifies every shard (size, SHA-256, frames), prints the manifest,
// the load time and memory, and with -compare the quantization error of
// each tensor (max abs, RMS) against the Hugging Face source.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gpt2/quant"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

type options struct {
	in, out, hf, random, info, compare string
	endpoint, cache                    string
	quant, embedQuant                  quant.DType
	embedSet                           bool
	shardSize                          int64
	seed                               uint64
	noCompress, quiet                  bool
}

func parse(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("convert", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.in, "in", "", "Hugging Face GPT-2 folder to convert")
	fs.StringVar(&o.out, "out", "", "model folder to write")
	fs.StringVar(&o.hf, "hf", "", "download this Hugging Face model (e.g. openai-community/gpt2) and convert it")
	fs.StringVar(&o.endpoint, "hf-endpoint", envOr("HF_ENDPOINT", "https://huggingface.co"), "Hugging Face hub URL")
	fs.StringVar(&o.cache, "cache", defaultCache(), "download cache folder")
	fs.StringVar(&o.random, "random", "", "convert random weights of this shape instead (gpt2: 124M)")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of -random")
	fs.StringVar(&o.info, "info", "", "verify and describe this model folder")
	fs.StringVar(&o.compare, "compare", "", "with -info: Hugging Face folder to measure the quantization error against")
	q := fs.String("quant", "q8", "encoding of the matrices: f32, f16, q8 or q4")
	eq := fs.String("embed-quant", "", "encoding of wte and wpe (default: -quant)")
	shard := fs.String("shard-size", "24MiB", "largest shard file (bytes, or with KiB/MiB/GiB)")
	fs.BoolVar(&o.noCompress, "no-compress", false, "store every frame uncompressed")
	fs.BoolVar(&o.quiet, "quiet", false, "no progress on stderr")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("convert: unexpected argument %q", fs.Arg(0))
	}
	var err error
	if o.quant, err = quant.ParseDType(*q); err != nil {
		return nil, fmt.Errorf("convert: -quant: %w", err)
	}
	o.embedQuant, o.embedSet = o.quant, *eq != ""
	if o.embedSet {
		if o.embedQuant, err = quant.ParseDType(*eq); err != nil {
			return nil, fmt.Errorf("convert: -embed-quant: %w", err)
		}
	}
	if o.shardSize, err = parseSize(*shard); err != nil {
		return nil, fmt.Errorf("convert: -shard-size: %w", err)
	}
	return o, o.check()
}

func (o *options) check() error {
	sources := 0
	for _, s := range []string{o.in, o.hf, o.random} {
		if s != "" {
			sources++
		}
	}
	switch {
	case o.info != "" && sources > 0:
		return errors.New("convert: -info does not convert: drop -in, -hf and -random")
	case o.info == "" && o.compare != "":
		return errors.New("convert: -compare needs -info")
	case o.info == "" && sources != 1:
		return errors.New("convert: give exactly one of -in, -hf, -random (or -info); see -h")
	case o.info == "" && o.out == "":
		return errors.New("convert: -out MODEL_DIR is required")
	case o.random != "" && o.random != "gpt2":
		return fmt.Errorf("convert: -random %q: the known shape is gpt2", o.random)
	}
	return nil
}

// parseSize parses "24MiB", "512KiB", "1GiB" or a number of bytes.
func parseSize(s string) (int64, error) {
	mult := int64(1)
	for suffix, m := range map[string]int64{"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "KB": 1e3, "MB": 1e6, "GB": 1e9} {
		if strings.HasSuffix(s, suffix) {
			s, mult = strings.TrimSuffix(s, suffix), m
			break
		}
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || n <= 0 || n*float64(mult) > 1<<40 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return int64(n * float64(mult)), nil
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func defaultCache() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "gpt2-hf-cache")
	}
	return filepath.Join(dir, "gpt2", "hf")
}

func run(args []string, stdout, stderr io.Writer) int {
	o, err := parse(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err == nil {
		switch {
		case o.info != "":
			err = info(o, stdout, stderr)
		default:
			err = convert(o, stdout, stderr)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}
