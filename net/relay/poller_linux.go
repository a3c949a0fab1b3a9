//go:build linux

package relay

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// poller tells connections when their sockets have bytes to read, so that an idle
// connection holds no goroutine (a reader's stack was most of what an idle connection
// cost): one goroutine waits in epoll_wait for every socket, and a connection's reader
// runs only from the moment bytes arrive until it has read them all (conn.read), then
// arms its socket again.
//
// Each socket is registered one-shot: after it was reported readable it is not reported
// again until its reader has finished and armed it, so two readers never run for one
// connection. Arming a socket that already has bytes waiting reports it at once.
//
// Go's own network poller keeps working for the same sockets (reads with deadlines while
// a frame is partial, writes): epoll allows one descriptor in several instances. Every
// epoll_ctl runs inside the socket's RawConn.Control, which holds the descriptor open, so
// a connection closed meanwhile never lets the call reach another connection that reused
// its number; a closed socket leaves the epoll set by itself.
type poller struct {
	epfd int
	wake int // an eventfd that ends run
	done chan struct{}

	mu    sync.Mutex
	conns map[uint64]*conn // by registration id (the events' data)
	next  uint64
}

// newPoller starts a poller, or says why there is none.
func newPoller() (*poller, error) {
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("relay: epoll: %w", err)
	}
	wake, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
	if err != nil {
		_ = unix.Close(epfd)
		return nil, fmt.Errorf("relay: eventfd: %w", err)
	}
	// Id 0 is the wake-up descriptor's; connections count from 1.
	if err := unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, wake, &unix.EpollEvent{Events: unix.EPOLLIN}); err != nil {
		_ = unix.Close(epfd)
		_ = unix.Close(wake)
		return nil, fmt.Errorf("relay: epoll_ctl: %w", err)
	}
	p := &poller{epfd: epfd, wake: wake, done: make(chan struct{}), conns: map[uint64]*conn{}}
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
	sc, ok := c.nc.Conn.(syscall.Conn)
	if !ok {
		return errNotPollable
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return errNotPollable
	}
	p.mu.Lock()
	p.next++
	id := p.next
	p.conns[id] = c
	p.mu.Unlock()
	c.raw, c.pollID = raw, id
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
	ev := unix.EpollEvent{
		Events: unix.EPOLLIN | unix.EPOLLRDHUP | unix.EPOLLONESHOT,
		Fd:     int32(uint32(c.pollID)),
		Pad:    int32(uint32(c.pollID >> 32)),
	}
	var err error
	cerr := c.raw.Control(func(fd uintptr) {
		err = unix.EpollCtl(p.epfd, op, int(fd), &ev)
	})
	if cerr != nil {
		return cerr // the socket is closed
	}
	if err != nil {
		return fmt.Errorf("relay: epoll_ctl: %w", err)
	}
	return nil
}

// remove forgets c; its socket leaves the epoll set when it is closed.
func (p *poller) remove(c *conn) {
	p.mu.Lock()
	delete(p.conns, c.pollID)
	p.mu.Unlock()
}

// run waits for sockets with bytes to read and hands each to its connection.
func (p *poller) run() {
	defer close(p.done)
	defer func() {
		_ = unix.Close(p.epfd)
		_ = unix.Close(p.wake)
	}()
	events := make([]unix.EpollEvent, 128)
	for {
		n, err := unix.EpollWait(p.epfd, events, -1)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return // cannot happen with a valid epfd; the connections' arm then fails
		}
		for _, ev := range events[:n] {
			id := uint64(uint32(ev.Fd)) | uint64(uint32(ev.Pad))<<32
			if id == 0 {
				return
			}
			p.mu.Lock()
			c := p.conns[id]
			p.mu.Unlock()
			if c != nil {
				c.readable()
			}
		}
	}
}

// close stops the poller and waits for its goroutine. Connections still open then fail
// to arm and keep a reader goroutine (conn.read).
func (p *poller) close() {
	var one [8]byte
	binary.NativeEndian.PutUint64(one[:], 1) // an eventfd adds a host-order uint64
	_, _ = unix.Write(p.wake, one[:])
	<-p.done
}
