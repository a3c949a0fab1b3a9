package relay

import (
	"errors"
	"sync"

	"impactkaarten/net/protocol"
	"impactkaarten/net/store"
)

// errNoRoom means no room has the code.
var errNoRoom = errors.New("relay: unknown room")

// hub finds the room actor for a code, starting (and loading) it on demand. The map is
// the only state rooms share, and it holds nothing but pointers to them.
type hub struct {
	srv   *Server
	mu    sync.Mutex
	rooms map[string]*room
	wg    sync.WaitGroup
}

func newHub(srv *Server) *hub { return &hub{srv: srv, rooms: map[string]*room{}} }

// acquire returns the room for code, counting the caller as in flight so the room is not
// unloaded before the caller's message arrives. The caller must post exactly one message
// with acquired set.
func (h *hub) acquire(code string) (*room, error) {
	h.mu.Lock()
	r := h.rooms[code]
	if r != nil {
		r.pending.Add(1)
		h.mu.Unlock()
		return r, nil
	}
	h.mu.Unlock()
	// Checking the store outside the lock keeps one slow disk read from holding up every
	// other room's joins.
	ok, err := h.srv.store.Exists(h.srv.baseCtx, code)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errNoRoom
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.srv.closing.Load() {
		return nil, store.ErrUnavailable
	}
	if r = h.rooms[code]; r == nil {
		r = newRoom(h.srv, code)
		h.rooms[code] = r
		h.wg.Add(1)
		go func() {
			defer h.wg.Done()
			r.run()
		}()
	}
	r.pending.Add(1)
	return r, nil
}

// tryUnload removes an idle room from the map if nobody is about to talk to it.
func (h *hub) tryUnload(r *room) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if r.pending.Load() != 0 || len(r.inbox) != 0 {
		return false
	}
	if h.rooms[r.code] == r {
		delete(h.rooms, r.code)
	}
	return true
}

func (h *hub) remove(r *room) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.rooms[r.code] == r {
		delete(h.rooms, r.code)
	}
}

// loaded returns how many rooms are in memory.
func (h *hub) loaded() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.rooms)
}

// do runs fn inside the room's goroutine (so it may read the room's state) and waits.
func (h *hub) do(code string, kind msgKind, fn func(*room)) error {
	r, err := h.acquire(code)
	if err != nil {
		return err
	}
	done := make(chan struct{})
	if !r.post(roomMsg{kind: kind, query: fn, done: done, acquired: true}) {
		return store.ErrUnavailable
	}
	select {
	case <-done:
	case <-r.exited:
		select {
		case <-done:
		default:
			return store.ErrUnavailable
		}
	}
	return nil
}

// enter handles a join or resume from a connection that has no seat yet. It returns false
// when the connection must end.
func (h *hub) enter(c *conn, m *protocol.ClientBuffer) bool {
	srv := h.srv
	code, ok := protocol.NormalizeCode(m.Room)
	if !ok {
		c.protocolError("", protocol.ErrBadRoom, "a room code has six letters and digits, like K7P-2QX")
		return true
	}
	// Past the address's budget of unknown codes a join is refused whatever its code. A
	// resume carries its seat's token, which nobody guesses: it goes on, so that players
	// behind one address (a venue's network) keep their seats while someone there mistypes
	// codes; whatever else it meets is answered as a join, saying nothing of the room.
	overBudget := !srv.limits.joinAllowed(c.ip)
	tooMany := func() bool {
		c.protocolError("", protocol.ErrTooManyTries, "too many attempts with unknown room codes; wait a minute")
		c.close(protocol.CloseTooMany, "too many unknown room codes")
		return false
	}
	if overBudget && m.T != protocol.TResume {
		return tooMany()
	}
	if m.T == protocol.TJoin && srv.node != nil && srv.node.shedding() {
		// A new seat adds a player to the load; a resume only brings back one the rooms
		// already carry, and is never refused for load (docs/cluster.md, "Load shedding").
		srv.metrics.shed.WithLabelValues("join").Inc()
		c.protocolError("", protocol.ErrBusy, "the server is busy; try again in a few seconds")
		c.close(protocol.CloseBusy, "the server is busy; reconnect in a few seconds")
		return false
	}
	r, err := h.acquire(code)
	switch {
	case errors.Is(err, errNoRoom):
		if overBudget {
			return tooMany()
		}
		srv.limits.joinFailed(c.ip)
		c.protocolError("", protocol.ErrUnknownRoom, "no room has the code "+protocol.FormatCode(code))
		if m.T == protocol.TResume {
			// The seat's room is gone (deleted, or past its retention): nothing to come
			// back to. A join may try another code on the same connection.
			c.close(protocol.CloseUnknownRoom, "the room no longer exists")
			return false
		}
		return true
	case err != nil:
		c.protocolError("", protocol.ErrUnavailable, "the room cannot be reached right now; try again")
		return true
	}
	kind := msgJoin
	if m.T == protocol.TResume {
		kind = msgResume
	}
	reply := make(chan enterResult, 1)
	if !r.post(roomMsg{kind: kind, conn: c, client: m, reply: reply, acquired: true}) {
		c.protocolError("", protocol.ErrUnavailable, "the room closed; try again")
		return true
	}
	var res enterResult
	select {
	case res = <-reply:
	case <-r.exited:
		res = enterResult{code: protocol.ErrUnavailable, message: "the room closed; try again"}
	}
	if res.code == protocol.ErrBadToken && overBudget {
		return tooMany()
	}
	if res.code != "" {
		c.protocolError("", res.code, res.message)
		if res.close != 0 {
			c.close(res.close, res.message)
			return false
		}
		return true
	}
	c.room = r
	c.setJoined()
	return true
}

// shutdown stops every room: each snapshots itself and closes its connections with
// "going away". In-flight commits finish first, because a room handles one message at a time.
func (h *hub) shutdown() {
	h.mu.Lock()
	rooms := make([]*room, 0, len(h.rooms))
	for _, r := range h.rooms {
		rooms = append(rooms, r)
	}
	h.mu.Unlock()
	for _, r := range rooms {
		done := make(chan struct{})
		if r.post(roomMsg{kind: msgShutdown, done: done}) {
			select {
			case <-done:
			case <-r.exited:
			}
		}
	}
	h.wg.Wait()
}
