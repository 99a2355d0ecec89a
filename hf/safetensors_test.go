package hf

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math"
	"runtime"
	"strings"
	"testing"
)

// stEntry is a tensor to write into a synthetic safetensors file.
type stEntry struct {
	Name  string
	DType string // F32, F16 (values truncated through float16) or BF16
	Shape []int
	Vals  []float32
}

// encodeSafetensors writes a safetensors file (test helper; the engine
// never writes safetensors).
func encodeSafetensors(es []stEntry) []byte {
	hdr := map[string]any{"__metadata__": map[string]string{"format": "pt"}}
	var data []byte
	for _, e := range es {
		begin := len(data)
		for _, v := range e.Vals {
			switch e.DType {
			case "F32":
				data = binary.LittleEndian.AppendUint32(data, math.Float32bits(v))
			case "BF16":
				data = binary.LittleEndian.AppendUint16(data, uint16(math.Float32bits(v)>>16))
			default:
				panic(e.DType)
			}
		}
		hdr[e.Name] = map[string]any{"dtype": e.DType, "shape": e.Shape, "data_offsets": []int{begin, len(data)}}
	}
	h, _ := json.Marshal(hdr)
	out := binary.LittleEndian.AppendUint64(nil, uint64(len(h)))
	return append(append(out, h...), data...)
}

func TestReadHeaderInvalid(t *testing.T) {
	good := encodeSafetensors([]stEntry{{"a", "F32", []int{2}, []float32{1, 2}}, {"b", "F32", []int{1}, []float32{3}}})
	withHeader := func(h string, data int) []byte {
		b := binary.LittleEndian.AppendUint64(nil, uint64(len(h)))
		return append(append(b, h...), make([]byte, data)...)
	}
	for _, tc := range []struct {
		name string
		file []byte
		want string
	}{
		{"empty", nil, "offset 0: reading header length: unexpected EOF"},
		{"huge header", binary.LittleEndian.AppendUint64(nil, 1<<62), "header length 4611686018427387904 does not fit a file of 8 bytes"},
		{"truncated", good[:len(good)-1], `tensor "b": data_offsets [8, 12] outside the data section of 11 bytes`},
		{"not json", withHeader("[1]", 0), "header is not a JSON object"},
		{"dtype", withHeader(`{"a":{"dtype":"F12","shape":[1],"data_offsets":[0,4]}}`, 4), `tensor "a": unknown dtype "F12"`},
		{"offsets", withHeader(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0]}}`, 4), "data_offsets has 1 values"},
		{"size", withHeader(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}`, 8), "F32 shape [2] needs 8 bytes, data_offsets give 4"},
		{"overflow", withHeader(`{"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,0]}}`, 0), "does not fit the data section"},
		{"negative", withHeader(`{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}`, 4), "does not fit"},
		{"hole", withHeader(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, 8), "hole or overlap"},
		{"overlap", withHeader(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, 4), "hole or overlap"},
		{"tail", withHeader(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, 6), "data section has 6 bytes"},
		{"metadata", withHeader(`{"__metadata__":{"a":1}}`, 0), "__metadata__ is not a map of strings"},
	} {
		_, err := ReadHeader("x.safetensors", bytes.NewReader(tc.file), int64(len(tc.file)))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "hf: x.safetensors: ") {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestReadTensorsTruncatedStream(t *testing.T) {
	file := encodeSafetensors([]stEntry{{"a", "F32", []int{2}, []float32{1, 2}}, {"b", "F32", []int{1}, []float32{3}}})
	// The size claims the full file but the stream ends early.
	r := bytes.NewReader(file[:len(file)-2])
	h, err := ReadHeader("x.safetensors", r, int64(len(file)))
	if err != nil {
		t.Fatal(err)
	}
	err = h.ReadTensors(r, func(*TensorInfo) bool { return true }, func(*TensorInfo, []byte) error { return nil })
	if err == nil || !strings.Contains(err.Error(), `tensor "b": unexpected EOF`) {
		t.Fatalf("error %v", err)
	}
}

func TestDecodeFloats(t *testing.T) {
	// 1.5 in each encoding, and -2 in BF16 (0xC000).
	for _, tc := range []struct {
		dtype string
		raw   []byte
		want  float32
	}{
		{"F32", []byte{0, 0, 0xC0, 0x3F}, 1.5},
		{"F16", []byte{0x00, 0x3E}, 1.5},
		{"BF16", []byte{0xC0, 0x3F}, 1.5},
		{"BF16", []byte{0x00, 0xC0}, -2},
	} {
		got, ok := DecodeFloats(tc.dtype, tc.raw)
		if !ok || len(got) != 1 || got[0] != tc.want {
			t.Errorf("%s % x: %v %v, want %g", tc.dtype, tc.raw, got, ok, tc.want)
		}
	}
	if _, ok := DecodeFloats("I8", []byte{1}); ok {
		t.Error("I8 decoded")
	}
}

// FuzzReadSafetensors feeds arbitrary files to the parser: it must return
// an error or tensors inside the file, never panic, and never allocate
// beyond the file's size.
func FuzzReadSafetensors(f *testing.F) {
	f.Add(encodeSafetensors([]stEntry{{"a", "F32", []int{2}, []float32{1, 2}}, {"b", "BF16", []int{1, 1}, []float32{3}}}))
	f.Add(encodeSafetensors(synthetic("transformer.")))
	f.Fuzz(func(t *testing.T, file []byte) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		defer func() {
			runtime.ReadMemStats(&after)
			// JSON parsing and float32 conversion may take a few times the
			// file's size, never more.
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 16*uint64(len(file))+1<<20 {
				t.Fatalf("allocated %d bytes for a file of %d", grew, len(file))
			}
		}()
		r := bytes.NewReader(file)
		h, err := ReadHeader("f", r, int64(len(file)))
		if err != nil {
			return
		}
		var total int64
		err = h.ReadTensors(r, func(*TensorInfo) bool { return true }, func(ti *TensorInfo, raw []byte) error {
			total += int64(len(raw))
			if vals, ok := DecodeFloats(ti.DType, raw); ok && int64(len(vals)) != ti.Elements() {
				t.Fatalf("%s: %d values for shape %v", ti.Name, len(vals), ti.Shape)
			}
			return nil
		})
		if err == nil && total != int64(len(file))-h.DataStart {
			t.Fatalf("read %d data bytes of %d", total, int64(len(file))-h.DataStart)
		}
	})
}
