//go:build !linux

package store

import "os"

// syncData makes what was written to f durable (fsync; Linux uses fdatasync).
func syncData(f *os.File) error { return f.Sync() }
