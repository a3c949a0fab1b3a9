package relay

import "sync/atomic"

// maxIdleReaders is how many readers wait for the next readable connection; a reader
// that finishes when as many wait ends. It is the poller's batch (one epoll_wait reports
// at most this many sockets), so that a full batch finds a waiting reader for every
// socket. At 2,000 moves/s about one reads at a time; at 10,000 the poller hands out
// batches of dozens, and with 16 waiting the readers for the rest of a batch were new
// goroutines whose stacks grew while they decoded: 4.4–4.6 % of the relay's CPU was
// copying stacks, 1.0–1.2 % with 128 waiting. A waiting reader's stack is shrunk by the
// collections, so the idle relay keeps little of it.
const maxIdleReaders = 128

// readerPool runs the readers (conn.read) the poller starts on goroutines that stay for
// the next one. Started as a goroutine of its own for every burst of bytes, a reader began
// with a small stack and grew it, copying it, while it decoded the message: a goroutine
// and a stack copy for nearly every move, 4 % of the relay's CPU at 2,000 moves/s. A
// reader that finishes now waits for the next readable connection, keeping its stack.
type readerPool struct {
	read func(*conn) // (*conn).read with no pending bytes; tests put their own
	next chan *conn  // unbuffered: a send succeeds only when a reader waits
	quit chan struct{}
	idle atomic.Int32 // readers waiting for a connection
	live atomic.Int32 // readers, reading or waiting
	made atomic.Int64 // readers started, ever
}

func newReaderPool(read func(*conn)) *readerPool {
	return &readerPool{read: read, next: make(chan *conn), quit: make(chan struct{})}
}

// start has c read by a waiting reader, or by a new one if none waits.
func (p *readerPool) start(c *conn) {
	select {
	case p.next <- c:
	default:
		p.live.Add(1)
		p.made.Add(1)
		go p.reader(c)
	}
}

// reader reads c, then whatever connection start hands it next, until more readers wait
// than maxIdleReaders or the pool is stopped.
func (p *readerPool) reader(c *conn) {
	defer p.live.Add(-1)
	for {
		p.read(c)
		c = nil // a waiting reader keeps no connection alive
		if p.idle.Add(1) > maxIdleReaders {
			p.idle.Add(-1)
			return
		}
		select {
		case c = <-p.next:
			p.idle.Add(-1)
		case <-p.quit:
			p.idle.Add(-1)
			return
		}
	}
}

// stop ends the waiting readers; one still reading ends when it has read.
func (p *readerPool) stop() { close(p.quit) }
