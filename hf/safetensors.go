package hf

import (
	"encoding/binary"
	"encoding/json"
	"io"
	"math"
	"sort"

	"github.com/x448/float16"
)

// MaxHeader is the largest safetensors header accepted (the format's own
// limit), so that a corrupt length never asks for a huge allocation.
const MaxHeader = 100 << 20

// dtypeSizes are the bytes a value of each safetensors dtype takes. Only
// F32, F16 and BF16 can be converted; the others may appear in tensors that
// are skipped (mask buffers).
var dtypeSizes = map[string]int64{
	"F64": 8, "F32": 4, "F16": 2, "BF16": 2,
	"I64": 8, "I32": 4, "I16": 2, "I8": 1,
	"U64": 8, "U32": 4, "U16": 2, "U8": 1, "BOOL": 1,
	"F8_E4M3": 1, "F8_E5M2": 1,
}

// TensorInfo is one entry of a safetensors header.
type TensorInfo struct {
	Name       string
	DType      string
	Shape      []int64
	Begin, End int64 // byte range in the data section
}

// Elements returns the number of values (the product of Shape).
func (t *TensorInfo) Elements() int64 {
	n := int64(1)
	for _, d := range t.Shape {
		n *= d
	}
	return n
}

// Header is a parsed safetensors header.
type Header struct {
	File      string
	DataStart int64        // 8 + header length: where offsets count from
	Tensors   []TensorInfo // sorted by Begin
	Metadata  map[string]string
}

type rawEntry struct {
	DType       string  `json:"dtype"`
	Shape       []int64 `json:"shape"`
	DataOffsets []int64 `json:"data_offsets"`
}

// ReadHeader reads the header of a safetensors file of size bytes from r and
// checks every entry: known dtype, offsets inside the file and consistent
// with dtype and shape, the data section covered exactly. file names the
// file in errors. r is left at the start of the data section.
func ReadHeader(file string, r io.Reader, size int64) (*Header, error) {
	var lenBuf [8]byte
	if _, err := io.ReadFull(r, lenBuf[:]); err != nil {
		return nil, formatErr(file, 0, "reading header length: %v", noEOF(err))
	}
	n := binary.LittleEndian.Uint64(lenBuf[:])
	if n > MaxHeader || n > uint64(max(size-8, 0)) {
		return nil, formatErr(file, 0, "header length %d does not fit a file of %d bytes (limit %d)", n, size, MaxHeader)
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, formatErr(file, 8, "reading header: %v", noEOF(err))
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(buf, &raw); err != nil {
		return nil, formatErr(file, 8, "header is not a JSON object: %v", err)
	}
	h := &Header{File: file, DataStart: 8 + int64(n)}
	dataSize := size - h.DataStart
	for name, msg := range raw {
		if name == "__metadata__" {
			if err := json.Unmarshal(msg, &h.Metadata); err != nil {
				return nil, formatErr(file, 8, "__metadata__ is not a map of strings: %v", err)
			}
			continue
		}
		t, err := parseEntry(file, name, msg, dataSize)
		if err != nil {
			return nil, err
		}
		h.Tensors = append(h.Tensors, t)
	}
	if err := h.checkCoverage(dataSize); err != nil {
		return nil, err
	}
	return h, nil
}

func parseEntry(file, name string, msg json.RawMessage, dataSize int64) (TensorInfo, error) {
	var e rawEntry
	if err := json.Unmarshal(msg, &e); err != nil {
		return TensorInfo{}, formatErr(file, 8, "tensor %q: bad entry: %v", name, err)
	}
	t := TensorInfo{Name: name, DType: e.DType, Shape: e.Shape}
	size, ok := dtypeSizes[e.DType]
	if !ok {
		return t, formatErr(file, 8, "tensor %q: unknown dtype %q", name, e.DType)
	}
	if len(e.DataOffsets) != 2 {
		return t, formatErr(file, 8, "tensor %q: data_offsets has %d values, want 2", name, len(e.DataOffsets))
	}
	t.Begin, t.End = e.DataOffsets[0], e.DataOffsets[1]
	if t.Begin < 0 || t.Begin > t.End || t.End > dataSize {
		return t, formatErr(file, 8, "tensor %q: data_offsets [%d, %d] outside the data section of %d bytes", name, t.Begin, t.End, dataSize)
	}
	// Multiply the shape out without overflow: every partial product must
	// stay within what the data section can hold.
	limit := dataSize / size
	n := int64(1)
	for _, d := range e.Shape {
		if d < 0 || (d > 0 && n > limit/d) {
			return t, formatErr(file, 8, "tensor %q: shape %v does not fit the data section of %d bytes", name, e.Shape, dataSize)
		}
		n *= d
	}
	if n*size != t.End-t.Begin {
		return t, formatErr(file, 8, "tensor %q: %s shape %v needs %d bytes, data_offsets give %d", name, e.DType, e.Shape, n*size, t.End-t.Begin)
	}
	return t, nil
}

// checkCoverage checks that the tensors tile the data section exactly.
func (h *Header) checkCoverage(dataSize int64) error {
	sort.Slice(h.Tensors, func(i, j int) bool {
		a, b := &h.Tensors[i], &h.Tensors[j]
		return a.Begin < b.Begin || (a.Begin == b.Begin && a.End < b.End)
	})
	var at int64
	for _, t := range h.Tensors {
		if t.Begin != at {
			return formatErr(h.File, h.DataStart+at, "tensor %q starts at data offset %d, want %d (hole or overlap)", t.Name, t.Begin, at)
		}
		at = t.End
	}
	if at != dataSize {
		return formatErr(h.File, h.DataStart+at, "tensors end at data offset %d but the data section has %d bytes", at, dataSize)
	}
	return nil
}

// ReadTensors reads the data section from r (positioned just after the
// header, as ReadHeader leaves it) in file order. For each tensor that keep
// accepts it calls fn with the tensor's raw bytes (valid during the call);
// the others are skipped.
func (h *Header) ReadTensors(r io.Reader, keep func(*TensorInfo) bool, fn func(*TensorInfo, []byte) error) error {
	var buf []byte
	for i := range h.Tensors {
		t := &h.Tensors[i]
		n := t.End - t.Begin
		if !keep(t) {
			if _, err := io.CopyN(io.Discard, r, n); err != nil {
				return formatErr(h.File, h.DataStart+t.Begin, "tensor %q: %v", t.Name, noEOF(err))
			}
			continue
		}
		if int64(cap(buf)) < n {
			buf = make([]byte, n)
		}
		b := buf[:n]
		if _, err := io.ReadFull(r, b); err != nil {
			return formatErr(h.File, h.DataStart+t.Begin, "tensor %q: %v", t.Name, noEOF(err))
		}
		if err := fn(t, b); err != nil {
			return err
		}
	}
	return nil
}

// DecodeFloats converts raw little-endian values of dtype (F32, F16 or
// BF16) to float32.
func DecodeFloats(dtype string, raw []byte) ([]float32, bool) {
	switch dtype {
	case "F32":
		out := make([]float32, len(raw)/4)
		for i := range out {
			out[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
		}
		return out, true
	case "F16":
		out := make([]float32, len(raw)/2)
		for i := range out {
			out[i] = float16.Frombits(binary.LittleEndian.Uint16(raw[2*i:])).Float32()
		}
		return out, true
	case "BF16":
		out := make([]float32, len(raw)/2)
		for i := range out {
			out[i] = math.Float32frombits(uint32(binary.LittleEndian.Uint16(raw[2*i:])) << 16)
		}
		return out, true
	}
	return nil, false
}

// noEOF turns io.EOF into io.ErrUnexpectedEOF: inside a file, an end is
// always a truncation.
func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
