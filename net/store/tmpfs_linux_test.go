package store

import (
	"syscall"
	"testing"
)

// mountTmpfs mounts a small tmpfs at dir, for the disk-full test; it skips the test when
// mounting is not permitted (not root, or no CAP_SYS_ADMIN in a container).
func mountTmpfs(t *testing.T, dir string, size string) {
	t.Helper()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size); err != nil {
		t.Skipf("cannot mount a %s tmpfs to fill up (%v): needs root with CAP_SYS_ADMIN", size, err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
}

// memoryDir returns a directory on a tmpfs where mounting one is permitted, else an
// ordinary temporary directory: for tests that open a database hundreds of times, whose
// fsyncs on a disk would take minutes without testing anything more.
func memoryDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=64m"); err != nil {
		return dir
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}
