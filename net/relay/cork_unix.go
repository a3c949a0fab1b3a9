//go:build unix

package relay

import (
	"net"
	"syscall"
)

// nowWriter is a connection's non-blocking write (corkConn.tryUncork), kept with the
// connection: the socket's RawConn and the function handed to it are made at its first
// write, so that a write allocates nothing. Made anew for each write, the two (a closure
// holding the buffer, and the RawConn) were 6 % of what the relay allocated under load.
// Only the holder of the corkConn's lock uses it.
type nowWriter struct {
	rc  syscall.RawConn // nil until the first write; none if the conn is no socket
	fn  func(fd uintptr) bool
	p   []byte
	n   int
	err error
	no  bool // the conn is not a socket
}

// write writes as much of p as the socket under conn takes without waiting, with one
// write(2) on its non-blocking descriptor: n bytes went, all reports whether that was all
// of p. A connection that is not a socket writes nothing and reports no error: the caller
// writes the rest the ordinary, waiting way.
func (w *nowWriter) write(conn net.Conn, p []byte) (n int, all bool, err error) {
	if w.rc == nil {
		if w.no {
			return 0, false, nil
		}
		sc, ok := conn.(syscall.Conn)
		if ok {
			w.rc, err = sc.SyscallConn()
		}
		if !ok || err != nil {
			w.no = true
			return 0, false, nil
		}
		w.fn = func(fd uintptr) bool {
			for {
				w.n, w.err = syscall.Write(int(fd), w.p)
				if w.err != syscall.EINTR {
					return true // done: never wait for the socket here
				}
			}
		}
	}
	w.p = p
	err = w.rc.Write(w.fn)
	werr := w.err
	n = w.n
	w.p, w.err = nil, nil
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
