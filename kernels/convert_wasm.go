//go:build wasm

package kernels

// Under WebAssembly a conversion (f32.convert_i32_s) is one instruction and
// beats a table load (measured in Node: about 2x on the Q8 product); see
// convert_generic.go for the native choice.

// i8 returns v as a float32.
func i8(v int8) float32 { return float32(v) }

// u4 returns the low and high nibbles of b as float32.
func u4(b uint8) (lo, hi float32) { return float32(b & 15), float32(b >> 4) }
