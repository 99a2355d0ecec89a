// Package quant holds the weight encodings of the engine and their
// conversions to and from float32.
//
// A Matrix is a row-major [Rows, Cols] weight. For the linear layers of GPT-2
// the engine stores weights as [out, in] (rows are output features), so that
// every output is the dot product of one contiguous row with the input vector.
//
// Encodings (DType):
//
//	F32  4 bytes a value.
//	F16  IEEE 754 half precision, 2 bytes a value (github.com/x448/float16).
//	Q8   blocks of 32 consecutive values of one row: v = q * scale,
//	     q int8 in [-127, 127], scale = max|v| / 127 (GGML's Q8_0).
//	Q4   blocks of 32 consecutive values of one row: v = q * scale + min,
//	     q uint4 in [0, 15], scale = (max - min) / 15 (GGML's Q4_1).
//
// Blocks never span rows: a row of Cols values has ceil(Cols/32) blocks, and
// the last block of a row is padded with zeros when Cols is not a multiple
// of 32. Scales and mins are rounded to float16 when quantizing (that is
// what the file stores) and kept as float32 in memory so that the kernels
// do not convert them. Scales are rounded up and Q4's min down, so no value
// of a block falls outside the range its codes can express.
//
// Quantization error: |v - v'| <= scale/2 for every value, in Q8 and Q4
// (up to float32 rounding).
package quant
