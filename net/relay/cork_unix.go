//go:build unix

package relay

import "syscall"

// nowWriter is the non-blocking write of corkConn.tryUncork, one per room (only the room's
// goroutine calls it, in conn.flush), made once: the function handed to the socket's
// RawConn, and what it writes and returns. Made anew for each write, a closure holding the
// buffer was 6 % of what the relay allocated under load; kept with each connection, it
// cost every idle connection some 100 bytes.
type nowWriter struct {
	fn  func(fd uintptr) bool
	p   []byte
	n   int
	err error
}

// write writes as much of p as the socket rc takes without waiting, with one write(2) on
// its non-blocking descriptor: n bytes went, all reports whether that was all of p. No
// socket (nil: the connection is not one) writes nothing and reports no error: the caller
// writes the rest the ordinary, waiting way.
func (w *nowWriter) write(rc syscall.RawConn, p []byte) (n int, all bool, err error) {
	if rc == nil {
		return 0, false, nil
	}
	if w.fn == nil {
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
	err = rc.Write(w.fn)
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
