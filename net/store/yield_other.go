//go:build !linux

package store

import "runtime"

// yieldCore lets the goroutines waiting for this goroutine's scheduler processor run first.
func yieldCore() { runtime.Gosched() }
