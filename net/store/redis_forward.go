package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// Hint says that a room's log has grown to N: read the events after the last one seen. N is
// 0 when it is not known how far (the subscription was re-established after a lost
// connection, whose hints are gone): then read the log anyway. It is only a hint: the log
// is the truth.
type Hint struct {
	Room string
	N    uint64
}

// Hints is a subscription to the append hints of some rooms. Every successful append that
// adds events publishes one, from the same script that wrote them.
//
// Hints are coalesced per room: a reader that falls behind gets one hint per room with the
// newest number, never an unbounded queue, and never misses a wake-up.
type Hints struct {
	s    *Redis
	ps   *redis.PubSub
	done chan struct{} // closed when the reader goroutine has stopped
	wake chan struct{} // capacity 1: something was added to pending

	mu      sync.Mutex
	pending map[string]uint64 // rooms with news, and the newest number hinted
	order   []string          // rooms in pending, oldest first
	waiters map[string][]chan struct{}
	rooms   map[string]bool // subscribed rooms
}

// Hints subscribes to the hints of rooms (more can be added later). It returns once Redis
// has confirmed the subscription, so every append that commits after it is hinted.
func (s *Redis) Hints(ctx context.Context, rooms ...string) (*Hints, error) {
	if err := s.begin(ctx, "-"); err != nil {
		return nil, s.fail("subscribe", "", err)
	}
	h := &Hints{
		s: s, ps: s.c.Subscribe(ctx), done: make(chan struct{}), wake: make(chan struct{}, 1),
		pending: map[string]uint64{}, waiters: map[string][]chan struct{}{}, rooms: map[string]bool{},
	}
	go h.read(h.ps.ChannelWithSubscriptions())
	if err := h.Add(ctx, rooms...); err != nil {
		_ = h.Close()
		return nil, err
	}
	return h, nil
}

// read moves what the subscription receives into pending, and confirmations to the Add
// calls waiting for them. A confirmation nobody waits for is a resubscription after a lost
// connection: the room may have news that was not hinted.
func (h *Hints) read(ch <-chan any) {
	defer close(h.done)
	for msg := range ch {
		h.mu.Lock()
		switch m := msg.(type) {
		case *redis.Subscription:
			if m.Kind != "subscribe" {
				break
			}
			if w := h.waiters[m.Channel]; len(w) > 0 {
				close(w[0])
				h.waiters[m.Channel] = w[1:]
			} else if room, ok := strings.CutPrefix(m.Channel, h.s.prefix+"hint:"); ok && h.rooms[room] {
				h.note(room, 0)
			}
		case *redis.Message:
			room, ok := strings.CutPrefix(m.Channel, h.s.prefix+"hint:")
			n, err := strconv.ParseUint(m.Payload, 10, 64)
			if ok && err == nil && h.rooms[room] {
				h.note(room, n)
			}
		}
		h.mu.Unlock()
	}
}

// note records news of a room; h.mu is held.
func (h *Hints) note(room string, n uint64) {
	if old, ok := h.pending[room]; ok {
		h.pending[room] = max(old, n)
		return
	}
	h.pending[room] = n
	h.order = append(h.order, room)
	select {
	case h.wake <- struct{}{}:
	default:
	}
}

// Add subscribes to more rooms and returns once Redis has confirmed: a reader that then
// reads the rooms' logs misses nothing, as every later append is hinted.
func (h *Hints) Add(ctx context.Context, rooms ...string) error {
	if len(rooms) == 0 {
		return nil
	}
	chans := make([]string, len(rooms))
	confirmed := make([]chan struct{}, len(rooms))
	h.mu.Lock()
	for i, r := range rooms {
		chans[i] = h.s.hintChannel(r)
		confirmed[i] = make(chan struct{})
		h.waiters[chans[i]] = append(h.waiters[chans[i]], confirmed[i])
		h.rooms[r] = true
	}
	h.mu.Unlock()
	if err := h.ps.Subscribe(ctx, chans...); err != nil {
		return h.s.fail("subscribe", rooms[0], err)
	}
	for i, c := range confirmed {
		select {
		case <-c:
		case <-ctx.Done():
			return h.s.fail("subscribe", rooms[i], ctx.Err())
		case <-h.done:
			return h.s.fail("subscribe", rooms[i], fmt.Errorf("subscription closed: %w", ErrUnavailable))
		}
	}
	return nil
}

// Remove stops the hints of rooms (rooms this node no longer serves); their pending hints
// are dropped.
func (h *Hints) Remove(ctx context.Context, rooms ...string) error {
	chans := make([]string, len(rooms))
	h.mu.Lock()
	for i, r := range rooms {
		chans[i] = h.s.hintChannel(r)
		delete(h.rooms, r)
		if _, ok := h.pending[r]; ok {
			delete(h.pending, r)
			h.order = slices.DeleteFunc(h.order, func(x string) bool { return x == r })
		}
	}
	h.mu.Unlock()
	if err := h.ps.Unsubscribe(ctx, chans...); err != nil {
		return h.s.fail("unsubscribe", "", err)
	}
	return nil
}

// Next waits for the next hint, until ctx is done or the subscription is closed.
func (h *Hints) Next(ctx context.Context) (Hint, error) {
	for {
		h.mu.Lock()
		if len(h.order) > 0 {
			room := h.order[0]
			h.order = h.order[1:]
			n := h.pending[room]
			delete(h.pending, room)
			h.mu.Unlock()
			return Hint{Room: room, N: n}, nil
		}
		h.mu.Unlock()
		select {
		case <-ctx.Done():
			return Hint{}, ctx.Err()
		case <-h.done:
			return Hint{}, fmt.Errorf("store: hints: subscription closed: %w", ErrUnavailable)
		case <-h.wake:
		}
	}
}

// Close ends the subscription.
func (h *Hints) Close() error {
	err := h.ps.Close()
	<-h.done
	if err != nil {
		return fmt.Errorf("store: close hints: %w", err)
	}
	return nil
}

// ErrNoAnswer is returned by Forward when the room's owner did not answer in time: the
// command may or may not have been applied, so the caller resends it with the same command
// id (which the owner applies at most once) or tells the client to.
var ErrNoAnswer = errors.New("store: the room's owner did not answer in time")

// inboxMaxLen caps a room's command inbox (approximately, which Redis trims cheaply). The
// owner reads it as it arrives; the cap only bounds what an ownerless room collects.
const inboxMaxLen = 1000

// Forwarded is a command handed to a room's owner through the room's inbox.
type Forwarded struct {
	Room    string
	ID      string // the inbox entry's id
	ReplyTo string // the key the answer goes to
	Body    []byte
}

// Forward hands a command (its encoding is the caller's) to whichever node owns the room,
// through the room's inbox, and waits up to wait (rounded up to whole seconds, at least
// one) for the owner's answer. ErrNoAnswer when none came: the owner may be gone (its
// successor reads the inbox only from the moment it took the room) or busy.
func (s *Redis) Forward(ctx context.Context, room string, body []byte, wait time.Duration) ([]byte, error) {
	if err := s.begin(ctx, room); err != nil {
		return nil, s.fail("forward", room, err)
	}
	var id [16]byte
	_, _ = rand.Read(id[:]) // never fails (crypto/rand documents it)
	reply := s.prefix + "reply:" + hex.EncodeToString(id[:])
	// The request's connections are the wait pool's (RedisOptions.WaitPoolSize), so that
	// the commits and answers never queue behind requests waiting for answers.
	err := s.waitC.XAdd(ctx, &redis.XAddArgs{
		Stream: s.inboxKey(room), MaxLen: inboxMaxLen, Approx: true,
		Values: []any{"reply", reply, "body", body},
	}).Err()
	if err != nil {
		return nil, s.fail("forward", room, err)
	}
	// The client sends BLPOP's timeout in whole seconds (and 0 would mean forever).
	wait = max(time.Second, (wait+time.Second-1)/time.Second*time.Second)
	res, err := s.waitC.BLPop(ctx, wait, reply).Result()
	if errors.Is(err, redis.Nil) {
		return nil, s.fail("forward", room, fmt.Errorf("no answer within %v: %w", wait, ErrNoAnswer))
	}
	if err != nil {
		return nil, s.fail("forward", room, err)
	}
	return []byte(res[1]), nil
}

// InboxCursor is where a room's new owner starts reading its inbox: after the newest entry
// now in it. Commands sent before are left to their senders' timeouts and resends, so
// nothing an earlier owner may have applied runs a second time without the command id
// check that the resend passes through.
func (s *Redis) InboxCursor(ctx context.Context, room string) (string, error) {
	if err := s.begin(ctx, room); err != nil {
		return "", s.fail("inbox", room, err)
	}
	msgs, err := s.c.XRevRangeN(ctx, s.inboxKey(room), "+", "-", 1).Result()
	if err != nil {
		return "", s.fail("inbox", room, err)
	}
	if len(msgs) == 0 {
		return "0-0", nil
	}
	return msgs[0].ID, nil
}

// ReadInbox returns the commands forwarded to the rooms in cursors (room -> the id of the
// last entry read, from InboxCursor) since their cursors, waiting up to block for the
// first one (block < 0: not at all), and moves the cursors past what it returns. An
// owner serving many rooms reads all their inboxes with one call.
func (s *Redis) ReadInbox(ctx context.Context, cursors map[string]string, block time.Duration) ([]Forwarded, error) {
	if err := s.begin(ctx, "-"); err != nil {
		return nil, s.fail("inbox", "", err)
	}
	if len(cursors) == 0 {
		return nil, nil
	}
	streams := make([]string, 0, 2*len(cursors))
	rooms := make(map[string]string, len(cursors))
	for room := range cursors {
		key := s.inboxKey(room)
		streams = append(streams, key)
		rooms[key] = room
	}
	for _, key := range streams[:len(cursors)] {
		streams = append(streams, cursors[rooms[key]])
	}
	if block == 0 {
		block = time.Millisecond // 0 would mean forever
	}
	res, err := s.c.XRead(ctx, &redis.XReadArgs{Streams: streams, Count: 100, Block: block}).Result()
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, s.fail("inbox", "", err)
	}
	var out []Forwarded
	for _, st := range res {
		room := rooms[st.Stream]
		for _, m := range st.Messages {
			reply, _ := m.Values["reply"].(string)
			body, _ := m.Values["body"].(string)
			out = append(out, Forwarded{Room: room, ID: m.ID, ReplyTo: reply, Body: []byte(body)})
			cursors[room] = m.ID
		}
	}
	return out, nil
}

// replyTTL is how long an answer waits for a sender that has given up; then Redis drops it.
const replyTTL = time.Minute

// Answer sends the owner's answer to a forwarded command back to its sender.
func (s *Redis) Answer(ctx context.Context, f Forwarded, result []byte) error {
	if err := s.begin(ctx, f.Room); err != nil {
		return s.fail("answer", f.Room, err)
	}
	if !strings.HasPrefix(f.ReplyTo, s.prefix+"reply:") {
		return s.fail("answer", f.Room, fmt.Errorf("reply key %q is not one of ours: %w", f.ReplyTo, errBadInput))
	}
	_, err := s.c.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.RPush(ctx, f.ReplyTo, result)
		p.PExpire(ctx, f.ReplyTo, replyTTL)
		return nil
	})
	return s.fail("answer", f.Room, err)
}
