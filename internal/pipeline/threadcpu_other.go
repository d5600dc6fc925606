//go:build !linux

package pipeline

import "time"

// threadCPU is not measured on this platform.
func threadCPU() time.Duration { return 0 }

func lockThread() func() { return func() {} }
