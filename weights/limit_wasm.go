//go:build js || wasip1

package weights

// MaxModelBytes bounds the tensors a manifest may ask the loader to
// allocate under WebAssembly, whose memory is at most 4 GiB.
const MaxModelBytes = 3 << 30
