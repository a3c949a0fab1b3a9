package relay

import (
	"bufio"
	"errors"
	"io"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/gobwas/ws"
	"github.com/gobwas/ws/wsutil"
	"golang.org/x/time/rate"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
)

// The websocket's own close codes the relay sends or counts besides protocol's.
const (
	closeNormal   = protocol.CloseCode(ws.StatusNormalClosure)   // 1000
	closeProtocol = protocol.CloseCode(ws.StatusProtocolError)   // 1002: a malformed frame
	closeAbnormal = protocol.CloseCode(ws.StatusAbnormalClosure) // 1006: the link just ended
)

// conn is one websocket connection. An idle connection has no goroutine of its own and no
// buffers: the server's poller (poller_linux.go) reports when its socket has bytes, and a
// reader goroutine (read) then reads and handles frames with a pooled buffer until none are
// left, and ends. A writer goroutine, started when there is something to write and ended
// when the queue is empty, is the only one that writes messages to the socket; a timer
// sends the pings and ends connections that stay silent (tick). Anyone (the room, the
// reader, the server on shutdown) may queue a message or close the connection: both go
// through mu, so a closed queue is never written to.
//
// Why no goroutine while idle: a reader blocked for the connection's lifetime kept a stack
// of 8 kB, and every garbage collection scanned it; an idle connection then cost three
// times the 10 kB that docs/performance.md's budget allows.
type conn struct {
	srv *Server
	nc  *corkConn // the network connection, for the writer to cork
	ip  string

	// The send queue is a slice rather than a buffered channel: a channel of 256 frames
	// costs 6 kB per connection even when idle, while the slice only holds what is
	// waiting. Its bound is the same: SendQueue frames.
	mu        sync.Mutex
	out       [][]byte // frames waiting for the writer
	writing   bool     // a writer goroutine runs (or has the close in hand)
	closed    bool
	closeCode protocol.CloseCode
	closeWhy  string

	// The read side, under mu: at most one reader runs (reading), and the read side ends
	// once (readEnd), when the reader finds the connection over or, if no reader runs, when
	// the writer has closed the socket (sockClosed).
	reading    bool
	sockClosed bool
	readDone   bool
	readerDone chan struct{} // closed by readEnd

	// The timer's state, under mu (tick).
	timer    *time.Timer
	joined   bool
	entering bool // a join or resume read in time is being handled (tick waits for it)
	joinBy   time.Time
	nextPing time.Time
	lastRead atomic.Int64 // when the last frame arrived, in Unix nanoseconds

	// Owned by the reader (one at a time: each hands over through mu).
	limiter  *rate.Limiter
	dropped  int
	lastWarn time.Time

	polled bool   // the poller watches the socket; set before the first reader
	pollID uint64 // the poller's name for the connection

	// Owned by the room goroutine once the connection has joined.
	room *room
	seat game.SeatID
	held bool // the room holds frames for it to flush (room.send)
}

func newConn(srv *Server, nc *corkConn, ip string) *conn {
	cfg := srv.cfg
	now := time.Now()
	c := &conn{
		srv:        srv,
		nc:         nc,
		ip:         ip,
		readerDone: make(chan struct{}),
		joinBy:     now.Add(cfg.JoinTimeout),
		nextPing:   now.Add(cfg.PingEvery),
		limiter:    rate.NewLimiter(rate.Limit(cfg.MessagesPerSecond), cfg.MessageBurst),
	}
	c.lastRead.Store(now.UnixNano())
	c.mu.Lock()
	c.timer = time.AfterFunc(min(cfg.PingEvery, cfg.JoinTimeout), c.tick)
	c.mu.Unlock()
	return c
}

// queue hands a frame to the writer without blocking. A full queue means the peer is not
// reading: the connection is closed with the slow code, and the caller moves on.
func (c *conn) queue(frame []byte) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.addLocked(frame) {
		return false
	}
	c.startWriterLocked()
	return true
}

// hold queues a frame like queue, but leaves writing it to flush, which the room calls
// once it has queued everything a message it handled produced.
func (c *conn) hold(frame []byte) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.addLocked(frame)
}

func (c *conn) addLocked(frame []byte) bool {
	if c.closed {
		return false
	}
	if len(c.out) >= c.srv.cfg.SendQueue {
		c.srv.metrics.slowDrops.Inc()
		c.closeLocked(protocol.CloseSlow, "too slow: messages were not read in time")
		// The queue is full because the socket is: the writer waits in a write that may
		// take WriteWait to fail, and until the socket is closed the seat shows online to
		// the others, while its player sees a table that no longer moves. The write in
		// progress, and the writer's last ones (writeWithin), get CloseGrace instead.
		_ = c.nc.SetWriteDeadline(time.Now().Add(c.srv.cfg.CloseGrace))
		return false
	}
	c.out = append(c.out, frame)
	c.srv.metrics.messagesOut.Inc()
	return true
}

// flush writes the frames held for the connection from the calling goroutine (the
// room's), when no writer runs and the socket takes them all without waiting; a writer
// goroutine takes over when one already runs, the connection is closing, or the socket
// is full (a slow reader never blocks its room).
//
// Why the room writes: a writer goroutine per connection and move was a hand-off for the
// scheduler per seat; on one busy core each waited behind the others in the run queue,
// and that wait was a third of the round trip's p99 at 2,000 moves/s.
func (c *conn) flush(w *nowWriter) {
	c.mu.Lock()
	if c.writing || c.closed || len(c.out) == 0 {
		if len(c.out) > 0 || c.closed {
			c.startWriterLocked()
		}
		c.mu.Unlock()
		return
	}
	c.writing = true
	frames := c.out
	c.out = nil
	c.mu.Unlock()
	c.nc.cork()
	err := c.writeFrames(frames)
	all, uerr := c.nc.tryUncork(w)
	if err == nil {
		err = uerr
	}
	if err != nil {
		c.writeFailed(err)
		return // writing stays true: no writer starts again
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.out == nil {
		// The queue's array (writeFrames emptied it) carries the next frames: made anew,
		// it was 3 % of what the relay allocated under load.
		c.out = frames[:0]
	}
	if all && len(c.out) == 0 && !c.closed {
		c.writing = false
		return
	}
	// The rest (what the socket did not take, frames queued meanwhile, the close) is the
	// writer's: writing stays true for it.
	c.runWriterLocked()
}

// writeFrames adds frames to the corked buffer as websocket text frames and recycles
// their buffers; the caller has corked.
func (c *conn) writeFrames(frames [][]byte) error {
	for i, frame := range frames {
		c.nc.frame(ws.OpText, frame)
		frames[i] = nil
		// The frame is copied: its buffer can carry another. Only this connection's queue
		// held it (every frame is encoded for one connection). The pool's slice header is
		// made here, not for every frame: a variable whose address escapes in the loop's
		// body would be allocated for each frame, pooled or not.
		if pooledFrame(frame) {
			buf := frame[:0]
			c.srv.frameBufs.Put(&buf)
		}
	}
	return nil
}

// startWriterLocked starts a writer goroutine unless one runs; c.mu is held. The reader
// still counts in srv.wg whenever this can be called with the connection open, so the
// server's Wait cannot have returned.
func (c *conn) startWriterLocked() {
	if c.writing {
		return
	}
	c.writing = true
	c.runWriterLocked()
}

// runWriterLocked starts the writer goroutine; c.mu is held and c.writing set.
func (c *conn) runWriterLocked() {
	c.srv.wg.Add(1)
	go func() {
		defer c.srv.wg.Done()
		c.write()
	}()
}

// queueMsg encodes and queues a server message.
func (c *conn) queueMsg(m *protocol.Server) bool {
	b, ok := c.encode(m)
	return ok && c.queue(b)
}

// holdMsg encodes and holds a server message for flush.
func (c *conn) holdMsg(m *protocol.Server) bool {
	b, ok := c.encode(m)
	return ok && c.hold(b)
}

func (c *conn) encode(m *protocol.Server) ([]byte, bool) {
	b, err := protocol.Encode(m)
	if err != nil {
		c.srv.log.Error("encode message", "type", m.T, "err", err)
		return nil, false
	}
	return b, true
}

// close asks the writer to send a close frame with code and reason and end the connection.
func (c *conn) close(code protocol.CloseCode, reason string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closeLocked(code, reason)
}

func (c *conn) closeLocked(code protocol.CloseCode, reason string) {
	if c.closed {
		return
	}
	c.closed, c.closeCode, c.closeWhy = true, code, reason
	c.srv.metrics.closes.WithLabelValues(strconv.Itoa(int(code)), "relay").Inc()
	// A bye message ahead of the close frame, for clients whose websocket library (or a
	// proxy on the way) loses close codes; skipped when the queue is full (a slow peer).
	if len(c.out) < c.srv.cfg.SendQueue {
		if bye, err := protocol.Encode(&protocol.Server{T: protocol.TBye, Close: code, Reason: reason}); err == nil {
			c.out = append(c.out, bye)
		}
	}
	c.timer.Stop()
	c.startWriterLocked()
}

// peerClosed records that the client ended the connection (a close frame with code, or
// 1006 when the link just went): counted apart from the relay's own closes, and the writer
// ends the socket without a bye.
func (c *conn) peerClosed(code protocol.CloseCode) { c.ended(code, "client") }

// ended marks the connection closed without a bye: the client closed it (by "client"), or
// it broke the websocket protocol (by "relay": a frame too big or malformed), and the
// writer sends the close frame with code.
func (c *conn) ended(code protocol.CloseCode, by string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	c.closed, c.closeCode, c.closeWhy = true, closeNormal, ""
	if by == "relay" {
		c.closeCode = code
	}
	c.srv.metrics.closes.WithLabelValues(strconv.Itoa(int(code)), by).Inc()
	c.timer.Stop()
	c.startWriterLocked()
}

// writeFailed ends a connection whose write failed. A write that ran out of time means the
// peer did not read (its socket window stayed full): that is a slow reader, closed with
// CloseSlow like one whose queue filled up.
func (c *conn) writeFailed(err error) {
	var ne interface{ Timeout() bool }
	c.mu.Lock()
	closed := c.closed // closed for a full queue already, and counted then
	c.mu.Unlock()
	switch {
	case closed:
	case errors.As(err, &ne) && ne.Timeout():
		c.srv.metrics.slowDrops.Inc()
		c.close(protocol.CloseSlow, "too slow: messages were not read in time")
	default:
		c.close(protocol.CloseInternal, "write failed")
	}
	c.closeSocket()
}

// closeSocket closes the network connection; the read side ends here unless a reader
// runs (it finds the socket closed and ends it).
func (c *conn) closeSocket() {
	_ = c.nc.Close()
	c.mu.Lock()
	c.sockClosed = true
	reading := c.reading
	c.mu.Unlock()
	if !reading {
		c.readEnd()
	}
}

func (c *conn) isClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

// write is the connection's writer while it has work: it writes the queued frames until
// the queue is empty and ends (the next queued frame starts another), or, once the
// connection is closed, writes what was queued before the close, the close frame, and
// closes the socket.
func (c *conn) write() {
	cfg := c.srv.cfg
	// What flush could not write without waiting goes first.
	if err := c.nc.finish(c.writeWithin()); err != nil {
		c.writeFailed(err)
		return
	}
	for {
		c.mu.Lock()
		frames := c.out
		c.out = nil
		closed, code, why := c.closed, c.closeCode, c.closeWhy
		if len(frames) == 0 && !closed {
			c.writing = false
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()
		// All the frames queued so far leave in one write (see corkConn).
		c.nc.cork()
		err := c.writeFrames(frames)
		if uerr := c.nc.uncork(c.writeWithin()); err == nil {
			err = uerr
		}
		if err != nil {
			c.writeFailed(err)
			return // writing stays true: no writer starts again
		}
		if closed {
			_ = c.nc.control(ws.OpClose, closeBody(code, why), c.writeWithin())
			// Give the peer a moment to read the close frame and answer, so it sees our
			// code rather than a reset connection.
			select {
			case <-c.readerDone:
			case <-time.After(cfg.CloseGrace):
			}
			c.closeSocket()
			return
		}
	}
}

// writeWithin is when a write the writer begins now must have finished: WriteWait from
// now, or CloseGrace once the relay has closed the connection for a full queue (addLocked).
func (c *conn) writeWithin() time.Time {
	c.mu.Lock()
	slow := c.closed && c.closeCode == protocol.CloseSlow
	c.mu.Unlock()
	if slow {
		return time.Now().Add(c.srv.cfg.CloseGrace)
	}
	return time.Now().Add(c.srv.cfg.WriteWait)
}

// tick runs on the connection's timer: it sends the pings, and closes a connection that
// has not joined by JoinTimeout or, once joined, has sent nothing (a pong, a message) for
// PingEvery+PongWait. No goroutine waits on an idle connection's socket with a deadline,
// so the timer is its deadline.
func (c *conn) tick() {
	cfg := c.srv.cfg
	now := time.Now()
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	next := c.joinBy
	if !c.joined && c.entering {
		// The join was read in time; its room may be slow to answer (loading, committing).
		next = now.Add(time.Second)
	}
	if c.joined {
		next = time.Unix(0, c.lastRead.Load()).Add(cfg.PingEvery + cfg.PongWait)
	}
	if !now.Before(next) {
		if c.joined {
			c.closeLocked(protocol.CloseInternal, "no pong in time") // the liveness check
		} else {
			c.closeLocked(protocol.CloseJoinTimeout, "no join or resume in time")
		}
		c.mu.Unlock()
		return
	}
	ping := !now.Before(c.nextPing)
	if ping {
		c.nextPing = now.Add(cfg.PingEvery)
	}
	if c.nextPing.Before(next) {
		next = c.nextPing
	}
	c.timer.Reset(next.Sub(now))
	c.mu.Unlock()
	if ping {
		c.sendPing()
	}
}

// setJoined starts the liveness check of a connection that has joined a room.
func (c *conn) setJoined() {
	c.lastRead.Store(time.Now().UnixNano())
	c.mu.Lock()
	c.joined = true
	c.mu.Unlock()
}

// setEntering marks the time a join or resume is handled.
func (c *conn) setEntering(on bool) {
	c.mu.Lock()
	c.entering = on
	c.mu.Unlock()
}

// sendPing sends a websocket ping for the transport, and a message browsers can see
// (their scripts cannot observe ping frames, and they need the server's clock anyway).
func (c *conn) sendPing() {
	cfg := c.srv.cfg
	if err := c.nc.control(ws.OpPing, nil, time.Now().Add(cfg.WriteWait)); err != nil {
		c.close(protocol.CloseInternal, "ping failed")
		return
	}
	c.queueMsg(&protocol.Server{T: protocol.TPing, Now: cfg.Now().UnixMilli()})
}

// start begins reading a new connection. pending, if not nil, holds bytes the client sent
// right behind its handshake, which a reader handles first.
func (c *conn) start(pending *bufio.Reader) {
	c.mu.Lock()
	c.reading = true // the first reader, if any, is started here, not by the poller
	c.mu.Unlock()
	if c.srv.poll != nil {
		c.polled = true
		if err := c.srv.poll.add(c); err != nil {
			c.polled = false
		}
	}
	if pending != nil || !c.polled {
		go c.read(pending)
		return
	}
	if !c.park() {
		go c.read(nil) // the poller stopped
	}
}

// readable is the poller's news that the socket has bytes to read: a reader reads them.
func (c *conn) readable() {
	c.mu.Lock()
	if c.reading || c.readDone || c.sockClosed {
		// A reader runs and arms the socket again when it ends; or the connection is over.
		c.mu.Unlock()
		return
	}
	c.reading = true
	c.mu.Unlock()
	c.srv.poll.read(c)
}

// read is the connection's reader while its socket has bytes to read: it reads and
// handles frames until its buffer is empty, then gives the buffer back, arms the socket
// and ends (park); a frame or message it has begun it reads to its end, waiting for the
// rest. A connection the poller cannot watch keeps its reader, which then waits for the
// next frame. br is nil or holds bytes that arrived with the handshake.
func (c *conn) read(br *bufio.Reader) {
	pooled := br == nil
	var fr *frameReader
	if pooled {
		fr = c.srv.readBufs.Get().(*frameReader)
		fr.src.c = c.nc
		fr.br.Reset(&fr.src)
	} else {
		fr = newFrameReader(br)
	}
	fr.begin(c)
	release := func() {
		if pooled {
			fr.end()
			c.srv.readBufs.Put(fr)
		}
	}
	for {
		if !c.readMessage(fr) {
			release()
			c.readEnd()
			return
		}
		if fr.br.Buffered() > 0 || !c.polled {
			continue
		}
		release()
		if c.park() {
			return
		}
		// The poller stopped: read on, waiting.
		pooled = true
		fr = c.srv.readBufs.Get().(*frameReader)
		fr.src.c = c.nc
		fr.br.Reset(&fr.src)
		fr.begin(c)
	}
}

// frameReader is what a connection's reader reads frames with: a buffer and the websocket
// frame reader over it. The server pools them (Server.readBufs): an idle connection holds
// neither, and a reader, which runs for each burst of bytes, allocates neither.
type frameReader struct {
	br        *bufio.Reader
	src       socketReader // what br reads: the connection's socket
	rd        wsutil.Reader
	c         *conn
	onControl func(ws.Header, io.Reader) error // fr.control, made once
	payload   [smallPayload]byte               // a small message's bytes (readPayload)
}

// smallPayload is the largest message read into a frame reader's own buffer: a move's is
// 60 to 200 bytes.
const smallPayload = 512

func newFrameReader(br *bufio.Reader) *frameReader {
	fr := &frameReader{br: br}
	fr.onControl = fr.control
	return fr
}

// begin readies fr to read c's frames from its buffer, from the start of a frame.
func (fr *frameReader) begin(c *conn) {
	fr.c = c
	fr.rd = wsutil.Reader{Source: fr.br, State: ws.StateServerSide, MaxFrameSize: protocol.MaxMessage,
		OnIntermediate: fr.onControl}
}

// end lets go of the connection, before fr goes back to the pool.
func (fr *frameReader) end() {
	fr.br.Reset(nil)
	fr.src.c = nil
	fr.c = nil
	fr.rd = wsutil.Reader{}
}

// control answers a control frame between the fragments of a message.
func (fr *frameReader) control(hdr ws.Header, r io.Reader) error { return fr.c.control(hdr, r) }

// park hands the socket back to the poller after a reader has read all it had; false if
// the poller has stopped (the reader goes on).
func (c *conn) park() bool {
	c.mu.Lock()
	c.reading = false
	closed := c.sockClosed
	c.mu.Unlock()
	if closed {
		c.readEnd()
		return true
	}
	if err := c.srv.poll.arm(c); err == nil {
		return true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.readDone || c.sockClosed {
		return true // the socket was closed meanwhile, and the read side ended with it
	}
	c.reading = true
	c.polled = false
	return false
}

// readEnd ends the read side, once: the room learns the seat is gone, the connection is
// closed (if it was not) and forgotten.
func (c *conn) readEnd() {
	c.mu.Lock()
	if c.readDone {
		c.mu.Unlock()
		return
	}
	c.readDone = true
	c.mu.Unlock()
	close(c.readerDone)
	if c.polled {
		c.srv.poll.remove(c)
	}
	if c.room != nil {
		c.room.post(roomMsg{kind: msgGone, conn: c})
	}
	c.close(protocol.CloseInternal, "connection lost")
	c.srv.connDone(c)
	c.srv.wg.Done() // counted in serveWS
}

// errPeerClosed ends the reader when the client sent a close frame.
var errPeerClosed = errors.New("relay: the client closed the connection")

// readMessage reads one frame (a control frame) or message (a data frame and its
// continuations) and handles it; false ends the connection.
func (c *conn) readMessage(fr *frameReader) bool {
	rd := &fr.rd
	hdr, err := rd.NextFrame()
	if err != nil {
		return c.readFailed(err)
	}
	if hdr.OpCode.IsControl() {
		if err := c.control(hdr, rd); err != nil {
			return c.readFailed(err)
		}
		return true
	}
	c.lastRead.Store(time.Now().UnixNano())
	data, err := readPayload(hdr, rd, &fr.payload)
	if err != nil {
		return c.readFailed(err)
	}
	if !c.message(hdr.OpCode, data) {
		c.drain(rd)
		return false
	}
	return true
}

// drain reads and drops what the client sends after the relay closed the connection, until
// the client's close frame or the socket's end (the writer closes it Config.CloseGrace after
// its close frame). A socket closed with bytes unread is reset, and a client still sending —
// a flood in one go — then fails its write; some websocket libraries take that for the end
// and drop the bye and the close frame waiting to be read, reporting 1006.
func (c *conn) drain(rd *wsutil.Reader) {
	for {
		hdr, err := rd.NextFrame()
		if err != nil || hdr.OpCode == ws.OpClose {
			return
		}
		if _, err := io.Copy(io.Discard, rd); err != nil {
			return
		}
	}
}

// readPayload reads the message whose first frame hdr heads, at most protocol.MaxMessage
// bytes. A message of one frame (every message a client sends) is read into a buffer of its
// length, which the header gives: io.ReadAll would begin at 512 bytes for messages of 100 to
// 200 and copy as it grows. A message that fits in small is read into it, and is only good
// until the next: a move's message is decoded, and its bytes dropped, before the next is
// read. One of several frames is read as it comes.
func readPayload(hdr ws.Header, rd io.Reader, small *[smallPayload]byte) ([]byte, error) {
	if hdr.Fin && hdr.Length <= protocol.MaxMessage {
		var data []byte
		if hdr.Length <= smallPayload {
			data = small[:hdr.Length]
		} else {
			data = make([]byte, hdr.Length)
		}
		if _, err := io.ReadFull(rd, data); err != nil {
			return nil, err
		}
		return data, nil
	}
	data, err := io.ReadAll(io.LimitReader(rd, protocol.MaxMessage+1))
	if err != nil {
		return nil, err
	}
	if len(data) > protocol.MaxMessage {
		return nil, wsutil.ErrFrameTooLarge
	}
	return data, nil
}

// control handles a control frame whose payload r holds: a ping is answered, a pong only
// counts as a sign of life, and a close frame ends the connection (errPeerClosed).
func (c *conn) control(hdr ws.Header, r io.Reader) error {
	c.lastRead.Store(time.Now().UnixNano())
	payload := make([]byte, hdr.Length) // at most 125 bytes: ws.CheckHeader
	if _, err := io.ReadFull(r, payload); err != nil {
		return err
	}
	switch hdr.OpCode {
	case ws.OpPing:
		return c.nc.control(ws.OpPong, payload, time.Now().Add(c.srv.cfg.WriteWait))
	case ws.OpClose:
		code, _ := ws.ParseCloseFrameData(payload)
		if code.Empty() {
			code = ws.StatusNoStatusRcvd
		}
		c.peerClosed(protocol.CloseCode(code))
		return errPeerClosed
	}
	return nil
}

// readFailed ends the connection after a read error and returns false.
func (c *conn) readFailed(err error) bool {
	var pe ws.ProtocolError
	switch {
	case errors.Is(err, errPeerClosed):
	case errors.Is(err, wsutil.ErrFrameTooLarge):
		c.ended(protocol.CloseTooBig, "relay")
	case errors.As(err, &pe):
		c.ended(closeProtocol, "relay")
		c.srv.log.Debug("websocket frame", "ip", c.ip, "err", err)
	default:
		if !c.isClosed() && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			c.srv.log.Debug("websocket read", "ip", c.ip, "err", err)
		}
		c.peerClosed(closeAbnormal)
	}
	return false
}

// message handles one data message; false ends the connection.
func (c *conn) message(op ws.OpCode, data []byte) bool {
	cfg := c.srv.cfg
	c.srv.metrics.messagesIn.Inc()
	if !c.limiter.Allow() {
		c.dropped++
		c.srv.metrics.rejected.WithLabelValues(string(protocol.ErrRateLimited)).Inc()
		if c.dropped > 10*cfg.MessageBurst {
			c.close(protocol.CloseFlood, "too many messages")
			return false
		}
		// One warning a second is enough; answering every dropped message would let a
		// flood fill our own send queue.
		if time.Since(c.lastWarn) > time.Second {
			c.lastWarn = time.Now()
			c.queueMsg(&protocol.Server{T: protocol.TError, Code: protocol.ErrRateLimited,
				Message: "too many messages: slow down; this message was dropped"})
		}
		return true
	}
	if c.dropped > 0 {
		c.dropped--
	}
	if op != ws.OpText {
		c.protocolError("", protocol.ErrBadMessage, "messages are JSON text frames, not binary")
		return true
	}
	if !utf8.Valid(data) {
		c.close(protocol.CloseInvalidData, "invalid UTF-8 in a text frame")
		return false
	}
	// A command's buffer goes to its room with it, which gives it back once it has copied
	// the command (room.commands); any other message's is left to the garbage collector.
	buf := c.srv.clientBufs.Get().(*protocol.ClientBuffer)
	if err := buf.Decode(data); err != nil {
		c.srv.clientBufs.Put(buf)
		var de *protocol.DecodeError
		if errors.As(err, &de) {
			c.protocolError("", de.Code, de.Message)
			if de.Close != 0 {
				c.close(de.Close, de.Message)
				return false
			}
			return true
		}
		c.protocolError("", protocol.ErrBadMessage, err.Error())
		return true
	}
	return c.handle(buf)
}

// handle deals with one decoded message, in a buffer of the server's pool; false ends the
// connection. The buffer goes back to the pool here unless a room has the message: a
// command's room gives it back once it has copied the command; a join's or a resume's is
// left to the garbage collector.
func (c *conn) handle(m *protocol.ClientBuffer) bool {
	if m.T != protocol.TPong {
		c.srv.activity.Add(1)
	}
	switch m.T {
	case protocol.TJoin, protocol.TResume:
		if c.room != nil {
			c.protocolError("", protocol.ErrAlreadyIn, "this connection already has a seat; open another connection for another seat")
			break
		}
		c.setEntering(true)
		defer c.setEntering(false)
		return c.srv.hub.enter(c, m)
	case protocol.TCommand:
		if c.room == nil {
			c.protocolError(m.ID, protocol.ErrNotJoined, "join or resume a room first")
			break
		}
		c.room.post(roomMsg{kind: msgCommand, conn: c, client: m, pooled: true, read: time.Now().UnixNano()})
		return true
	case protocol.TLeave:
		if c.room == nil {
			c.srv.clientBufs.Put(m)
			c.close(protocol.CloseLeft, "left")
			return false
		}
		c.room.post(roomMsg{kind: msgLeave, conn: c})
	case protocol.TSync:
		if c.room == nil {
			c.protocolError("", protocol.ErrNotJoined, "join or resume a room first")
			break
		}
		c.room.post(roomMsg{kind: msgSync, conn: c})
	}
	// A pong above all: one every ping interval from every connection.
	c.srv.clientBufs.Put(m)
	return true
}

func (c *conn) protocolError(id string, code protocol.Code, msg string) {
	c.srv.metrics.rejected.WithLabelValues(string(code)).Inc()
	c.queueMsg(&protocol.Server{T: protocol.TError, ID: id, Code: code, Message: msg})
}
