package weights

import (
	"fmt"
	"sort"

	"gpt2/model"
	"gpt2/quant"
)

// kind is how a section's bytes map to its destination values.
type kind uint8

const (
	kindF32   kind = iota // float32        <-> []float32
	kindF16               // float16 bits   <-> []uint16 (an f16 matrix)
	kindScale             // float16        <-> []float32 (q8/q4 scales and mins)
	kindI8                // int8           <-> []int8
	kindU8                // byte           <-> []uint8
)

var kindWidth = [...]int{kindF32: 4, kindF16: 2, kindScale: 2, kindI8: 1, kindU8: 1}

// section is a run of values of one kind in the stream: [start, end) holds
// exactly the values of one of its slices.
type section struct {
	tensor     string
	start, end int64
	kind       kind
	f32        []float32
	u16        []uint16
	i8         []int8
	u8         []uint8
}

func (s *section) width() int { return kindWidth[s.kind] }

// layout lists the sections of w in stream order: the tensors of
// w.Params(), each matrix split as the package doc says. Writer and loader
// both walk it.
func layout(w *model.Weights) []section {
	var secs []section
	var off int64
	add := func(s section, n int) {
		s.start, s.end = off, off+int64(n*kindWidth[s.kind])
		off = s.end
		secs = append(secs, s)
	}
	for _, p := range w.Params() {
		if p.Kind == model.Vector {
			add(section{tensor: p.Name, kind: kindF32, f32: *p.Vector}, len(*p.Vector))
			continue
		}
		m := *p.Matrix
		switch m.DType {
		case quant.F32:
			add(section{tensor: p.Name, kind: kindF32, f32: m.F32}, len(m.F32))
		case quant.F16:
			add(section{tensor: p.Name, kind: kindF16, u16: m.F16}, len(m.F16))
		case quant.Q8:
			add(section{tensor: p.Name, kind: kindScale, f32: m.Scale}, len(m.Scale))
			add(section{tensor: p.Name, kind: kindI8, i8: m.Q8}, len(m.Q8))
		case quant.Q4:
			add(section{tensor: p.Name, kind: kindScale, f32: m.Scale}, len(m.Scale))
			add(section{tensor: p.Name, kind: kindScale, f32: m.Min}, len(m.Min))
			add(section{tensor: p.Name, kind: kindU8, u8: m.Q4}, len(m.Q4))
		}
	}
	return secs
}

// findSection returns the index of the section holding stream offset off.
func findSection(secs []section, off int64) int {
	return sort.Search(len(secs), func(i int) bool { return secs[i].end > off })
}

// allocate returns weights for m with every tensor allocated (zero) in the
// manifest's dtypes: the loader decodes straight into them.
func allocate(m *Manifest) (*model.Weights, error) {
	w, err := model.NewWeights(m.Config)
	if err != nil {
		return nil, err
	}
	for i, p := range w.Params() {
		t := m.Tensors[i]
		if p.Kind == model.Vector {
			*p.Vector = make([]float32, p.Shape[0])
			continue
		}
		mat, err := quant.NewMatrix(p.Shape[0], p.Shape[1], t.DType)
		if err != nil {
			return nil, fmt.Errorf("weights: tensor %s: %w", t.Name, err)
		}
		*p.Matrix = mat
	}
	return w, nil
}

// streamSize returns the bytes of the stream that the manifest's tensors
// take.
func (m *Manifest) streamSize() int64 {
	var n int64
	for _, t := range m.Tensors {
		n += t.Size
	}
	return n
}
