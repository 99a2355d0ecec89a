//go:build !amd64 || purego

package kernels

// accelerated returns the portable set: no assembly for this target.
func accelerated() Set { return Portable }
