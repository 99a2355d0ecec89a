//go:build !unix && !js

package main

import "time"

// cpuTime is unavailable here (GOOS=js: Node does not expose it to Go).
func cpuTime() (time.Duration, bool) { return 0, false }
