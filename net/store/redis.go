package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
)

// RedisOptions tune the Redis store. Zero values mean the documented default.
type RedisOptions struct {
	// Prefix starts every key and channel the store uses (default "ik:"), so one Redis can
	// hold several independent deployments (or tests) side by side.
	Prefix string
	// Timeout bounds each call's dial, read and write (default 3 s): when Redis is
	// unreachable, a command fails with ErrUnavailable after this long instead of hanging.
	Timeout time.Duration
	// PoolSize is the most connections to Redis the store opens for its reads and writes
	// (default 256; forwarded requests waiting for answers have WaitPoolSize's). Every room
	// a node owns may have an append in flight: with the client library's default (ten per
	// CPU) 6,000 clients on three nodes found the pool empty and their appends failed with
	// "connection pool timeout" (docs/performance.md, "Cluster").
	PoolSize int
	// WaitPoolSize is the most connections the store opens for forwarded requests waiting
	// for their owner's answer (Forward), apart from PoolSize's (default 4,096). A waiting
	// request holds its connection until the answer comes, and a node has one in flight per
	// room it follows: 6,000 clients with the seats of each room spread over three nodes
	// kept about 400 of them waiting on each node, in the pool of 256 the appends, the
	// answers and the log reads share, so those waited for connections held by requests
	// whose answers needed them (docs/performance.md, "Cluster"). Apart, a request can only
	// wait for another request.
	WaitPoolSize int
}

// Redis is the cluster's Store: every relay of a cluster uses the same Redis, which holds
// each room's metadata, its whole event log and its newest snapshot (docs/cluster.md).
// Every write is one Lua script, so it is atomic; with Redis's AOF at "appendfsync always"
// a write that returned nil is on Redis's disk.
//
// Keys, for a room with code C (P is the prefix): P room:{C} is a hash (meta as JSON,
// last: the newest event number, base: the number of the initial snapshot, snapn and snap:
// the newest snapshot); P log:{C} is a list of the events after base, in order (event n at
// index n-base-1; never pruned, as in Bolt); P lease:{C} is the room's owner lease;
// P inbox:{C} is the stream of commands forwarded to the owner. P deck:H is the JSON of the
// deck with content hash H, which snapshots name (PutDeck; kept while a room names it in
// its meta), and P decks is a sorted set of deck hashes scored by when each was last stored
// (DeleteUnusedDecks). P rooms:default and
// P rooms:own are sorted sets of room codes for retention (scored by LastActive for rooms
// with the default retention, by the moment they expire for rooms with their own); P fence
// is the fencing counter. The braces make a room's keys one Redis Cluster hash slot, but
// the store is written for one Redis primary: its scripts also touch the global keys.
type Redis struct {
	c      *redis.Client
	prefix string
	addr   string
	closed atomic.Bool

	// renewC is the connection lease renewals use (Leases.RenewAll), apart from the pool
	// the commits share: under load the pool's connections are all waiting for appends, and
	// a renewal queued behind them would miss its lease's deadline (docs/cluster.md).
	renewC *redis.Client
	// waitC holds the connections of forwarded requests while they wait for the owner's
	// answer (RedisOptions.WaitPoolSize).
	waitC *redis.Client
}

var _ Store = (*Redis)(nil)

// OpenRedis connects to the Redis at url (redis://[:password@]host:port/db, or rediss://
// for TLS) and checks that it answers.
func OpenRedis(ctx context.Context, url string, opts RedisOptions) (*Redis, error) {
	o, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("store: redis url: %w", err)
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 3 * time.Second
	}
	if opts.Prefix == "" {
		opts.Prefix = "ik:"
	}
	if opts.PoolSize <= 0 {
		opts.PoolSize = 256
	}
	o.DialTimeout, o.ReadTimeout, o.WriteTimeout = opts.Timeout, opts.Timeout, opts.Timeout
	o.PoolSize = opts.PoolSize
	// The store's scripts are safe to send again (a repeated append is recognised), but a
	// forwarded command is not, and retries only stretch the time to a clear error.
	o.MaxRetries = -1
	o.DialerRetries = 1
	o.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	s := &Redis{c: redis.NewClient(o), prefix: opts.Prefix, addr: o.Addr}
	ro := *o
	// One connection is enough: a node renews all its leases in one script per round. The
	// round's deadline (the context's) is what bounds it, not the read timeout: an answer
	// later than that finds the leases expired and is of no use.
	ro.PoolSize, ro.MinIdleConns, ro.MaxIdleConns = 1, 0, 1
	ro.ContextTimeoutEnabled = true
	s.renewC = redis.NewClient(&ro)
	if opts.WaitPoolSize <= 0 {
		opts.WaitPoolSize = 4096
	}
	wo := *o
	wo.PoolSize, wo.MinIdleConns = opts.WaitPoolSize, 0
	s.waitC = redis.NewClient(&wo)
	if err := s.c.Ping(ctx).Err(); err != nil {
		_ = s.c.Close()
		_ = s.renewC.Close()
		_ = s.waitC.Close()
		return nil, fmt.Errorf("store: redis at %s does not answer: %w: %w", o.Addr, ErrUnavailable, err)
	}
	return s, nil
}

// Addr is the address of the Redis the store uses.
func (s *Redis) Addr() string { return s.addr }

// Ping reports whether Redis answers now (for /healthz).
func (s *Redis) Ping(ctx context.Context) error {
	if err := s.c.Ping(ctx).Err(); err != nil {
		return s.fail("ping", "", err)
	}
	return nil
}

func (s *Redis) roomKey(code string) string  { return s.prefix + "room:{" + code + "}" }
func (s *Redis) logKey(code string) string   { return s.prefix + "log:{" + code + "}" }
func (s *Redis) leaseKey(code string) string { return s.prefix + "lease:{" + code + "}" }
func (s *Redis) inboxKey(code string) string { return s.prefix + "inbox:{" + code + "}" }
func (s *Redis) hintChannel(code string) string {
	return s.prefix + "hint:" + code
}
func (s *Redis) defaultIndex() string       { return s.prefix + "rooms:default" }
func (s *Redis) ownIndex() string           { return s.prefix + "rooms:own" }
func (s *Redis) fenceKey() string           { return s.prefix + "fence" }
func (s *Redis) deckKey(hash string) string { return s.prefix + "deck:" + hash }
func (s *Redis) deckIndex() string          { return s.prefix + "decks" }

// begin is the common start of every call: the store must be open and ctx alive.
func (s *Redis) begin(ctx context.Context, code string) error {
	if s.closed.Load() {
		return fmt.Errorf("closed: %w", ErrUnavailable)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return checkCode(code)
}

// fail is opError for the Redis store: the outcomes of leases and forwarding pass through
// as they are, and a failure of Redis itself names the server, so an operator reading
// "storage unavailable" knows which one.
func (s *Redis) fail(op, code string, err error) error {
	if err == nil {
		return nil
	}
	if code == "" {
		code = "-"
	}
	if errors.Is(err, ErrFenced) || errors.Is(err, ErrHeld) || errors.Is(err, ErrNoAnswer) {
		return fmt.Errorf("store: %s %s: %w", op, code, err)
	}
	if ctxErr := errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded); !ctxErr &&
		!errors.Is(err, ErrNotFound) && !errors.Is(err, ErrExists) && !errors.Is(err, ErrConflict) && !errors.Is(err, ErrNoDeck) &&
		!errors.Is(err, ErrUnavailable) && !errors.Is(err, errBadInput) {
		err = fmt.Errorf("redis at %s: %w: %w", s.addr, ErrUnavailable, err)
	}
	return opError(op, code, err)
}

// index is the retention index a room's meta puts it in, and its score there: rooms with
// the default retention by LastActive (the default is only known when Expired is called),
// rooms with their own by the moment they expire.
func (s *Redis) index(meta Meta) (key, other string, score int64) {
	if meta.RetentionDays <= 0 {
		return s.defaultIndex(), s.ownIndex(), meta.LastActive
	}
	return s.ownIndex(), s.defaultIndex(), meta.LastActive + int64(meta.RetentionDays)*24*60*60*1000
}

// createScript stores a new room unless its code is taken. A leftover log of a deleted
// room with the same code (there should be none: Delete removes it) is dropped.
var createScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 'exists' end
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[1], 'meta', ARGV[1], 'last', ARGV[2], 'base', ARGV[2], 'snapn', ARGV[2], 'snap', ARGV[3])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[5])
redis.call('ZREM', KEYS[4], ARGV[5])
return 'ok'
`)

func (s *Redis) Create(ctx context.Context, meta Meta, initial Snapshot) error {
	if err := s.begin(ctx, meta.Code); err != nil {
		return s.fail("create", meta.Code, err)
	}
	if meta.ID == "" {
		meta.ID = newRoomID()
	}
	m, err := json.Marshal(meta)
	if err != nil {
		return s.fail("create", meta.Code, fmt.Errorf("encode meta: %w", err))
	}
	idx, other, score := s.index(meta)
	res, err := createScript.Run(ctx, s.c,
		[]string{s.roomKey(meta.Code), s.logKey(meta.Code), idx, other},
		m, strconv.FormatUint(initial.N, 10), initial.Data, score, meta.Code).Text()
	if err != nil {
		return s.fail("create", meta.Code, err)
	}
	if res == "exists" {
		return s.fail("create", meta.Code, ErrExists)
	}
	return nil
}

func (s *Redis) Exists(ctx context.Context, code string) (bool, error) {
	if err := s.begin(ctx, code); err != nil {
		return false, s.fail("exists", code, err)
	}
	n, err := s.c.Exists(ctx, s.roomKey(code)).Result()
	if err != nil {
		return false, s.fail("exists", code, err)
	}
	return n == 1, nil
}

// loadScript reads a room in one atomic step: meta, snapshot and the events after it.
var loadScript = redis.NewScript(`
local r = redis.call('HMGET', KEYS[1], 'meta', 'snapn', 'snap', 'base')
if not r[1] then return false end
local from = tonumber(r[2]) - tonumber(r[4])
local out = {r[1], r[2], r[3]}
for _, e in ipairs(redis.call('LRANGE', KEYS[2], from, -1)) do out[#out+1] = e end
return out
`)

func (s *Redis) Load(ctx context.Context, code string) (*Loaded, error) {
	if err := s.begin(ctx, code); err != nil {
		return nil, s.fail("load", code, err)
	}
	res, err := loadScript.Run(ctx, s.c, []string{s.roomKey(code), s.logKey(code)}).Slice()
	if errors.Is(err, redis.Nil) {
		return nil, s.fail("load", code, ErrNotFound)
	}
	if err != nil {
		return nil, s.fail("load", code, err)
	}
	l, err := decodeLoaded(res)
	if err != nil {
		return nil, s.fail("load", code, err)
	}
	return l, nil
}

func decodeLoaded(res []any) (*Loaded, error) {
	if len(res) < 3 {
		return nil, fmt.Errorf("%w: load returned %d values", errBadRecord, len(res))
	}
	var l Loaded
	if err := json.Unmarshal([]byte(str(res[0])), &l.Meta); err != nil {
		return nil, fmt.Errorf("%w: meta: %w", errBadRecord, err)
	}
	n, err := strconv.ParseUint(str(res[1]), 10, 64)
	if err != nil {
		return nil, fmt.Errorf("%w: snapshot number: %w", errBadRecord, err)
	}
	l.Snapshot = Snapshot{N: n, Data: []byte(str(res[2]))}
	if len(l.Snapshot.Data) == 0 {
		l.Snapshot.Data = nil
	}
	l.Events, err = decodeRecords(res[3:], n+1)
	return &l, err
}

// decodeRecords decodes a run of stored records that must be numbered from first on.
func decodeRecords(raw []any, first uint64) ([]Record, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	out := make([]Record, len(raw))
	for i, v := range raw {
		r, err := decodeRedisRecord([]byte(str(v)))
		if err != nil {
			return nil, err
		}
		if r.N != first+uint64(i) {
			return nil, fmt.Errorf("%w: event %d stored where %d belongs", errBadRecord, r.N, first+uint64(i))
		}
		out[i] = r
	}
	return out, nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// appendScript is the one write that commits events: in a single atomic step it checks
// the room's lease (the fencing token), that the room exists and that the events continue
// its log (or repeat its newest ones exactly), then appends them, stores the meta and
// publishes a wake-up hint. It checks everything before it writes anything: a Lua script
// that fails half-way is not rolled back.
//
// KEYS: room, log, lease, retention index, other retention index.
// ARGV: expected lease ("" when the writer holds none: then no lease may exist), first
// event number, number of events, "1" when meta follows, meta, retention score, code,
// hint channel, then the encoded events.
var appendScript = redis.NewScript(`
local lease = redis.call('GET', KEYS[3])
if ARGV[1] == '' then
  if lease then return {'fenced', lease} end
elseif lease ~= ARGV[1] then
  return {'fenced', lease or ''}
end
if redis.call('EXISTS', KEYS[1]) == 0 then return {'notfound'} end
local n = tonumber(ARGV[3])
local write = false
local stop = 0
if n > 0 then
  local first = tonumber(ARGV[2])
  stop = first + n - 1
  local pos = redis.call('HMGET', KEYS[1], 'last', 'base')
  local last, base = tonumber(pos[1]), tonumber(pos[2])
  if first == last + 1 then
    write = true
  elseif stop == last and first <= last and first > base then
    local stored = redis.call('LRANGE', KEYS[2], first - base - 1, stop - base - 1)
    for i = 1, n do
      if stored[i] ~= ARGV[8 + i] then return {'conflict', pos[1]} end
    end
  else
    return {'conflict', pos[1]}
  end
end
if write then
  local i = 9
  while i <= 8 + n do
    local j = math.min(i + 999, 8 + n)
    redis.call('RPUSH', KEYS[2], unpack(ARGV, i, j))
    i = j + 1
  end
  redis.call('HSET', KEYS[1], 'last', string.format('%d', stop))
end
if ARGV[4] == '1' then
  redis.call('HSET', KEYS[1], 'meta', ARGV[5])
  redis.call('ZADD', KEYS[4], ARGV[6], ARGV[7])
  redis.call('ZREM', KEYS[5], ARGV[7])
end
if write then redis.call('PUBLISH', ARGV[8], string.format('%d', stop)) end
return {'ok'}
`)

func (s *Redis) Append(ctx context.Context, code string, events []Record, meta *Meta) error {
	return s.appendAs(ctx, code, "", events, meta)
}

// AppendFenced is Append by the holder of a lease: it commits only while l is the room's
// current lease, checked in the same atomic step that writes the events. A writer whose
// lease expired or was taken over gets ErrFenced, and nothing is written.
func (s *Redis) AppendFenced(ctx context.Context, l Lease, events []Record, meta *Meta) error {
	if l.Token == 0 {
		return s.fail("append", l.Room, fmt.Errorf("lease without a token: %w", errBadInput))
	}
	return s.appendAs(ctx, l.Room, l.value(), events, meta)
}

func (s *Redis) appendAs(ctx context.Context, code, lease string, events []Record, meta *Meta) error {
	if err := s.begin(ctx, code); err != nil {
		return s.fail("append", code, err)
	}
	if err := checkBatch(events); err != nil {
		return s.fail("append", code, err)
	}
	var first uint64
	if len(events) > 0 {
		first = events[0].N
	}
	hasMeta, m := "0", []byte(nil)
	idx, other, score := s.defaultIndex(), s.ownIndex(), int64(0)
	if meta != nil {
		var err error
		if m, err = json.Marshal(meta); err != nil {
			return s.fail("append", code, fmt.Errorf("encode meta: %w", err))
		}
		hasMeta = "1"
		idx, other, score = s.index(*meta)
	}
	args := make([]any, 0, 8+len(events))
	args = append(args, lease, first, len(events), hasMeta, m, score, code, s.hintChannel(code))
	for _, e := range events {
		args = append(args, encodeRedisRecord(e))
	}
	res, err := appendScript.Run(ctx, s.c,
		[]string{s.roomKey(code), s.logKey(code), s.leaseKey(code), idx, other}, args...).StringSlice()
	if err != nil {
		return s.fail("append", code, err)
	}
	return s.fail("append", code, scriptOutcome(res, events))
}

// scriptOutcome turns a write script's answer into the store's errors.
func scriptOutcome(res []string, events []Record) error {
	if len(res) == 0 {
		return errors.New("empty script reply")
	}
	detail := ""
	if len(res) > 1 {
		detail = res[1]
	}
	switch res[0] {
	case "ok":
		return nil
	case "notfound":
		return ErrNotFound
	case "fenced":
		if detail == "" {
			return fmt.Errorf("the room has no lease (it expired or was released): %w", ErrFenced)
		}
		return fmt.Errorf("the room's lease is %q: %w", detail, ErrFenced)
	case "conflict":
		if len(events) > 0 {
			return fmt.Errorf("events %d..%d do not continue the stored log, which ends at %s: %w",
				events[0].N, events[len(events)-1].N, detail, ErrConflict)
		}
		return fmt.Errorf("the stored log ends at %s: %w", detail, ErrConflict)
	}
	return fmt.Errorf("unexpected script reply %q", res)
}

// eventsScript reads events (after, upTo] atomically with the room's position.
var eventsScript = redis.NewScript(`
local pos = redis.call('HMGET', KEYS[1], 'last', 'base')
if not pos[1] then return false end
local last, base = tonumber(pos[1]), tonumber(pos[2])
local from = math.max(tonumber(ARGV[1]) + 1, base + 1)
local to = math.min(tonumber(ARGV[2]), last)
local out = {string.format('%d', from)}
if from <= to then
  for _, e in ipairs(redis.call('LRANGE', KEYS[2], from - base - 1, to - base - 1)) do out[#out+1] = e end
end
return out
`)

func (s *Redis) Events(ctx context.Context, code string, after, upTo uint64) ([]Record, error) {
	if err := s.begin(ctx, code); err != nil {
		return nil, s.fail("events", code, err)
	}
	if upTo <= after {
		// Still report a missing room, as the other stores do.
		ok, err := s.Exists(ctx, code)
		if err == nil && !ok {
			err = ErrNotFound
		}
		return nil, s.fail("events", code, err)
	}
	// Lua numbers are doubles: clamp upTo so huge values do not lose precision.
	upTo = min(upTo, 1<<53)
	res, err := eventsScript.Run(ctx, s.c, []string{s.roomKey(code), s.logKey(code)},
		strconv.FormatUint(after, 10), strconv.FormatUint(upTo, 10)).Slice()
	if errors.Is(err, redis.Nil) {
		return nil, s.fail("events", code, ErrNotFound)
	}
	if err != nil {
		return nil, s.fail("events", code, err)
	}
	from, err := strconv.ParseUint(str(res[0]), 10, 64)
	if err != nil {
		return nil, s.fail("events", code, fmt.Errorf("%w: %w", errBadRecord, err))
	}
	out, err := decodeRecords(res[1:], from)
	return out, s.fail("events", code, err)
}

// snapshotScript stores a snapshot that lies within the log and is not older than the
// stored one, under the same lease check as appendScript.
var snapshotScript = redis.NewScript(`
local lease = redis.call('GET', KEYS[2])
if ARGV[1] == '' then
  if lease then return {'fenced', lease} end
elseif lease ~= ARGV[1] then
  return {'fenced', lease or ''}
end
local pos = redis.call('HMGET', KEYS[1], 'last', 'snapn')
if not pos[1] then return {'notfound'} end
local n = tonumber(ARGV[2])
if n > tonumber(pos[1]) then return {'conflict', pos[1]} end
if n >= tonumber(pos[2]) then redis.call('HSET', KEYS[1], 'snapn', ARGV[2], 'snap', ARGV[3]) end
return {'ok'}
`)

func (s *Redis) PutSnapshot(ctx context.Context, code string, snap Snapshot) error {
	return s.putSnapshotAs(ctx, code, "", snap)
}

// PutSnapshotFenced is PutSnapshot by the holder of a lease (see AppendFenced).
func (s *Redis) PutSnapshotFenced(ctx context.Context, l Lease, snap Snapshot) error {
	if l.Token == 0 {
		return s.fail("snapshot", l.Room, fmt.Errorf("lease without a token: %w", errBadInput))
	}
	return s.putSnapshotAs(ctx, l.Room, l.value(), snap)
}

func (s *Redis) putSnapshotAs(ctx context.Context, code, lease string, snap Snapshot) error {
	if err := s.begin(ctx, code); err != nil {
		return s.fail("snapshot", code, err)
	}
	res, err := snapshotScript.Run(ctx, s.c, []string{s.roomKey(code), s.leaseKey(code)},
		lease, strconv.FormatUint(snap.N, 10), snap.Data).StringSlice()
	if err != nil {
		return s.fail("snapshot", code, err)
	}
	if len(res) > 1 && res[0] == "conflict" {
		return s.fail("snapshot", code, fmt.Errorf("snapshot at %d is ahead of the log, which ends at %s: %w", snap.N, res[1], ErrConflict))
	}
	return s.fail("snapshot", code, scriptOutcome(res, nil))
}

// PutDeck stores the deck unless it is there already (SET NX: a deck another node stored
// is not written, nor appended to the AOF, again) and moves its time in the decks index
// forward (ZADD GT). It returns once Redis answered, which with "appendfsync always" is
// once the deck is on Redis's disk: before the snapshot that names it is sent.
func (s *Redis) PutDeck(ctx context.Context, hash string, data []byte, at int64) error {
	if err := checkDeck(hash, data); err != nil {
		return s.fail("put deck", hash, err)
	}
	if err := s.begin(ctx, "-"); err != nil {
		return s.fail("put deck", hash, err)
	}
	_, err := s.c.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.SetNX(ctx, s.deckKey(hash), data, 0)
		p.ZAddGT(ctx, s.deckIndex(), redis.Z{Score: float64(at), Member: hash})
		return nil
	})
	return s.fail("put deck", hash, err)
}

// deleteDeckScript deletes a deck if it was last stored before ARGV[2]: one stored again
// since the caller looked stays.
var deleteDeckScript = redis.NewScript(`
local at = redis.call('ZSCORE', KEYS[2], ARGV[1])
if not at or tonumber(at) >= tonumber(ARGV[2]) then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
`)

// DeleteUnusedDecks reads every room's meta (codes from the retention indexes, metas in
// pipelined batches), then deletes each deck of the decks index that none names and that
// was last stored before storedBefore, checking its time again as it deletes it. Not one
// atomic step, as Bolt's is: a room stored after its meta was read stored its decks
// after storedBefore. Decks stored before the index existed are not in it, and stay.
func (s *Redis) DeleteUnusedDecks(ctx context.Context, storedBefore int64) ([]string, error) {
	if err := s.begin(ctx, "-"); err != nil {
		return nil, s.fail("delete unused decks", "", err)
	}
	old, err := s.c.ZRangeArgs(ctx, redis.ZRangeArgs{Key: s.deckIndex(), ByScore: true,
		Start: "-inf", Stop: "(" + strconv.FormatInt(storedBefore, 10)}).Result()
	if err != nil || len(old) == 0 {
		return nil, s.fail("delete unused decks", "", err)
	}
	var def, own *redis.StringSliceCmd
	if _, err := s.c.TxPipelined(ctx, func(p redis.Pipeliner) error {
		def = p.ZRange(ctx, s.defaultIndex(), 0, -1)
		own = p.ZRange(ctx, s.ownIndex(), 0, -1)
		return nil
	}); err != nil {
		return nil, s.fail("delete unused decks", "", err)
	}
	codes := append(def.Val(), own.Val()...)
	var metas []Meta
	const batch = 500
	for i := 0; i < len(codes); i += batch {
		part := codes[i:min(i+batch, len(codes))]
		cmds := make([]*redis.StringCmd, len(part))
		if _, err := s.c.Pipelined(ctx, func(p redis.Pipeliner) error {
			for j, code := range part {
				cmds[j] = p.HGet(ctx, s.roomKey(code), "meta")
			}
			return nil
		}); err != nil && !errors.Is(err, redis.Nil) {
			return nil, s.fail("delete unused decks", "", err)
		}
		for j, cmd := range cmds {
			data, err := cmd.Bytes()
			if errors.Is(err, redis.Nil) {
				continue // deleted since the indexes were read
			}
			var meta Meta
			if err == nil {
				err = json.Unmarshal(data, &meta)
			}
			if err != nil {
				return nil, s.fail("delete unused decks", part[j], fmt.Errorf("meta: %w", err))
			}
			metas = append(metas, meta)
		}
	}
	used, ok := decksNamed(metas)
	if !ok {
		return nil, nil
	}
	var out []string
	for _, hash := range old {
		if used[hash] {
			continue
		}
		n, err := deleteDeckScript.Run(ctx, s.c, []string{s.deckKey(hash), s.deckIndex()}, hash, storedBefore).Int()
		if err != nil {
			return out, s.fail("delete unused decks", "", err)
		}
		if n == 1 {
			out = append(out, hash)
		}
	}
	slices.Sort(out)
	return out, nil
}

func (s *Redis) Deck(ctx context.Context, hash string) ([]byte, error) {
	if err := checkDeckHash(hash); err != nil {
		return nil, s.fail("deck", hash, err)
	}
	if err := s.begin(ctx, "-"); err != nil {
		return nil, s.fail("deck", hash, err)
	}
	data, err := s.c.Get(ctx, s.deckKey(hash)).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, s.fail("deck", hash, ErrNoDeck)
	}
	if err != nil {
		return nil, s.fail("deck", hash, err)
	}
	return data, nil
}

// Delete removes the room, its log, its command inbox and its lease: a node that still
// believes it owns the room is fenced off at once. The fencing counter is global and
// never reset, so a room created again under the same code gets larger tokens.
func (s *Redis) Delete(ctx context.Context, code string) error {
	if err := s.begin(ctx, code); err != nil {
		return s.fail("delete", code, err)
	}
	_, err := s.c.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Del(ctx, s.roomKey(code), s.logKey(code), s.leaseKey(code), s.inboxKey(code))
		p.ZRem(ctx, s.defaultIndex(), code)
		p.ZRem(ctx, s.ownIndex(), code)
		return nil
	})
	return s.fail("delete", code, err)
}

func (s *Redis) Expired(ctx context.Context, now int64, defaultDays int) ([]string, error) {
	if err := s.begin(ctx, "-"); err != nil {
		return nil, s.fail("expired", "", err)
	}
	// Exclusive bounds: a room expires when LastActive + retention < now.
	var def, own *redis.StringSliceCmd
	_, err := s.c.TxPipelined(ctx, func(p redis.Pipeliner) error {
		limit := now - int64(defaultDays)*24*60*60*1000
		def = p.ZRangeByScore(ctx, s.defaultIndex(), &redis.ZRangeBy{Min: "-inf", Max: "(" + strconv.FormatInt(limit, 10)})
		own = p.ZRangeByScore(ctx, s.ownIndex(), &redis.ZRangeBy{Min: "-inf", Max: "(" + strconv.FormatInt(now, 10)})
		return nil
	})
	if err != nil {
		return nil, s.fail("expired", "", err)
	}
	out := append(def.Val(), own.Val()...)
	slices.Sort(out)
	return out, nil
}

func (s *Redis) Count(ctx context.Context) (int, error) {
	if err := s.begin(ctx, "-"); err != nil {
		return 0, s.fail("count", "", err)
	}
	var def, own *redis.IntCmd
	_, err := s.c.TxPipelined(ctx, func(p redis.Pipeliner) error {
		def = p.ZCard(ctx, s.defaultIndex())
		own = p.ZCard(ctx, s.ownIndex())
		return nil
	})
	if err != nil {
		return 0, s.fail("count", "", err)
	}
	return int(def.Val() + own.Val()), nil
}

// Close closes the connections to Redis; further calls fail with ErrUnavailable. Closing
// twice is harmless.
func (s *Redis) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	_ = s.renewC.Close()
	_ = s.waitC.Close()
	if err := s.c.Close(); err != nil {
		return fmt.Errorf("store: close redis client: %w", err)
	}
	return nil
}
