//go:build !linux

package linkstage

import "time"

// threadCPU is not measured on this platform.
func threadCPU() time.Duration { return 0 }

func lockThread() func() { return func() {} }
