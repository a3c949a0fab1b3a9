//go:build !linux

package store

import "testing"

// mountTmpfs: a small file system to fill up is mounted the Linux way only; elsewhere the
// disk-full test does not run.
func mountTmpfs(t *testing.T, _ string, _ string) {
	t.Helper()
	t.Skip("the disk-full test mounts a Linux tmpfs")
}

// memoryDir returns an ordinary temporary directory (a tmpfs is mounted on Linux only).
func memoryDir(t *testing.T) string { return t.TempDir() }
