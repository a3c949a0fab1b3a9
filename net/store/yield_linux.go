//go:build linux

package store

import (
	"runtime"

	"golang.org/x/sys/unix"
)

// yieldCore lets whatever else waits run first: the goroutines waiting for this
// goroutine's scheduler processor, then (sched_yield) the threads waiting for its core.
func yieldCore() {
	runtime.Gosched()
	// sched_yield cannot fail on Linux.
	_, _, _ = unix.Syscall(unix.SYS_SCHED_YIELD, 0, 0, 0)
}
