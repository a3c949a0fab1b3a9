//go:build !linux

package store

import "os"

// heldSync writes a group of the log and makes it durable: through the os package here;
// Linux holds the processor through the calls (heldsync_linux.go).
type heldSync struct{}

// writeSync writes p at off in f and makes it durable.
func (*heldSync) writeSync(f *os.File, p []byte, off int64) error {
	if _, err := f.WriteAt(p, off); err != nil {
		return err
	}
	return syncData(f)
}
