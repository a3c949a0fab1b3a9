//go:build !linux

package main

// batchScheduling is Linux's (sched_linux.go); elsewhere the relay keeps the system's policy.
func batchScheduling() (bool, error) { return false, nil }
