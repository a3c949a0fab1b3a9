package store

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
)

// Memory is a Store in memory, for tests. It copies every byte slice in and out, so callers
// cannot change what it holds, and it can be told to fail writes (FailNext, FailWrites) to
// simulate a failed commit or a full disk.
type Memory struct {
	mu        sync.Mutex
	rooms     map[string]*memRoom
	decks     map[string][]byte // content hash → deck JSON; kept while a room names it
	deckTimes map[string]int64  // content hash → when it was last stored (PutDeck's at)
	failNext  error             // fails the next write, then clears itself
	failWrite error             // fails every write until cleared
	closed    bool
}

type memRoom struct {
	meta   Meta
	snap   Snapshot
	events []Record // all events since creation, in order; never pruned
}

var _ Store = (*Memory)(nil)

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory {
	return &Memory{rooms: map[string]*memRoom{}, decks: map[string][]byte{}, deckTimes: map[string]int64{}}
}

// FailNext makes the next writing call (Create, Append, PutSnapshot, Delete, PutDeck) fail with err
// wrapped in ErrUnavailable, as a failed commit would: nothing of that call is stored.
func (m *Memory) FailNext(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.failNext = err
}

// FailWrites makes every writing call fail with err wrapped in ErrUnavailable until it is
// called again with nil, as a full disk would until space is freed. Reads keep working.
func (m *Memory) FailWrites(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.failWrite = err
}

// begin is the common start of every call: the store must be open and ctx alive.
func (m *Memory) begin(ctx context.Context, code string) error {
	if m.closed {
		return fmt.Errorf("closed: %w", ErrUnavailable)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return checkCode(code)
}

// beginWrite is begin plus the injected faults.
func (m *Memory) beginWrite(ctx context.Context, code string) error {
	if err := m.begin(ctx, code); err != nil {
		return err
	}
	if err := m.failNext; err != nil {
		m.failNext = nil
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	if err := m.failWrite; err != nil {
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return nil
}

func (m *Memory) room(code string) (*memRoom, error) {
	r, ok := m.rooms[code]
	if !ok {
		return nil, ErrNotFound
	}
	return r, nil
}

// last is the number of the room's newest event, or of its snapshot when that is newer
// (a room that has no events yet).
func (r *memRoom) last() uint64 {
	last := r.snap.N
	if n := len(r.events); n > 0 && r.events[n-1].N > last {
		last = r.events[n-1].N
	}
	return last
}

func (m *Memory) Create(ctx context.Context, meta Meta, initial Snapshot) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.beginWrite(ctx, meta.Code); err != nil {
		return opError("create", meta.Code, err)
	}
	if _, ok := m.rooms[meta.Code]; ok {
		return opError("create", meta.Code, ErrExists)
	}
	if meta.ID == "" {
		meta.ID = newRoomID()
	}
	m.rooms[meta.Code] = &memRoom{meta: cloneMeta(meta), snap: Snapshot{N: initial.N, Data: bytes.Clone(initial.Data)}}
	return nil
}

func (m *Memory) Exists(ctx context.Context, code string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.begin(ctx, code); err != nil {
		return false, opError("exists", code, err)
	}
	_, ok := m.rooms[code]
	return ok, nil
}

func (m *Memory) Load(ctx context.Context, code string) (*Loaded, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.begin(ctx, code); err != nil {
		return nil, opError("load", code, err)
	}
	r, err := m.room(code)
	if err != nil {
		return nil, opError("load", code, err)
	}
	l := &Loaded{Meta: cloneMeta(r.meta), Snapshot: Snapshot{N: r.snap.N, Data: bytes.Clone(r.snap.Data)}}
	i, _ := slices.BinarySearchFunc(r.events, r.snap.N+1, func(e Record, n uint64) int { return cmp.Compare(e.N, n) })
	l.Events = cloneRecords(r.events[i:])
	if len(l.Events) == 0 {
		l.Events = nil
	}
	return l, nil
}

func (m *Memory) Append(ctx context.Context, code string, events []Record, meta *Meta) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.beginWrite(ctx, code); err != nil {
		return opError("append", code, err)
	}
	if err := checkBatch(events); err != nil {
		return opError("append", code, err)
	}
	r, err := m.room(code)
	if err != nil {
		return opError("append", code, err)
	}
	if len(events) > 0 {
		done, err := continues(r.last(), events, func(n uint64) (Record, bool) {
			i, ok := slices.BinarySearchFunc(r.events, n, func(e Record, n uint64) int { return cmp.Compare(e.N, n) })
			if !ok {
				return Record{}, false
			}
			return r.events[i], true
		})
		if err != nil {
			return opError("append", code, err)
		}
		if !done {
			r.events = append(r.events, cloneRecords(events)...)
		}
	}
	if meta != nil {
		id := r.meta.ID // the room's for good, as in Bolt
		r.meta = cloneMeta(*meta)
		r.meta.ID = id
	}
	return nil
}

// AppendAfter is Append, answered when it returns: a room's appends are stored one after
// the other, so after is always answered already.
func (m *Memory) AppendAfter(ctx context.Context, code string, events []Record, meta *Meta, after, into *Appending) *Appending {
	return reuse(into).answer(m.Append(ctx, code, events, meta))
}

func (m *Memory) Events(ctx context.Context, code string, after, upTo uint64) ([]Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.begin(ctx, code); err != nil {
		return nil, opError("events", code, err)
	}
	r, err := m.room(code)
	if err != nil {
		return nil, opError("events", code, err)
	}
	var out []Record
	for _, e := range r.events {
		if e.N > after && e.N <= upTo {
			out = append(out, e)
		}
	}
	return cloneRecords(out), nil
}

func (m *Memory) PutSnapshot(ctx context.Context, code string, snap Snapshot) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.beginWrite(ctx, code); err != nil {
		return opError("snapshot", code, err)
	}
	r, err := m.room(code)
	if err != nil {
		return opError("snapshot", code, err)
	}
	if err := snapshotFits(r.last(), snap.N); err != nil {
		return opError("snapshot", code, err)
	}
	if snap.N >= r.snap.N {
		r.snap = Snapshot{N: snap.N, Data: bytes.Clone(snap.Data)}
	}
	return nil
}

func (m *Memory) Delete(ctx context.Context, code string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.beginWrite(ctx, code); err != nil {
		return opError("delete", code, err)
	}
	delete(m.rooms, code)
	return nil
}

func (m *Memory) PutDeck(ctx context.Context, hash string, data []byte, at int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := checkDeck(hash, data); err != nil {
		return opError("put deck", hash, err)
	}
	if err := m.beginWrite(ctx, "-"); err != nil {
		return opError("put deck", hash, err)
	}
	if _, ok := m.decks[hash]; !ok {
		m.decks[hash] = bytes.Clone(data)
	}
	m.deckTimes[hash] = max(m.deckTimes[hash], at)
	return nil
}

func (m *Memory) DeleteUnusedDecks(ctx context.Context, storedBefore int64) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.begin(ctx, "-"); err != nil {
		return nil, opError("delete unused decks", "", err)
	}
	metas := make([]Meta, 0, len(m.rooms))
	for _, r := range m.rooms {
		metas = append(metas, r.meta)
	}
	used, ok := decksNamed(metas)
	if !ok {
		return nil, nil
	}
	var out []string
	for hash := range m.decks {
		if !used[hash] && m.deckTimes[hash] < storedBefore {
			out = append(out, hash)
		}
	}
	if out == nil {
		return nil, nil // nothing written: FailNext is left for the next write
	}
	if err := m.beginWrite(ctx, "-"); err != nil {
		return nil, opError("delete unused decks", "", err)
	}
	for _, hash := range out {
		delete(m.decks, hash)
		delete(m.deckTimes, hash)
	}
	slices.Sort(out)
	return out, nil
}

func (m *Memory) Deck(ctx context.Context, hash string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := checkDeckHash(hash); err != nil {
		return nil, opError("deck", hash, err)
	}
	if err := m.begin(ctx, "-"); err != nil {
		return nil, opError("deck", hash, err)
	}
	data, ok := m.decks[hash]
	if !ok {
		return nil, opError("deck", hash, ErrNoDeck)
	}
	return bytes.Clone(data), nil
}

func (m *Memory) Expired(ctx context.Context, now int64, defaultDays int) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.begin(ctx, "-"); err != nil {
		return nil, opError("expired", "", err)
	}
	var out []string
	for code, r := range m.rooms {
		if isExpired(r.meta, now, defaultDays) {
			out = append(out, code)
		}
	}
	slices.Sort(out)
	return out, nil
}

func (m *Memory) Count(ctx context.Context) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.begin(ctx, "-"); err != nil {
		return 0, opError("count", "", err)
	}
	return len(m.rooms), nil
}

// Close makes every further call fail with ErrUnavailable. Closing twice is harmless.
func (m *Memory) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	return nil
}
