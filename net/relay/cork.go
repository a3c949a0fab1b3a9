package relay

import (
	"bufio"
	"encoding/binary"
	"errors"
	"math"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/gobwas/ws"

	"impactkaarten/net/protocol"
)

// corkConn lets a connection's writer send every frame it found queued in one system call.
// Written one by one, each message is a write, and on loopback a write costs about 9 µs
// (TCP's work for both ends): a third of the relay's CPU per move went there. A move sends
// nine messages (its event to eight seats, its ack to the mover), and the mover's event and
// ack, or a seat's share of a group of moves (room.commands), are queued together: corked,
// they leave as one write.
//
// Only the writer goroutine corks and uncorks and adds data frames (frame); control frames
// from other goroutines (a ping from the timer, a pong from the reader) go through mu and
// join the buffer if the writer has corked.
type corkConn struct {
	net.Conn
	// raw is the socket's, for the writes that do not wait (tryUncork) and for the poller;
	// nil if the connection is not a socket. Asked for once: each call of SyscallConn
	// makes one, and a write asking for it was a sixtieth of what the relay allocated.
	raw    syscall.RawConn
	pool   *sync.Pool // of *[]byte: the server's corkBuffers
	mu     sync.Mutex
	corked bool
	buf    []byte
	bufp   *[]byte // the pool's pointer to buf's array, given back with it
}

// newCorkConn wraps nc, a connection the HTTP server hijacked.
func newCorkConn(nc net.Conn, pool *sync.Pool) *corkConn {
	c := &corkConn{Conn: nc, pool: pool}
	if sc, ok := nc.(syscall.Conn); ok {
		if raw, err := sc.SyscallConn(); err == nil {
			c.raw = raw
		}
	}
	return c
}

// newCorkBuffers returns the pool of buffers for corked turns (one per server): a buffer is
// needed only while a writer is flushing, so idle connections hold none.
func newCorkBuffers() *sync.Pool {
	return &sync.Pool{New: func() any { return new([]byte) }}
}

func (c *corkConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	// While corked, or while bytes that tryUncork could not write wait for finish, a write
	// joins the buffer: written now it would overtake them.
	if c.corked || c.buf != nil {
		c.buf = append(c.buf, p...)
		return len(p), nil
	}
	return c.Conn.Write(p)
}

// frame adds a websocket data frame with payload to the buffer; the caller has corked.
func (c *corkConn) frame(op ws.OpCode, payload []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.buf = appendFrame(c.buf, op, payload)
}

// control writes a websocket control frame (a ping, a pong, a close), which must finish by
// deadline; while the writer has corked, or has bytes waiting, it joins them instead.
func (c *corkConn) control(op ws.OpCode, payload []byte, deadline time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.corked || c.buf != nil {
		c.buf = appendFrame(c.buf, op, payload)
		return nil
	}
	return c.writeBy(appendFrame(make([]byte, 0, 2+len(payload)), op, payload), deadline)
}

// writeBy writes p in one write that must finish by deadline; c.mu is held.
//
// The deadline is this write's only: it is cleared once the write returns. Go keeps a
// deadline on the socket until it is changed, and it applies to every later write on it,
// the non-blocking ones of tryUncork included (a raw write checks it first). Left in place,
// the deadline of a ping sent 25 s after a join failed the room's next write to that seat
// 10 s later with a timeout, and the relay closed a reader that kept up as too slow
// (4001): hundreds of healthy connections in every load run.
func (c *corkConn) writeBy(p []byte, deadline time.Time) error {
	_ = c.Conn.SetWriteDeadline(deadline)
	_, err := c.Conn.Write(p)
	_ = c.Conn.SetWriteDeadline(time.Time{})
	return err
}

// appendFrame appends a websocket frame as a server sends it (whole, not masked).
func appendFrame(dst []byte, op ws.OpCode, payload []byte) []byte {
	n := len(payload)
	dst = append(dst, 0x80|byte(op)) // FIN and the opcode
	switch {
	case n < 126:
		dst = append(dst, byte(n))
	case n <= math.MaxUint16:
		dst = append(dst, 126)
		dst = binary.BigEndian.AppendUint16(dst, uint16(n))
	default:
		dst = append(dst, 127)
		dst = binary.BigEndian.AppendUint64(dst, uint64(n))
	}
	return append(dst, payload...)
}

// closeBody is a close frame's payload: code and as much of reason as a control frame
// holds (125 bytes), cut at a character's boundary.
func closeBody(code protocol.CloseCode, reason string) []byte {
	const most = 125 - 2
	if len(reason) > most {
		cut := most
		for cut > 0 && !utf8.RuneStart(reason[cut]) {
			cut--
		}
		reason = reason[:cut]
	}
	return ws.NewCloseFrameBody(ws.StatusCode(code), reason)
}

// cork starts collecting writes.
func (c *corkConn) cork() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.corked = true
	if c.buf == nil {
		c.bufp = c.pool.Get().(*[]byte)
		c.buf = (*c.bufp)[:0]
	}
}

// uncork writes what was collected, in one write that must finish by deadline, and stops
// collecting.
func (c *corkConn) uncork(deadline time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.corked = false
	return c.writeLocked(deadline)
}

// newFrameBuffers returns the pool of buffers for the event frames a broadcast encodes
// (one per server): a frame's buffer goes back once the writer has written it, so the
// relay does not make a kilobyte of garbage per seat and move (it was a third of all it
// allocated under load, and the garbage collector's work grows with it).
//
// A new buffer has room for any event without a view, so that the seat's own event of a
// move (its vote with its value) goes into a buffer that is used again too.
func newFrameBuffers() *sync.Pool {
	return &sync.Pool{New: func() any {
		b := make([]byte, 0, minPooledFrame)
		return &b
	}}
}

// Frame buffers from minPooledFrame to maxPooledFrame bytes are kept for reuse. Smaller
// ones (acks, events without a view) would only have to grow again for the next view,
// allocating anyway; a rare large one (a welcome with a whole deck) is left to the garbage
// collector.
const (
	minPooledFrame = 1 << 10
	maxPooledFrame = 16 << 10
)

// pooledFrame reports whether a written frame's buffer goes back to the pool.
func pooledFrame(frame []byte) bool {
	return cap(frame) >= minPooledFrame && cap(frame) <= maxPooledFrame
}

// tryUncork writes what was collected without waiting: as much as the socket takes now.
// It reports whether all of it went; the rest stays in the buffer for finish (and later
// writes join it there). A connection that is not a socket, or a platform without a
// non-blocking write (cork_other.go), leaves it to finish entirely. w is the calling
// goroutine's.
func (c *corkConn) tryUncork(w *nowWriter) (bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.corked = false
	if len(c.buf) == 0 {
		c.release()
		return true, nil
	}
	n, all, err := w.write(c.raw, c.buf)
	switch {
	case err != nil:
		return false, err
	case all:
		c.release()
		return true, nil
	}
	c.buf = c.buf[:copy(c.buf, c.buf[n:])]
	return false, nil
}

// finish writes what tryUncork left, in one write that must finish by deadline.
func (c *corkConn) finish(deadline time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.corked {
		return nil
	}
	return c.writeLocked(deadline)
}

// writeLocked writes the buffer, waiting until deadline, and gives it back; c.mu is held.
func (c *corkConn) writeLocked(deadline time.Time) error {
	if c.buf == nil {
		return nil
	}
	var err error
	if len(c.buf) > 0 {
		err = c.writeBy(c.buf, deadline)
	}
	c.release()
	return err
}

// release gives the buffer back to the pool; c.mu is held.
func (c *corkConn) release() {
	buf, p := c.buf, c.bufp
	c.buf, c.bufp = nil, nil
	if buf != nil && cap(buf) <= 64<<10 { // a buffer grown by a rare large burst is not kept
		if p == nil {
			p = new([]byte)
		}
		// The pointer the pool gave goes back: a new one would be an allocation a write.
		*p = buf[:0]
		c.pool.Put(p)
	}
}

// socketReader reads a connection's socket for its frame reader (conn.read), which the
// server pools: the state of a read (rawRead) is made once per frame reader, and an idle
// connection holds none.
type socketReader struct {
	c  *corkConn
	rr rawRead
}

func (s *socketReader) Read(p []byte) (int, error) { return s.c.read(&s.rr, p) }

// corkWriter hands the websocket upgrader a corkConn when it hijacks the connection.
type corkWriter struct {
	http.ResponseWriter
	pool *sync.Pool
	conn *corkConn
}

func (w *corkWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("relay: the response writer cannot be hijacked")
	}
	nc, brw, err := h.Hijack()
	if err != nil {
		return nil, nil, err
	}
	w.conn = newCorkConn(nc, w.pool)
	return w.conn, brw, nil
}
