package store

import (
	"slices"
	"sync"
)

// pendingLog holds what the write-ahead log has made durable and bbolt does not hold yet,
// per room, so that reads see every acknowledged append: Load and Events add a room's
// pending events to what bbolt returns, Expired its pending metadata. A checkpoint moves
// a segment's entries into bbolt and then forgets them here.
//
// It also remembers, for rooms that appended since the last checkpoint, the room's id and
// newest event number, so that an append checks that it continues the log without a
// bbolt read.
type pendingLog struct {
	mu    sync.Mutex
	rooms map[string]*pendingRoom // by room code
}

type pendingRoom struct {
	id     string
	last   uint64 // newest event number, in bbolt or pending
	events []pendingEvent
	meta   []byte // newest metadata not in bbolt (JSON), nil if none
	// metaSeg is the segment that logged meta.
	metaSeg uint64
	// idle is set by a checkpoint that left the room nothing pending, and cleared by an
	// append: a room idle at the next checkpoint is forgotten (forget).
	idle bool
}

type pendingEvent struct {
	seg uint64 // the segment that logged it
	rec Record
}

// pendingCopy is a room's pending entries as one read sees them.
type pendingCopy struct {
	id     string
	events []Record
	meta   []byte
}

func newPendingLog() *pendingLog { return &pendingLog{rooms: map[string]*pendingRoom{}} }

// tail returns the id and newest event number known for code, and whether they are known.
func (p *pendingLog) tail(code string) (string, uint64, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	r := p.rooms[code]
	if r == nil {
		return "", 0, false
	}
	return r.id, r.last, true
}

// learn records the id and newest event number of a room read from bbolt, unless
// something newer is known.
func (p *pendingLog) learn(code, id string, last uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.rooms[code] == nil {
		p.rooms[code] = &pendingRoom{id: id, last: last}
	}
}

// event returns code's pending event numbered n.
func (p *pendingLog) event(code string, n uint64) (Record, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if r := p.rooms[code]; r != nil {
		for _, e := range r.events {
			if e.rec.N == n {
				return e.rec, true
			}
		}
	}
	return Record{}, false
}

// add records a durable group (walLog.durable).
func (p *pendingLog) add(seg uint64, group []*walReq) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, req := range group {
		r := p.rooms[req.code]
		if r == nil || r.id != req.entry.ID {
			r = &pendingRoom{id: req.entry.ID}
			p.rooms[req.code] = r
		}
		r.idle = false
		for _, ev := range req.entry.Events {
			r.events = append(r.events, pendingEvent{seg: seg, rec: ev})
			r.last = max(r.last, ev.N)
		}
		if req.entry.Meta != nil {
			r.meta, r.metaSeg = req.entry.Meta, seg
		}
	}
}

// restore records what the log left by the last run holds of room id (code) beyond
// bbolt, logged in segment seg or before, and the room's newest event number
// (Bolt.restoreLogged).
func (p *pendingLog) restore(seg uint64, code, id string, events []Record, meta []byte, last uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	r := p.rooms[code]
	if r == nil {
		r = &pendingRoom{id: id}
		p.rooms[code] = r
	}
	for _, ev := range events {
		r.events = append(r.events, pendingEvent{seg: seg, rec: ev})
	}
	r.last = last
	if meta != nil {
		r.meta, r.metaSeg = meta, seg
	}
}

// copyOf returns code's pending entries (nil if none); the records are shared, and never
// changed.
func (p *pendingLog) copyOf(code string) *pendingCopy {
	p.mu.Lock()
	defer p.mu.Unlock()
	r := p.rooms[code]
	if r == nil {
		return nil
	}
	c := &pendingCopy{id: r.id, meta: r.meta, events: make([]Record, len(r.events))}
	for i, e := range r.events {
		c.events[i] = e.rec
	}
	return c
}

// upTo returns the entries logged in segments numbered up to last, by room code, for a
// checkpoint.
func (p *pendingLog) upTo(last uint64) map[string]*pendingCopy {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := map[string]*pendingCopy{}
	for code, r := range p.rooms {
		var c pendingCopy
		// Counted first: grown as it was filled, the list was made some twice over, and
		// a checkpoint copies every event of the last seconds.
		n := 0
		for _, e := range r.events {
			if e.seg <= last {
				n++
			}
		}
		if n > 0 {
			c.events = make([]Record, 0, n)
		}
		for _, e := range r.events {
			if e.seg <= last {
				c.events = append(c.events, e.rec)
			}
		}
		if r.meta != nil && r.metaSeg <= last {
			c.meta = r.meta
		}
		if len(c.events) > 0 || c.meta != nil {
			c.id = r.id
			out[code] = &c
		}
	}
	return out
}

// forget drops the entries of segments numbered up to last (bbolt holds them now). A room
// left with nothing pending is kept, with its tail and its list's room, until the
// checkpoint after: a room that goes on appending then neither grows its list again from
// nothing (some 250 bytes a move at 2,000 moves a second) nor reads its tail from bbolt at
// its next append. A room that appended nothing since the last checkpoint is dropped.
func (p *pendingLog) forget(last uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for code, r := range p.rooms {
		r.events = slices.DeleteFunc(r.events, func(e pendingEvent) bool { return e.seg <= last })
		if r.meta != nil && r.metaSeg <= last {
			r.meta = nil
		}
		switch {
		case len(r.events) > 0 || r.meta != nil:
			r.idle = false
		case r.idle:
			delete(p.rooms, code)
		default:
			r.idle = true
			if cap(r.events) > maxKeptPending {
				r.events = nil // a burst's list is not kept
			}
		}
	}
}

// maxKeptPending is the longest list of pending events a room keeps the room of when it
// has none pending (forget): some 4 s of a busy room's events.
const maxKeptPending = 256

// drop forgets code entirely (the room was deleted, or a new room takes its code).
func (p *pendingLog) drop(code string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.rooms, code)
}

// empty reports whether nothing is pending.
func (p *pendingLog) empty() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, r := range p.rooms {
		if len(r.events) > 0 || r.meta != nil {
			return false
		}
	}
	return true
}

// metas returns the pending metadata of every room that has some, by code.
func (p *pendingLog) metas() map[string]pendingCopy {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := map[string]pendingCopy{}
	for code, r := range p.rooms {
		if r.meta != nil {
			out[code] = pendingCopy{id: r.id, meta: r.meta}
		}
	}
	return out
}
