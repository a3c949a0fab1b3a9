//go:build linux

package relay

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"

	"impactkaarten/net/rawcall"
)

// poller tells connections when their sockets have bytes to read, so that an idle
// connection holds no goroutine (a reader's stack was most of what an idle connection
// cost): one goroutine waits on an epoll set holding every socket, and a connection's
// reader runs only from the moment bytes arrive until it has read them all (conn.read),
// then arms its socket again.
//
// Each socket is registered one-shot: after it was reported readable it is not reported
// again until its reader has finished and armed it, so two readers never run for one
// connection. Arming a socket that already has bytes waiting reports it at once.
//
// The epoll set's own descriptor waits in Go's network poller like any socket (it becomes
// readable when one of its sockets is), so the poller's goroutine blocks no thread and is
// woken by the scheduler, and closing it ends the wait. Go's poller keeps working for the
// same sockets (reads while a frame is partial, writes): epoll allows one descriptor in
// several sets. Every epoll_ctl runs inside both descriptors' RawConn.Control, which holds
// them open, so a descriptor closed meanwhile never lets the call reach another that
// reused its number; a closed socket leaves the epoll set by itself. The epoll calls
// return at once and are made through net/rawcall, which does not wake the runtime's
// monitor thread.
type poller struct {
	file *os.File        // the epoll set
	ep   syscall.RawConn // file's descriptor
	done chan struct{}   // closed when run has ended

	mu    sync.Mutex
	conns map[uint64]*conn // by registration id (the events' data)
	next  uint64

	readers *readerPool // where readable connections are read
	ctls    sync.Pool   // of *epollCtl
}

// newPoller starts a poller, or says why there is none.
func newPoller() (*poller, error) {
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("relay: epoll: %w", err)
	}
	// Non-blocking, so that os.NewFile hands it to Go's network poller.
	if err := unix.SetNonblock(epfd, true); err != nil {
		_ = unix.Close(epfd)
		return nil, fmt.Errorf("relay: epoll: %w", err)
	}
	file := os.NewFile(uintptr(epfd), "epoll")
	ep, err := file.SyscallConn()
	if err != nil {
		_ = file.Close()
		return nil, fmt.Errorf("relay: epoll: %w", err)
	}
	p := &poller{file: file, ep: ep, done: make(chan struct{}), conns: map[uint64]*conn{},
		readers: newReaderPool(func(c *conn) { c.read(nil) })}
	go p.run()
	return p, nil
}

// errNotPollable means the connection is not a socket the poller can watch (a TLS
// connection holds bytes of its own, a test's pipe has no descriptor): it gets a reader
// goroutine for its lifetime instead.
var errNotPollable = errors.New("relay: connection cannot be polled")

// add watches c's socket and arms it: c.readable is called (on the poller's goroutine)
// once it has bytes to read.
func (p *poller) add(c *conn) error {
	if c.nc.raw == nil {
		return errNotPollable
	}
	p.mu.Lock()
	p.next++
	id := p.next
	p.conns[id] = c
	p.mu.Unlock()
	c.pollID = id
	if err := p.ctl(c, unix.EPOLL_CTL_ADD); err != nil {
		p.remove(c)
		return err
	}
	return nil
}

// arm asks for c.readable to be called once more when c's socket has bytes to read (at
// once if it has some now).
func (p *poller) arm(c *conn) error { return p.ctl(c, unix.EPOLL_CTL_MOD) }

func (p *poller) ctl(c *conn, op int) error {
	e, _ := p.ctls.Get().(*epollCtl)
	if e == nil {
		e = newEpollCtl(p.ep)
	}
	e.op = op
	e.ev = unix.EpollEvent{
		Events: unix.EPOLLIN | unix.EPOLLRDHUP | unix.EPOLLONESHOT,
		Fd:     int32(uint32(c.pollID)),
		Pad:    int32(uint32(c.pollID >> 32)),
	}
	cerr := c.nc.raw.Control(e.inSocket)
	err := e.err
	e.err = nil
	p.ctls.Put(e)
	if cerr != nil {
		return cerr // the socket is closed
	}
	if err != nil {
		return fmt.Errorf("relay: epoll_ctl: %w", err)
	}
	return nil
}

// epollCtl is one epoll_ctl call: its arguments, its result, and the two functions the
// descriptors' RawConn.Control run, bound to it once. Closures made for each call escaped
// to the heap: four allocations, some 150 bytes, every time a reader armed its socket
// again, which is once for every message read.
type epollCtl struct {
	ep                syscall.RawConn // the epoll set's
	op                int
	ev                unix.EpollEvent
	fd                uintptr // the socket's, while inSocket runs
	err               error
	inSocket, inEpoll func(uintptr)
}

func newEpollCtl(ep syscall.RawConn) *epollCtl {
	e := &epollCtl{ep: ep}
	e.inSocket, e.inEpoll = e.socket, e.epoll
	return e
}

// socket runs inside the socket's Control, which keeps its descriptor open.
func (e *epollCtl) socket(fd uintptr) {
	e.fd = fd
	if err := e.ep.Control(e.inEpoll); e.err == nil {
		e.err = err // the poller is closed
	}
}

// epoll runs inside the epoll set's Control as well.
func (e *epollCtl) epoll(epfd uintptr) {
	e.err = rawcall.EpollCtl(epfd, e.op, e.fd, &e.ev)
}

// remove forgets c; its socket leaves the epoll set when it is closed.
func (p *poller) remove(c *conn) {
	p.mu.Lock()
	delete(p.conns, c.pollID)
	p.mu.Unlock()
}

// run waits for sockets with bytes to read and hands each to its connection, until the
// poller is closed.
//
// The epoll set waits in Go's poller edge-triggered: it is reported once for each event
// one of its sockets adds to it. So one epoll_wait that leaves the set empty (fewer
// events than the batch holds) is all a wake needs: an event added after that wait is a
// new edge, which ends Go's wait at once, also when it came before the wait began. Only
// the edges reported before Read began are forgotten, which is why Read calls wait first.
func (p *poller) run() {
	defer close(p.done)
	events := make([]unix.EpollEvent, maxIdleReaders) // a waiting reader for each
	wait := func(epfd uintptr) bool {
		for {
			n, err := rawcall.EpollPoll(epfd, events)
			switch {
			case err != nil:
				return true // a broken set, never seen: the connections' arm then fails
			}
			p.dispatch(events[:n])
			if n < len(events) {
				return false // the set is empty: wait for the next edge
			}
		}
	}
	// Read returns when the set is closed, or broken.
	_ = p.ep.Read(wait)
}

// dispatch hands each readable socket to its connection.
func (p *poller) dispatch(events []unix.EpollEvent) {
	for _, ev := range events {
		id := uint64(uint32(ev.Fd)) | uint64(uint32(ev.Pad))<<32
		p.mu.Lock()
		c := p.conns[id]
		p.mu.Unlock()
		if c != nil {
			c.readable()
		}
	}
}

// close stops the poller and waits for its goroutine. Connections still open then fail
// to arm and keep a reader goroutine (conn.read).
func (p *poller) close() {
	_ = p.file.Close()
	<-p.done
	p.readers.stop()
}

// read has c's bytes read by one of the readers.
func (p *poller) read(c *conn) { p.readers.start(c) }
