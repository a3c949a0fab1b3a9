package relay

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
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
	taking   map[*room]bool // followed rooms told their room is free, until they try

	leaseMu sync.Mutex
	held    map[string]*heldLease // the leases the node renews, by room code
	// busy is set while the node sheds load: a renewal round late or slow past
	// Config.ShedAfter, or failed (see renewRound).
	busy atomic.Bool
}

// heldLease is a lease the node renews for one of its rooms, and what the room needs to
// know of it: when the last renewal that succeeded was sent (the lease is good until
// that plus the TTL), and whether Redis said the lease is no longer the node's.
type heldLease struct {
	lease   store.Lease
	renewed time.Time
	lost    bool
}

func newNode(srv *Server, rc *store.Redis) *node {
	n := &node{srv: srv, rc: rc, owned: map[string]*room{}, cursors: map[string]string{},
		wake: make(chan struct{}, 1), followed: map[string]*room{}, held: map[string]*heldLease{},
		taking: map[*room]bool{}}
	srv.wg.Add(3)
	go func() {
		defer srv.wg.Done()
		n.readInboxes(srv.baseCtx)
	}()
	go func() {
		defer srv.wg.Done()
		n.renewLeases(srv.baseCtx)
	}()
	go func() {
		defer srv.wg.Done()
		n.watchFollowed(srv.baseCtx)
	}()
	return n
}

// watchFollowed looks every followerRetry for rooms the node follows that nobody owns any
// more (their owner died, or gave them up), all of them in one round trip, and tells those
// rooms to take the lease (room.takeOver). A follower trying Acquire itself every period
// would cost a script per followed room four times a second, and a round trip inside the
// room's own goroutine, ahead of its clients' commands.
func (n *node) watchFollowed(ctx context.Context) {
	t := time.NewTicker(followerRetry)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		n.hintsMu.Lock()
		codes := make([]string, 0, len(n.followed))
		for code, r := range n.followed {
			if !n.taking[r] {
				codes = append(codes, code)
			}
		}
		n.hintsMu.Unlock()
		if len(codes) == 0 {
			continue
		}
		wctx, cancel := context.WithTimeout(ctx, n.srv.cfg.LeaseTTL)
		free, err := n.rc.Unowned(wctx, codes)
		cancel()
		if err != nil {
			if ctx.Err() == nil {
				n.srv.log.Warn("look for unowned rooms", "rooms", len(codes), "err", err)
			}
			continue
		}
		for _, code := range free {
			n.hintsMu.Lock()
			r := n.followed[code]
			if r == nil || n.taking[r] {
				n.hintsMu.Unlock()
				continue
			}
			n.taking[r] = true
			n.hintsMu.Unlock()
			m := roomMsg{kind: msgRun, query: func(r *room) {
				n.hintsMu.Lock()
				delete(n.taking, r)
				n.hintsMu.Unlock()
				r.takeOver()
			}}
			select { // a busy room does not hold up the others
			case r.inbox <- m:
			case <-r.exited:
				n.hintsMu.Lock()
				delete(n.taking, r)
				n.hintsMu.Unlock()
			default:
				go func() {
					if !r.post(m) {
						n.hintsMu.Lock()
						delete(n.taking, r)
						n.hintsMu.Unlock()
					}
				}()
			}
		}
	}
}

// hold adds a lease just acquired (at acquired, when the Acquire was sent) to the node's
// renewals.
func (n *node) hold(lease store.Lease, acquired time.Time) {
	n.leaseMu.Lock()
	n.held[lease.Room] = &heldLease{lease: lease, renewed: acquired}
	n.leaseMu.Unlock()
}

// drop takes a lease out of the renewals (that lease only: the room may hold a newer one).
func (n *node) drop(lease store.Lease) {
	n.leaseMu.Lock()
	if h := n.held[lease.Room]; h != nil && h.lease == lease {
		delete(n.held, lease.Room)
	}
	n.leaseMu.Unlock()
}

// leaseState says when the lease was last renewed (the send time of the renewal that
// succeeded) and whether it is known to be lost. A lease the node does not renew (dropped)
// counts as lost.
func (n *node) leaseState(lease store.Lease) (renewed time.Time, lost bool) {
	n.leaseMu.Lock()
	defer n.leaseMu.Unlock()
	h := n.held[lease.Room]
	if h == nil || h.lease != lease {
		return time.Time{}, true
	}
	return h.renewed, h.lost
}

// shedding reports whether the node refuses new rooms and new seats for now
// (docs/cluster.md, "Load shedding").
func (n *node) shedding() bool { return n.busy.Load() }

// renewLeases renews every lease the node holds, all of them in one script per round
// (store.Leases.RenewAll), every third of the TTL. A room never renews its own lease: a
// room busy with its commands, or a node with thousands of rooms, would otherwise make one
// round trip per room per period, each of which can miss its deadline under load.
func (n *node) renewLeases(ctx context.Context) {
	ttl := n.srv.cfg.LeaseTTL
	t := time.NewTicker(ttl / 3)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case due := <-t.C:
			n.renewRound(ctx, due)
		}
	}
}

// renewRound is one round of renewals, due at due. Its deadline is sized to the lease: a
// round answered later than two thirds of the TTL after it was sent would find the leases
// renewed the round before expired, so waiting longer is of no use (the rooms see their
// lease age past the TTL and stop; the next round renews the others).
//
// The round is also the node's measure of saturation: from the moment it was due to its
// answer it waits for a CPU (the ticker's goroutine to run), for Redis's single thread to
// reach it behind the other nodes' commits, and for Redis's fsync. Past Config.ShedAfter
// the node starts shedding load; it stops once a round takes less than half of that.
func (n *node) renewRound(ctx context.Context, due time.Time) {
	ttl := n.srv.cfg.LeaseTTL
	n.leaseMu.Lock()
	leases := make([]store.Lease, 0, len(n.held))
	for _, h := range n.held {
		if !h.lost {
			leases = append(leases, h.lease)
		}
	}
	n.leaseMu.Unlock()
	sent := time.Now()
	var lost []store.Lease
	var err error
	if len(leases) > 0 {
		rctx, cancel := context.WithTimeout(ctx, ttl-ttl/3)
		lost, err = n.srv.leases.RenewAll(rctx, leases)
		cancel()
		if ctx.Err() != nil {
			return
		}
	} else {
		err = n.rc.Ping(ctx) // no lease to renew: Redis's answer still measures the load
	}
	took := time.Since(due)
	n.srv.metrics.renewRound.Observe(took.Seconds())
	if err != nil {
		// The leases' state is unknown: each room stops on its own once its lease is
		// older than the TTL.
		n.srv.log.Warn("renew leases", "leases", len(leases), "err", err)
	} else {
		n.leaseMu.Lock()
		for _, l := range leases {
			if h := n.held[l.Room]; h != nil && h.lease == l {
				h.renewed = sent
			}
		}
		for _, l := range lost {
			if h := n.held[l.Room]; h != nil && h.lease == l {
				h.lost = true
			}
		}
		n.leaseMu.Unlock()
	}
	limit := n.srv.cfg.ShedAfter
	switch {
	case err != nil || took > limit:
		if !n.busy.Swap(true) {
			n.srv.log.Warn("shedding load: new rooms and seats are refused", "renew_round", took, "limit", limit, "err", err)
			n.srv.metrics.shedding.Set(1)
		}
	case took < limit/2:
		if n.busy.Swap(false) {
			n.srv.log.Info("load shedding ended", "renew_round", took)
			n.srv.metrics.shedding.Set(0)
		}
	}
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
	delete(n.taking, r)
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
