package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Errors of ownership, tested with errors.Is.
var (
	// ErrFenced is returned by a fenced write (AppendFenced, PutSnapshotFenced), Renew and
	// Release when the lease the caller holds is no longer the room's lease: it expired or
	// another node took the room. Nothing was written; the caller must stop serving the room.
	// An unfenced write to a room that has a lease gets it too.
	ErrFenced = errors.New("store: this node no longer owns the room (fenced)")
	// ErrHeld is returned by Acquire when another lease on the room is still alive.
	ErrHeld = errors.New("store: the room is owned by another node")
)

// Lease is a node's ownership of one room: granted by Acquire with a fencing token larger
// than every token granted before it (for any room, across Redis restarts with the
// documented persistence), valid until its TTL runs out unless renewed.
type Lease struct {
	Room  string
	Node  string
	Token uint64
}

// value is the lease as stored in Redis: a write is accepted only while the room's lease
// key holds exactly this string.
func (l Lease) value() string { return strconv.FormatUint(l.Token, 10) + " " + l.Node }

func parseLease(room, v string) (Lease, error) {
	tok, node, ok := strings.Cut(v, " ")
	t, err := strconv.ParseUint(tok, 10, 64)
	if !ok || err != nil {
		return Lease{}, fmt.Errorf("%w: lease %q", errBadRecord, v)
	}
	return Lease{Room: room, Node: node, Token: t}, nil
}

// Leases hands out room leases for one node. A node's name must be unique among the
// cluster's live processes (host and process id, say): a restarted process must not pass
// for the one before it.
type Leases struct {
	s    *Redis
	node string
	ttl  time.Duration
}

// Leases returns the lease manager of the node named node, whose leases last ttl unless
// renewed; the holder renews well within it (docs/cluster.md: every third of it).
func (s *Redis) Leases(node string, ttl time.Duration) *Leases {
	return &Leases{s: s, node: node, ttl: ttl}
}

// acquireScript grants the lease when nobody holds it: SET NX PX semantics, with the token
// taken from the global fencing counter in the same step.
var acquireScript = redis.NewScript(`
local cur = redis.call('GET', KEYS[1])
if cur then return {'held', cur} end
local t = redis.call('INCR', KEYS[2])
local v = string.format('%d', t) .. ' ' .. ARGV[1]
redis.call('SET', KEYS[1], v, 'PX', ARGV[2])
return {'ok', v}
`)

// Acquire makes the node the room's owner, with a new fencing token. It fails with ErrHeld
// while another lease (this node's earlier one included) is alive. The room need not exist
// yet: a node takes the lease before it creates or loads the room.
func (l *Leases) Acquire(ctx context.Context, room string) (Lease, error) {
	if err := l.s.begin(ctx, room); err != nil {
		return Lease{}, l.s.fail("acquire", room, err)
	}
	res, err := acquireScript.Run(ctx, l.s.c, []string{l.s.leaseKey(room), l.s.fenceKey()},
		l.node, l.ttl.Milliseconds()).StringSlice()
	if err != nil {
		return Lease{}, l.s.fail("acquire", room, err)
	}
	if len(res) != 2 {
		return Lease{}, l.s.fail("acquire", room, fmt.Errorf("unexpected script reply %q", res))
	}
	lease, err := parseLease(room, res[1])
	if err != nil {
		return Lease{}, l.s.fail("acquire", room, err)
	}
	if res[0] == "held" {
		return Lease{}, l.s.fail("acquire", room, fmt.Errorf("by %s (token %d): %w", lease.Node, lease.Token, ErrHeld))
	}
	return lease, nil
}

// renewScript extends the lease only while it is still the caller's.
var renewScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`)

// Renew extends the lease by the TTL from now. ErrFenced when it is no longer the room's
// lease: the node must stop serving the room.
func (l *Leases) Renew(ctx context.Context, lease Lease) error {
	if err := l.s.begin(ctx, lease.Room); err != nil {
		return l.s.fail("renew", lease.Room, err)
	}
	ok, err := renewScript.Run(ctx, l.s.c, []string{l.s.leaseKey(lease.Room)}, lease.value(), l.ttl.Milliseconds()).Int()
	if err != nil {
		return l.s.fail("renew", lease.Room, err)
	}
	if ok != 1 {
		return l.s.fail("renew", lease.Room, fmt.Errorf("lease token %d lost: %w", lease.Token, ErrFenced))
	}
	return nil
}

// renewAllScript is renewScript for many leases: KEYS the lease keys, ARGV the TTL and then
// the values; it answers 1 or 0 per lease.
var renewAllScript = redis.NewScript(`
local out = {}
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[i + 1] then
    redis.call('PEXPIRE', key, ARGV[1])
    out[i] = 1
  else
    out[i] = 0
  end
end
return out
`)

// renewBatch bounds the leases one RenewAll script handles, so Redis is never blocked for
// long by one call (a thousand leases take about a millisecond).
const renewBatch = 1000

// RenewAll renews many leases of this node in one round trip per thousand, as a node does
// for all its rooms every third of the TTL, and returns the ones it no longer holds: the
// node must stop serving those rooms. On an error, the leases not yet renewed are
// unknown; the caller tries again before their TTL runs out. It uses a connection of its
// own, so a renewal never waits for a connection behind the commits, and ctx's deadline
// bounds the whole call (the read included).
func (l *Leases) RenewAll(ctx context.Context, leases []Lease) (lost []Lease, err error) {
	if err := l.s.begin(ctx, "-"); err != nil {
		return nil, l.s.fail("renew", "", err)
	}
	for len(leases) > 0 {
		batch := leases[:min(len(leases), renewBatch)]
		leases = leases[len(batch):]
		keys := make([]string, len(batch))
		args := make([]any, 1+len(batch))
		args[0] = l.ttl.Milliseconds()
		for i, lease := range batch {
			keys[i] = l.s.leaseKey(lease.Room)
			args[1+i] = lease.value()
		}
		res, err := renewAllScript.Run(ctx, l.s.renewC, keys, args...).Int64Slice()
		if err != nil {
			return lost, l.s.fail("renew", batch[0].Room, err)
		}
		if len(res) != len(batch) {
			return lost, l.s.fail("renew", batch[0].Room, fmt.Errorf("%d answers for %d leases", len(res), len(batch)))
		}
		for i, ok := range res {
			if ok != 1 {
				lost = append(lost, batch[i])
			}
		}
	}
	return lost, nil
}

var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
`)

// Release gives the room up (on shutdown, or when the room closes), so another node can
// take it at once instead of after the TTL. ErrFenced when the lease was no longer the
// caller's; nothing changes then.
func (l *Leases) Release(ctx context.Context, lease Lease) error {
	if err := l.s.begin(ctx, lease.Room); err != nil {
		return l.s.fail("release", lease.Room, err)
	}
	ok, err := releaseScript.Run(ctx, l.s.c, []string{l.s.leaseKey(lease.Room)}, lease.value()).Int()
	if err != nil {
		return l.s.fail("release", lease.Room, err)
	}
	if ok != 1 {
		return l.s.fail("release", lease.Room, fmt.Errorf("lease token %d lost: %w", lease.Token, ErrFenced))
	}
	return nil
}

// Unowned returns the rooms, of those given, that nobody owns now (no live lease), in one
// round trip: a node following many rooms asks this rather than trying to take each.
func (s *Redis) Unowned(ctx context.Context, rooms []string) ([]string, error) {
	if err := s.begin(ctx, "-"); err != nil {
		return nil, s.fail("holders", "", err)
	}
	if len(rooms) == 0 {
		return nil, nil
	}
	keys := make([]string, len(rooms))
	for i, r := range rooms {
		keys[i] = s.leaseKey(r)
	}
	vals, err := s.c.MGet(ctx, keys...).Result()
	if err != nil {
		return nil, s.fail("holders", rooms[0], err)
	}
	var free []string
	for i, v := range vals {
		if v == nil {
			free = append(free, rooms[i])
		}
	}
	return free, nil
}

// Holder returns the room's current lease; ok is false when nobody owns the room.
func (s *Redis) Holder(ctx context.Context, room string) (lease Lease, ok bool, err error) {
	if err := s.begin(ctx, room); err != nil {
		return Lease{}, false, s.fail("holder", room, err)
	}
	v, err := s.c.Get(ctx, s.leaseKey(room)).Result()
	if errors.Is(err, redis.Nil) {
		return Lease{}, false, nil
	}
	if err != nil {
		return Lease{}, false, s.fail("holder", room, err)
	}
	lease, err = parseLease(room, v)
	if err != nil {
		return Lease{}, false, s.fail("holder", room, err)
	}
	return lease, true, nil
}
