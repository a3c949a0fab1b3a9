//go:build unix

package relay

import (
	"io"
	"os"
	"syscall"

	"impactkaarten/net/rawcall"
)

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
			// Made without the scheduler's bookkeeping (net/rawcall): a write of a
			// non-blocking socket returns at once.
			w.n, w.err = rawcall.Write(fd, w.p)
			return true // done: never wait for the socket here
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
	}
	return n, n == len(p), nil
}

// rawRead is the state of one read of a socket through net/rawcall, and the function
// RawConn.Read runs, bound once: a closure made for each read, with its results, was three
// allocations a message. A frame reader holds one (socketReader).
type rawRead struct {
	p   []byte
	n   int
	err error
	fn  func(fd uintptr) bool
}

// call reads once; EAGAIN has RawConn.Read wait until the socket is readable.
func (rr *rawRead) call(fd uintptr) bool {
	rr.n, rr.err = rawcall.Read(fd, rr.p)
	return rr.err != syscall.EAGAIN
}

// read reads the socket through net/rawcall, waiting in Go's poller only when it has
// nothing (see net/rawcall for why the scheduler is not told); anything but a socket
// reads as its net.Conn does.
func (c *corkConn) read(rr *rawRead, p []byte) (int, error) {
	if c.raw == nil || len(p) == 0 {
		return c.Conn.Read(p)
	}
	if rr.fn == nil {
		rr.fn = rr.call
	}
	rr.p = p
	err := c.raw.Read(rr.fn)
	n, rerr := rr.n, rr.err
	rr.p, rr.err = nil, nil
	switch {
	case err != nil:
		return 0, err // closed, or past the read deadline
	case rerr != nil:
		return 0, os.NewSyscallError("read", rerr)
	case n == 0:
		return 0, io.EOF
	}
	return n, nil
}
