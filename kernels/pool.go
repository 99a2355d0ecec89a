package kernels

import (
	"runtime"
	"sync"

	"gpt2/quant"
)

// Task is work split over an index range [0, n): Run does [lo, hi) with
// scratch owned by the calling goroutine.
type Task interface {
	Run(lo, hi int, scratch []float32)
}

// Pool runs Tasks on a fixed set of goroutines: the caller's plus
// Threads()-1 workers, each with its own scratch. A Pool with one thread
// starts no goroutine and runs everything inline (the choice under
// GOOS=js, where goroutines do not run in parallel).
//
// Several goroutines may drive one Pool at once, each with its own Local.
// The workers stop when Close is called.
type Pool struct {
	threads int
	jobs    chan job
}

// Local is what one driver of a Pool owns: its scratch and its wait
// group. Allocate it once (NewLocal) and reuse it for every Run.
type Local struct {
	Scratch []float32
	wg      sync.WaitGroup
}

// NewLocal returns a Local with scratchLen values of scratch.
func NewLocal(scratchLen int) *Local { return &Local{Scratch: make([]float32, scratchLen)} }

type job struct {
	task   Task
	lo, hi int
	wg     *sync.WaitGroup
}

// DefaultThreads is runtime.GOMAXPROCS natively and 1 under GOOS=js.
func DefaultThreads() int {
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		return 1
	}
	return runtime.GOMAXPROCS(0)
}

// NewPool starts a pool of threads goroutines (DefaultThreads if
// threads <= 0); each worker has scratchLen values of scratch.
func NewPool(threads, scratchLen int) *Pool {
	if threads <= 0 {
		threads = DefaultThreads()
	}
	p := &Pool{threads: threads}
	if threads > 1 {
		p.jobs = make(chan job, threads)
		for i := 1; i < threads; i++ {
			go worker(p.jobs, make([]float32, scratchLen))
		}
	}
	return p
}

func worker(jobs <-chan job, scratch []float32) {
	for j := range jobs {
		j.task.Run(j.lo, j.hi, scratch)
		j.wg.Done()
	}
}

// Threads returns the number of goroutines that run a Task.
func (p *Pool) Threads() int { return p.threads }

// Close stops the workers. The pool must not be used afterwards.
func (p *Pool) Close() {
	if p.jobs != nil {
		close(p.jobs)
		p.jobs = nil
	}
}

// Run runs t over [0, n) and returns when it is done. The range is split
// into at most Threads() pieces whose boundaries are multiples of grain;
// with fewer than minN items, or one thread, it runs inline on l.Scratch.
func (p *Pool) Run(t Task, n, grain, minN int, l *Local) {
	if p.jobs == nil || n < minN || n < 2*grain {
		t.Run(0, n, l.Scratch)
		return
	}
	chunk := (n + p.threads - 1) / p.threads
	chunk = (chunk + grain - 1) / grain * grain
	for lo := chunk; lo < n; lo += chunk {
		l.wg.Add(1)
		p.jobs <- job{task: t, lo: lo, hi: min(lo+chunk, n), wg: &l.wg}
	}
	t.Run(0, min(chunk, n), l.Scratch)
	l.wg.Wait()
}

// MatMul is a Task that computes Y = X Wᵀ (see Kernel) split by rows of
// W: set its fields and pass it to Pool.Run with n = W.Rows.
type MatMul struct {
	Kernel Kernel
	W      *quant.Matrix
	X, Y   []float32
	T      int
}

// Run computes rows [lo, hi).
func (m *MatMul) Run(lo, hi int, scratch []float32) {
	m.Kernel(m.W, m.X, m.T, m.Y, lo, hi, scratch)
}

// RowGroup is the number of rows the fast kernels compute per pass: split
// products at multiples of it.
const RowGroup = rowGroup
