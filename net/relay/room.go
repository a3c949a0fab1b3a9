package relay

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"sync/atomic"
	"time"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/net/protocol"
	"impactkaarten/net/store"
)

// maxMissed is how many missed events a resuming client is sent; further behind, it gets a
// fresh view (recovered=false) instead of a long replay.
const maxMissed = 300

// recentPerSeat is how many command ids per seat are remembered to apply a resent command once.
const recentPerSeat = 64

// maxGroup is how many commands waiting in a room's inbox are decided together and share
// one commit (see room.commands). 64 keeps a group's fan-out (64 events per seat) well
// inside a connection's send queue.
const maxGroup = 64

type msgKind int

const (
	msgJoin msgKind = iota
	msgResume
	msgCommand
	msgLeave
	msgGone
	msgQuery
	msgDelete
	msgShutdown
)

// roomMsg is everything a room goroutine is asked to do. It is kept small (a command is
// its client message, by pointer) because every room's inbox holds 256 of them: with the
// command inline the inbox alone took 100 kB per room, 13 kB per idle connection.
type roomMsg struct {
	kind   msgKind
	conn   *conn
	client *protocol.Client // join, resume, command (its ID and Cmd)
	reply  chan enterResult
	query  func(*room)
	done   chan struct{}
	read   int64 // when the reader got a command (Unix ns), for impactkaarten_command_seconds
	// acquired marks messages from senders that are not members of the room (joins, HTTP
	// queries): the hub counted them, so the room is not unloaded while they are in flight.
	acquired bool
}

// enterResult answers a join or resume: nil err, or a protocol error and maybe a close code.
type enterResult struct {
	code    string
	message string
	close   int
}

// room is one room's actor. Only run() touches the fields below inbox.
type room struct {
	code    string
	srv     *Server
	inbox   chan roomMsg
	pending atomic.Int64
	exited  chan struct{}

	st        *game.State
	meta      store.Meta
	conns     map[game.SeatID]*conn
	recent    map[game.SeatID][]recentCmd
	sinceSnap int
	// next is a message taken from the inbox while gathering a group of commands that
	// did not belong in it; run handles it before reading the inbox again.
	next  *roomMsg
	group []roomMsg // gather's buffer, reused
	// dirty lists the connections holding frames the room has queued since it last
	// flushed (sendMsg); run flushes them after every message it handled.
	dirty []*conn
}

// part is one command's events in a commit, with who sent it and its id.
type part struct {
	evs   []game.Event
	actor game.SeatID
	cmdID string
}

type recentCmd struct {
	ID string `json:"id"`
	N  uint64 `json:"n"`
}

// snapshotData is what a room's snapshot holds: the state and the recent command ids, so a
// command resent after a restart is still applied once.
type snapshotData struct {
	State  *game.State            `json:"state"`
	Recent map[string][]recentCmd `json:"recent,omitempty"`
}

func newRoom(srv *Server, code string) *room {
	return &room{
		code:   code,
		srv:    srv,
		inbox:  make(chan roomMsg, 256),
		exited: make(chan struct{}),
		conns:  map[game.SeatID]*conn{},
		recent: map[game.SeatID][]recentCmd{},
	}
}

// post hands a message to the room. It blocks when the inbox is full, which slows the
// sender (one connection's reader), never the room; it reports false if the room has ended.
func (r *room) post(m roomMsg) bool {
	select {
	case r.inbox <- m:
		return true
	case <-r.exited:
		return false
	}
}

// sharedDeck returns the server's default deck when d has the same content, else d
// indexed. Every snapshot carries its room's deck; decoding it gave each loaded room its
// own copy of the same 66 cards (some 50 kB per room, 6 kB per connection). Decks are
// never changed once indexed, so rooms can share one.
func (s *Server) sharedDeck(d *cards.Deck) *cards.Deck {
	if d.ID == s.deck.ID && d.Version == s.deck.Version && reflect.DeepEqual(d.Name, s.deck.Name) &&
		reflect.DeepEqual(d.Cards, s.deck.Cards) {
		return s.deck
	}
	d.Index()
	return d
}

func (r *room) ctx() context.Context { return context.Background() }

func (r *room) now() int64 { return r.srv.cfg.Now().UnixMilli() }

// run is the room's goroutine: load, then handle messages one at a time until unloaded,
// deleted or shut down.
func (r *room) run() {
	defer close(r.exited)
	if err := r.load(); err != nil {
		r.srv.log.Error("load room", "room", r.code, "err", err)
		r.srv.hub.remove(r)
		r.refuseAll()
		return
	}
	r.srv.metrics.roomsLoaded.Inc()
	defer r.srv.metrics.roomsLoaded.Dec()
	idle := time.NewTimer(r.srv.cfg.IdleUnload)
	defer idle.Stop()
	for {
		select {
		case m := <-r.inbox:
			// Count the message as arrived before handling it: a delete waits (refuseAll)
			// for every message still on its way, which must not include its own.
			if m.acquired {
				r.pending.Add(-1)
			}
			stop := r.handle(m)
			// A message that ended a group of commands comes next, before the inbox.
			for !stop && r.next != nil {
				m := *r.next
				r.next = nil
				stop = r.handle(m)
			}
			r.flush()
			if stop {
				return
			}
			// A snapshot is taken once the commands that made it due are answered: encoding
			// the state and its second commit would otherwise be added to their round trip
			// (the one move in SnapshotEvery that paid for it was the relay's p99).
			if r.sinceSnap >= r.srv.cfg.SnapshotEvery {
				r.snapshot()
			}
			idle.Reset(r.srv.cfg.IdleUnload)
		case <-idle.C:
			if len(r.conns) == 0 && r.srv.hub.tryUnload(r) {
				r.snapshot()
				return
			}
			idle.Reset(r.srv.cfg.IdleUnload)
		}
	}
}

// sendMsg queues a message for c, to be written when the room flushes: everything one
// message the room handled produces (a group's events, acks and errors) leaves in one go.
func (r *room) sendMsg(c *conn, m *protocol.Server) {
	if c.holdMsg(m) {
		r.touch(c)
	}
}

// sendFrame is sendMsg for a frame encoded already.
func (r *room) sendFrame(c *conn, frame []byte) {
	if c.hold(frame) {
		r.touch(c)
	}
}

func (r *room) touch(c *conn) {
	if !c.held {
		c.held = true
		r.dirty = append(r.dirty, c)
	}
}

// flush writes what the room queued, each connection's frames in one write, from the
// room's goroutine where the socket takes them at once (conn.flush).
func (r *room) flush() {
	for i, c := range r.dirty {
		c.held = false
		c.flush()
		r.dirty[i] = nil
	}
	r.dirty = r.dirty[:0]
}

// refuseAll answers every message still on its way to a room that could not be loaded.
func (r *room) refuseAll() {
	for r.pending.Load() > 0 || len(r.inbox) > 0 {
		m := <-r.inbox
		// Queries are not answered: their callers see the room exit and report it unavailable.
		if m.reply != nil {
			m.reply <- enterResult{code: protocol.ErrUnavailable, message: "the room cannot be loaded right now; try again"}
		}
		if m.acquired {
			r.pending.Add(-1)
		}
	}
}

// load brings the room back from the store: newest snapshot plus the events after it. Seats
// that were online when the relay stopped are marked offline, as events of their own.
func (r *room) load() error {
	l, err := r.srv.store.Load(r.ctx(), r.code)
	if err != nil {
		return fmt.Errorf("room %s: %w", r.code, err)
	}
	var snap snapshotData
	if err := json.Unmarshal(l.Snapshot.Data, &snap); err != nil || snap.State == nil || snap.State.Deck == nil {
		return fmt.Errorf("room %s: snapshot %d is damaged: %v", r.code, l.Snapshot.N, err)
	}
	snap.State.Deck = r.srv.sharedDeck(snap.State.Deck)
	r.st, r.meta = snap.State, l.Meta
	for seat, list := range snap.Recent {
		if id, err := strconv.Atoi(seat); err == nil {
			r.recent[game.SeatID(id)] = list
		}
	}
	for _, rec := range l.Events {
		var ev game.Event
		if err := json.Unmarshal(rec.Data, &ev); err != nil {
			return fmt.Errorf("room %s: event %d is damaged: %w", r.code, rec.N, err)
		}
		if ev.Version != r.st.Version+1 {
			return fmt.Errorf("room %s: event %d does not follow state version %d", r.code, ev.Version, r.st.Version)
		}
		if ev.Deck != nil {
			ev.Deck = r.srv.sharedDeck(ev.Deck)
		}
		r.st.Apply(ev)
		if rec.CmdID != "" {
			r.remember(game.SeatID(rec.Seat), rec.CmdID, rec.N)
		}
	}
	r.sinceSnap = len(l.Events)
	if err := r.st.CheckInvariants(); err != nil {
		return fmt.Errorf("room %s: stored state is inconsistent: %w", r.code, err)
	}
	for i := range r.st.Seats {
		if st := &r.st.Seats[i]; st.Connected {
			evs, err := game.Decide(r.st, game.System, game.Command{Type: game.CmdDisconnect, At: r.now(), Args: game.Args{Seat: st.ID}})
			if err == nil && len(evs) > 0 {
				if err := r.commit(evs, game.System, nil); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (r *room) handle(m roomMsg) (stop bool) {
	switch m.kind {
	case msgJoin:
		m.reply <- r.join(m.conn, m.client)
	case msgResume:
		m.reply <- r.resume(m.conn, m.client)
	case msgCommand:
		group := r.gather(m)
		r.commands(group)
		clear(group) // the buffer is kept for the next group, its messages are not
	case msgLeave:
		r.leave(m.conn)
	case msgGone:
		r.gone(m.conn)
	case msgQuery:
		m.query(r)
		close(m.done)
	case msgDelete:
		r.closeAll(protocol.CloseDeleted, "the facilitator deleted this room")
		err := r.srv.store.Delete(r.ctx(), r.code)
		r.srv.hub.remove(r)
		if err != nil {
			r.srv.log.Error("delete room", "room", r.code, "err", err)
		}
		close(m.done)
		r.refuseAll()
		return true
	case msgShutdown:
		r.snapshot()
		r.closeAll(protocol.CloseGoingAway, "the server is restarting; reconnect in a moment")
		close(m.done)
		return true
	}
	return false
}

func (r *room) join(c *conn, m *protocol.Client) enterResult {
	facilitator := false
	if m.FacilitatorToken != "" {
		if !tokenMatches(r.meta.FacilitatorHash, m.FacilitatorToken) {
			return enterResult{code: protocol.ErrBadToken, message: "that facilitator token does not belong to this room"}
		}
		facilitator = true
	}
	evs, err := game.Decide(r.st, game.System, game.Command{Type: game.CmdJoin, At: r.now(),
		Args: game.Args{Name: m.Name, Lang: m.Lang, Observer: m.Observer, Screen: m.Screen, Facilitator: facilitator}})
	if err != nil {
		res := ruleResult(err)
		if errors.Is(err, game.RoomFull) {
			res.close = protocol.CloseRoomFull
		}
		return res
	}
	seat := evs[0].Seat
	token, hash := newToken()
	meta := r.meta
	meta.SeatHashes = copyHashes(r.meta.SeatHashes)
	meta.SeatHashes[strconv.Itoa(int(seat))] = hash
	if err := r.commit(evs, game.System, &meta); err != nil {
		return enterResult{code: protocol.ErrStorage, message: "the room could not store your seat; try again"}
	}
	c.seat = seat
	r.conns[seat] = c
	r.welcome(c, token, 0, false)
	r.broadcast(evs, c)
	return enterResult{}
}

// facilitatorAuth reports whether token speaks for the room's facilitator: the token the
// room was created with, or the seat token of the seat that leads the session now. The
// second lets a facilitator who took over by hand-over, or whose browser only kept its seat
// token, export the report and delete the room; a seat that handed over loses it at once.
func (r *room) facilitatorAuth(token string) bool {
	if tokenMatches(r.meta.FacilitatorHash, token) {
		return true
	}
	if r.st.Facilitator == 0 {
		return false
	}
	return tokenMatches(r.meta.SeatHashes[strconv.Itoa(int(r.st.Facilitator))], token)
}

func (r *room) resume(c *conn, m *protocol.Client) enterResult {
	seat := game.SeatID(0)
	for key, hash := range r.meta.SeatHashes {
		if tokenMatches(hash, m.Token) {
			id, _ := strconv.Atoi(key)
			seat = game.SeatID(id)
		}
	}
	st := r.st.Seats
	if seat == 0 || int(seat) > len(st) || st[seat-1].Gone {
		return enterResult{code: protocol.ErrBadToken, message: "this seat token is not valid in this room; join anew", close: protocol.CloseBadToken}
	}
	if old := r.conns[seat]; old != nil && old != c {
		old.close(protocol.CloseReplaced, "this seat was opened in another window")
	}
	c.seat = seat
	r.conns[seat] = c
	evs, err := game.Decide(r.st, game.System, game.Command{Type: game.CmdConnect, At: r.now(), Args: game.Args{Seat: seat}})
	if err == nil && len(evs) > 0 {
		if err := r.commit(evs, game.System, nil); err != nil {
			delete(r.conns, seat)
			return enterResult{code: protocol.ErrStorage, message: "the room could not store your return; try again"}
		}
	}
	r.welcome(c, "", m.Since, true)
	r.broadcast(evs, c)
	return enterResult{}
}

// welcome sends a seat its view, the deck and, on a resume, the events it missed.
func (r *room) welcome(c *conn, token string, since uint64, resume bool) {
	view := game.View(r.st, c.seat)
	msg := &protocol.Server{T: protocol.TWelcome, Room: protocol.FormatCode(r.code), Seat: c.seat, Token: token,
		N: r.st.Version, View: &view, Deck: r.st.Deck, Now: r.now()}
	if resume {
		recovered := false
		if since <= r.st.Version && r.st.Version-since <= maxMissed {
			recs, err := r.srv.store.Events(r.ctx(), r.code, since, r.st.Version)
			if err == nil && (len(recs) == 0 && since == r.st.Version || len(recs) > 0 && recs[0].N == since+1) {
				recovered = true
				for _, rec := range recs {
					var ev game.Event
					if json.Unmarshal(rec.Data, &ev) != nil {
						recovered = false
						break
					}
					ev.Deck = nil // the welcome carries the deck already
					msg.Missed = append(msg.Missed, game.Redact(ev, c.seat))
				}
			}
		}
		if !recovered {
			msg.Missed = nil
		}
		msg.Recovered = &recovered
	}
	r.sendMsg(c, msg)
}

// gather returns first and the commands already waiting behind it in the inbox (up to
// maxGroup), so that they share one commit. It stops at the first message of another kind,
// or a command repeating the id of one in the group (a resend must see the first one
// committed), and keeps that message in r.next.
func (r *room) gather(first roomMsg) []roomMsg {
	group := append(r.group[:0], first)
	defer func() { r.group = group }()
	for len(group) < maxGroup {
		select {
		case m := <-r.inbox:
			if m.acquired {
				r.pending.Add(-1)
			}
			if m.kind != msgCommand || repeats(group, m) {
				r.next = &m
				return group
			}
			group = append(group, m)
		default:
			return group
		}
	}
	return group
}

func repeats(group []roomMsg, m roomMsg) bool {
	for _, g := range group {
		if g.conn.seat == m.conn.seat && g.client.ID == m.client.ID {
			return true
		}
	}
	return false
}

// outcome is what a command of a group gets once the group's commit is done.
type outcome struct {
	c     *conn
	id    string
	n     uint64           // the room's version after its events (its ack)
	reply *protocol.Server // an error or an ack decided without events; nil: ack n
	// spec marks outcomes decided on the events of earlier commands of the group, which
	// only hold if the commit succeeds.
	spec bool
	evs  bool // it has events in the commit
}

// commands decides a group of commands in order, each on the state the ones before it
// leave, commits all their events in one store transaction, and only then broadcasts the
// events and answers every command, in order. Acknowledged still means committed: nothing
// leaves the room before the commit returned. If the commit fails, nothing is applied and
// every command whose answer depended on it gets the storage error.
//
// Why a group: a room's goroutine waits for each commit, and the store groups the commits
// of all rooms into one transaction, so a room that committed one command per
// transaction could never make more moves per second than the store makes transactions;
// under load (2,000 clients on one core) that cycle grows to tens of milliseconds and a
// busy room fell seconds behind. Deciding what waited meanwhile in one go keeps up at any
// rate, and its broadcast carries one view per seat for the whole group instead of one per
// move. Under light load groups are of one command, decided on the room's own state.
func (r *room) commands(group []roomMsg) {
	st := r.st
	if len(group) > 1 {
		// Later commands are decided on the state after the earlier ones' events, which
		// are not committed yet: work on a copy, which becomes the room's state only if
		// the commit succeeds.
		st = r.st.Clone()
	}
	now := r.now()
	var parts []part
	var all []game.Event
	outs := make([]outcome, 0, len(group))
	for _, m := range group {
		c, id := m.conn, m.client.ID
		if r.conns[c.seat] != c {
			continue // replaced or gone: its commands no longer speak for the seat
		}
		if n, ok := r.committed(c.seat, id); ok {
			outs = append(outs, outcome{c: c, id: id, reply: &protocol.Server{T: protocol.TAck, ID: id, N: n}})
			continue
		}
		cmd := *m.client.Cmd
		cmd.At = now
		spec := len(all) > 0
		evs, err := game.Decide(st, c.seat, cmd)
		if err != nil {
			res := ruleResult(err)
			r.srv.metrics.rejected.WithLabelValues(res.code).Inc()
			outs = append(outs, outcome{c: c, id: id, spec: spec,
				reply: &protocol.Server{T: protocol.TError, ID: id, Code: res.code, Message: res.message}})
			continue
		}
		if len(evs) == 0 {
			outs = append(outs, outcome{c: c, id: id, spec: spec, reply: &protocol.Server{T: protocol.TAck, ID: id, N: st.Version}})
			continue
		}
		if st != r.st {
			for _, ev := range evs {
				st.Apply(ev)
			}
		}
		parts = append(parts, part{evs: evs, actor: c.seat, cmdID: id})
		all = append(all, evs...)
		outs = append(outs, outcome{c: c, id: id, n: evs[len(evs)-1].Version, spec: spec, evs: true})
	}
	var decided *game.State
	if st != r.st {
		decided = st
	}
	if len(all) > 0 {
		if err := r.commitParts(parts, r.metaFor(all), decided); err != nil {
			for _, o := range outs {
				if o.evs || o.spec {
					r.srv.metrics.rejected.WithLabelValues(protocol.ErrStorage).Inc()
					r.sendMsg(o.c, &protocol.Server{T: protocol.TError, ID: o.id, Code: protocol.ErrStorage,
						Message: "storage unavailable: the command was not applied; try again"})
				} else {
					r.sendMsg(o.c, o.reply)
				}
			}
			return
		}
		r.srv.metrics.committed.Add(float64(len(parts)))
		r.broadcast(all, nil)
	}
	for _, o := range outs {
		if o.reply != nil {
			r.sendMsg(o.c, o.reply)
		} else {
			r.sendMsg(o.c, &protocol.Server{T: protocol.TAck, ID: o.id, N: o.n})
		}
	}
	done := time.Now().UnixNano()
	for _, m := range group {
		r.srv.metrics.command.Observe(float64(done-m.read) / 1e9)
	}
	for _, ev := range all {
		switch ev.Type {
		case game.EvKicked:
			if kc := r.conns[ev.Seat]; kc != nil {
				kc.close(protocol.CloseKicked, "the facilitator removed you from this room")
				delete(r.conns, ev.Seat)
			}
		case game.EvLeft:
			// A leave sent as a command: after its ack, the same end as the leave message,
			// rather than a connection that speaks for a seat that is gone.
			if lc := r.conns[ev.Seat]; lc != nil {
				lc.close(protocol.CloseLeft, "you left the room")
				delete(r.conns, ev.Seat)
			}
		}
	}
}

// committed returns the version after a command this seat already had committed.
func (r *room) committed(seat game.SeatID, id string) (uint64, bool) {
	for _, rc := range r.recent[seat] {
		if rc.ID == id {
			return rc.N, true
		}
	}
	return 0, false
}

// metaFor returns the room's metadata as the events change it (revoked tokens, retention),
// or nil when they do not.
func (r *room) metaFor(evs []game.Event) *store.Meta {
	var meta *store.Meta
	edit := func() *store.Meta {
		if meta == nil {
			m := r.meta
			m.SeatHashes = copyHashes(r.meta.SeatHashes)
			meta = &m
		}
		return meta
	}
	settles := false // the events may change the retention: settings, or undoing them
	for _, ev := range evs {
		switch ev.Type {
		case game.EvKicked, game.EvLeft:
			delete(edit().SeatHashes, strconv.Itoa(int(ev.Seat)))
		case game.EvSettings, game.EvUndone:
			settles = true
		}
	}
	if settles {
		// The retention the events leave, undo included, is the state's after them; rare
		// enough to work it out on a copy.
		st := r.st.Clone()
		for _, ev := range evs {
			st.Apply(ev)
		}
		if st.Settings.RetentionDays != r.meta.RetentionDays {
			edit().RetentionDays = st.Settings.RetentionDays
		}
	}
	return meta
}

func (r *room) leave(c *conn) {
	if r.conns[c.seat] != c {
		return
	}
	evs, err := game.Decide(r.st, c.seat, game.Command{Type: game.CmdLeave, At: r.now()})
	if err != nil {
		res := ruleResult(err)
		r.sendMsg(c, &protocol.Server{T: protocol.TError, Code: res.code, Message: res.message})
		return
	}
	if err := r.commit(evs, c.seat, r.metaFor(evs)); err != nil {
		r.sendMsg(c, &protocol.Server{T: protocol.TError, Code: protocol.ErrStorage, Message: "storage unavailable; try again"})
		return
	}
	delete(r.conns, c.seat)
	c.close(protocol.CloseLeft, "you left the room")
	r.broadcast(evs, nil)
}

// gone handles a connection that closed: the seat goes offline unless another connection
// has taken it over.
func (r *room) gone(c *conn) {
	if r.conns[c.seat] != c {
		return
	}
	delete(r.conns, c.seat)
	evs, err := game.Decide(r.st, game.System, game.Command{Type: game.CmdDisconnect, At: r.now(), Args: game.Args{Seat: c.seat}})
	if err != nil || len(evs) == 0 {
		return
	}
	if err := r.commit(evs, game.System, nil); err != nil {
		r.srv.log.Warn("store presence", "room", r.code, "err", err)
		return
	}
	r.broadcast(evs, nil)
}

// commit stores events that answer no command id (presence, joins, leaves, decks) durably,
// then applies them. Nothing is applied if the store fails.
func (r *room) commit(evs []game.Event, actor game.SeatID, meta *store.Meta) error {
	return r.commitParts([]part{{evs: evs, actor: actor}}, meta, nil)
}

// commitParts stores the events of one or more commands in one durable transaction, then
// applies them to the room's state; when decided is not nil it is a copy of the state that
// has them applied already (see commands) and becomes the room's state. Nothing changes if
// the store fails.
func (r *room) commitParts(parts []part, meta *store.Meta, decided *game.State) error {
	var recs []store.Record
	for _, p := range parts {
		for _, ev := range p.evs {
			data, err := json.Marshal(ev)
			if err != nil {
				return fmt.Errorf("room %s: encode event: %w", r.code, err)
			}
			recs = append(recs, store.Record{N: ev.Version, Seat: int(p.actor), CmdID: p.cmdID, Data: data})
		}
	}
	// The metadata is written with the events when it changed, and otherwise once a minute
	// to keep LastActive (which only retention reads) fresh: rewriting it on every move
	// would double the pages each commit writes.
	now := r.now()
	if meta == nil && now-r.meta.LastActive >= 60_000 {
		m := r.meta
		meta = &m
	}
	if meta != nil {
		meta.LastActive = now
	}
	start := time.Now()
	err := r.srv.store.Append(r.ctx(), r.code, recs, meta)
	r.srv.metrics.commit.Observe(time.Since(start).Seconds())
	if err != nil {
		r.srv.log.Error("commit", "room", r.code, "err", err)
		return err
	}
	if meta != nil {
		r.meta = *meta
	}
	if decided != nil {
		r.st = decided
	} else {
		for _, p := range parts {
			for _, ev := range p.evs {
				r.st.Apply(ev)
			}
		}
	}
	// The command ids are remembered before a snapshot is taken: the snapshot carries them,
	// and the log records it replaces are where a restart would otherwise find them.
	for _, p := range parts {
		if p.cmdID != "" && len(p.evs) > 0 {
			r.remember(p.actor, p.cmdID, p.evs[len(p.evs)-1].Version)
		}
	}
	r.sinceSnap += len(recs) // run takes the snapshot when enough have passed
	return nil
}

func (r *room) snapshot() {
	if r.st == nil {
		return
	}
	data := snapshotData{State: r.st, Recent: map[string][]recentCmd{}}
	for seat, list := range r.recent {
		data.Recent[strconv.Itoa(int(seat))] = list
	}
	b, err := json.Marshal(data)
	if err == nil {
		err = r.srv.store.PutSnapshot(r.ctx(), r.code, store.Snapshot{N: r.st.Version, Data: b})
	}
	if err != nil {
		r.srv.log.Warn("snapshot", "room", r.code, "err", err)
		return
	}
	r.sinceSnap = 0
}

func (r *room) remember(seat game.SeatID, id string, n uint64) {
	list := r.recent[seat]
	if k := len(list) - 1; k >= 0 && list[k].ID == id {
		// The log holds a record per event: a command's later events move its version on.
		list[k].N = n
		return
	}
	list = append(list, recentCmd{ID: id, N: n})
	if len(list) > recentPerSeat {
		list = list[len(list)-recentPerSeat:]
	}
	r.recent[seat] = list
}

// broadcast sends every connected seat (except skip) each event as that seat may see it,
// with its own fresh view.
//
// The part of the view every seat sees alike (game.TableView: the seats, settings, canvas,
// piles) is encoded once, and each seat's own part (its hand and votes) on its own: encoding
// eight whole views per move was a sixth of the relay's CPU under load. Everything is
// encoded into reused buffers (the server's jsonBufs and frameBufs; the writer gives each
// frame's buffer back): what a broadcast allocated was most of the relay's garbage, and
// the garbage collections it caused were the round trip's p99.
func (r *room) broadcast(evs []game.Event, skip *conn) {
	if len(evs) == 0 {
		return
	}
	bufs := r.srv.jsonBufs.Get().(*broadcastBufs)
	defer r.srv.jsonBufs.Put(bufs)
	table, err := bufs.table.encode(game.Table(r.st))
	if err != nil {
		r.srv.log.Error("encode view", "room", r.code, "err", err)
		return
	}
	// One message and event, reused for every seat and event: allocating them per seat and
	// event (an Event with its Args is large) was a sixth of the relay's garbage.
	var (
		msg protocol.Server
		ev  game.Event
	)
	for seat, c := range r.conns {
		if c == skip {
			continue
		}
		own, err := bufs.own.encode(game.Own(r.st, seat))
		if err != nil {
			r.srv.log.Error("encode view", "room", r.code, "err", err)
			return
		}
		bufs.view = game.AppendJoined(bufs.view[:0], table, own)
		for i := range evs {
			ev = game.Redact(evs[i], seat)
			msg = protocol.Server{V: protocol.Version, T: protocol.TEvent, N: ev.Version, Event: &ev}
			header, err := bufs.msg.encode(&msg)
			if err != nil {
				r.srv.log.Error("encode message", "type", msg.T, "err", err)
				continue
			}
			frame := (*r.srv.frameBufs.Get().(*[]byte))[:0]
			if i < len(evs)-1 {
				frame = append(frame, header...)
			} else {
				frame = protocol.JoinView(frame, header, bufs.view)
			}
			r.sendFrame(c, frame)
		}
	}
}

// broadcastBufs are the buffers one broadcast encodes into (a pool of them per server).
type broadcastBufs struct {
	table, own, msg jsonBuf
	view            []byte
}

func newBroadcastBufs() any {
	b := &broadcastBufs{}
	for _, j := range []*jsonBuf{&b.table, &b.own, &b.msg} {
		j.enc = json.NewEncoder(&j.buf)
	}
	return b
}

// jsonBuf encodes values as json.Marshal does, into a buffer it reuses.
type jsonBuf struct {
	buf bytes.Buffer
	enc *json.Encoder
}

// encode returns v's encoding, valid until the next call.
func (j *jsonBuf) encode(v any) ([]byte, error) {
	j.buf.Reset()
	if err := j.enc.Encode(v); err != nil {
		return nil, err
	}
	b := j.buf.Bytes()
	return b[:len(b)-1], nil // Encode ends the value with a newline
}

func (r *room) closeAll(code int, reason string) {
	for seat, c := range r.conns {
		c.close(code, reason)
		delete(r.conns, seat)
	}
}

// ruleResult turns an engine rejection into a protocol error.
func ruleResult(err error) enterResult {
	var re *game.Error
	if errors.As(err, &re) {
		return enterResult{code: string(re.Code), message: re.Message}
	}
	return enterResult{code: protocol.ErrBadMessage, message: err.Error()}
}

func copyHashes(m map[string][]byte) map[string][]byte {
	out := make(map[string][]byte, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}
