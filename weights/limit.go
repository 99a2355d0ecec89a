//go:build !js && !wasip1

package weights

// MaxModelBytes bounds the tensors a manifest may ask the loader to
// allocate natively (gpt2-xl in f32 takes 6.2 GB).
const MaxModelBytes = 16 << 30
