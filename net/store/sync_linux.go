//go:build linux

package store

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncData makes what was written to f durable, as bbolt does on Linux: fdatasync flushes
// the data and the metadata needed to read it back (the file's new length), not the
// modification time, which fsync would journal for every group of the log as well.
func syncData(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return f.Sync()
	}
	var serr error
	if err := rc.Control(func(fd uintptr) {
		for {
			serr = unix.Fdatasync(int(fd))
			if serr != unix.EINTR {
				return
			}
		}
	}); err != nil {
		return err
	}
	return serr
}
