//go:build linux

package linkstage

import (
	"runtime"
	"syscall"
	"time"
)

// threadCPU returns the CPU time of the calling goroutine's thread; the
// caller keeps the goroutine on its thread (runtime.LockOSThread) between
// two readings.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	const rusageThread = 1 // RUSAGE_THREAD
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// lockThread pins the goroutine to its thread for threadCPU readings.
func lockThread() func() {
	runtime.LockOSThread()
	return runtime.UnlockOSThread
}
