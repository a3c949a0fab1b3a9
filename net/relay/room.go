package relay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
	"impactkaarten/net/store"
)

// maxMissed is how many missed events a resuming client is sent; further behind, it gets a
// fresh view (recovered=false) instead of a long replay.
const maxMissed = 300

// recentPerSeat is how many command ids per seat are remembered to apply a resent command once.
const recentPerSeat = 64

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

// roomMsg is everything a room goroutine is asked to do.
type roomMsg struct {
	kind   msgKind
	conn   *conn
	client *protocol.Client
	id     string
	cmd    game.Command
	reply  chan enterResult
	query  func(*room)
	done   chan struct{}
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
			if stop {
				return
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
	snap.State.Deck.Index()
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
			ev.Deck.Index()
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
				if err := r.commit(evs, game.System, "", nil); err != nil {
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
		r.command(m.conn, m.id, m.cmd)
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
		Args: game.Args{Name: m.Name, Lang: m.Lang, Observer: m.Observer, Facilitator: facilitator}})
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
	if err := r.commit(evs, game.System, "", &meta); err != nil {
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
		if err := r.commit(evs, game.System, "", nil); err != nil {
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
	c.queueMsg(msg)
}

func (r *room) command(c *conn, id string, cmd game.Command) {
	if r.conns[c.seat] != c {
		return // replaced or gone: its commands no longer speak for the seat
	}
	for _, rc := range r.recent[c.seat] {
		if rc.ID == id {
			c.queueMsg(&protocol.Server{T: protocol.TAck, ID: id, N: rc.N})
			return
		}
	}
	cmd.At = r.now()
	evs, err := game.Decide(r.st, c.seat, cmd)
	if err != nil {
		res := ruleResult(err)
		r.srv.metrics.rejected.WithLabelValues(res.code).Inc()
		c.queueMsg(&protocol.Server{T: protocol.TError, ID: id, Code: res.code, Message: res.message})
		return
	}
	if len(evs) == 0 {
		c.queueMsg(&protocol.Server{T: protocol.TAck, ID: id, N: r.st.Version})
		return
	}
	meta := r.metaFor(evs)
	if err := r.commit(evs, c.seat, id, meta); err != nil {
		r.srv.metrics.rejected.WithLabelValues(protocol.ErrStorage).Inc()
		c.queueMsg(&protocol.Server{T: protocol.TError, ID: id, Code: protocol.ErrStorage,
			Message: "storage unavailable: the command was not applied; try again"})
		return
	}
	r.remember(c.seat, id, r.st.Version)
	r.broadcast(evs, nil)
	c.queueMsg(&protocol.Server{T: protocol.TAck, ID: id, N: r.st.Version})
	for _, ev := range evs {
		if ev.Type == game.EvKicked {
			if kc := r.conns[ev.Seat]; kc != nil {
				kc.close(protocol.CloseKicked, "the facilitator removed you from this room")
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
	for _, ev := range evs {
		switch ev.Type {
		case game.EvKicked, game.EvLeft:
			delete(edit().SeatHashes, strconv.Itoa(int(ev.Seat)))
		case game.EvSettings:
			if ev.Settings.RetentionDays != r.meta.RetentionDays {
				edit().RetentionDays = ev.Settings.RetentionDays
			}
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
		c.queueMsg(&protocol.Server{T: protocol.TError, Code: res.code, Message: res.message})
		return
	}
	if err := r.commit(evs, c.seat, "", r.metaFor(evs)); err != nil {
		c.queueMsg(&protocol.Server{T: protocol.TError, Code: protocol.ErrStorage, Message: "storage unavailable; try again"})
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
	if err := r.commit(evs, game.System, "", nil); err != nil {
		r.srv.log.Warn("store presence", "room", r.code, "err", err)
		return
	}
	r.broadcast(evs, nil)
}

// commit stores events durably, then applies them. Nothing is applied if the store fails.
func (r *room) commit(evs []game.Event, actor game.SeatID, cmdID string, meta *store.Meta) error {
	recs := make([]store.Record, len(evs))
	for i, ev := range evs {
		data, err := json.Marshal(ev)
		if err != nil {
			return fmt.Errorf("room %s: encode event: %w", r.code, err)
		}
		recs[i] = store.Record{N: ev.Version, Seat: int(actor), CmdID: cmdID, Data: data}
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
	for _, ev := range evs {
		r.st.Apply(ev)
	}
	r.sinceSnap += len(evs)
	if r.sinceSnap >= r.srv.cfg.SnapshotEvery {
		r.snapshot()
	}
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
	list := append(r.recent[seat], recentCmd{ID: id, N: n})
	if len(list) > recentPerSeat {
		list = list[len(list)-recentPerSeat:]
	}
	r.recent[seat] = list
}

// broadcast sends every connected seat (except skip) each event as that seat may see it,
// with its own fresh view.
func (r *room) broadcast(evs []game.Event, skip *conn) {
	if len(evs) == 0 {
		return
	}
	for seat, c := range r.conns {
		if c == skip {
			continue
		}
		view := game.View(r.st, seat)
		for i, ev := range evs {
			ev = game.Redact(ev, seat)
			msg := &protocol.Server{T: protocol.TEvent, N: ev.Version, Event: &ev}
			if i == len(evs)-1 {
				msg.View = &view
			}
			c.queueMsg(msg)
		}
	}
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
