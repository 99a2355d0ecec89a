// Package weights is the engine's model file format: a folder (or URL
// prefix) holding a small JSON manifest, model.json, and shard files of
// zstd-compressed frames. The browser downloads the manifest, then a few
// shards at a time, and decodes each shard as its bytes arrive straight into
// the model's final tensors: peak memory is the model plus one frame.
//
// # The tensor stream
//
// The model's tensors, in the order of model.Config.Tensors (wte, wpe,
// h.0 ... h.{L-1}, ln_f), are laid end to end into one logical byte stream.
// Each tensor is one or more sections, little-endian:
//
//	f32 (matrices, and every vector: biases, LayerNorm)
//	    values  [n] float32                           4 bytes each
//	f16 values  [n] float16 bits                      2 bytes each
//	q8  scales  [nb] float16                          2 bytes each
//	    q       [nb*32] int8                          1 byte each
//	q4  scales  [nb] float16, mins [nb] float16       2 bytes each
//	    q       [nb*16] bytes, low nibble first       1 byte each
//
// where n = rows*cols and nb = rows*ceil(cols/32) (package quant: blocks
// never span rows). A matrix's shape is the engine's [out, in]. The
// manifest gives each tensor's offset and size in the stream.
//
// # Shard files
//
// The stream is cut into frames of at most frame_size bytes (1 MiB by
// default); a frame never spans two sections. Consecutive frames are
// grouped into shards of at most a shard size (24 MiB by default). A shard
// holds the stream range [start, end) given by the manifest:
//
//	magic     8 bytes  "GPT2SHRD"
//	version   uint32   1
//	index     uint32   the shard's index in the manifest
//	frames    until the stream reaches end, then end of file:
//	  codec   uint8    0 stored, 1 zstd (one independent zstd frame)
//	  width   uint8    1, 2 or 4: the payload's values were byte-shuffled
//	                   with this element width before compression
//	                   (all first bytes, then all second bytes, ...)
//	  raw     uint32   bytes of stream the frame holds, <= frame_size
//	  size    uint32   bytes of payload that follow, <= raw
//	  payload [size]
//
// A stored frame (codec 0) holds its raw bytes as they are (width 1). The
// writer compresses a frame (zstd "better" level, byte-shuffled when its
// values are 2 or 4 bytes wide) only when that saves at least 1%. Measured
// on GPT-2 124M's shape with Gaussian weights (std 0.02), zstd saves 14.7%
// of f32 files, 15.7% of f16, 2.0% of q8 (only its scales compress, about
// 25%) and 6.2% of q4 (scales and mins); without the shuffle it saved about
// half as much on f32 and f16, and nothing on q8/q4 values, which are
// stored.
//
// The manifest lists each shard's file name, size and SHA-256; the loader
// verifies both while streaming and names the shard in every error.
//
// # The manifest
//
// model.json holds the format name and version, the model config and
// generation defaults (Hugging Face names), the tokenizer (the builtin GPT-2
// vocabulary, or files of the folder with their SHA-256), the frame size,
// the shards and the tensor table: name, dtype, engine shape, shard of the
// first byte, offset and size in the stream. The tensor table must list
// exactly model.Config.Tensors with their shapes; vectors must be f32.
// A different version is refused with a message to re-run tools/convert.
package weights
