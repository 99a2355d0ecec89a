package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"text/tabwriter"
	"time"

	"gpt2/hf"
	"gpt2/model"
	"gpt2/weights"
)

// info verifies and describes a model folder, and with -compare measures
// each tensor's error against the Hugging Face source.
func info(o *options, stdout, stderr io.Writer) error {
	f, err := os.Open(filepath.Join(o.info, weights.ManifestFile))
	if err != nil {
		return fmt.Errorf("convert: %w", err)
	}
	m, err := weights.ReadManifest(f)
	f.Close()
	if err != nil {
		return err
	}
	summary(stdout, m)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "tensor\tdtype\tshape\tshard\toffset\tbytes")
	for _, t := range m.Tensors {
		fmt.Fprintf(tw, "%s\t%v\t%v\t%d\t%d\t%d\n", t.Name, t.DType, t.Shape, t.Shard, t.Offset, t.Size)
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "shard\tbytes\tstream range\tsha256")
	for _, s := range m.Shards {
		fmt.Fprintf(tw, "%s\t%d\t[%d, %d)\t%s\n", s.File, s.Size, s.Start, s.End, s.SHA256)
	}
	tw.Flush()
	tok, err := m.LoadTokenizer(func(name string) (io.ReadCloser, error) { return os.Open(filepath.Join(o.info, name)) })
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "tokenizer: %d tokens\n", tok.VocabSize())
	start := time.Now()
	var mem memPeak
	stop := mem.sample()
	w, err := loadWeights(m, o.info)
	stop()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "verified %d shards (size, SHA-256, frames) and loaded them in %v; heap in use grew %d bytes (peak %d), memory from the OS grew %d bytes (peak %d)\n",
		len(m.Shards), time.Since(start).Round(time.Millisecond), mem.heapAfter-mem.heapBefore, mem.heapPeak-mem.heapBefore, mem.sysAfter-mem.sysBefore, mem.sysPeak-mem.sysBefore)
	if o.compare == "" {
		return nil
	}
	ck, err := hf.Load(os.DirFS(o.compare))
	if err != nil {
		return err
	}
	return compare(stdout, w, ck)
}

// loadWeights loads the shards of dir one after the other.
func loadWeights(m *weights.Manifest, dir string) (*model.Weights, error) {
	ld, err := weights.NewLoader(m, nil)
	if err != nil {
		return nil, err
	}
	for i, s := range m.Shards {
		f, err := os.Open(filepath.Join(dir, s.File))
		if err != nil {
			return nil, fmt.Errorf("convert: %w", err)
		}
		err = ld.LoadShard(i, f)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	return ld.Weights()
}

// memPeak samples runtime.MemStats while a load runs.
type memPeak struct {
	heapBefore, heapAfter, heapPeak uint64
	sysBefore, sysAfter, sysPeak    uint64
}

func (p *memPeak) sample() (stop func()) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	p.heapBefore, p.heapPeak, p.sysBefore, p.sysPeak = ms.HeapInuse, ms.HeapInuse, ms.Sys, ms.Sys
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				p.read()
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		p.heapAfter, p.sysAfter = p.read()
	}
}

func (p *memPeak) read() (heap, sys uint64) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	p.heapPeak, p.sysPeak = max(p.heapPeak, ms.HeapInuse), max(p.sysPeak, ms.Sys)
	return ms.HeapInuse, ms.Sys
}

// compare prints, per tensor, the max abs and RMS difference between the
// loaded (dequantized) weights and the source checkpoint.
func compare(w io.Writer, got *model.Weights, ck *hf.Checkpoint) error {
	if got.Config != ck.Config {
		return fmt.Errorf("convert: -compare: the source's config %+v differs from the model's %+v", ck.Config, got.Config)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "tensor\tdtype\tmax abs error\tRMS error\tRMS of values\t")
	var worst float64
	for _, p := range got.Params() {
		var vals []float32
		dtype := "f32"
		if p.Kind == model.Vector {
			vals = *p.Vector
		} else {
			vals = (*p.Matrix).Dequantize()
			dtype = (*p.Matrix).DType.String()
		}
		maxAbs, rms, norm := diff(vals, ck.Tensors[p.Name])
		worst = max(worst, maxAbs)
		fmt.Fprintf(tw, "%s\t%s\t%.3g\t%.3g\t%.3g\t\n", p.Name, dtype, maxAbs, rms, norm)
	}
	tw.Flush()
	fmt.Fprintf(w, "largest error of any value: %.3g\n", worst)
	return nil
}

func diff(got, want []float32) (maxAbs, rms, norm float64) {
	var sum, sumW float64
	for i, v := range got {
		d := float64(v) - float64(want[i])
		maxAbs = max(maxAbs, math.Abs(d))
		sum += d * d
		sumW += float64(want[i]) * float64(want[i])
	}
	n := float64(len(got))
	return maxAbs, math.Sqrt(sum / n), math.Sqrt(sumW / n)
}
