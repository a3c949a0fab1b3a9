//go:build linux

package main

import (
	"os"
	"strconv"
	"testing"

	"golang.org/x/sys/unix"
)

// TestBatchScheduling: every thread of the process ends up under SCHED_BATCH, and a second
// call finds them so.
func TestBatchScheduling(t *testing.T) {
	for _, policy := range policies(t) {
		if policy != unix.SCHED_NORMAL && policy != unix.SCHED_BATCH {
			t.Skipf("the tests run under scheduling policy %d, which batchScheduling keeps", policy)
		}
	}
	if batch, err := batchScheduling(); err != nil || !batch {
		t.Fatalf("batchScheduling: %v, %v; want true", batch, err)
	}
	for tid, policy := range policies(t) {
		if policy != unix.SCHED_BATCH {
			t.Errorf("thread %d has policy %d, want SCHED_BATCH (%d)", tid, policy, unix.SCHED_BATCH)
		}
	}
	if batch, err := batchScheduling(); err != nil || !batch {
		t.Errorf("a second call: %v, %v; want true", batch, err)
	}
}

// policies returns the scheduling policy of each of the process's threads.
func policies(t *testing.T) map[int]uint32 {
	t.Helper()
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]uint32{}
	for _, task := range tasks {
		tid, err := strconv.Atoi(task.Name())
		if err != nil {
			continue
		}
		if attr, err := unix.SchedGetAttr(tid, 0); err == nil {
			out[tid] = attr.Policy
		}
	}
	return out
}
