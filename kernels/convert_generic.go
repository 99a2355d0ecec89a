//go:build !wasm

package kernels

// Natively an integer-to-float conversion costs more than a load from a
// small table (measured on amd64: the Q8 product is about 1.45x faster
// through the table), so the quantized kernels read their values through
// these tables. Under WebAssembly the opposite holds (convert_wasm.go).

// i8Table maps the bits of an int8 to its float32 value.
var i8Table = func() (t [256]float32) {
	for i := range t {
		t[i] = float32(int8(uint8(i)))
	}
	return t
}()

// u4Table maps a byte to its two nibbles (low first) as float32.
var u4Table = func() (t [256][2]float32) {
	for i := range t {
		t[i] = [2]float32{float32(i & 15), float32(i >> 4)}
	}
	return t
}()

// i8 returns v as a float32.
func i8(v int8) float32 { return i8Table[uint8(v)] }

// u4 returns the low and high nibbles of b as float32.
func u4(b uint8) (lo, hi float32) {
	p := &u4Table[b]
	return p[0], p[1]
}
