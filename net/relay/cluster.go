package relay

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"impactkaarten/game"
	"impactkaarten/net/host"
	"impactkaarten/net/protocol"
	"impactkaarten/net/store"
)

// A room in a cluster (Config.Cluster, docs/cluster.md) is in one of two modes:
//
//   - owner: the node holds the room's lease. It decides commands (its own clients' and
//     those other nodes forward through the room's inbox), commits them with the lease's
//     fencing token (AppendFenced), and renews the lease every third of its TTL. When the
//     lease is lost — a renew or a write refused with ErrFenced, or no successful renew for
//     a whole TTL — it stops at once: its clients are closed with CloseMoved and reconnect.
//   - follower: another node owns the room. The follower keeps a host of its own in step
//     with the room's log (woken by the append hints, reading the events from Redis as the
//     truth) and sends its clients their events, redacted per seat by that host. Whatever
//     its clients ask that would change the room (join, resume, commands, leave, going
//     offline) is forwarded to the owner, one at a time in the order it came; the answer
//     is sent once the follower's host has caught up with the events it acknowledges, so a
//     client sees an ack after the events it covers, as on the owner.
//
// The node looks every followerRetry for followed rooms that nobody owns (one MGET for
// all of them); when the owner has died and its lease has expired, a follower with
// clients takes the lease and becomes the owner in place: it reads the
// log's last events, stops following and starts reading the inbox. A command it had
// forwarded to the dead owner gets no answer and is then decided by the room itself, once
// (the host applies a command id once).

// followerRetry is how often the node looks for followed rooms nobody owns any more.
const followerRetry = 250 * time.Millisecond

// forwardWait is how long a follower waits for the owner's answer to a forwarded request
// (whole seconds: BLPOP's resolution) before it asks again, or decides it itself if it has
// become the owner meanwhile.
const forwardWait = 2 * time.Second

// defaultNode names this process uniquely: host name, process id and a random suffix, so a
// restarted process never passes for the one before it.
func defaultNode() string {
	host, err := os.Hostname()
	if err != nil {
		host = "relay"
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// clustered reports whether the relay is a cluster node.
func (r *room) clustered() bool { return r.srv.cfg.Cluster != nil }

// following reports whether the room is a follower: clustered, without the lease.
func (r *room) following() bool { return r.clustered() && r.lease == nil }

// errNotOwner is a commit attempted by a follower: only the owner writes a room's log.
var errNotOwner = errors.New("relay: this node does not own the room")

// clusterLoad takes the room's lease if it is free (owner) or follows the owner, then loads
// the room from Redis. A follower subscribes to the hints before it reads the log, so no
// append after its read goes unnoticed.
func (r *room) clusterLoad() (*store.Loaded, error) {
	rc := r.srv.cfg.Cluster
	sent := time.Now()
	lease, err := r.srv.leases.Acquire(r.ctx(), r.code)
	switch {
	case err == nil:
		r.becomeOwner(lease, sent)
		if r.broken != "" {
			r.release()
			return nil, errors.New(r.broken)
		}
	case errors.Is(err, store.ErrHeld):
		if err := r.follow(); err != nil {
			return nil, err
		}
	default:
		return nil, err
	}
	l, err := rc.Load(r.ctx(), r.code)
	if err != nil {
		r.stopHelpers()
		if r.lease != nil {
			_ = r.srv.leases.Release(context.Background(), *r.lease)
		}
		return nil, err
	}
	return l, nil
}

// becomeOwner records the lease and adds the room to the node's inbox read, from the
// newest entry now in its inbox on (see store.InboxCursor).
func (r *room) becomeOwner(lease store.Lease, acquired time.Time) {
	r.lease = &lease
	r.renewedAt = acquired
	r.stopHelpers()
	cursor, err := r.srv.cfg.Cluster.InboxCursor(r.ctx(), r.code)
	if err != nil {
		// Without a cursor the room cannot hear other nodes: give it up (its clients
		// reconnect) rather than serve half of them.
		r.srv.log.Warn("inbox cursor", "room", r.code, "err", err)
		r.broken = "cannot read the room's inbox"
		return
	}
	r.srv.node.own(r, cursor)
	r.srv.node.hold(lease, acquired)
	r.helpers = func() {
		r.srv.node.disown(r)
		r.srv.node.drop(lease)
	}
}

// follow subscribes the room to its hints.
func (r *room) follow() error {
	// The subscription's confirmation comes over the subscription's connection, which no
	// call's timeout covers: a Redis restarting meanwhile must not hold the room forever.
	ctx, cancel := context.WithTimeout(r.ctx(), 5*time.Second)
	defer cancel()
	if err := r.srv.node.follow(ctx, r); err != nil {
		r.srv.node.unfollow(r)
		return err
	}
	r.helpers = func() { r.srv.node.unfollow(r) }
	return nil
}

// stopHelpers takes the room out of the node's inbox read or hint subscription.
func (r *room) stopHelpers() {
	if r.helpers != nil {
		r.helpers()
		r.helpers = nil
	}
}

// hintedCatchUp is catchUp on a hint: later hints wake the room again.
func (r *room) hintedCatchUp() {
	r.hinted.Store(false)
	if r.following() {
		r.catchUp()
	}
}

// tick is the room's periodic cluster work: an owner checks its lease, which the node
// renews with all the others (node.renewLeases), and stops when it is lost. (A follower
// is told by the node when its room is free: takeOver.) It reports whether the room must
// stop.
func (r *room) tick() (stop bool) {
	ttl := r.srv.cfg.LeaseTTL
	if r.lease != nil {
		renewed, lost := r.srv.node.leaseState(*r.lease)
		switch {
		case lost:
			r.fenced = true
		case time.Since(renewed) >= ttl:
			// Past the TTL since the last renewal that succeeded was sent, the lease may be
			// someone else's: stop serving, as the fencing would refuse the writes anyway.
			r.srv.log.Warn("lease not renewed for a whole TTL", "room", r.code, "renewed", renewed)
			r.fenced = true
		default:
			r.renewedAt = renewed
		}
		return r.fenced
	}
	return false
}

// takeOver makes a follower with clients the room's owner, when the node has seen that
// nobody owns the room (node.watchFollowed). A failure to load leaves the room broken,
// which ends it.
func (r *room) takeOver() {
	if r.lease != nil || (len(r.conns) == 0 && len(r.fwdQueue) == 0) {
		return
	}
	sent := time.Now()
	lease, err := r.srv.leases.Acquire(r.ctx(), r.code)
	if err != nil {
		if !errors.Is(err, store.ErrHeld) {
			r.srv.log.Warn("take room", "room", r.code, "err", err)
		}
		return
	}
	r.srv.log.Info("room taken over", "room", r.code, "node", r.srv.cfg.Node, "token", lease.Token)
	r.becomeOwner(lease, sent)
	// The log is final now (the old owner is fenced): read what this node has not seen,
	// and the metadata as the owners before wrote it (the seats' token hashes: a follower
	// never needed them, so its copy is the one it loaded).
	r.catchUp()
	l, err := r.srv.cfg.Cluster.Load(r.ctx(), r.code)
	if err != nil {
		r.srv.log.Warn("take room: load", "room", r.code, "err", err)
		r.broken = "cannot read the room's metadata"
		return
	}
	r.meta = l.Meta
}

// appendFailed handles the outcome of an owner's fenced append. ErrFenced: the lease is
// lost, the room stops. ErrConflict: the stored log is ahead of the room. While the lease
// holds only this room writes the log, so those events are its own, from an append whose
// answer was lost — Redis stored it and died, or stalled, before replying — and which the
// room took as failed and decided again differently. Its state is then not the log's:
// the room gives itself up (its clients reconnect and resume, and the room is loaded
// anew from the log, where the commands of the lost answer are known by their ids, so
// their retries are answered, not applied twice). Carrying on would fail every commit.
func (r *room) appendFailed(err error) {
	switch {
	case err == nil:
	case errors.Is(err, store.ErrFenced):
		r.fenced = true
	case errors.Is(err, store.ErrConflict):
		r.broken = "the stored log is ahead of the room (an append's answer was lost)"
	}
}

// relinquish ends an owner that lost its lease, or a follower that cannot follow: its
// clients are told to reconnect, and it unloads. Nothing is committed.
func (r *room) relinquish(reason string) {
	r.srv.log.Warn("room given up", "room", r.code, "node", r.srv.cfg.Node, "reason", reason)
	if !r.fenced {
		r.release() // a lease still held (a log that cannot be followed): free it for another node
	}
	r.stopHelpers()
	r.srv.hub.remove(r)
	why := "the room moved to another server; reconnect"
	if !r.clustered() {
		// Without a cluster a room is given up only when it could not be loaded again after
		// a storage error: reconnecting loads it afresh once the store answers.
		why = "the room stopped after a storage error; reconnect"
	}
	r.closeAll(protocol.CloseMoved, why)
	for _, it := range r.fwdQueue {
		if it.reply != nil {
			it.reply <- enterResult{code: protocol.ErrUnavailable, message: "the room moved to another server; try again"}
		}
	}
	r.fwdQueue = nil
	r.refuseAll()
}

// release gives the lease up when the room unloads or the relay stops, so another node
// need not wait for it to expire.
func (r *room) release() {
	r.stopHelpers()
	if r.lease == nil {
		return
	}
	if err := r.srv.leases.Release(context.Background(), *r.lease); err != nil {
		r.srv.log.Warn("release lease", "room", r.code, "err", err)
	}
	r.lease = nil
}

// catchUp brings a follower's host up to the room's log and sends its clients the new
// events. An owner's log is its own: nothing to do. A log that cannot be read or applied
// ends the room (its clients reconnect and it loads anew).
func (r *room) catchUp() {
	recs, err := r.srv.cfg.Cluster.Events(r.ctx(), r.code, r.state().Version, 1<<53)
	if err != nil {
		r.srv.log.Warn("follow the log", "room", r.code, "err", err)
		if errors.Is(err, store.ErrNotFound) {
			r.broken = "the room was deleted"
		}
		return
	}
	if len(recs) == 0 {
		return
	}
	b := &host.Batch{}
	for _, rec := range recs {
		var ev game.Event
		if err := json.Unmarshal(rec.Data, &ev); err != nil || ev.Version != r.state().Version+uint64(len(b.Events))+1 {
			r.broken = fmt.Sprintf("event %d does not follow version %d (%v)", rec.N, r.state().Version+uint64(len(b.Events)), err)
			return
		}
		if ev.Deck != nil {
			ev.Deck = r.srv.sharedDeck(ev.Deck)
		}
		b.Events = append(b.Events, ev)
		b.Parts = append(b.Parts, host.Part{Events: []game.Event{ev}, Actor: game.SeatID(rec.Seat), CmdID: rec.CmdID})
	}
	r.deliver(b, r.listen(nil))
	r.closeGone(b.Events)
}

// forwarded is what a follower sends the owner, and answer what it gets back.
type forwarded struct {
	Kind   string           `json:"kind"` // join, resume, cmd, leave, gone
	Seat   game.SeatID      `json:"seat,omitempty"`
	Client *protocol.Client `json:"client,omitempty"`
	// More are the commands of this node's clients queued behind the first ("cmd" only):
	// the owner decides them with it as one group, in one commit, and answers each in
	// answer.More, in order (see forwardBatch). An owner that does not know More decides the
	// first alone and answers without More: the follower then sends the rest again.
	More []forwardedCmd `json:"more,omitempty"`
}

// forwardedCmd is one more command of a forwarded group.
type forwardedCmd struct {
	Seat   game.SeatID      `json:"seat"`
	Client *protocol.Client `json:"client"`
}

type answer struct {
	Seat    game.SeatID        `json:"seat,omitempty"`
	N       uint64             `json:"n,omitempty"`
	Token   string             `json:"token,omitempty"`
	Code    protocol.Code      `json:"code,omitempty"`
	Message string             `json:"message,omitempty"`
	Close   protocol.CloseCode `json:"close,omitempty"`
	// More answers forwarded.More, in order.
	More []answer `json:"more,omitempty"`
}

// fwdItem is a request of a follower's client waiting to be forwarded.
type fwdItem struct {
	req   forwarded
	conn  *conn
	reply chan enterResult // join and resume
	read  int64
}

// enqueue queues a request for the owner; requests go one at a time, in order (the
// commands waiting at the head of the queue together: forwardBatch).
func (r *room) enqueue(it fwdItem) {
	r.fwdQueue = append(r.fwdQueue, it)
	if len(r.fwdQueue) == 1 {
		r.sendNext()
	}
}

// forwardBatch is the request that forwards the head of queue: the head alone, or, when it
// is a command, with the commands queued behind it (up to maxGroup, up to the first
// request of another kind or a command repeating the id of one before it: a resend must
// see the first one answered). It also returns how many queue items the request covers.
//
// Why a group: a follower has one request in flight per room, and each is a round trip
// through Redis to the owner, a commit of its own there and a round trip back. With the
// seats of 750 rooms spread over three nodes (6,000 clients, one move a second each), a
// node's clients in a room make three moves a second, and under that load the round trip
// took longer than a third of a second: the commands queued on the followers without
// bound (half the moves were still waiting at the end of the run). Sent together, the
// commands that waited share one round trip and one commit, as the owner's own clients'
// commands do (room.commands); under light load a group is one command, as before.
func forwardBatch(queue []fwdItem) (forwarded, int) {
	req := queue[0].req
	if req.Kind != "cmd" {
		return req, 1
	}
	req.More = nil
	n := 1
	for _, it := range queue[1:] {
		if n >= maxGroup || it.req.Kind != "cmd" || it.req.Client == nil || repeatsForwarded(queue[:n], it.req) {
			break
		}
		req.More = append(req.More, forwardedCmd{Seat: it.req.Seat, Client: it.req.Client})
		n++
	}
	return req, n
}

// repeatsForwarded reports whether one of items is a command of req's seat with its id.
func repeatsForwarded(items []fwdItem, req forwarded) bool {
	for _, it := range items {
		if it.req.Seat == req.Seat && it.req.Client != nil && it.req.Client.ID == req.Client.ID {
			return true
		}
	}
	return false
}

// sendNext forwards the request at the head of the queue (with the commands behind it:
// forwardBatch) from a goroutine of its own; the answer comes back to the room as a
// message.
func (r *room) sendNext() {
	if len(r.fwdQueue) == 0 {
		return
	}
	req, n := forwardBatch(r.fwdQueue)
	r.fwdSent = n
	body, err := json.Marshal(req)
	if err != nil {
		r.srv.log.Error("encode forwarded request", "err", err)
		r.fwdQueue = r.fwdQueue[n:]
		r.sendNext()
		return
	}
	rc, code, ctx := r.srv.cfg.Cluster, r.code, r.srv.baseCtx
	go func() {
		res, err := rc.Forward(ctx, code, body, forwardWait)
		if ctx.Err() != nil {
			// The relay is stopping: the room's shutdown closes the connection waiting for
			// this answer. Asking again would fail at once, again and again, until the room
			// has stopped (a tight loop that filled the log by gigabytes).
			return
		}
		if err != nil && !errors.Is(err, store.ErrNoAnswer) {
			// Redis itself failed (fast, when it refuses connections): wait a little before
			// the room asks again, rather than spin while Redis is down.
			select {
			case <-ctx.Done():
			case <-time.After(followerRetry):
			}
		}
		r.post(roomMsg{kind: msgRun, query: func(r *room) { r.forwardDone(res, err) }})
	}()
}

// forwardDone handles the owner's answer to the request at the head of the queue.
func (r *room) forwardDone(res []byte, err error) {
	if len(r.fwdQueue) == 0 {
		return
	}
	it := r.fwdQueue[0]
	if err != nil {
		if r.lease != nil {
			// This node took the room meanwhile: the request is its own to decide. A command
			// the dead owner had committed is recognised by its id and not applied twice.
			r.fwdQueue = r.fwdQueue[1:]
			r.decideOwn(it)
			r.sendNext()
			return
		}
		if !errors.Is(err, store.ErrNoAnswer) {
			r.srv.log.Warn("forward", "room", r.code, "err", err)
		}
		if it.reply == nil && it.conn != nil && r.conns[it.conn.seat] != it.conn {
			r.fwdQueue = r.fwdQueue[1:] // its connection is gone: nobody waits for it
		}
		r.sendNext() // again, or the next one
		return
	}
	var a answer
	if err := json.Unmarshal(res, &a); err != nil {
		a = answer{Code: protocol.ErrUnavailable, Message: "the room's server gave an answer that cannot be read; try again"}
	}
	// The answers cover the request and as many of the commands sent with it as the owner
	// answered (an owner that does not group answers the first only: the rest are sent
	// again).
	answers := append([]answer{a}, a.More[:max(0, min(len(a.More), r.fwdSent-1))]...)
	answers = answers[:min(len(answers), len(r.fwdQueue))]
	items := r.fwdQueue[:len(answers)]
	r.fwdQueue = r.fwdQueue[len(answers):]
	newest := uint64(0)
	for _, a := range answers {
		newest = max(newest, a.N)
	}
	if newest > r.state().Version {
		r.catchUp()
	}
	for i, it := range items {
		r.answerLocal(it, answers[i])
	}
	r.sendNext()
}

// answerLocal gives a follower's client the owner's answer to its request.
func (r *room) answerLocal(it fwdItem, a answer) {
	c := it.conn
	switch it.req.Kind {
	case "join", "resume":
		if a.Code != "" {
			it.reply <- enterResult{code: a.Code, message: a.Message, close: a.Close}
			return
		}
		if old := r.conns[a.Seat]; old != nil && old != c {
			old.close(protocol.CloseReplaced, "this seat was opened in another window")
		}
		c.seat = a.Seat
		r.conns[a.Seat] = c
		r.welcome(c, a.Token)
		it.reply <- enterResult{}
	case "cmd":
		if r.conns[c.seat] != c {
			return
		}
		if a.Code != "" {
			r.srv.metrics.rejected.WithLabelValues(string(a.Code)).Inc()
			r.sendMsg(c, &protocol.Server{T: protocol.TError, ID: it.req.Client.ID, Code: a.Code, Message: a.Message})
		} else {
			r.sendMsg(c, &protocol.Server{T: protocol.TAck, ID: it.req.Client.ID, N: a.N})
		}
		r.srv.metrics.command.Observe(float64(time.Now().UnixNano()-it.read) / 1e9)
	case "leave":
		if r.conns[c.seat] != c {
			return
		}
		if a.Code != "" {
			r.sendMsg(c, &protocol.Server{T: protocol.TError, Code: a.Code, Message: a.Message})
			return
		}
		delete(r.conns, c.seat)
		c.close(protocol.CloseLeft, "you left the room")
	}
}

// decideOwn handles a request of this node's client that was queued for an owner, now
// that this node owns the room.
func (r *room) decideOwn(it fwdItem) {
	switch it.req.Kind {
	case "join":
		it.reply <- r.join(it.conn, it.req.Client)
	case "resume":
		it.reply <- r.resume(it.conn, it.req.Client)
	case "cmd":
		r.commands([]roomMsg{{kind: msgCommand, conn: it.conn, client: &protocol.ClientBuffer{Client: *it.req.Client}, read: it.read}})
	case "leave":
		r.leave(it.conn)
	case "gone":
		// The connection closed while its request waited: the seat goes offline here.
		if r.conns[it.req.Seat] == nil {
			r.offline(it.req.Seat)
		}
	}
}

// serveForwarded decides a request another node forwarded, as the owner, and answers it.
func (r *room) serveForwarded(f store.Forwarded) {
	if r.lease == nil {
		return // no longer the owner: the sender asks again
	}
	var req forwarded
	var a answer
	if err := json.Unmarshal(f.Body, &req); err != nil || (req.Kind != "gone" && req.Client == nil) {
		a = answer{Code: protocol.ErrBadMessage, Message: "a forwarded request that cannot be read"}
	} else {
		a = r.decideForwarded(req)
	}
	if r.fenced {
		return // nothing was committed; the sender asks the next owner
	}
	body, err := json.Marshal(a)
	if err == nil {
		err = r.srv.cfg.Cluster.Answer(r.ctx(), f, body)
	}
	if err != nil {
		r.srv.log.Warn("answer forwarded request", "room", r.code, "err", err)
	}
}

func (r *room) decideForwarded(req forwarded) answer {
	m := req.Client
	switch req.Kind {
	case "join":
		res, seat, token := r.admit(m)
		if res.code != "" {
			return answer{Code: res.code, Message: res.message, Close: res.close}
		}
		return answer{Seat: seat, Token: token, N: r.state().Version}
	case "resume":
		seat, res := r.seatOf(m.Token)
		if res.code != "" {
			return answer{Code: res.code, Message: res.message, Close: res.close}
		}
		if old := r.conns[seat]; old != nil {
			// The seat came back on another node: this node's connection for it is stale.
			old.close(protocol.CloseReplaced, "this seat was opened in another window")
			delete(r.conns, seat)
		}
		if b, err := r.h.System(r.now(), game.Command{Type: game.CmdConnect, Args: game.Args{Seat: seat}}); err == nil {
			if err := r.commit(b, nil, nil); err != nil {
				return answer{Code: protocol.ErrStorage, Message: "the room could not store your return; try again"}
			}
		}
		return answer{Seat: seat, N: r.state().Version}
	case "cmd":
		return r.decideForwardedCmds(append([]forwardedCmd{{Seat: req.Seat, Client: m}}, req.More...))
	case "leave":
		b, err := r.h.Act(r.now(), req.Seat, game.Command{Type: game.CmdLeave})
		if err != nil {
			res := ruleResult(err)
			return answer{Code: res.code, Message: res.message}
		}
		if err := r.commit(b, r.metaFor(b.Events), nil); err != nil {
			return answer{Code: protocol.ErrStorage, Message: "storage unavailable; try again"}
		}
		return answer{N: r.state().Version}
	case "gone":
		if r.conns[req.Seat] == nil {
			r.offline(req.Seat)
		}
		return answer{N: r.state().Version}
	}
	return answer{Code: protocol.ErrBadMessage, Message: "unknown forwarded request " + req.Kind}
}

// decideForwardedCmds decides a group of forwarded commands in order, as room.commands
// does its own clients' (one commit for all), and answers the first in the answer's own
// fields and the others in its More, in order.
func (r *room) decideForwardedCmds(cmds []forwardedCmd) answer {
	out := make([]answer, len(cmds))
	reqs := make([]host.Request, 0, len(cmds))
	decided := make([]int, 0, len(cmds)) // the index in cmds of each request
	for i, fc := range cmds {
		if fc.Client == nil || fc.Client.Cmd == nil {
			out[i] = answer{Code: protocol.ErrBadMessage, Message: "a command without cmd"}
			continue
		}
		reqs = append(reqs, host.Request{Seat: fc.Seat, ID: fc.Client.ID, Cmd: *fc.Client.Cmd})
		decided = append(decided, i)
	}
	if len(reqs) > 0 {
		b := r.decide(reqs)
		r.closeGone(b.Events)
		// Decide answers every request, in order.
		for k, ans := range b.Answers {
			if k < len(decided) {
				out[decided[k]] = answer{N: ans.N, Code: ans.Code, Message: ans.Err}
			}
		}
	}
	for i := range out {
		if out[i].Code == "" && out[i].N == 0 {
			out[i].N = r.state().Version
		}
	}
	a := out[0]
	a.More = out[1:]
	if len(a.More) == 0 {
		a.More = nil
	}
	return a
}

// lostReason says why a room stops serving, for the log.
func (r *room) lostReason() string {
	if r.broken != "" {
		return r.broken
	}
	return "lease lost"
}
