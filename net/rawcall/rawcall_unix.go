//go:build unix && !linux

package rawcall

import "syscall"

// Read reads from fd into p: the count, or the errno (EAGAIN when a non-blocking
// descriptor has nothing; EINTR is retried).
func Read(fd uintptr, p []byte) (int, error) { return transfer(syscall.Read, fd, p) }

// Write writes p to fd once: the count written, or the errno (EAGAIN when a non-blocking
// socket takes nothing now; EINTR is retried).
func Write(fd uintptr, p []byte) (int, error) { return transfer(syscall.Write, fd, p) }

// transfer is call, syscall.Read or syscall.Write, of p on fd.
func transfer(call func(int, []byte) (int, error), fd uintptr, p []byte) (int, error) {
	for {
		n, err := call(int(fd), p)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return 0, err
		}
		return n, nil
	}
}
