//go:build unix

package relay

import (
	"net"
	"syscall"
)

// writeNow writes as much of p as the socket under conn takes without waiting, with one
// write(2) on its non-blocking descriptor: n bytes went, all reports whether that was all
// of p. A connection that is not a socket writes nothing and reports no error: the caller
// writes the rest the ordinary, waiting way.
func writeNow(conn net.Conn, p []byte) (n int, all bool, err error) {
	sc, ok := conn.(syscall.Conn)
	if !ok {
		return 0, false, nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return 0, false, nil
	}
	var werr error
	err = rc.Write(func(fd uintptr) bool {
		for {
			n, werr = syscall.Write(int(fd), p)
			if werr != syscall.EINTR {
				return true // done: never wait for the socket here
			}
		}
	})
	switch {
	case err != nil:
		return 0, false, err
	case werr == syscall.EAGAIN:
		return 0, false, nil
	case werr != nil:
		return 0, false, werr
	case n < 0:
		return 0, false, nil
	}
	return n, n == len(p), nil
}
