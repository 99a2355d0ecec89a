//go:build !linux && !js

package kernels

import "time"

// threadCPU is unavailable here (see cputime_linux_test.go).
func threadCPU() (time.Duration, bool) { return 0, false }
