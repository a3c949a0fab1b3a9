package relay

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/net/host"
	"impactkaarten/net/protocol"
	"impactkaarten/net/store"
)

// maxGroup is how many commands waiting in a room's inbox are decided together and share
// one commit (see room.commands). 64 keeps a group's fan-out (64 events per seat) well
// inside a connection's send queue.
const maxGroup = 64

type msgKind uint8 // a byte, beside roomMsg.acquired: every inbox slot is a roomMsg

const (
	msgJoin msgKind = iota
	msgResume
	msgCommand
	msgLeave
	msgSync
	msgGone
	msgQuery
	msgDelete
	msgShutdown
	msgRun // run query in the room, nobody waits (cluster: hints, forwarded requests, answers)
)

// inboxSize is how many messages wait for a room before their senders (connections'
// readers) wait too. Each slot costs memory in every room, idle or not (a roomMsg, 56 B: 256
// slots were 2 kB per idle connection, 64 slots 0.5 kB). Half a group is enough to keep a
// room busy: it takes what waits, and the readers it made wait refill the inbox while it
// gathers, up to maxGroup; under load (10,000 moves/s in 250 rooms) a group is about four
// commands.
const inboxSize = maxGroup / 2

// roomMsg is everything a room goroutine is asked to do. It is kept small (a command is
// its client message, by pointer) because every room's inbox holds inboxSize of them: with
// the command inline the inbox alone took 100 kB per room, 13 kB per idle connection.
type roomMsg struct {
	conn   *conn
	client *protocol.ClientBuffer // join, resume, command (its ID and Cmd)
	reply  chan enterResult
	query  func(*room)
	done   chan struct{}
	read   int64 // when the reader got a command (Unix ns), for impactkaarten_command_seconds
	kind   msgKind
	// acquired marks messages from senders that are not members of the room (joins, HTTP
	// queries): the hub counted them, so the room is not unloaded while they are in flight.
	acquired bool
	// pooled marks a command's client as a buffer of the server's pool, which commands
	// gives back once it has copied the command. (A flag beside the two above, where a
	// pointer of its own would have made every inbox slot, and the rooms' stacks, larger.)
	pooled bool
}

// enterResult answers a join or resume: nil err, or a protocol error and maybe a close code.
type enterResult struct {
	code    protocol.Code
	message string
	close   protocol.CloseCode
}

// room is one room's actor. Only run() touches the fields below inbox.
type room struct {
	code    string
	srv     *Server
	inbox   chan roomMsg
	pending atomic.Int64
	exited  chan struct{}

	h    *host.Host // the session: state, command ids, what each seat is sent
	meta store.Meta
	// metaDue makes the next commit store meta: it names the room's decks and the
	// store's copy, from before rooms named them, does not.
	metaDue bool
	conns   map[game.SeatID]*conn
	// audience is commit's list of the seats an event goes to, reused.
	audience []game.SeatID
	writer   nowWriter // the room's writes that do not wait (conn.flush)
	// next is a message taken from the inbox while gathering a group of commands that
	// did not belong in it; run handles it before reading the inbox again.
	next  *roomMsg
	group []roomMsg // gather's buffer, reused
	// dirty lists the connections holding frames the room has queued since it last
	// flushed (sendMsg); run flushes them after every message it handled.
	dirty []*conn
	// snapping is closed once the snapshot being stored in the background is stored (nil:
	// none is; see snapshotBehind).
	snapping chan struct{}
	// inflight is the groups of commands applied and waiting for the store (inflight.go).
	inflight inflight

	// In a cluster (cluster.go): the lease while this node owns the room (nil: a follower),
	// when the last successful renew was sent, whether the lease was lost (fenced) or the
	// log could not be followed (broken), what stops the hint or inbox reader, and a
	// follower's requests waiting for the owner, the first one in flight.
	lease     *store.Lease
	renewedAt time.Time
	fenced    bool
	broken    string
	helpers   func()
	hinted    atomic.Bool // a hint is on its way to the room (node.passHints)
	fwdQueue  []fwdItem
	fwdSent   int // how many of fwdQueue's first items the request in flight covers

	// The hand-over to a stand-in while the facilitator is away (standin.go): the timer
	// armed for it, its channel (nil: none armed) and the host time it is armed for.
	standInTimer *time.Timer
	standInC     <-chan time.Time
	standInAt    int64
}

func newRoom(srv *Server, code string) *room {
	return &room{
		code:   code,
		srv:    srv,
		inbox:  make(chan roomMsg, inboxSize),
		exited: make(chan struct{}),
		conns:  map[game.SeatID]*conn{},
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

func (r *room) ctx() context.Context { return context.Background() }

// state is the session's state, for reading.
func (r *room) state() *game.State { return r.h.State() }

func (r *room) now() int64 { return r.srv.cfg.Now().UnixMilli() }

// run is the room's goroutine: load, then handle messages one at a time until unloaded,
// deleted or shut down.
func (r *room) run() {
	defer close(r.exited)
	if !r.begin() {
		return
	}
	r.srv.metrics.roomsLoaded.Inc()
	defer r.srv.metrics.roomsLoaded.Dec()
	idle := time.NewTimer(r.srv.cfg.IdleUnload)
	defer idle.Stop()
	var tick <-chan time.Time // the cluster's lease work (nil: never)
	if r.clustered() {
		t := time.NewTicker(min(followerRetry, r.srv.cfg.LeaseTTL/6))
		defer t.Stop()
		tick = t.C
	}
	defer r.stopStandIn()
	reveal := newRevealClock()
	defer reveal.stop()
	for {
		r.armStandIn()
		reveal.arm(r)
		select {
		case err := <-r.stored():
			r.settled(err)
			r.flush()
			if r.broken != "" {
				r.relinquish(r.lostReason())
				return
			}
			r.snapshotIfDue()
		case <-r.standInC:
			r.drain()
			r.standIn()
			r.flush()
			if r.fenced || r.broken != "" {
				r.relinquish(r.lostReason())
				return
			}
		case <-reveal.t.C:
			r.drain()
			reveal.rang()
			r.revealDue()
			r.flush()
			if r.fenced || r.broken != "" {
				r.relinquish(r.lostReason())
				return
			}
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
			if r.fenced || r.broken != "" {
				r.relinquish(r.lostReason())
				return
			}
			r.snapshotIfDue()
			idle.Reset(r.srv.cfg.IdleUnload)
		case <-tick:
			r.drain()
			stop := r.tick()
			r.flush()
			if stop || r.fenced || r.broken != "" {
				r.relinquish(r.lostReason())
				return
			}
		case <-idle.C:
			r.drain()
			if r.broken != "" {
				r.relinquish(r.lostReason())
				return
			}
			if len(r.conns) == 0 && len(r.fwdQueue) == 0 && r.srv.hub.tryUnload(r) {
				r.snapshot()
				r.release()
				return
			}
			idle.Reset(r.srv.cfg.IdleUnload)
		}
	}
}

// begin loads the room, or refuses what waits for it and reports false. It is a function
// of its own, not part of run, to keep run's frame small: an idle room waits in run, and
// the collector halves a goroutine's stack only while less than a quarter of it is in
// use. With loading inlined, run's frame (848 bytes) kept every idle room at 8 kB of
// stack instead of 4 kB: 0.85 instead of 0.39 kB per joined connection.
func (r *room) begin() bool {
	if err := r.load(); err != nil {
		r.srv.log.Error("load room", "room", r.code, "err", err)
		r.srv.hub.remove(r)
		r.refuseAll()
		return false
	}
	return true
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

// sendCopy is sendFrame for an encoding that is valid only until the next one into the
// same buffer: it queues a copy in a pooled frame, which goes back to the pool once written.
func (r *room) sendCopy(c *conn, b []byte) {
	r.sendFrame(c, append((*r.srv.frameBufs.Get().(*[]byte))[:0], b...))
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
		c.flush(&r.writer)
		r.dirty[i] = nil
	}
	r.dirty = r.dirty[:0]
}

// snapshotIfDue takes a snapshot when SnapshotEvery events have passed since the last
// one and are as large as it (host.SnapshotDue). It is taken once the commands that made it due are answered — encoding the state
// and its second commit would otherwise be added to their round trip (the one move in
// SnapshotEvery that paid for it was the relay's p99) — and of a stored state only: while
// groups are in flight it waits for a moment with none, up to twice SnapshotEvery.
func (r *room) snapshotIfDue() {
	every := r.srv.cfg.SnapshotEvery
	if !r.h.SnapshotDue(every) || len(r.inflight.q) > 0 && !r.h.SnapshotDue(2*every) {
		return
	}
	r.drain()
	r.flush()
	r.snapshotBehind()
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
	if err := r.restore(); err != nil {
		return err
	}
	if r.meta.Decks == nil && r.snapshot() {
		// A room stored before rooms named their decks: once a snapshot of the state now is
		// stored, the decks it names are all the room needs; the next commit stores them.
		// (In a cluster only the owner can: a follower stores nothing.)
		r.meta.Decks, r.metaDue = host.DeckHashes(r.state()), true
	}
	if r.clustered() {
		// Seats marked online may be connected to other nodes: presence is left as the log
		// has it (a seat whose node died stays online until it comes back or leaves).
		return nil
	}
	for i := range r.state().Seats {
		if st := &r.state().Seats[i]; st.Connected {
			b, err := r.h.System(r.now(), game.Command{Type: game.CmdDisconnect, Args: game.Args{Seat: st.ID}})
			if err == nil {
				if err := r.commit(b, nil, nil); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// restore loads the session and the room's metadata from the store: newest snapshot plus
// the events after it.
func (r *room) restore() error {
	var l *store.Loaded
	var err error
	if r.clustered() {
		l, err = r.clusterLoad()
	} else {
		l, err = r.srv.store.Load(r.ctx(), r.code)
	}
	if err != nil {
		return fmt.Errorf("room %s: %w", r.code, err)
	}
	events := make([]host.Record, len(l.Events))
	for i, rec := range l.Events {
		events[i] = host.Record{N: rec.N, Seat: rec.Seat, CmdID: rec.CmdID, Data: rec.Data}
	}
	h, err := host.Restore(l.Snapshot.Data, events, host.Decks{
		Stored: func(hash string) (*cards.Deck, error) { return r.srv.storedDeck(r.ctx(), hash) },
		Share:  r.srv.sharedDeck,
	})
	if err != nil {
		return fmt.Errorf("room %s: %w", r.code, err)
	}
	r.h, r.meta = h, l.Meta
	return nil
}

func (r *room) handle(m roomMsg) (stop bool) {
	if r.following() {
		// What would change the room goes to its owner (cluster.go).
		switch m.kind {
		case msgJoin:
			r.enqueue(fwdItem{req: forwarded{Kind: "join", Client: &m.client.Client}, conn: m.conn, reply: m.reply})
			return false
		case msgResume:
			r.enqueue(fwdItem{req: forwarded{Kind: "resume", Client: &m.client.Client}, conn: m.conn, reply: m.reply})
			return false
		case msgCommand:
			if r.conns[m.conn.seat] == m.conn {
				r.enqueue(fwdItem{req: forwarded{Kind: "cmd", Seat: m.conn.seat, Client: &m.client.Client}, conn: m.conn, read: m.read})
			}
			return false
		case msgLeave:
			if r.conns[m.conn.seat] == m.conn {
				r.enqueue(fwdItem{req: forwarded{Kind: "leave", Seat: m.conn.seat, Client: &protocol.Client{}}, conn: m.conn})
			}
			return false
		case msgGone:
			if r.conns[m.conn.seat] == m.conn {
				delete(r.conns, m.conn.seat)
				r.enqueue(fwdItem{req: forwarded{Kind: "gone", Seat: m.conn.seat}})
			}
			return false
		}
	}
	if m.kind != msgCommand {
		// Everything but a command sees, and builds on, the stored state only.
		r.drain()
		if r.broken != "" {
			return false // run gives the room up; whoever waits for m sees it end
		}
	}
	switch m.kind {
	case msgRun:
		m.query(r)
	case msgJoin:
		m.reply <- r.join(m.conn, &m.client.Client)
	case msgResume:
		m.reply <- r.resume(m.conn, &m.client.Client)
	case msgCommand:
		group := r.gather(m)
		r.commands(group)
		clear(group) // the buffer is kept for the next group, its messages are not
	case msgLeave:
		r.leave(m.conn)
	case msgSync:
		if r.conns[m.conn.seat] == m.conn {
			r.welcome(m.conn, "")
		}
	case msgGone:
		r.gone(m.conn)
	case msgQuery:
		m.query(r)
		close(m.done)
	case msgDelete:
		r.waitSnapshot()
		r.stopHelpers()
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
		r.release()
		r.closeAll(protocol.CloseGoingAway, "the server is restarting; reconnect in a moment")
		close(m.done)
		return true
	}
	return false
}

func (r *room) join(c *conn, m *protocol.Client) enterResult {
	res, seat, token := r.admit(m)
	if res.code != "" {
		return res
	}
	c.seat = seat
	r.conns[seat] = c
	r.welcome(c, token)
	return enterResult{}
}

// admit gives a new seat to a join and commits it: the seat and its token, or why not.
func (r *room) admit(m *protocol.Client) (enterResult, game.SeatID, string) {
	facilitator := false
	if m.FacilitatorToken != "" {
		if !tokenMatches(r.meta.FacilitatorHash, m.FacilitatorToken) {
			return enterResult{code: protocol.ErrBadToken, message: "that facilitator token does not belong to this room"}, 0, ""
		}
		facilitator = true
	}
	b, err := r.h.System(r.now(), game.Command{Type: game.CmdJoin,
		Args: game.Args{Name: m.Name, Lang: m.Lang, Observer: m.Observer, Screen: m.Screen, Facilitator: facilitator}})
	if err != nil {
		res := ruleResult(err)
		if errors.Is(err, game.RoomFull) {
			res.close = protocol.CloseRoomFull
		}
		return res, 0, ""
	}
	seat := b.Events[0].Seat
	token, hash := newToken()
	meta := r.meta
	meta.SeatHashes = copyHashes(r.meta.SeatHashes)
	meta.SeatHashes[strconv.Itoa(int(seat))] = hash
	if err := r.commit(b, &meta, nil); err != nil {
		return enterResult{code: protocol.ErrStorage, message: "the room could not store your seat; try again"}, 0, ""
	}
	return enterResult{}, seat, token
}

// facilitatorAuth reports whether token speaks for the room's facilitator: the token the
// room was created with, or the seat token of the seat that leads the session now. The
// second lets a facilitator who took over by hand-over, or whose browser only kept its seat
// token, export the report and delete the room; a seat that handed over loses it at once.
func (r *room) facilitatorAuth(token string) bool {
	if tokenMatches(r.meta.FacilitatorHash, token) {
		return true
	}
	f := r.state().Owner() // not a stand-in: the role is theirs only while the facilitator is away
	if f == 0 {
		return false
	}
	return tokenMatches(r.meta.SeatHashes[strconv.Itoa(int(f))], token)
}

// seatOf returns the seat a seat token speaks for, or the bad-token result.
func (r *room) seatOf(token string) (game.SeatID, enterResult) {
	seat := game.SeatID(0)
	for key, hash := range r.meta.SeatHashes {
		if tokenMatches(hash, token) {
			id, _ := strconv.Atoi(key)
			seat = game.SeatID(id)
		}
	}
	st := r.state().Seats
	if seat == 0 || int(seat) > len(st) || st[seat-1].Gone {
		return 0, enterResult{code: protocol.ErrBadToken, message: "this seat token is not valid in this room; join anew", close: protocol.CloseBadToken}
	}
	return seat, enterResult{}
}

func (r *room) resume(c *conn, m *protocol.Client) enterResult {
	seat, res := r.seatOf(m.Token)
	if res.code != "" {
		return res
	}
	if old := r.conns[seat]; old != nil && old != c {
		old.close(protocol.CloseReplaced, "this seat was opened in another window")
	}
	c.seat = seat
	r.conns[seat] = c
	b, err := r.h.System(r.now(), game.Command{Type: game.CmdConnect, Args: game.Args{Seat: seat}})
	if err == nil {
		if err := r.commit(b, nil, c); err != nil {
			delete(r.conns, seat)
			return enterResult{code: protocol.ErrStorage, message: "the room could not store your return; try again"}
		}
	}
	r.welcome(c, "")
	return enterResult{}
}

// welcome sends a seat its whole view and names its deck: on a join, a resume, and when
// the client asks for its view again (sync). token is the new seat's token, on a join.
func (r *room) welcome(c *conn, token string) {
	msg := r.h.Welcome(c.seat)
	msg.Room, msg.Token, msg.Now = protocol.FormatCode(r.code), token, r.now()
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
// rate. Under light load groups are of one command, decided on the room's own state.
//
// With a store that takes a room's next append before the one before it is durable
// (store.Pipeliner), the room does not wait for the commit at all: the group is applied
// and queued behind the groups in flight, and its events and answers leave once it is
// stored (inflight.go).
func (r *room) commands(group []roomMsg) {
	// The requests are only read while the group is decided: their slice, a command's
	// copy each, is pooled.
	pooled := r.srv.reqBufs.Get().(*[]host.Request)
	defer func() {
		clear(*pooled)
		*pooled = (*pooled)[:0]
		r.srv.reqBufs.Put(pooled)
	}()
	reqs := (*pooled)[:0]
	reads := make([]int64, 0, len(group))
	for _, m := range group {
		reads = append(reads, m.read)
		if r.conns[m.conn.seat] != m.conn {
			continue // replaced or gone: its commands no longer speak for the seat
		}
		reqs = append(reqs, host.Request{Seat: m.conn.seat, ID: m.client.ID, Cmd: *m.client.Cmd})
	}
	for i := range group {
		if group[i].pooled {
			r.srv.clientBufs.Put(group[i].client)
			group[i].client, group[i].pooled = nil, false
		}
	}
	*pooled = reqs
	if p, ok := r.pipeline(); ok {
		r.queue(p, reqs, reads)
		return
	}
	b := r.decide(reqs)
	r.answer(b, reads)
	r.closeGone(b.Events)
	r.h.Release(b)
}

// answer acknowledges or refuses each command of a decided batch, and times them from
// when they were read.
func (r *room) answer(b *host.Batch, reads []int64) {
	// The answers are encoded from the pooled message into the pooled buffer (one made for
	// each escaped to the heap, and json.Marshal's result was one more allocation a move).
	bufs := r.srv.jsonBufs.Get().(*broadcastBufs)
	m := &bufs.server
	for _, a := range b.Answers {
		c := r.conns[a.Seat]
		if c == nil {
			continue
		}
		if a.Code != "" {
			r.srv.metrics.rejected.WithLabelValues(string(a.Code)).Inc()
			*m = protocol.Server{V: protocol.Version, T: protocol.TError, ID: a.ID, Code: a.Code, Message: a.Err}
		} else {
			*m = protocol.Server{V: protocol.Version, T: protocol.TAck, ID: a.ID, N: a.N}
		}
		enc, err := bufs.msg.encode(m)
		if err != nil {
			r.srv.log.Error("encode message", "type", m.T, "err", err)
			continue
		}
		r.sendCopy(c, enc)
	}
	*m = protocol.Server{}
	r.srv.jsonBufs.Put(bufs)
	done := time.Now().UnixNano()
	for _, read := range reads {
		r.srv.metrics.command.Observe(float64(done-read) / 1e9)
	}
}

// closeGone closes the connections of seats that events kicked or that left by command.
func (r *room) closeGone(evs []game.Event) {
	for _, ev := range evs {
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
		st := r.state().Clone()
		for _, ev := range evs {
			st.Apply(ev)
		}
		if st.Settings.RetentionDays != r.meta.RetentionDays {
			edit().RetentionDays = st.Settings.RetentionDays
		}
	}
	return meta
}

// maxMetaDecks bounds the decks a room's meta names: past it, a lobby whose deck was set
// again and again, the room stores a snapshot, after which it needs only the decks that
// snapshot names.
const maxMetaDecks = 8

// shelveDecks puts the decks evs set on the server's shelf before the events go out: a
// client that sees a deckset fetches the deck by the hash it names (GET /api/decks/{hash}).
// A deck set with the websocket's deck command is the one decoded with the command, which
// only this room holds: indexed here, its cards are found by id, not by a scan.
func (r *room) shelveDecks(evs []game.Event) {
	for i := range evs {
		if d := evs[i].Deck; evs[i].Type == game.EvDeckSet && d != nil {
			if !d.Indexed() {
				d.Index()
			}
			r.srv.decks.put(d)
		}
	}
}

// namedDecks returns the decks the room's meta must name once evs are stored, or nil when
// they set none: those it names, which cover the stored snapshot, and the decks evs set.
// Past maxMetaDecks it stores a snapshot of the state before evs, and then names that
// snapshot's decks and theirs. A room that names no decks yet (stored before rooms named
// them, and not snapshotted since) goes on naming none: its stored snapshot may name a
// deck that only a snapshot of its own would tell.
func (r *room) namedDecks(evs []game.Event) []string {
	if r.meta.Decks == nil {
		return nil
	}
	var added []string
	for _, ev := range evs {
		if ev.Type == game.EvDeckSet && ev.Deck != nil {
			added = append(added, ev.Deck.Hash())
		}
	}
	if added == nil {
		return nil
	}
	union := func(a, b []string) []string {
		out := slices.Clone(a)
		for _, h := range b {
			if !slices.Contains(out, h) {
				out = append(out, h)
			}
		}
		return out
	}
	decks := union(r.meta.Decks, added)
	if len(decks) > maxMetaDecks && r.snapshot() {
		decks = union(host.DeckHashes(r.state()), added)
	}
	return decks
}

func (r *room) leave(c *conn) {
	if r.conns[c.seat] != c {
		return
	}
	b, err := r.h.Act(r.now(), c.seat, game.Command{Type: game.CmdLeave})
	if err != nil {
		res := ruleResult(err)
		r.sendMsg(c, &protocol.Server{T: protocol.TError, Code: res.code, Message: res.message})
		return
	}
	if err := r.commit(b, r.metaFor(b.Events), c); err != nil {
		r.sendMsg(c, &protocol.Server{T: protocol.TError, Code: protocol.ErrStorage, Message: "storage unavailable; try again"})
		return
	}
	delete(r.conns, c.seat)
	c.close(protocol.CloseLeft, "you left the room")
}

// gone handles a connection that closed: the seat goes offline unless another connection
// has taken it over.
func (r *room) gone(c *conn) {
	if r.conns[c.seat] != c {
		return
	}
	delete(r.conns, c.seat)
	r.offline(c.seat)
}

// offline commits that a seat went offline.
func (r *room) offline(seat game.SeatID) {
	b, err := r.h.System(r.now(), game.Command{Type: game.CmdDisconnect, Args: game.Args{Seat: seat}})
	if err != nil || len(b.Events) == 0 {
		return
	}
	if err := r.commit(b, nil, nil); err != nil {
		r.srv.log.Warn("store presence", "room", r.code, "err", err)
	}
}

// decide decides a group of requests and commits its events in one write; a batch whose
// commit failed is aborted, so its answers carry the storage error and nothing of it is
// applied. The owner's own groups and those a follower forwarded both go through here.
func (r *room) decide(reqs []host.Request) *host.Batch {
	b := r.h.Decide(r.now(), reqs)
	if len(b.Events) > 0 {
		if err := r.commit(b, r.metaFor(b.Events), nil); err != nil {
			b.Abort()
		} else {
			r.srv.metrics.committed.Add(float64(len(b.Parts)))
		}
	}
	return b
}

// commit stores a decided batch durably, then applies it to the session and sends its
// events to every connected seat but skip's. Nothing is applied or sent if the store fails.
// The room's pipelined commands (inflight.go) are answered first: a batch is decided on the
// state they leave, and stored after them.
func (r *room) commit(b *host.Batch, meta *store.Meta, skip *conn) error {
	if len(b.Events) == 0 {
		return nil
	}
	r.drain()
	recs, meta, err := r.records(b, meta)
	if err != nil {
		return err
	}
	start := time.Now()
	switch {
	case r.lease != nil:
		// The fencing token is checked in the same atomic step that writes the events.
		err = r.srv.cfg.Cluster.AppendFenced(r.ctx(), *r.lease, recs, meta)
		r.appendFailed(err)
	case r.clustered():
		err = errNotOwner
	default:
		err = r.srv.store.Append(r.ctx(), r.code, recs, meta)
	}
	r.srv.metrics.commit.Observe(time.Since(start).Seconds())
	if err != nil {
		r.srv.log.Error("commit", "room", r.code, "err", err)
		return err
	}
	if meta != nil {
		r.meta = *meta
	}
	r.deliver(b, r.listen(skip))
	return nil
}

// deliver applies a stored batch to the session and sends audience their events.
func (r *room) deliver(b *host.Batch, audience []game.SeatID) {
	buf := r.srv.deliveries.get()
	ds := r.h.CommitTo(*buf, b, audience)
	r.fanout(ds, audience)
	r.srv.deliveries.put(buf, ds)
}

// records encodes a batch's events for the store, and the metadata to store with them:
// meta when it changed, and otherwise once a minute, to keep LastActive (which only
// retention reads) fresh — rewriting it on every move would double the pages each commit
// writes. A nil meta: nothing to store but the events.
func (r *room) records(b *host.Batch, meta *store.Meta) ([]store.Record, *store.Meta, error) {
	encoded, err := b.Records()
	if err != nil {
		return nil, nil, fmt.Errorf("room %s: %w", r.code, err)
	}
	recs := make([]store.Record, len(encoded))
	for i, rec := range encoded {
		recs[i] = store.Record{N: rec.N, Seat: rec.Seat, CmdID: rec.CmdID, Data: rec.Data}
	}
	now := r.now()
	r.shelveDecks(b.Events)
	decks := r.namedDecks(b.Events)
	if meta == nil && (r.metaDue || decks != nil || now-r.meta.LastActive >= 60_000) {
		m := r.meta
		meta = &m
	}
	if decks != nil {
		// Stored with the events that set the decks, before any snapshot names them.
		meta.Decks = decks
	}
	if meta != nil {
		r.metaDue = false // a failed append reloads the room, which sets it again
	}
	if meta != nil {
		meta.LastActive = now
	}
	return recs, meta, nil
}

// listen returns the seats an event goes to now: every connected seat but skip's (in
// r.audience, reused).
func (r *room) listen(skip *conn) []game.SeatID {
	r.audience = r.audience[:0]
	for seat, c := range r.conns {
		if c != skip {
			r.audience = append(r.audience, seat)
		}
	}
	return r.audience
}

// snapshot stores a snapshot of the session now, and reports whether it was stored.
func (r *room) snapshot() bool {
	if r.h == nil || r.following() {
		return false
	}
	r.drain()
	r.waitSnapshot() // the older one first: the store keeps the newer, whichever comes last
	buf := r.srv.snapBufs.get()
	defer r.srv.snapBufs.put(buf)
	sn, err := r.h.SnapshotInto(buf)
	if err == nil {
		// Its decks first: a stored snapshot must never name a deck the store lacks.
		err = r.srv.storeDecks(r.ctx(), sn.Decks)
	}
	if err == nil {
		if r.lease != nil {
			err = r.srv.cfg.Cluster.PutSnapshotFenced(r.ctx(), *r.lease, store.Snapshot{N: sn.N, Data: sn.Data})
		} else {
			err = r.srv.store.PutSnapshot(r.ctx(), r.code, store.Snapshot{N: sn.N, Data: sn.Data})
		}
	}
	if err != nil {
		r.srv.log.Warn("snapshot", "room", r.code, "err", err)
		return false
	}
	r.h.Snapshotted(sn)
	return true
}

// snapshotBehind is snapshot without waiting for the store: the state is encoded here,
// and stored by a goroutine of its own while the room goes on. A room that waited for
// its snapshot's commit (its transaction, and the wait for other rooms' snapshots to
// share it) let the moves arriving meanwhile wait too: every SnapshotEvery events, a few
// milliseconds added to the round trips of the moves behind it. One snapshot at a time
// is in flight: the room waits for the previous one, which has had SnapshotEvery events'
// time to be stored. The snapshot only saves replaying the log, so one that fails is
// logged and the next is due SnapshotEvery events later. In a cluster the snapshot is fenced by the room's lease, which only the room's
// goroutine may use: there it is stored as before.
func (r *room) snapshotBehind() {
	if r.clustered() {
		r.snapshot()
		return
	}
	r.drain()
	r.waitSnapshot()
	buf := r.srv.snapBufs.get()
	sn, err := r.h.SnapshotInto(buf)
	if err != nil {
		r.srv.snapBufs.put(buf)
		r.srv.log.Warn("snapshot", "room", r.code, "err", err)
		return
	}
	r.h.Snapshotted(sn)
	done := make(chan struct{})
	r.snapping = done
	srv, code := r.srv, r.code
	go func() {
		defer close(done)
		defer srv.snapBufs.put(buf) // stored (or failed): the store keeps none of it
		ctx := context.Background()
		err := srv.storeDecks(ctx, sn.Decks) // before the snapshot that names them
		if err == nil {
			err = srv.store.PutSnapshot(ctx, code, store.Snapshot{N: sn.N, Data: sn.Data})
		}
		if err != nil {
			srv.log.Warn("snapshot", "room", code, "err", err)
		}
	}()
}

// waitSnapshot returns once no snapshot of the room is being stored in the background.
func (r *room) waitSnapshot() {
	if r.snapping != nil {
		<-r.snapping
		r.snapping = nil
	}
}

// fanout sends each seat of audience its message for every delivered event.
//
// Most events are the same for every seat: such an event is encoded once, and its frame
// shared by every connection's queue (a frame too large to share goes into a pooled buffer
// per connection). A seat with something of its own in an event (its vote's value, a card
// dealt to it, its view hash) gets its own encoding.
func (r *room) fanout(ds []host.Delivery, audience []game.SeatID) {
	if len(ds) == 0 {
		return
	}
	bufs := r.srv.jsonBufs.Get().(*broadcastBufs)
	defer r.srv.jsonBufs.Put(bufs)
	for i := range ds {
		d := &ds[i]
		var public []byte // encoded when the first seat needs it
		for _, seat := range audience {
			c := r.conns[seat]
			if c == nil {
				continue
			}
			ev, hash := d.For(seat)
			if ev == &d.Public && hash == "" {
				if public == nil {
					b, err := bufs.event(d.N, &d.Public, "")
					if err != nil {
						r.srv.log.Error("encode message", "type", protocol.TEvent, "err", err)
						return
					}
					public = append(make([]byte, 0, len(b)), b...) // cap == len: never pooled
				}
				if pooledFrame(public) {
					r.sendCopy(c, public)
				} else {
					r.sendFrame(c, public)
				}
				continue
			}
			b, err := bufs.event(d.N, ev, hash)
			if err != nil {
				r.srv.log.Error("encode message", "type", protocol.TEvent, "err", err)
				return
			}
			r.sendCopy(c, b)
		}
	}
}

// broadcastBufs are the buffers one fan-out encodes into (a pool of them per server).
type broadcastBufs struct {
	msg jsonBuf
	// server is the message being encoded: one made per event and seat escaped to the
	// heap through the encoder (4 % of what the relay allocated under load).
	server protocol.Server
}

// event returns the encoding of event message n for a seat, valid until the next call.
func (bb *broadcastBufs) event(n uint64, ev *game.ViewEvent, hash string) ([]byte, error) {
	bb.server = protocol.Server{V: protocol.Version, T: protocol.TEvent, N: n, Event: ev, Hash: hash}
	b, err := bb.msg.encode(&bb.server)
	bb.server = protocol.Server{} // holds on to no event
	return b, err
}

func newBroadcastBufs() any {
	b := &broadcastBufs{}
	b.msg.enc = json.NewEncoder(&b.msg.buf)
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

func (r *room) closeAll(code protocol.CloseCode, reason string) {
	for seat, c := range r.conns {
		c.close(code, reason)
		delete(r.conns, seat)
	}
}

// ruleResult turns an engine rejection into a protocol error.
func ruleResult(err error) enterResult {
	var re *game.Error
	if errors.As(err, &re) {
		return enterResult{code: re.Code, message: re.Message}
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
