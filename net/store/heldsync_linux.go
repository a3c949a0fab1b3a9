//go:build linux

package store

import (
	"os"
	"runtime"
	"syscall"
	"time"

	"impactkaarten/net/rawcall"
)

// heldSyncSlow and heldSyncShun bound what holding a processor through the log's write
// and fdatasync may cost. A group that took longer than heldSyncSlow (a disk that stalls
// or fails, not one busy for a moment: a group takes 0.3 ms at the median, some
// milliseconds beside a checkpoint) sends the groups of the next second through the
// scheduler's path, and each slow group held after that twice as long, up to
// heldSyncShunMax: a stop of the world waits for a slow disk once, then seldom.
const (
	heldSyncSlow    = 50 * time.Millisecond
	heldSyncShun    = time.Second
	heldSyncShunMax = time.Minute
)

// heldSync writes a group of the log and makes it durable, holding its processor
// throughout (net/rawcall) while the process has another one and the disk is quick, and
// through the syscall package otherwise.
//
// Why: through the syscall package, the group's write and fdatasync wake the runtime's
// monitor thread when it sleeps, and it then looks in every 20 µs for the fdatasync's
// 0.3 ms, a kernel timer armed for each look. At 2,000 moves/s that was 2,300 of the
// monitor's sleeps a second and, on the virtual machine of docs/performance.md, where
// arming a timer is an exit to the hypervisor, some 20 µs of CPU per move. Held, the
// processor waits in the kernel: the rooms run on the other one (the relay has two even
// on one core), and only a stop of the world waits for the group.
type heldSync struct {
	clock     func() time.Time // time.Now; a test's clock
	procs     func() int       // runtime.GOMAXPROCS(0); a test's count
	shunUntil time.Time        // the scheduler's path until then, after a slow group
	shunFor   time.Duration    // how long the last slow group held sent groups there

	// The file's descriptor is reached through its RawConn, asked for once per file, and
	// the function Control runs is made once: per group they would be allocations.
	f       *os.File
	rc      syscall.RawConn
	inFile  func(fd uintptr)
	p       []byte
	off     int64
	op      string
	callErr error
}

// hold reports whether a group begun at now holds its processor, procs being GOMAXPROCS.
func (h *heldSync) hold(now time.Time, procs int) bool {
	return procs >= 2 && !now.Before(h.shunUntil)
}

// writeSync writes p at off in f and makes it durable.
func (h *heldSync) writeSync(f *os.File, p []byte, off int64) error {
	if h.clock == nil {
		h.clock, h.procs = time.Now, gomaxprocs
	}
	start := h.clock()
	if !h.hold(start, h.procs()) {
		if _, err := f.WriteAt(p, off); err != nil {
			return err
		}
		return syncData(f)
	}
	if h.f != f {
		rc, err := f.SyscallConn()
		if err != nil {
			return err
		}
		h.f, h.rc = f, rc
	}
	if h.inFile == nil {
		h.inFile = h.call
	}
	h.p, h.off = p, off
	err := h.rc.Control(h.inFile)
	cerr, op := h.callErr, h.op
	h.p, h.callErr = nil, nil
	h.judge(start, h.clock())
	if err != nil {
		// Control fails only when the file was closed; os's own calls say so as ErrClosed.
		return &os.PathError{Op: "write", Path: f.Name(), Err: os.ErrClosed}
	}
	if cerr != nil {
		return &os.PathError{Op: op, Path: f.Name(), Err: cerr}
	}
	return nil
}

// judge sends the next groups through the scheduler's path when a held group begun at
// start and ended at end was slow.
func (h *heldSync) judge(start, end time.Time) {
	if end.Sub(start) <= heldSyncSlow {
		h.shunFor = 0
		return
	}
	h.shunFor = min(max(heldSyncShun, 2*h.shunFor), heldSyncShunMax)
	h.shunUntil = end.Add(h.shunFor)
}

// call runs inside the file's Control, which keeps its descriptor open.
func (h *heldSync) call(fd uintptr) {
	h.op, h.callErr = "write", rawcall.Pwrite(fd, h.p, h.off)
	if h.callErr == nil {
		h.op, h.callErr = "fdatasync", rawcall.Fdatasync(fd)
	}
}

func gomaxprocs() int { return runtime.GOMAXPROCS(0) }
