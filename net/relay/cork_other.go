//go:build !unix

package relay

import "syscall"

// nowWriter is the portable fallback of cork_unix.go's non-blocking write: where a socket
// cannot be written without waiting through the syscall package (Windows), it writes
// nothing, and the caller writes the whole buffer the ordinary, waiting way. The order of
// bytes is the same; only the writer waits for a slow reader's socket.
type nowWriter struct{}

func (*nowWriter) write(syscall.RawConn, []byte) (n int, all bool, err error) {
	return 0, false, nil
}

// rawRead is cork_unix.go's state of a raw read; here a socket reads as its net.Conn does.
type rawRead struct{}

func (c *corkConn) read(_ *rawRead, p []byte) (int, error) { return c.Conn.Read(p) }
