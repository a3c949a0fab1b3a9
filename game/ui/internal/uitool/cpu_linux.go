package main

import (
	"syscall"
	"time"
	"unsafe"
)

// clockThreadCPUTime is Linux's CLOCK_THREAD_CPUTIME_ID.
const clockThreadCPUTime = 3

// threadCPU is the CPU time the calling thread has used, or false where that cannot be
// told. The benchmark locks the game loop to one thread and reads it around Update and
// Draw: unlike the wall clock, it does not count the time other processes (or Mesa's
// rasteriser threads) had the processor. (getrusage's per-thread figure is only brought
// up to date at the scheduler's ticks, too coarse for a frame.)
func threadCPU() (time.Duration, bool) {
	var ts syscall.Timespec
	if _, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0); e != 0 {
		return 0, false
	}
	return time.Duration(ts.Nano()), true
}
