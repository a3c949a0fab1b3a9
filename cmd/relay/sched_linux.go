//go:build linux

package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// batchScheduling puts the relay's threads under the kernel's batch policy (SCHED_BATCH),
// which any process may choose for itself. Under the default policy a thread that wakes —
// one back from an fsync, the runtime's monitor — preempts the thread running the relay's
// goroutines, only to find the one scheduler processor taken and sleep again: at 2,000
// moves/s on one core that cost 12 % more CPU per move and a longer tail, and at 10,000 the
// queue grew to a median of a quarter of a second (docs/performance.md, "Batch scheduling").
// A batch thread waits for the running one's turn to end instead; an idle core still runs
// it at once. Threads under another policy (real-time, set with chrt) keep theirs.
//
// Go starts its threads from its threads, and a new one inherits its parent's policy; a
// thread started while the list is being read may be missed, so passes repeat until one
// finds nothing left. It reports whether every thread is now under the batch policy.
func batchScheduling() (bool, error) {
	var batch bool
	for pass := 0; pass < 10; pass++ {
		tasks, err := os.ReadDir("/proc/self/task")
		if err != nil {
			return false, fmt.Errorf("batch scheduling: %w", err)
		}
		n := 0
		batch = true
		for _, t := range tasks {
			tid, err := strconv.Atoi(t.Name())
			if err != nil {
				continue
			}
			attr, err := unix.SchedGetAttr(tid, 0)
			if errors.Is(err, unix.ESRCH) {
				continue // the thread has ended
			}
			if err != nil {
				return false, fmt.Errorf("batch scheduling: thread %d: %w", tid, err)
			}
			if attr.Policy == unix.SCHED_BATCH {
				continue
			}
			if attr.Policy != unix.SCHED_NORMAL {
				batch = false
				continue
			}
			attr.Policy = unix.SCHED_BATCH
			if err := unix.SchedSetAttr(tid, attr, 0); err != nil && !errors.Is(err, unix.ESRCH) {
				return false, fmt.Errorf("batch scheduling: thread %d: %w", tid, err)
			}
			n++
		}
		if n == 0 {
			return batch, nil
		}
	}
	return batch, nil
}
