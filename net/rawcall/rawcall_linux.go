//go:build linux

package rawcall

import (
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Read reads from fd into p: the count, or the errno (EAGAIN when a non-blocking
// descriptor has nothing; EINTR is retried).
func Read(fd uintptr, p []byte) (int, error) { return transfer(unix.SYS_READ, fd, p) }

// Write writes p to fd once: the count written, or the errno (EAGAIN when a non-blocking
// socket takes nothing now; EINTR is retried).
func Write(fd uintptr, p []byte) (int, error) { return transfer(unix.SYS_WRITE, fd, p) }

// transfer is read(2) or write(2), trap, of p on fd.
func transfer(trap, fd uintptr, p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		n, _, e := unix.RawSyscall(trap, fd, uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)))
		if count, again, err := result(n, e); !again {
			return count, err
		}
	}
}

// result is a raw call's count, or its error; again when it was interrupted (EINTR)
// before it did anything, and is to be made again.
func result(n uintptr, e unix.Errno) (count int, again bool, err error) {
	switch e {
	case 0:
		return int(n), false, nil
	case unix.EINTR:
		return 0, true, nil
	}
	return 0, false, e
}

// Pwrite writes all of p to the file fd at off (a regular file: the page cache takes it
// whole unless the disk or memory is short).
func Pwrite(fd uintptr, p []byte, off int64) error {
	for len(p) > 0 {
		r, _, e := unix.RawSyscall6(unix.SYS_PWRITE64, fd, uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)), uintptr(off), 0, 0)
		n, again, err := result(r, e)
		switch {
		case again:
			continue
		case err != nil:
			return err
		case n == 0:
			return unix.EIO // a regular file never takes nothing without saying why
		}
		p = p[n:]
		off += int64(n)
	}
	return nil
}

// Fdatasync makes the file fd's data durable, and the metadata needed to read it back.
func Fdatasync(fd uintptr) error {
	for {
		_, _, e := unix.RawSyscall(unix.SYS_FDATASYNC, fd, 0, 0)
		if _, again, err := result(0, e); !again {
			return err
		}
	}
}

// EpollPoll fills events with what the epoll set epfd has ready now, without waiting.
func EpollPoll(epfd uintptr, events []unix.EpollEvent) (int, error) {
	if len(events) == 0 {
		return 0, nil
	}
	for {
		n, _, e := unix.RawSyscall6(unix.SYS_EPOLL_PWAIT, epfd, uintptr(unsafe.Pointer(&events[0])), uintptr(len(events)), 0, 0, 0)
		if count, again, err := result(n, e); !again {
			return count, err
		}
	}
}

// EpollCtl adds, changes or removes fd in the epoll set epfd.
func EpollCtl(epfd uintptr, op int, fd uintptr, ev *unix.EpollEvent) error {
	_, _, e := unix.RawSyscall6(unix.SYS_EPOLL_CTL, epfd, uintptr(op), fd, uintptr(unsafe.Pointer(ev)), 0, 0)
	if e != 0 {
		return e
	}
	return nil
}

// TimerfdSet sets the timerfd fd to expire once, d from now (d > 0).
func TimerfdSet(fd uintptr, d time.Duration) error {
	spec := unix.ItimerSpec{Value: unix.NsecToTimespec(d.Nanoseconds())}
	_, _, e := unix.RawSyscall6(unix.SYS_TIMERFD_SETTIME, fd, 0, uintptr(unsafe.Pointer(&spec)), 0, 0, 0)
	if e != 0 {
		return e
	}
	return nil
}
