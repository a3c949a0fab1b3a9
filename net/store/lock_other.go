//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package store

import (
	"os"
	"time"
)

// lockFile does nothing where flock is missing: the preflight then reads without the lock,
// and bbolt's own lock (fcntl or LockFileEx) still keeps a second process out.
func lockFile(*os.File, time.Duration) error { return nil }
