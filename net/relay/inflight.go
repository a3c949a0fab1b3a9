package relay

import (
	"sync"
	"time"

	"impactkaarten/game"
	"impactkaarten/net/host"
	"impactkaarten/net/store"
)

// maxInflight bounds the groups of commands a room has decided and applied but not yet
// seen stored; a room with that many waits for the oldest before deciding more.
const maxInflight = 8

// inflight is a room's groups of commands on their way to the store, oldest first, when
// the store takes a room's next append before the one before it is durable
// (store.Pipeliner).
//
// Why: a room that waited for each commit before deciding what arrived meanwhile made a
// move that came in during a commit wait for that commit and then for one of its own — two
// of the log's groups, the round trip's tail at 2,000 moves/s. Instead the room decides
// such a move at once, on the state the groups before it leave (applied, not yet stored),
// queues its append behind theirs, and goes on. What leaves the room still waits:
// a group's events and answers are sent once it and every group before it are stored, in
// order, so acknowledged still means committed and a seat never sees an event the store
// may lose. If a group's append fails, the session is loaded again from the store (the
// groups after it fail with it) and their commands get the storage error.
type inflight struct {
	q []pendingGroup
	// held is the oldest append's predecessor: answered, and referred to by it (retire).
	held *store.Appending
}

// pendingGroup is one group of commands decided and applied, waiting for its append.
type pendingGroup struct {
	b          *host.Batch
	deliveries []host.Delivery
	delivered  *[]host.Delivery // the pooled slice deliveries came from (deliveryPool)
	audience   []game.SeatID
	append     *store.Appending // nil: nothing to store (its answers wait for the groups before it)
	reads      []int64          // when each command was read, for impactkaarten_command_seconds
	start      time.Time        // when its append was queued
}

// pipeline returns the store as a Pipeliner when the room may pipeline its commands: a
// room of a cluster appends through its lease, one append at a time.
func (r *room) pipeline() (store.Pipeliner, bool) {
	if r.clustered() || r.lease != nil {
		return nil, false
	}
	p, ok := r.srv.store.(store.Pipeliner)
	return p, ok
}

// queue decides a group of commands, applies its events and queues their append behind
// the room's groups in flight; answers and events leave in settle.
func (r *room) queue(p store.Pipeliner, reqs []host.Request, reads []int64) {
	for len(r.inflight.q) >= maxInflight {
		r.settleOne(true)
	}
	b := r.h.Decide(r.now(), reqs)
	g := pendingGroup{b: b, reads: reads}
	if len(b.Events) > 0 {
		recs, meta, err := r.records(b, r.metaFor(b.Events))
		if err == nil {
			g.start = time.Now()
			g.append = p.AppendAfter(r.ctx(), r.code, recs, meta, r.lastAppend(), r.srv.appends.get())
			select {
			case err = <-g.append.Done(): // answered at once: stored, or refused
				r.srv.appends.put(g.append) // not in flight: no append can be made after it
				g.append = nil
			default:
			}
		}
		if err != nil {
			// Nothing of it was stored or applied; the groups before it stand.
			r.srv.log.Error("commit", "room", r.code, "err", err)
			b.Abort()
		} else {
			if meta != nil {
				r.meta = *meta
			}
			audience := r.listen(nil)
			g.delivered = r.srv.deliveries.get()
			g.deliveries = r.h.CommitTo(*g.delivered, b, audience)
			g.audience = append(r.inflight.spareAudience(), audience...)
			if g.append == nil {
				r.committed(&g)
			}
		}
	}
	r.inflight.q = append(r.inflight.q, g)
	for r.settleOne(false) {
	}
}

// lastAppend is the append of the newest group in flight, nil if none is.
func (r *room) lastAppend() *store.Appending {
	for i := len(r.inflight.q) - 1; i >= 0; i-- {
		if a := r.inflight.q[i].append; a != nil {
			return a
		}
	}
	return nil
}

// stored is the channel that answers the oldest group's append (nil: nothing to wait for).
func (r *room) stored() <-chan error {
	if len(r.inflight.q) == 0 || r.inflight.q[0].append == nil {
		return nil
	}
	return r.inflight.q[0].append.Done()
}

// settleOne sends the oldest group's events and answers if it is stored (waiting for it
// if wait), and reports whether it did.
func (r *room) settleOne(wait bool) bool {
	if len(r.inflight.q) == 0 {
		return false
	}
	g := &r.inflight.q[0]
	if g.append != nil {
		var err error
		if wait {
			err = <-g.append.Done()
		} else {
			select {
			case err = <-g.append.Done():
			default:
				return false
			}
		}
		if !r.land(err) {
			return true
		}
	}
	r.settle(g)
	r.h.Release(g.b)
	r.inflight.pop()
	return true
}

// pop drops the oldest group. The others move up, so that the queue's array serves the
// room's next groups: a room that emptied it and made a new one for its next group
// allocated one for nearly every move. The dropped group's audience list is left in the
// slot after the last, for the next group (spareAudience).
func (f *inflight) pop() {
	spare := f.q[0].audience[:0]
	n := copy(f.q, f.q[1:])
	f.q[n] = pendingGroup{audience: spare}
	f.q = f.q[:n]
}

// spareAudience returns an empty list for the next group's audience: the one pop left in
// the queue's next slot, which that group will take.
func (f *inflight) spareAudience() []game.SeatID {
	if n := len(f.q); n < cap(f.q) {
		return f.q[:n+1][n].audience[:0]
	}
	return nil
}

// settled takes the answer to the oldest group's append, read in run's select, and
// settles every group that is ready.
func (r *room) settled(err error) {
	if r.land(err) {
		for r.settleOne(false) {
		}
	}
}

// land takes the answer to the oldest group's append: false if it failed, and the groups
// in flight were given up with it.
func (r *room) land(err error) bool {
	g := &r.inflight.q[0]
	a := g.append
	g.append = nil
	if err != nil {
		r.failed(err)
		return false
	}
	for _, free := range r.inflight.retire(a) {
		if free != nil {
			r.srv.appends.put(free)
		}
	}
	r.committed(g)
	return true
}

// retire takes a, the oldest group's append, whose answer was read, and returns the
// appends no append in flight refers to any more, to be used again: a, unless the room's
// next append was made while a was in flight — that one has a as its after
// (store.Pipeliner), and a is held until its answer is read too — and the one held before,
// which a was made after.
func (f *inflight) retire(a *store.Appending) (free [2]*store.Appending) {
	free[0], f.held = f.held, nil
	for i := 1; i < len(f.q); i++ {
		if f.q[i].append != nil {
			f.held = a
			return free
		}
	}
	free[1] = a
	return free
}

// committed counts a group whose append is stored.
func (r *room) committed(g *pendingGroup) {
	if !g.start.IsZero() {
		r.srv.metrics.commit.Observe(time.Since(g.start).Seconds())
	}
	r.srv.metrics.committed.Add(float64(len(g.b.Parts)))
}

// settle sends a stored group's events and then its answers, and closes the connections
// of seats its events removed.
func (r *room) settle(g *pendingGroup) {
	r.fanout(g.deliveries, g.audience)
	r.srv.deliveries.put(g.delivered, g.deliveries)
	r.answer(g.b, g.reads)
	r.closeGone(g.b.Events)
}

// failed handles an append that was not stored: its group and every group after it were
// applied on a state the store does not hold. Their commands get the storage error, and
// the session is loaded again from the store; the seats saw none of their events.
func (r *room) failed(err error) {
	r.srv.log.Error("commit", "room", r.code, "err", err)
	for i := range r.inflight.q {
		g := &r.inflight.q[i]
		g.b.Void()
		r.srv.deliveries.put(g.delivered, g.deliveries)
		g.deliveries = nil
		r.answer(g.b, g.reads)
	}
	clear(r.inflight.q)
	r.inflight.q = r.inflight.q[:0:0]
	// Appends still in the log's queue may refer to it: it is left to the collector.
	r.inflight.held = nil
	if err := r.restore(); err != nil {
		r.srv.log.Error("reload room", "room", r.code, "err", err)
		r.broken = "the room could not be loaded again after a storage error"
	}
}

// drain waits until every group in flight is stored and answered.
func (r *room) drain() {
	for r.settleOne(true) {
	}
}

// deliveryPool keeps the slices a room's commits fill with what each seat is sent
// (host.CommitTo): a room fans a group's deliveries out once it is stored, and its slice
// then carries another group's, of this room or another. Idle rooms hold none.
type deliveryPool struct{ pool sync.Pool }

// maxPooledDeliveries bounds the slices kept: a batch with many events (a facilitator's
// many actions at once) is rare, and its slice is left to the garbage collector.
const maxPooledDeliveries = 64

func (p *deliveryPool) get() *[]host.Delivery {
	if d, ok := p.pool.Get().(*[]host.Delivery); ok {
		return d
	}
	return new([]host.Delivery)
}

// put gives back buf, whose slice is now ds (nil buf: ds was not pooled). The deliveries
// are emptied first (host.Delivery.Reset): a pooled slice must not keep events, views or
// hands alive; it keeps their seat lists for the next group's deliveries.
func (p *deliveryPool) put(buf *[]host.Delivery, ds []host.Delivery) {
	if buf == nil || cap(ds) > maxPooledDeliveries {
		return
	}
	for i := range ds {
		ds[i].Reset()
	}
	*buf = ds[:0]
	p.pool.Put(buf)
}

// appendPool keeps the store's Appendings for the rooms' next appends: made anew, an
// append was some 300 bytes (its request to the log and the channel that answers it) for
// the collector to take back, a tenth of what a move allocated. Rooms give one back once
// no append refers to it (room.retire).
type appendPool struct{ pool sync.Pool }

func (p *appendPool) get() *store.Appending {
	if a, ok := p.pool.Get().(*store.Appending); ok {
		return a
	}
	return store.NewAppending()
}

// put keeps a, whose answer was read, letting go of what it appended.
func (p *appendPool) put(a *store.Appending) {
	a.Reset()
	p.pool.Put(a)
}
