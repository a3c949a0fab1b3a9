//go:build !linux

package main

// batchScheduling is Linux's (sched_linux.go); elsewhere the relay keeps the system's policy.
func batchScheduling() (int, error) { return 0, nil }
