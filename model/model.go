package model

import (
	"fmt"
	"runtime"

	"gpt2/kernels"
	"gpt2/quant"
)

// Options tune how a Model runs; the zero value is the default.
type Options struct {
	// Threads is the number of goroutines a large matrix product is split
	// across: 0 means kernels.DefaultThreads() (GOMAXPROCS natively, 1
	// under GOOS=js, where goroutines do not run in parallel).
	Threads int
	// Kernels is the implementation of the matrix products; nil means
	// kernels.Fast.
	Kernels *kernels.Set
}

// maxThreads bounds Options.Threads.
const maxThreads = 1024

// Model is a GPT-2 ready to run: weights checked, kernels chosen, worker
// goroutines started. It is safe for concurrent use by several Sessions.
// Its workers stop when the Model becomes unreachable or on Close.
type Model struct {
	w       *Weights
	cfg     Config
	kernels *kernels.Set
	pool    *kernels.Pool
	scratch int // values of scratch per goroutine
	// minParallel is the work (multiply-adds) below which a product
	// runs inline; tests lower it to exercise the split.
	minParallel int
}

// New prepares w to run with the default Options.
func New(w *Weights) (*Model, error) { return NewWithOptions(w, Options{}) }

// NewWithOptions prepares w to run: it checks the config, every tensor's
// shape and storage, and starts the worker goroutines.
func NewWithOptions(w *Weights, o Options) (*Model, error) {
	if w == nil {
		return nil, fmt.Errorf("model: nil weights")
	}
	if o.Threads < 0 || o.Threads > maxThreads {
		return nil, fmt.Errorf("model: Options.Threads = %d, want 0 (default) to %d", o.Threads, maxThreads)
	}
	if err := w.Config.Validate(); err != nil {
		return nil, err
	}
	if len(w.Blocks) != w.Config.NLayer {
		return nil, fmt.Errorf("model: %d blocks, config n_layer = %d", len(w.Blocks), w.Config.NLayer)
	}
	if err := w.Check(); err != nil {
		return nil, err
	}
	set := o.Kernels
	if set == nil {
		set = &kernels.Fast
	}
	for _, p := range w.Params() {
		if p.Kind == Matrix {
			if err := checkStorage(p.Name, *p.Matrix, set); err != nil {
				return nil, err
			}
		}
	}
	c := w.Config
	scratch := max(kernels.ScratchLen(max(c.NEmbd, c.Inner())), c.NPositions)
	m := &Model{w: w, cfg: c, kernels: set, scratch: scratch, minParallel: minParallel}
	m.pool = kernels.NewPool(o.Threads, scratch)
	runtime.AddCleanup(m, func(p *kernels.Pool) { p.Close() }, m.pool)
	return m, nil
}

// checkStorage verifies that a matrix holds exactly the values its shape
// and encoding imply, so that no kernel can index out of range.
func checkStorage(name string, m *quant.Matrix, set *kernels.Set) error {
	if !m.DType.Valid() {
		return fmt.Errorf("model: tensor %s has unknown encoding %v", name, m.DType)
	}
	if set.For(m.DType) == nil {
		return fmt.Errorf("model: tensor %s: kernels %q have no %v product", name, set.Name, m.DType)
	}
	n, nb := m.Rows*m.Cols, m.Rows*quant.BlocksPerRow(m.Cols)
	want := map[quant.DType][4]int{ // F32, F16, Q8, Q4 lengths; Scale, Min follow
		quant.F32: {n, 0, 0, 0},
		quant.F16: {0, n, 0, 0},
		quant.Q8:  {0, 0, nb * quant.BlockSize, 0},
		quant.Q4:  {0, 0, 0, nb * quant.BlockSize / 2},
	}[m.DType]
	got := [4]int{len(m.F32), len(m.F16), len(m.Q8), len(m.Q4)}
	scales, mins := 0, 0
	if m.DType.Quantized() {
		scales = nb
	}
	if m.DType == quant.Q4 {
		mins = nb
	}
	if got != want || len(m.Scale) != scales || len(m.Min) != mins {
		return fmt.Errorf("model: tensor %s [%d, %d] %v: storage has the wrong length", name, m.Rows, m.Cols, m.DType)
	}
	return nil
}

// Config returns the model's configuration.
func (m *Model) Config() Config { return m.cfg }

// Weights returns the model's weights (not a copy).
func (m *Model) Weights() *Weights { return m.w }

// Threads returns the number of goroutines a product is split across.
func (m *Model) Threads() int { return m.pool.Threads() }

// Close stops the worker goroutines now rather than when m becomes
// unreachable. m and its Sessions must not be used afterwards.
func (m *Model) Close() { m.pool.Close() }
