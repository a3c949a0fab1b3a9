package relay

import (
	"errors"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"
	"golang.org/x/time/rate"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
)

// closeGrace is how long the writer waits for the peer to answer a close frame before it
// drops the TCP connection (centrifuge waits 5 s; a card table needs no more).
const closeGrace = 2 * time.Second

// conn is one websocket connection. Its reader goroutine decodes messages and hands them to
// the room; a writer goroutine, started when there is something to write and ended when
// the queue is empty, is the only one that writes messages to the socket (a timer sends
// the pings). Anyone (the room, the reader, the server on shutdown) may queue a message or
// close the connection: both go through mu, so a closed queue is never written to.
//
// Why the writer is not one goroutine for the connection's lifetime: an idle connection
// then costs a goroutine stack less (some 4 kB of the 10 kB that docs/design.md's budgets aim at), and every garbage
// collection has half as many stacks to scan, which with 10,000 connections took most of
// each collection's work.
type conn struct {
	srv *Server
	ws  *websocket.Conn
	nc  *corkConn // ws's network connection, for the writer to cork
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
	ping      *time.Timer

	readerDone chan struct{}
	limiter    *rate.Limiter

	// Owned by the room goroutine once the connection has joined.
	room *room
	seat game.SeatID
	held bool // the room holds frames for it to flush (room.send)
}

func newConn(srv *Server, ws *websocket.Conn, ip string) *conn {
	c := &conn{
		srv:        srv,
		ws:         ws,
		ip:         ip,
		readerDone: make(chan struct{}),
		limiter:    rate.NewLimiter(rate.Limit(srv.cfg.MessagesPerSecond), srv.cfg.MessageBurst),
	}
	c.mu.Lock()
	c.ping = time.AfterFunc(srv.cfg.PingEvery, c.sendPing)
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
func (c *conn) flush() {
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
	all, uerr := c.nc.tryUncork()
	if err == nil {
		err = uerr
	}
	if err != nil {
		c.writeFailed(err)
		return // writing stays true: no writer starts again
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if all && len(c.out) == 0 && !c.closed {
		c.writing = false
		return
	}
	// The rest (what the socket did not take, frames queued meanwhile, the close) is the
	// writer's: writing stays true for it.
	c.runWriterLocked()
}

// writeFrames hands frames to gorilla (which writes them into the corked buffer) and
// recycles their buffers.
func (c *conn) writeFrames(frames [][]byte) error {
	var err error
	for i, frame := range frames {
		if err == nil {
			err = c.ws.WriteMessage(websocket.TextMessage, frame)
		}
		frames[i] = nil
		// Gorilla has copied the frame: its buffer can carry another. Only this
		// connection's queue held it (every frame is encoded for one connection).
		if pooledFrame(frame) {
			frame = frame[:0]
			c.srv.frameBufs.Put(&frame)
		}
	}
	return err
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
	c.ping.Stop()
	c.startWriterLocked()
}

// peerClosed records that the client ended the connection (a close frame with code, or
// 1006 when the link just went): counted apart from the relay's own closes, and the writer
// ends the socket without a bye.
func (c *conn) peerClosed(code protocol.CloseCode) { c.ended(code, "client") }

// ended marks the connection closed without a bye: the client closed it (by "client"), or
// the websocket library already sent the close frame (by "relay", a frame too big).
func (c *conn) ended(code protocol.CloseCode, by string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	c.closed, c.closeCode, c.closeWhy = true, websocket.CloseNormalClosure, ""
	if by == "relay" {
		c.closeCode = code
	}
	c.srv.metrics.closes.WithLabelValues(strconv.Itoa(int(code)), by).Inc()
	c.ping.Stop()
	c.startWriterLocked()
}

// writeFailed ends a connection whose write failed. A write that ran out of time means the
// peer did not read (its socket window stayed full): that is a slow reader, closed with
// CloseSlow like one whose queue filled up.
func (c *conn) writeFailed(err error) {
	var ne interface{ Timeout() bool }
	if errors.As(err, &ne) && ne.Timeout() {
		c.srv.metrics.slowDrops.Inc()
		c.close(protocol.CloseSlow, "too slow: messages were not read in time")
	} else {
		c.close(protocol.CloseInternal, "write failed")
	}
	_ = c.ws.Close()
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
	if err := c.nc.finish(time.Now().Add(cfg.WriteWait)); err != nil {
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
		if uerr := c.nc.uncork(time.Now().Add(cfg.WriteWait)); err == nil {
			err = uerr
		}
		if err != nil {
			c.writeFailed(err)
			return // writing stays true: no writer starts again
		}
		if closed {
			msg := websocket.FormatCloseMessage(int(code), why)
			_ = c.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(cfg.WriteWait))
			// Give the peer a moment to read the close frame and answer, so it sees our
			// code rather than a reset connection.
			select {
			case <-c.readerDone:
			case <-time.After(closeGrace):
			}
			_ = c.ws.Close()
			return
		}
	}
}

// sendPing runs on the ping timer: a websocket ping for the transport, and a message
// browsers can see (their scripts cannot observe ping frames, and they need the server's
// clock anyway). Gorilla allows WriteControl next to the writer.
func (c *conn) sendPing() {
	cfg := c.srv.cfg
	if c.isClosed() {
		return
	}
	if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(cfg.WriteWait)); err != nil {
		c.close(protocol.CloseInternal, "ping failed")
		return
	}
	c.queueMsg(&protocol.Server{T: protocol.TPing, Now: cfg.Now().UnixMilli()})
	c.mu.Lock()
	if !c.closed {
		c.ping.Reset(cfg.PingEvery)
	}
	c.mu.Unlock()
}

// readPump is the connection's only reader. Before a join it handles join and resume
// itself (with the hub); after, it passes every message to the room.
func (c *conn) readPump() {
	cfg := c.srv.cfg
	defer func() {
		close(c.readerDone)
		if c.room != nil {
			c.room.post(roomMsg{kind: msgGone, conn: c})
		}
		c.close(protocol.CloseInternal, "connection lost")
		c.srv.connDone(c)
	}()
	c.ws.SetReadLimit(protocol.MaxMessage)
	deadline := time.Now().Add(cfg.JoinTimeout)
	_ = c.ws.SetReadDeadline(deadline)
	c.ws.SetPongHandler(func(string) error {
		if c.room != nil {
			_ = c.ws.SetReadDeadline(time.Now().Add(cfg.PingEvery + cfg.PongWait))
		}
		return nil
	})
	var dropped int
	var lastWarn time.Time
	for {
		typ, data, err := c.ws.ReadMessage()
		if err != nil {
			var ne interface{ Timeout() bool }
			var ce *websocket.CloseError
			switch {
			case c.room == nil && errors.As(err, &ne) && ne.Timeout():
				c.close(protocol.CloseJoinTimeout, "no join or resume in time")
			case errors.As(err, &ne) && ne.Timeout():
				c.close(protocol.CloseInternal, "no pong in time") // the liveness check
			case errors.Is(err, websocket.ErrReadLimit):
				c.ended(protocol.CloseTooBig, "relay") // gorilla has sent the close frame
			case errors.As(err, &ce):
				c.peerClosed(protocol.CloseCode(ce.Code))
			default:
				c.peerClosed(websocket.CloseAbnormalClosure)
			}
			if websocket.IsUnexpectedCloseError(err, websocket.CloseGoingAway, websocket.CloseNormalClosure,
				websocket.CloseNoStatusReceived, websocket.CloseAbnormalClosure, websocket.CloseMessageTooBig) && !c.isClosed() {
				c.srv.log.Debug("websocket read", "ip", c.ip, "err", err)
			}
			return
		}
		c.srv.metrics.messagesIn.Inc()
		if c.room != nil {
			_ = c.ws.SetReadDeadline(time.Now().Add(cfg.PingEvery + cfg.PongWait))
		}
		if !c.limiter.Allow() {
			dropped++
			c.srv.metrics.rejected.WithLabelValues(string(protocol.ErrRateLimited)).Inc()
			if dropped > 10*cfg.MessageBurst {
				c.close(protocol.CloseFlood, "too many messages")
				return
			}
			// One warning a second is enough; answering every dropped message would let a
			// flood fill our own send queue.
			if time.Since(lastWarn) > time.Second {
				lastWarn = time.Now()
				c.queueMsg(&protocol.Server{T: protocol.TError, Code: protocol.ErrRateLimited,
					Message: "too many messages: slow down; this message was dropped"})
			}
			continue
		}
		if dropped > 0 {
			dropped--
		}
		if typ != websocket.TextMessage {
			c.protocolError("", protocol.ErrBadMessage, "messages are JSON text frames, not binary")
			continue
		}
		if !utf8.Valid(data) {
			c.close(protocol.CloseInvalidData, "invalid UTF-8 in a text frame")
			return
		}
		m, err := protocol.DecodeClient(data)
		if err != nil {
			var de *protocol.DecodeError
			if errors.As(err, &de) {
				c.protocolError("", de.Code, de.Message)
				if de.Close != 0 {
					c.close(de.Close, de.Message)
					return
				}
				continue
			}
			c.protocolError("", protocol.ErrBadMessage, err.Error())
			continue
		}
		if !c.handle(m) {
			return
		}
	}
}

// handle deals with one decoded message; false ends the connection.
func (c *conn) handle(m *protocol.Client) bool {
	switch m.T {
	case protocol.TPong:
		return true
	case protocol.TJoin, protocol.TResume:
		if c.room != nil {
			c.protocolError("", protocol.ErrAlreadyIn, "this connection already has a seat; open another connection for another seat")
			return true
		}
		return c.srv.hub.enter(c, m)
	case protocol.TCommand:
		if c.room == nil {
			c.protocolError(m.ID, protocol.ErrNotJoined, "join or resume a room first")
			return true
		}
		c.room.post(roomMsg{kind: msgCommand, conn: c, client: m, read: time.Now().UnixNano()})
	case protocol.TLeave:
		if c.room == nil {
			c.close(protocol.CloseLeft, "left")
			return false
		}
		c.room.post(roomMsg{kind: msgLeave, conn: c})
	case protocol.TSync:
		if c.room == nil {
			c.protocolError("", protocol.ErrNotJoined, "join or resume a room first")
			return true
		}
		c.room.post(roomMsg{kind: msgSync, conn: c})
	}
	return true
}

func (c *conn) protocolError(id string, code protocol.Code, msg string) {
	c.srv.metrics.rejected.WithLabelValues(string(code)).Inc()
	c.queueMsg(&protocol.Server{T: protocol.TError, ID: id, Code: code, Message: msg})
}
