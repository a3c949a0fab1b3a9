package relay

import (
	"context"
	"errors"
	"sync"
	"time"

	"impactkaarten/net/store"
)

// inboxBlock is how long the node's inbox read waits for a forwarded command before it
// reads again with the rooms it owns by then: a room taken meanwhile waits at most this
// long for its first forwarded command.
const inboxBlock = 500 * time.Millisecond

// node is what a cluster node shares between its rooms: one read of the inboxes of all
// the rooms it owns, and one subscription to the hints of all the rooms it follows, so a
// node holds two Redis connections for them however many rooms it serves (a blocking read
// per room would take the connection pool's every connection from the commits).
type node struct {
	srv *Server
	rc  *store.Redis

	mu      sync.Mutex
	owned   map[string]*room  // rooms whose inbox the node reads
	cursors map[string]string // their inbox cursors
	wake    chan struct{}     // capacity 1: owned changed while the reader was idle

	hintsMu  sync.Mutex
	hints    *store.Hints // nil until the first room is followed
	followed map[string]*room
}

func newNode(srv *Server, rc *store.Redis) *node {
	n := &node{srv: srv, rc: rc, owned: map[string]*room{}, cursors: map[string]string{},
		wake: make(chan struct{}, 1), followed: map[string]*room{}}
	srv.wg.Add(1)
	go func() {
		defer srv.wg.Done()
		n.readInboxes(srv.baseCtx)
	}()
	return n
}

// own adds a room the node now owns to the inbox read, from cursor on.
func (n *node) own(r *room, cursor string) {
	n.mu.Lock()
	n.owned[r.code], n.cursors[r.code] = r, cursor
	n.mu.Unlock()
	select {
	case n.wake <- struct{}{}:
	default:
	}
}

// disown removes a room from the inbox read (the room r only: a newer actor for the same
// code may have registered since).
func (n *node) disown(r *room) {
	n.mu.Lock()
	if n.owned[r.code] == r {
		delete(n.owned, r.code)
		delete(n.cursors, r.code)
	}
	n.mu.Unlock()
}

// readInboxes reads the inboxes of every owned room in one call and passes each forwarded
// request to its room.
func (n *node) readInboxes(ctx context.Context) {
	for ctx.Err() == nil {
		n.mu.Lock()
		cursors := make(map[string]string, len(n.cursors))
		for code, c := range n.cursors {
			cursors[code] = c
		}
		n.mu.Unlock()
		if len(cursors) == 0 {
			select {
			case <-ctx.Done():
				return
			case <-n.wake:
			}
			continue
		}
		fs, err := n.rc.ReadInbox(ctx, cursors, inboxBlock)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			n.srv.log.Warn("read inboxes", "err", err)
			select {
			case <-ctx.Done():
				return
			case <-time.After(followerRetry):
			}
			continue
		}
		n.mu.Lock()
		var deliver []func()
		for _, f := range fs {
			r := n.owned[f.Room]
			if r == nil {
				continue
			}
			n.cursors[f.Room] = cursors[f.Room]
			f := f
			deliver = append(deliver, func() {
				m := roomMsg{kind: msgRun, query: func(r *room) { r.serveForwarded(f) }}
				select { // a busy room does not hold up the other rooms' inboxes
				case r.inbox <- m:
				case <-r.exited:
				default:
					go r.post(m)
				}
			})
		}
		n.mu.Unlock()
		for _, d := range deliver {
			d()
		}
	}
}

// follow subscribes the node to a room's hints; it returns once Redis has confirmed, so
// the room may then read the log and miss nothing.
func (n *node) follow(ctx context.Context, r *room) error {
	n.hintsMu.Lock()
	if n.hints == nil {
		h, err := n.rc.Hints(ctx)
		if err != nil {
			n.hintsMu.Unlock()
			return err
		}
		n.hints = h
		n.srv.wg.Add(1)
		go func() {
			defer n.srv.wg.Done()
			n.passHints(h)
		}()
	}
	n.followed[r.code] = r
	h := n.hints
	n.hintsMu.Unlock()
	return h.Add(ctx, r.code)
}

// unfollow ends a room's hints (the room r only).
func (n *node) unfollow(r *room) {
	n.hintsMu.Lock()
	if n.followed[r.code] != r {
		n.hintsMu.Unlock()
		return
	}
	delete(n.followed, r.code)
	h := n.hints
	n.hintsMu.Unlock()
	if err := h.Remove(context.Background(), r.code); err != nil {
		n.srv.log.Warn("unsubscribe hints", "room", r.code, "err", err)
	}
}

// passHints wakes the followed room of each hint. A room already woken and not yet caught
// up is not woken again, and the node never waits for a busy room.
func (n *node) passHints(h *store.Hints) {
	go func() {
		<-n.srv.baseCtx.Done()
		_ = h.Close()
	}()
	for {
		hint, err := h.Next(n.srv.baseCtx)
		if err != nil {
			if errors.Is(err, context.Canceled) || n.srv.baseCtx.Err() != nil {
				return
			}
			n.srv.log.Error("hints", "err", err)
			return
		}
		n.hintsMu.Lock()
		r := n.followed[hint.Room]
		n.hintsMu.Unlock()
		if r == nil || !r.hinted.CompareAndSwap(false, true) {
			continue
		}
		m := roomMsg{kind: msgRun, query: (*room).hintedCatchUp}
		select {
		case r.inbox <- m:
		case <-r.exited:
		default:
			go r.post(m)
		}
	}
}
