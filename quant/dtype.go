package quant

import "fmt"

// DType is the encoding of a tensor's values.
type DType uint8

// The encodings. The numeric values are written in model files: never
// renumber them.
const (
	F32 DType = 1
	F16 DType = 2
	Q8  DType = 3
	Q4  DType = 4
)

// BlockSize is the number of values that share one scale in Q8 and Q4.
const BlockSize = 32

var dtypeNames = map[DType]string{F32: "f32", F16: "f16", Q8: "q8", Q4: "q4"}

func (d DType) String() string {
	if s, ok := dtypeNames[d]; ok {
		return s
	}
	return fmt.Sprintf("dtype(%d)", uint8(d))
}

// Valid reports whether d is one of the known encodings.
func (d DType) Valid() bool { _, ok := dtypeNames[d]; return ok }

// Quantized reports whether d stores values in blocks with scales.
func (d DType) Quantized() bool { return d == Q8 || d == Q4 }

// ParseDType parses "f32", "f16", "q8" or "q4".
func ParseDType(s string) (DType, error) {
	for d, n := range dtypeNames {
		if n == s {
			return d, nil
		}
	}
	return 0, fmt.Errorf("quant: unknown encoding %q (want f32, f16, q8 or q4)", s)
}

// MarshalText writes the name of the encoding ("q8").
func (d DType) MarshalText() ([]byte, error) {
	if !d.Valid() {
		return nil, fmt.Errorf("quant: cannot marshal %v", d)
	}
	return []byte(d.String()), nil
}

// UnmarshalText parses the name of an encoding.
func (d *DType) UnmarshalText(b []byte) error {
	v, err := ParseDType(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// BlocksPerRow returns ceil(cols / BlockSize).
func BlocksPerRow(cols int) int { return (cols + BlockSize - 1) / BlockSize }
