package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"gpt2/hf"
	"gpt2/model"
	"gpt2/quant"
	"gpt2/tokenizer"
	"gpt2/weights"
)

// gpt2Config is GPT-2 124M's shape.
var gpt2Config = model.Config{NLayer: 12, NHead: 12, NEmbd: 768, NPositions: 1024, VocabSize: 50257, LayerNormEpsilon: 1e-5, Activation: "gelu_new"}

func convert(o *options, stdout, stderr io.Writer) error {
	start := time.Now()
	ck, tok, src, err := source(o, stdout, stderr)
	if err != nil {
		return err
	}
	read := time.Since(start)
	w, err := ck.Weights(func(s model.TensorSpec) quant.DType {
		if s.Name == "wte.weight" || s.Name == "wpe.weight" {
			return o.embedQuant
		}
		return o.quant
	})
	if err != nil {
		return err
	}
	if err := clearOutput(o.out); err != nil {
		return err
	}
	create := func(name string) (io.WriteCloser, error) { return os.Create(filepath.Join(o.out, name)) }
	m, err := weights.Write(w, ck.Generation, tok, weights.Options{ShardSize: o.shardSize, NoCompress: o.noCompress}, create)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "converted %s -> %s in %v (reading %v, encoding and writing %v)\n",
		src, o.out, time.Since(start).Round(time.Millisecond), read.Round(time.Millisecond), (time.Since(start) - read).Round(time.Millisecond))
	summary(stdout, m)
	return nil
}

// source returns the checkpoint to convert, its tokenizer (nil: GPT-2's)
// and a description of where it came from.
func source(o *options, stdout, stderr io.Writer) (*hf.Checkpoint, *tokenizer.Tokenizer, string, error) {
	if o.random != "" {
		return randomCheckpoint(gpt2Config, o.seed), nil, fmt.Sprintf("random %s (seed %d)", o.random, o.seed), nil
	}
	dir := o.in
	if o.hf != "" {
		var err error
		if dir, err = download(o, stderr); err != nil {
			return nil, nil, "", err
		}
	}
	ck, err := hf.Load(os.DirFS(dir))
	if err != nil {
		return nil, nil, "", err
	}
	tok, err := folderTokenizer(dir, stdout)
	return ck, tok, dir, err
}

// folderTokenizer reads vocab.json + merges.txt, else tokenizer.json, else
// falls back to GPT-2's tokenizer, saying so.
func folderTokenizer(dir string, stdout io.Writer) (*tokenizer.Tokenizer, error) {
	vocab, errV := os.Open(filepath.Join(dir, "vocab.json"))
	merges, errM := os.Open(filepath.Join(dir, "merges.txt"))
	if errV == nil && errM == nil {
		defer vocab.Close()
		defer merges.Close()
		return tokenizer.ReadHF(vocab, merges)
	}
	if errV == nil {
		vocab.Close()
	}
	if errM == nil {
		merges.Close()
	}
	if f, err := os.Open(filepath.Join(dir, "tokenizer.json")); err == nil {
		defer f.Close()
		return tokenizer.ReadHFJSON(f)
	}
	fmt.Fprintf(stdout, "no vocab.json + merges.txt or tokenizer.json in %s: using GPT-2's tokenizer\n", dir)
	return nil, nil
}

// clearOutput creates dir and removes the files a previous conversion left
// there, so that no stale shard survives.
func clearOutput(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("convert: %w", err)
	}
	old, _ := filepath.Glob(filepath.Join(dir, "shard-*.bin"))
	old = append(old, filepath.Join(dir, weights.ManifestFile), filepath.Join(dir, weights.TokenizerFile))
	for _, f := range old {
		if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("convert: %w", err)
		}
	}
	return nil
}

// randomCheckpoint returns Gaussian weights of cfg's shape: matrices
// N(0, 0.02), LayerNorm weights 1, biases 0 (GPT-2's initialization).
func randomCheckpoint(cfg model.Config, seed uint64) *hf.Checkpoint {
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	ck := &hf.Checkpoint{Config: cfg, Tensors: map[string][]float32{}}
	for _, s := range cfg.Tensors() {
		v := make([]float32, s.Elements())
		switch {
		case s.Kind == model.Matrix:
			for i := range v {
				v[i] = float32(r.NormFloat64() * 0.02)
			}
		case isLayerNormWeight(s.Name):
			for i := range v {
				v[i] = 1
			}
		}
		ck.Tensors[s.Name] = v
	}
	return ck
}

func isLayerNormWeight(name string) bool {
	for _, suffix := range []string{"ln_1.weight", "ln_2.weight", "ln_f.weight"} {
		if len(name) >= len(suffix) && name[len(name)-len(suffix):] == suffix {
			return true
		}
	}
	return false
}

// summary prints tensors, parameters and bytes per encoding, and the
// output's size against float32.
func summary(w io.Writer, m *weights.Manifest) {
	type row struct {
		tensors       int
		params, bytes int64
	}
	rows := map[quant.DType]*row{}
	var params, stream int64
	for _, t := range m.Tensors {
		r := rows[t.DType]
		if r == nil {
			r = &row{}
			rows[t.DType] = r
		}
		n := int64(1)
		for _, d := range t.Shape {
			n *= int64(d)
		}
		r.tensors++
		r.params += n
		r.bytes += t.Size
		params += n
		stream += t.Size
	}
	var files int64
	for _, s := range m.Shards {
		files += s.Size
	}
	c := m.Config
	fmt.Fprintf(w, "model: %d layers, %d heads, %d channels, %d positions, %d tokens; tokenizer %s\n",
		c.NLayer, c.NHead, c.NEmbd, c.NPositions, c.VocabSize, tokenizerName(m.Tokenizer))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "encoding\ttensors\tparameters\tbytes\t")
	for _, d := range []quant.DType{quant.F32, quant.F16, quant.Q8, quant.Q4} {
		if r := rows[d]; r != nil {
			fmt.Fprintf(tw, "%v\t%d\t%d\t%d\t\n", d, r.tensors, r.params, r.bytes)
		}
	}
	fmt.Fprintf(tw, "total\t%d\t%d\t%d\t\n", len(m.Tensors), params, stream)
	tw.Flush()
	fmt.Fprintf(w, "output: %d shards, %d bytes = %.1f%% of float32 (%d bytes); zstd saved %.1f%% of %d encoded bytes\n",
		len(m.Shards), files, 100*float64(files)/float64(4*params), 4*params, 100*(1-float64(files)/float64(stream)), stream)
}

func tokenizerName(t weights.TokenizerRef) string {
	if t.Builtin != "" {
		return "builtin " + t.Builtin
	}
	return t.File
}
