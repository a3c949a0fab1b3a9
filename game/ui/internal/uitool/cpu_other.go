//go:build !linux

package main

import "time"

// threadCPU is the CPU time the calling thread has used; here it cannot be told.
func threadCPU() (time.Duration, bool) { return 0, false }
