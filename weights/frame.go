package weights

import (
	"encoding/binary"
	"fmt"
	"math"
	"unsafe"

	"github.com/x448/float16"
)

// Shard and frame headers (see the package doc).
const (
	shardMagic      = "GPT2SHRD"
	shardHeaderSize = 16
	frameHeaderSize = 10

	codecStored = 0
	codecZstd   = 1
)

// frameHeader is the header of one frame.
type frameHeader struct {
	codec, width uint8
	raw, size    uint32
}

func (h frameHeader) append(b []byte) []byte {
	b = append(b, h.codec, h.width)
	b = binary.LittleEndian.AppendUint32(b, h.raw)
	return binary.LittleEndian.AppendUint32(b, h.size)
}

func parseFrameHeader(b []byte) frameHeader {
	return frameHeader{codec: b[0], width: b[1],
		raw: binary.LittleEndian.Uint32(b[2:]), size: binary.LittleEndian.Uint32(b[6:])}
}

// check validates a frame header against the frame size limit.
func (h frameHeader) check(frameSize int) error {
	switch {
	case h.codec != codecStored && h.codec != codecZstd:
		return fmt.Errorf("unknown frame codec %d", h.codec)
	case h.width != 1 && h.width != 2 && h.width != 4, h.codec == codecStored && h.width != 1:
		return fmt.Errorf("bad shuffle width %d for codec %d", h.width, h.codec)
	case h.raw == 0 || h.raw > uint32(frameSize) || h.raw%uint32(h.width) != 0:
		return fmt.Errorf("frame of %d bytes (frame_size %d, width %d)", h.raw, frameSize, h.width)
	case h.size > h.raw || (h.codec == codecStored && h.size != h.raw):
		return fmt.Errorf("frame payload of %d bytes for %d bytes of data", h.size, h.raw)
	}
	return nil
}

// encode writes the values [first, first+len(dst)/width) of s into dst,
// little-endian. Scales must be float16 values (package quant rounds them).
func (s *section) encode(dst []byte, first int) error {
	switch s.kind {
	case kindF32:
		for i, v := range s.f32[first : first+len(dst)/4] {
			binary.LittleEndian.PutUint32(dst[4*i:], math.Float32bits(v))
		}
	case kindF16:
		for i, v := range s.u16[first : first+len(dst)/2] {
			binary.LittleEndian.PutUint16(dst[2*i:], v)
		}
	case kindScale:
		for i, v := range s.f32[first : first+len(dst)/2] {
			h := float16.Fromfloat32(v)
			if h.Float32() != v && !math.IsNaN(float64(v)) {
				return fmt.Errorf("weights: tensor %s: scale %g of block %d is not a float16 value", s.tensor, v, first+i)
			}
			binary.LittleEndian.PutUint16(dst[2*i:], h.Bits())
		}
	case kindI8:
		copy(dst, int8Bytes(s.i8[first:first+len(dst)]))
	case kindU8:
		copy(dst, s.u8[first:])
	}
	return nil
}

// decode reads the values [first, first+len(src)/width) of s from src.
func (s *section) decode(src []byte, first int) {
	switch s.kind {
	case kindF32:
		dst := s.f32[first : first+len(src)/4]
		for i := range dst {
			dst[i] = math.Float32frombits(binary.LittleEndian.Uint32(src[4*i:]))
		}
	case kindF16:
		dst := s.u16[first : first+len(src)/2]
		for i := range dst {
			dst[i] = binary.LittleEndian.Uint16(src[2*i:])
		}
	case kindScale:
		dst := s.f32[first : first+len(src)/2]
		for i := range dst {
			dst[i] = float16.Frombits(binary.LittleEndian.Uint16(src[2*i:])).Float32()
		}
	case kindI8:
		copy(int8Bytes(s.i8[first:first+len(src)]), src)
	case kindU8:
		copy(s.u8[first:], src)
	}
}

// int8Bytes views int8 values as their bytes (two's complement, the
// stream's encoding): a memmove instead of a loop, 2x faster under wasm.
func int8Bytes(v []int8) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(v))), len(v))
}

// shuffle groups the bytes of the width-byte values of src by position:
// all first bytes, then all second bytes, ... (len(src) % width == 0).
func shuffle(dst, src []byte, width int) {
	n := len(src) / width
	for i := 0; i < n; i++ {
		for j := 0; j < width; j++ {
			dst[j*n+i] = src[i*width+j]
		}
	}
}

// unshuffle inverts shuffle.
func unshuffle(dst, src []byte, width int) {
	n := len(src) / width
	for j := 0; j < width; j++ {
		plane := src[j*n : (j+1)*n]
		for i, b := range plane {
			dst[i*width+j] = b
		}
	}
}
