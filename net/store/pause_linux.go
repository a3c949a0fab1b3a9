//go:build linux

package store

import (
	"os"
	"time"

	"golang.org/x/sys/unix"

	"impactkaarten/net/rawcall"
)

// alarmPause is the log's pause between groups on Linux: a time.Timer, and beside it a
// timerfd set to the same moment, which a goroutine of its own reads (alarmPause.wake).
//
// Why: the Go runtime runs a due timer only when its scheduler looks for work, and it
// does not always look.
//   - When the relay's one processor has nothing to run, the runtime sleeps in the
//     network poller's epoll_wait, whose timeout is counted in whole milliseconds (rounded
//     down, and 1 ms when less is left), so a timer alone ends up to 1 ms late: 0.6 ms at
//     the median in the relay at 2,000 moves/s, groups 2.6 ms apart instead of 2.
//   - During a collection's mark phase the collector's idle worker takes the processor
//     whenever nothing else is runnable, and gives it up when goroutines are runnable or
//     the poller has news for one — not when a timer is due. A group's pause that met a
//     mark phase ended with it, milliseconds late.
//
// The timerfd is in the poller's set (os.File hands a non-blocking descriptor to it), so
// its expiry ends the epoll_wait, and it readies wake's goroutine, which makes the idle
// worker stop; the scheduler then runs the due timer (some 40 µs late on the machine of
// docs/performance.md). The timer stays what ends the pause: on a busy processor the
// scheduler checks timers at every switch, and looks at the poller only when it has
// nothing else to run. The timerfd is set and read through net/rawcall: once a group,
// those calls would otherwise wake the runtime's monitor thread.
type alarmPause struct {
	timerPause
	alarm *os.File
	fd    int           // alarm's: Reset and Stop are called by one goroutine, so it is open for Reset
	woken chan struct{} // closed when wake has ended
}

// newGroupPause returns an alarmPause, or a bare timer if the kernel gives no timerfd.
func newGroupPause(d time.Duration) groupPause {
	fd, err := unix.TimerfdCreate(unix.CLOCK_MONOTONIC, unix.TFD_NONBLOCK|unix.TFD_CLOEXEC)
	if err != nil {
		return newTimerPause(d)
	}
	p := alarmPause{
		timerPause: newTimerPause(d),
		alarm:      os.NewFile(uintptr(fd), "log group alarm"),
		fd:         fd,
		woken:      make(chan struct{}),
	}
	go p.wake()
	p.setAlarm(d)
	return p
}

// wake reads the timerfd's expiries until it is closed. What it reads means nothing: a
// goroutine waiting on the descriptor is what the runtime looks for when it polls.
func (p alarmPause) wake() {
	defer close(p.woken)
	rc, err := p.alarm.SyscallConn()
	if err != nil {
		return
	}
	var expiries [8]byte
	var rerr error
	read := func(fd uintptr) bool {
		_, rerr = rawcall.Read(fd, expiries[:])
		return rerr != unix.EAGAIN // nothing yet: wait in Go's poller
	}
	for {
		if err := rc.Read(read); err != nil || rerr != nil {
			return // closed by Stop (or broken: the timer alone ends the pause then)
		}
	}
}

func (p alarmPause) Reset(d time.Duration) {
	p.timerPause.Reset(d)
	p.setAlarm(d)
}

// setAlarm sets the timerfd d from now. Failing, the pause is the timer's alone.
func (p alarmPause) setAlarm(d time.Duration) {
	// A timerfd set to zero is disarmed; a timer of zero ends at the next switch anyway.
	if d > 0 {
		_ = rawcall.TimerfdSet(uintptr(p.fd), d)
	}
}

func (p alarmPause) Stop() {
	p.timerPause.Stop()
	_ = p.alarm.Close()
	<-p.woken
}
