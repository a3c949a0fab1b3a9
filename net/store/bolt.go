package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// ErrDamaged is wrapped by the error OpenBolt returns for a damaged database file, so the
// relay can tell "restore the file" apart from other start-up failures.
var ErrDamaged = errors.New("store: database file is damaged")

// ErrInUse is wrapped (with bbolt's ErrTimeout) by the error OpenBolt returns when another
// process holds the database file.
var ErrInUse = errors.New("store: database file is in use by another process")

// BoltOptions tune the bbolt store. Zero values mean the documented default.
type BoltOptions struct {
	// MaxBatchDelay is how long a transaction waits, once a commit is due, for commits of
	// other rooms to share it and its fsyncs (default 2 ms; negative: not at all, so only
	// the commits that arrived while the previous transaction ran share one). Without the
	// wait, a relay under load makes so many transactions that their CPU starves
	// everything else on its core (2,000 moves/s on one core: p99 3 s instead of 30 ms);
	// see BenchmarkAppendLoad.
	MaxBatchDelay time.Duration
	// MaxBatchSize caps the commits grouped into one transaction (default 1,000).
	MaxBatchSize int
	// Timeout is how long opening waits for the file lock held by another process
	// (default 1 s), so a second relay on the same file fails fast instead of hanging.
	Timeout time.Duration
	// NoWAL commits every Append straight to bbolt (a transaction, shared with the
	// appends of other rooms waiting at the same time, and its two fsyncs) instead of
	// logging it in the write-ahead log first (walLog). For comparisons and tests.
	NoWAL bool
	// LogSyncEvery is the least time between two writes (and fsyncs) of the write-ahead
	// log (default 2 ms; negative: none, each group is written as soon as the previous one
	// is on disk). It bounds the fsyncs per second, each of which costs CPU time besides
	// its wait; an append waits up to this long for its group to start.
	LogSyncEvery time.Duration
	// CheckpointEvery is how often the events in the write-ahead log are moved into bbolt
	// (default 4 s). Longer means fewer bbolt transactions and page writes per event, and
	// more to read back at the next open after a crash and to hold in memory meanwhile. Each
	// checkpoint's transactions fsync the file beside the log's own fsyncs, and moves whose
	// group of the log is written meanwhile wait longer: 4 s instead of 1 s took some 5 %
	// off the CPU per move and a sixth off the p99 round trip at 2,000 moves/s (medians of
	// ten pairs), while opening after a crash, with four times the log, took as long
	// (docs/performance.md, "Checkpoints every 4 s").
	CheckpointEvery time.Duration
	// CheckLimit is the largest file (bytes) that bbolt's full consistency check
	// (tx.Check: free pages, unreachable pages, key order) runs on at open (default 50 MiB,
	// which it checks in about 0.2 s; negative: never). Every file, whatever its size, gets
	// its meta pages, freelist and root verified and every room read once (decoded meta
	// and snapshot, consecutive event numbers), which costs a few tens of milliseconds for
	// 1,000 rooms; only the free-page accounting goes unchecked above the limit.
	CheckLimit int64
}

// Bolt is the default Store: one bbolt file, every commit fsynced before it returns
// (NoSync is off: acknowledged means committed).
//
// Layout: bucket "rooms" holds one bucket per room, keyed by the room's id (Meta.ID, a
// UUID in its text form), with the key "meta" (JSON), a bucket "snapshot" with the key
// "snap" (8-byte big-endian N, then the snapshot), and a bucket "events" keyed by the
// big-endian event number, so a cursor walks a room's log in order and Load can seek
// straight past the snapshot. Bucket "codes" maps each stored room's join code to its id:
// a code names one room at a time, and once that room is deleted a new room may get it.
// Events are never pruned: Events serves any range. Files written before the "snapshot"
// bucket existed hold "snap" in the room's bucket itself; it is read from there until the
// room's next snapshot moves it. Files written before rooms had ids (no "codes" bucket)
// keyed rooms by their code; OpenBolt gives each an id and moves it (migrate). Bucket
// "decks" maps a deck's content hash to its JSON (PutDeck): a snapshot names its deck by
// hash, so the deck every room shares is stored once, not in every room's snapshots;
// "deckTimes" holds when each was last stored, for DeleteUnusedDecks.
// Snapshots written before hold their deck inline, and are read as they are.
//
// Why the snapshot has a bucket of its own: every append changes the root of the room's
// "events" bucket, so bbolt rewrites the page of the room's bucket that records it. With
// the snapshot (then the room's state and deck, some 43 kB) stored next to it, that page
// was an 11-page overflow run, and every move wrote the whole snapshot again: nearly half
// the CPU of a commit under load (BenchmarkAppendLoad: 139 µs per append with 250 rooms,
// 75 µs with the snapshot kept apart).
//
// Append writes to the write-ahead log (walLog): the appends of many rooms that arrive
// while the log is being fsynced share its next write and fsync, and are acknowledged
// then. Every CheckpointEvery, a checkpoint moves what the log holds into bbolt in one
// transaction, and removes the log's segments it emptied; Load, Events and Expired read
// bbolt and add what is still only in the log (pendingLog). Opening reads the log left by
// the last run back into pendingLog (openWAL), so after a crash every acknowledged append
// is there once more, and the first checkpoint writes it into the file. PutSnapshot
// goes through the committer, which groups the snapshots of many rooms into one
// transaction; a room's snapshot is written with the room's logged events before it, so
// the file alone is always consistent.
type Bolt struct {
	db     *bolt.DB
	commit *committer // runs PutSnapshot (and Append with NoWAL)
	// The write-ahead log and what it holds that bbolt does not (nil with NoWAL), and the
	// checkpoint loop's stop and done.
	wal     *walLog
	pending *pendingLog
	cpQuit  chan struct{}
	cpDone  chan struct{}
	cpMu    sync.Mutex // one checkpoint at a time
	cpArena putArena   // the checkpoints' keys and values (cpMu)
	// snapValues holds the buffers of snapshots being put (PutSnapshot).
	snapValues valuePool
	path       string
	count      atomic.Int64 // stored rooms; kept here so Count costs nothing
	writes     atomic.Uint64
	txid0      int // transaction id at open, to report commits
	closed     atomic.Bool
}

var _ Store = (*Bolt)(nil)

var (
	bucketRooms  = []byte("rooms")
	bucketCodes  = []byte("codes")
	bucketEvents = []byte("events")
	keyMeta      = []byte("meta")
	keySnap      = []byte("snap")
	// bucketSnap holds keySnap, so a room's snapshot is not rewritten with every append.
	bucketSnap = []byte("snapshot")
	// bucketDecks maps a deck's content hash to its JSON: stored once, for every room.
	bucketDecks = []byte("decks")
	// bucketDeckTimes maps a deck's content hash to when it was last stored (PutDeck's at,
	// 8 bytes big-endian); a deck without one (stored before) counts as stored at 0.
	bucketDeckTimes = []byte("deckTimes")
)

// openError carries a complete message and the sentinels it stands for.
type openError struct {
	msg  string
	errs []error
}

func (e *openError) Error() string   { return e.msg }
func (e *openError) Unwrap() []error { return e.errs }

func damaged(path string, cause error) error {
	return &openError{
		msg:  fmt.Sprintf("store: database file %s is damaged: %v; restore it from a backup or move it away (the relay then starts empty)", path, cause),
		errs: []error{ErrDamaged, cause},
	}
}

func inUse(path string) error {
	return &openError{
		msg:  fmt.Sprintf("store: database file %s is in use by another process (is another relay running on it?); stop that process or use another data directory", path),
		errs: []error{ErrInUse, bolterrors.ErrTimeout},
	}
}

// OpenBolt opens (or creates) the database at path. A file held by another process is
// refused within opts.Timeout (ErrInUse); a damaged file is refused (ErrDamaged) with a
// message that names it. It never serves partial state.
//
// Opening checks before bbolt trusts the file: bbolt reads pages through a memory map, and
// a pointer past the end of a truncated file would kill the process with SIGBUS rather
// than return an error. So, under the file lock, OpenBolt first verifies both meta pages,
// the freelist and root page headers and the file's length with plain reads; then it
// reads every room in this goroutine with faults turned into panics (and recovered); then,
// for files up to CheckLimit, it runs bbolt's tx.Check.
func OpenBolt(path string, opts BoltOptions) (b *Bolt, err error) {
	if opts.Timeout <= 0 {
		opts.Timeout = time.Second
	}
	switch {
	case opts.MaxBatchDelay == 0:
		opts.MaxBatchDelay = 2 * time.Millisecond
	case opts.MaxBatchDelay < 0:
		opts.MaxBatchDelay = 0
	}
	if opts.MaxBatchSize <= 0 {
		opts.MaxBatchSize = 1000
	}
	if opts.CheckLimit == 0 {
		opts.CheckLimit = 50 << 20
	}
	if err := preflight(path, opts.Timeout); err != nil {
		return nil, err
	}

	// Defence in depth, should the file change between the preflight and bbolt's own lock
	// (only another process could do that, and then bbolt times out instead): bbolt panics
	// on some damage and faults on pages beyond the end of the file. Both become a
	// "damaged" error here, and the file (with its lock) is closed.
	var file *os.File
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			if file != nil {
				_ = file.Close()
			}
			b, err = nil, damaged(path, fmt.Errorf("bbolt: %v", p))
		}
	}()
	bopts := &bolt.Options{
		Timeout:      opts.Timeout,
		FreelistType: bolt.FreelistMapType,
		// The free-page list is written with every commit (NoFreelistSync off), though that
		// is a share of each commit's work: without it bbolt rebuilds the list at open by
		// walking the whole tree in a goroutine of its own, where a damaged page crashes the
		// process instead of failing the open (TestBoltRandomDamageNeverCrashes).
		OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
			f, err := os.OpenFile(name, flag, perm)
			file = f
			return f, err
		},
	}
	if strconv.IntSize == 64 {
		// Reserving address space up front avoids remapping while the file grows: a remap
		// waits for every reader and stalls every room's commit meanwhile.
		bopts.InitialMmapSize = 1 << 30
	}
	db, err := bolt.Open(path, 0o600, bopts)
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, inUse(path)
	case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrChecksum), errors.Is(err, bolterrors.ErrVersionMismatch):
		return nil, damaged(path, err)
	case err != nil:
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	b = &Bolt{db: db, path: path}
	fail := func(e error) (*Bolt, error) {
		_ = db.Close()
		return nil, e
	}

	var rooms int
	verr := db.View(func(tx *bolt.Tx) error {
		b.txid0 = tx.ID()
		var err error
		rooms, err = walk(tx)
		return err
	})
	if verr != nil {
		return fail(damaged(path, verr))
	}
	if info, serr := os.Stat(path); serr == nil && opts.CheckLimit > 0 && info.Size() <= opts.CheckLimit {
		if cerr := fullCheck(db); cerr != nil {
			return fail(damaged(path, cerr))
		}
	}
	b.count.Store(int64(rooms))
	if err := db.Update(migrate); err != nil {
		return fail(fmt.Errorf("store: prepare %s: %w: %w", path, ErrUnavailable, err))
	}
	if !opts.NoWAL {
		syncEvery := opts.LogSyncEvery
		switch {
		case syncEvery == 0:
			syncEvery = 2 * time.Millisecond
		case syncEvery < 0:
			syncEvery = 0
		}
		if err := b.openWAL(opts.CheckpointEvery, syncEvery); err != nil {
			return fail(err)
		}
	}
	b.commit = newCommitter(db, opts.MaxBatchSize, opts.MaxBatchDelay)
	return b, nil
}

// openWAL takes up the write-ahead log left by the last run, and starts a new segment and
// the checkpoint loop. What the log holds beyond bbolt becomes pending (restoreLogged), as
// if it had just been appended: reads find it there, and the first checkpoint moves it
// into bbolt and removes the old segments.
//
// Why not write it into bbolt before serving: after kill -9 at 2,000 moves/s the log holds
// some 6 MB, and replaying it into bbolt in one transaction was two fifths of a restart's
// time with 1,000 rooms (docs/performance.md, "A restart's first moments"), while the
// checkpoint does the same work later in small transactions beside the rooms.
func (b *Bolt) openWAL(every, syncEvery time.Duration) error {
	if every <= 0 {
		every = 4 * time.Second
	}
	read, err := readWAL(b.path)
	if err != nil {
		return damaged(b.path, fmt.Errorf("write-ahead log: %w", err))
	}
	b.pending = newPendingLog()
	next := uint64(1)
	if len(read.segs) > 0 {
		last := read.segs[len(read.segs)-1]
		kept, err := b.restoreLogged(read.entries, last)
		if errors.Is(err, errLogGap) {
			return damaged(b.path, fmt.Errorf("write-ahead log: %w", err))
		}
		if err != nil {
			return fmt.Errorf("store: read the write-ahead log of %s: %w: %w", b.path, ErrUnavailable, err)
		}
		switch {
		case !kept:
			err = removeSegments(b.path, last)
		case read.torn:
			err = sealSegment(segmentName(b.path, last), read.end)
		}
		if err != nil {
			return fmt.Errorf("store: write-ahead log of %s: %w: %w", b.path, ErrUnavailable, err)
		}
		next = last + 1
	}
	w, err := openWALLog(b.path, next, syncEvery, func(seg uint64, group []*walReq) {
		b.pending.add(seg, group)
		b.writes.Add(uint64(len(group)))
	})
	if err != nil {
		return fmt.Errorf("store: write-ahead log of %s: %w: %w", b.path, ErrUnavailable, err)
	}
	b.wal = w
	b.cpQuit, b.cpDone = make(chan struct{}), make(chan struct{})
	go b.checkpoints(every)
	return nil
}

// restoreLogged makes pending what the log's entries hold beyond bbolt, as logged in
// segment seg or before, and reports whether anything is. It checks what applyLogged
// checks, without writing: an entry of a room that no longer exists was logged before the
// room was deleted, and goes with it; events bbolt holds already (a checkpoint or a
// snapshot wrote them before the crash) are skipped; the rest must continue the room's
// events, or the log is damaged (errLogGap).
func (b *Bolt) restoreLogged(entries []walEntry, seg uint64) (bool, error) {
	if len(entries) == 0 {
		return false, nil
	}
	type room struct {
		code string
		last uint64
	}
	kept := false
	err := b.db.View(func(tx *bolt.Tx) error {
		byID := map[string]*room{}
		err := tx.Bucket(bucketCodes).ForEach(func(code, id []byte) error {
			byID[string(id)] = &room{code: string(code)}
			return nil
		})
		if err != nil {
			return err
		}
		seen := map[*room]bool{}
		for _, e := range entries {
			r := byID[e.ID]
			if r == nil {
				continue
			}
			if !seen[r] {
				seen[r] = true
				r.last = lastN(tx.Bucket(bucketRooms).Bucket([]byte(e.ID)))
			}
			events := e.Events
			for len(events) > 0 && events[0].N <= r.last {
				events = events[1:]
			}
			for _, ev := range events {
				if ev.N != r.last+1 {
					return fmt.Errorf("room %s: event %d after %d: %w", e.ID, ev.N, r.last, errLogGap)
				}
				r.last = ev.N
			}
			if len(events) > 0 || e.Meta != nil {
				b.pending.restore(seg, r.code, e.ID, events, e.Meta, r.last)
				kept = true
			}
		}
		return nil
	})
	return kept, err
}

// checkpoints runs a checkpoint every so often until Close.
func (b *Bolt) checkpoints(every time.Duration) {
	defer close(b.cpDone)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			// A failed checkpoint (a full disk) leaves everything in the log and pending,
			// where reads find it; the next one tries again.
			_ = b.checkpoint()
		case <-b.cpQuit:
			return
		}
	}
}

// checkpoint moves everything the log holds into bbolt: the log begins a new segment,
// the entries of the ones before it are written in one transaction, and then those
// segments are removed.
func (b *Bolt) checkpoint() error {
	b.cpMu.Lock()
	defer b.cpMu.Unlock()
	if b.pending.empty() {
		return nil
	}
	turn := b.wal.next()
	if turn.err != nil {
		return turn.err
	}
	work := b.pending.upTo(turn.last)
	// In transactions of at most checkpointRooms rooms: one transaction for every room
	// that moved since the last checkpoint (all 250 at 2,000 moves/s) held the CPU for tens
	// of milliseconds in one go, and every move that arrived meanwhile waited for it. Between
	// two transactions (their fsyncs) the rooms run. A failure part way leaves the rest
	// pending; what was written is skipped when the next checkpoint writes it again.
	//
	// Before each room the checkpoint yields the core (yieldCore). A transaction is 3–4 ms
	// of CPU at 2,000 moves/s; on one core, under the batch policy the relay's threads run
	// by (cmd/relay: -sched-batch), a thread that wakes does not preempt the running one, so a
	// move whose reader woke while the checkpoint had the core waited for the end of the
	// checkpoint's time slice. Yielding every room's worth (some 0.15 ms) took two fifths off
	// the moves over 4 ms that a checkpoint was in flight beside (docs/performance.md, "Where
	// the slowest percent waits, counted move by move").
	rooms := make([]*pendingCopy, 0, len(work))
	for _, c := range work {
		rooms = append(rooms, c)
	}
	for start := 0; start < len(rooms); start += checkpointRooms {
		chunk := rooms[start:min(start+checkpointRooms, len(rooms))]
		err := b.db.Update(func(tx *bolt.Tx) error {
			b.cpArena.reset() // the transaction before is over
			for _, c := range chunk {
				yieldCore()
				if err := applyLogged(tx, &b.cpArena, c.id, c.events, c.meta); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("store: checkpoint: %w", err)
		}
	}
	b.pending.forget(turn.last)
	return removeSegments(b.path, turn.last)
}

// checkpointRooms is how many rooms a checkpoint writes in one bbolt transaction.
const checkpointRooms = 25

// errLogGap marks logged events that do not continue the room's stored events.
var errLogGap = errors.New("logged events do not continue the stored ones")

// applyLogged writes logged events and metadata of room id into bbolt, with their keys and
// values in arena (which the transaction must not outlive), skipping events it
// holds already (a checkpoint or a snapshot wrote them). A room that no
// longer exists was deleted after the events were logged: they are dropped with it.
func applyLogged(tx *bolt.Tx, arena *putArena, id string, events []Record, meta []byte) error {
	rb := tx.Bucket(bucketRooms).Bucket([]byte(id))
	if rb == nil {
		return nil
	}
	if len(events) > 0 {
		evb := rb.Bucket(bucketEvents)
		evb.FillPercent = 0.9 // events arrive in order: pack the pages
		last := lastN(rb)
		for _, e := range events {
			if e.N <= last {
				continue
			}
			if e.N != last+1 {
				return fmt.Errorf("room %s: event %d after %d: %w", id, e.N, last, errLogGap)
			}
			if err := evb.Put(arena.event(e)); err != nil {
				return err
			}
			last = e.N
		}
	}
	if meta != nil {
		return rb.Put(keyMeta, meta)
	}
	return nil
}

// migrate prepares the file's buckets; in a file from before rooms had ids, it gives every
// room a new id and moves its bucket under that id, in the one transaction, so a crash
// leaves the file either as it was or wholly migrated.
func migrate(tx *bolt.Tx) error {
	rooms, err := tx.CreateBucketIfNotExists(bucketRooms)
	if err != nil {
		return err
	}
	// Files from before decks were stored apart hold each room's deck in its snapshots,
	// which the relay still reads; the bucket is there for the decks of new snapshots.
	if _, err := tx.CreateBucketIfNotExists(bucketDecks); err != nil {
		return err
	}
	if _, err := tx.CreateBucketIfNotExists(bucketDeckTimes); err != nil {
		return err
	}
	if tx.Bucket(bucketCodes) != nil {
		return nil
	}
	codes, err := tx.CreateBucket(bucketCodes)
	if err != nil {
		return err
	}
	var old [][]byte
	err = rooms.ForEachBucket(func(k []byte) error {
		old = append(old, bytes.Clone(k))
		return nil
	})
	if err != nil {
		return err
	}
	for _, code := range old {
		src := rooms.Bucket(code)
		var meta Meta
		if err := json.Unmarshal(src.Get(keyMeta), &meta); err != nil {
			return fmt.Errorf("room %s: meta: %w", code, err)
		}
		meta.ID, meta.Code = newRoomID(), string(code)
		dst, err := rooms.CreateBucket([]byte(meta.ID))
		if err != nil {
			return err
		}
		if err := copyBucket(dst, src); err != nil {
			return fmt.Errorf("room %s: %w", code, err)
		}
		if err := putMeta(dst, meta); err != nil {
			return err
		}
		if err := codes.Put(code, []byte(meta.ID)); err != nil {
			return err
		}
		if err := rooms.DeleteBucket(code); err != nil {
			return err
		}
	}
	return nil
}

// copyBucket copies every key and nested bucket of src into dst.
func copyBucket(dst, src *bolt.Bucket) error {
	c := src.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if v != nil {
			if err := dst.Put(k, v); err != nil {
				return err
			}
			continue
		}
		sub, err := dst.CreateBucket(k)
		if err != nil {
			return err
		}
		if err := copyBucket(sub, src.Bucket(k)); err != nil {
			return err
		}
	}
	return nil
}

// newRoomID returns a new room id: a UUIDv7, so ids sort by creation and a new room's
// bucket goes at the end of "rooms".
func newRoomID() string {
	return uuid.Must(uuid.NewV7()).String() // fails only if the system's randomness does, which Go treats as fatal anyway
}

// fullCheck runs bbolt's consistency check. Its goroutine recovers bbolt's own panics;
// the preflight and walk have already made sure every page it reaches is inside the file.
func fullCheck(db *bolt.DB) error {
	var problems []error
	err := db.View(func(tx *bolt.Tx) error {
		for e := range tx.Check() {
			if len(problems) < 10 { // the first few say enough; keep draining
				problems = append(problems, e)
			}
		}
		return nil
	})
	return errors.Join(append(problems, err)...)
}

// walk reads every room once, decoding its meta, its snapshot and the events after it
// (what loading the room reads; walkRoom), and returns how many rooms there are. A bad
// page or value shows up here, at start-up, as an error (or a recovered panic) instead of
// later as a crash in some room's goroutine.
func walk(tx *bolt.Tx) (rooms int, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("reading rooms: %v", p)
		}
	}()
	top := tx.Bucket(bucketRooms)
	if top == nil {
		return 0, nil
	}
	// Without "codes", a file from before rooms had ids: rooms are keyed by code, and
	// migrate gives them ids once the walk has found the file sound.
	codes := tx.Bucket(bucketCodes)
	c := top.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if v != nil {
			return 0, fmt.Errorf("rooms: stray key %q", k)
		}
		if err := walkRoom(top.Bucket(k), k, codes); err != nil {
			return 0, fmt.Errorf("room %s: %w", k, err)
		}
		rooms++
	}
	if codes != nil && codes.Stats().KeyN != rooms {
		return 0, fmt.Errorf("%d codes for %d rooms", codes.Stats().KeyN, rooms)
	}
	if decks := tx.Bucket(bucketDecks); decks != nil {
		err := decks.ForEach(func(k, v []byte) error {
			if err := checkDeck(string(k), v); err != nil {
				return fmt.Errorf("decks: %w", err)
			}
			return nil
		})
		if err != nil {
			return 0, err
		}
	}
	return rooms, nil
}

func walkRoom(rb *bolt.Bucket, key []byte, codes *bolt.Bucket) error {
	if rb == nil {
		return errors.New("not a bucket")
	}
	var meta Meta
	if err := json.Unmarshal(rb.Get(keyMeta), &meta); err != nil {
		return fmt.Errorf("meta: %w", err)
	}
	if codes != nil && (meta.ID != string(key) || !bytes.Equal(codes.Get([]byte(meta.Code)), key)) {
		return fmt.Errorf("room id %q and code %q do not match the index", meta.ID, meta.Code)
	}
	snap, err := decodeSnap(snapValue(rb))
	if err != nil {
		return err
	}
	evb := rb.Bucket(bucketEvents)
	if evb == nil {
		return errors.New("no events bucket")
	}
	c := evb.Cursor()
	if k, _ := c.Last(); k != nil {
		if len(k) != 8 {
			return fmt.Errorf("event key %x", k)
		}
		if last := binary.BigEndian.Uint64(k); snap.N > last {
			return fmt.Errorf("snapshot at %d is ahead of the log at %d", snap.N, last)
		}
	}
	// Only the events after the snapshot, which loading the room reads: the ones before it
	// are history the relay never reads back, and decoding all of them made a start grow
	// with every session ever stored (half of a start with 1,000 rooms of 500 actions:
	// docs/performance.md, "A restart's first moments"). Their pages are inside the file
	// and well formed (scanTree), so bbolt cannot fault on them.
	var prev uint64
	for k, v := c.Seek(eventKey(snap.N + 1)); k != nil; k, v = c.Next() {
		if len(k) != 8 {
			return fmt.Errorf("event key %x", k)
		}
		n := binary.BigEndian.Uint64(k)
		if prev != 0 && n != prev+1 {
			return fmt.Errorf("event %d follows %d", n, prev)
		}
		if _, err := decodeRecord(n, v, false); err != nil {
			return err
		}
		prev = n
	}
	return nil
}

// roomBucket returns the bucket of the room with that code, or nil.
func roomBucket(tx *bolt.Tx, code string) *bolt.Bucket {
	id := tx.Bucket(bucketCodes).Get([]byte(code))
	if id == nil {
		return nil
	}
	return tx.Bucket(bucketRooms).Bucket(id)
}

func eventKey(n uint64) []byte {
	return binary.BigEndian.AppendUint64(make([]byte, 0, 8), n)
}

// encodeRecord packs a record as uvarint seat, uvarint length of the command id, the id,
// then the event data: smaller than JSON, and the data needs no escaping.
func encodeRecord(r Record) []byte {
	return appendRecord(make([]byte, 0, recordLen(r)), r)
}

// appendRecord appends encodeRecord's encoding of r to buf.
func appendRecord(buf []byte, r Record) []byte {
	buf = binary.AppendUvarint(buf, uint64(r.Seat))
	buf = binary.AppendUvarint(buf, uint64(len(r.CmdID)))
	buf = append(buf, r.CmdID...)
	return append(buf, r.Data...)
}

// recordLen is the length of r's encoding.
func recordLen(r Record) int {
	return uvarintLen(uint64(r.Seat)) + uvarintLen(uint64(len(r.CmdID))) + len(r.CmdID) + len(r.Data)
}

func uvarintLen(x uint64) int {
	var b [binary.MaxVarintLen64]byte
	return binary.PutUvarint(b[:], x)
}

// decodeRecord unpacks a stored record. With copyData false the Data aliases v, which is
// only valid inside the transaction (walk uses it to read without allocating).
func decodeRecord(n uint64, v []byte, copyData bool) (Record, error) {
	seat, k := binary.Uvarint(v)
	if k <= 0 || seat > 1<<31 {
		return Record{}, fmt.Errorf("event %d: bad seat", n)
	}
	v = v[k:]
	idLen, k := binary.Uvarint(v)
	if k <= 0 || uint64(len(v)-k) < idLen {
		return Record{}, fmt.Errorf("event %d: bad command id", n)
	}
	v = v[k:]
	data := v[idLen:]
	if copyData {
		data = bytes.Clone(data)
	}
	return Record{N: n, Seat: int(seat), CmdID: string(v[:idLen]), Data: data}, nil
}

func encodeSnap(s Snapshot) []byte {
	return append(eventKey(s.N), s.Data...)
}

func decodeSnap(v []byte) (Snapshot, error) {
	if len(v) < 8 {
		return Snapshot{}, errors.New("snapshot missing or too short")
	}
	return Snapshot{N: binary.BigEndian.Uint64(v[:8]), Data: bytes.Clone(v[8:])}, nil
}

// snapValue returns the room's stored snapshot: in its "snapshot" bucket, or in the room's
// bucket itself in files from before that bucket.
func snapValue(rb *bolt.Bucket) []byte {
	if sb := rb.Bucket(bucketSnap); sb != nil {
		return sb.Get(keySnap)
	}
	return rb.Get(keySnap)
}

// putSnap stores a room's snapshot in its "snapshot" bucket, and removes one left in the
// room's bucket by an older file.
func putSnap(rb *bolt.Bucket, value []byte) error {
	sb, err := rb.CreateBucketIfNotExists(bucketSnap)
	if err != nil {
		return err
	}
	if err := sb.Put(keySnap, value); err != nil {
		return err
	}
	if rb.Get(keySnap) != nil {
		return rb.Delete(keySnap)
	}
	return nil
}

func snapN(rb *bolt.Bucket) uint64 {
	if v := snapValue(rb); len(v) >= 8 {
		return binary.BigEndian.Uint64(v[:8])
	}
	return 0
}

// lastN is the number of the room's newest event, or of its snapshot when that is newer
// (a room that has no events yet).
func lastN(rb *bolt.Bucket) uint64 {
	last := snapN(rb)
	if k, _ := rb.Bucket(bucketEvents).Cursor().Last(); k != nil {
		last = max(last, binary.BigEndian.Uint64(k))
	}
	return last
}

func putMeta(b *bolt.Bucket, meta Meta) error {
	data, err := json.Marshal(meta)
	if err != nil {
		return fmt.Errorf("encode meta: %w", err)
	}
	return b.Put(keyMeta, data)
}

// begin is the common start of every call: the store must be open and ctx alive. Once a
// write has been handed to bbolt it is not cancelled: a commit cannot be half abandoned.
func (b *Bolt) begin(ctx context.Context, code string) error {
	if b.closed.Load() {
		return fmt.Errorf("%s closed: %w", b.path, ErrUnavailable)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return checkCode(code)
}

func (b *Bolt) Create(ctx context.Context, meta Meta, initial Snapshot) error {
	if err := b.begin(ctx, meta.Code); err != nil {
		return opError("create", meta.Code, err)
	}
	if meta.ID == "" {
		meta.ID = newRoomID()
	}
	err := b.db.Update(func(tx *bolt.Tx) error {
		rooms, codes := tx.Bucket(bucketRooms), tx.Bucket(bucketCodes)
		if codes.Get([]byte(meta.Code)) != nil || rooms.Bucket([]byte(meta.ID)) != nil {
			return ErrExists
		}
		rb, err := rooms.CreateBucket([]byte(meta.ID))
		if err != nil {
			return err
		}
		if err := codes.Put([]byte(meta.Code), []byte(meta.ID)); err != nil {
			return err
		}
		if _, err := rb.CreateBucket(bucketEvents); err != nil {
			return err
		}
		if err := putMeta(rb, meta); err != nil {
			return err
		}
		return putSnap(rb, encodeSnap(initial))
	})
	switch {
	case err == nil:
		if b.pending != nil {
			b.pending.drop(meta.Code) // whatever a deleted room of that code left
		}
		b.count.Add(1)
		b.writes.Add(1)
	case !errors.Is(err, ErrExists):
		b.recount()
	}
	return opError("create", meta.Code, err)
}

// recount sets the room count from the file after a failed Create or Delete: a commit
// that reports an error may still have reached the file (its fsync failed after the
// write), and the counter must not drift from what is stored.
func (b *Bolt) recount() {
	_ = b.db.View(func(tx *bolt.Tx) error {
		n := 0
		err := tx.Bucket(bucketRooms).ForEachBucket(func([]byte) error { n++; return nil })
		if err == nil {
			b.count.Store(int64(n))
		}
		return err
	})
}

func (b *Bolt) Exists(ctx context.Context, code string) (bool, error) {
	if err := b.begin(ctx, code); err != nil {
		return false, opError("exists", code, err)
	}
	ok := false
	err := b.db.View(func(tx *bolt.Tx) error {
		ok = roomBucket(tx, code) != nil
		return nil
	})
	return ok, opError("exists", code, err)
}

func (b *Bolt) Load(ctx context.Context, code string) (*Loaded, error) {
	if err := b.begin(ctx, code); err != nil {
		return nil, opError("load", code, err)
	}
	var l Loaded
	// What the log holds is read before bbolt: a checkpoint that runs in between only
	// copies it into bbolt, where the read then finds it too.
	p := b.pendingOf(code)
	err := b.db.View(func(tx *bolt.Tx) error {
		rb, id := roomBucketID(tx, code)
		if rb == nil {
			return ErrNotFound
		}
		metaData := rb.Get(keyMeta)
		if p != nil && p.id == id && p.meta != nil {
			metaData = p.meta
		}
		if err := json.Unmarshal(metaData, &l.Meta); err != nil {
			return fmt.Errorf("meta is damaged: %w", err)
		}
		snap, err := decodeSnap(snapValue(rb))
		if err != nil {
			return err
		}
		l.Snapshot = snap
		// Only the events after the snapshot: loading a room must not replay its history.
		l.Events, err = readEvents(rb, snap.N, ^uint64(0))
		if err == nil && p != nil && p.id == id {
			l.Events = addPending(l.Events, max(snap.N, lastEvent(rb)), ^uint64(0), p.events)
		}
		return err
	})
	if err != nil {
		return nil, opError("load", code, err)
	}
	return &l, nil
}

// pendingOf returns what the log holds of code's room and bbolt does not (nil: nothing,
// or no log).
func (b *Bolt) pendingOf(code string) *pendingCopy {
	if b.pending == nil {
		return nil
	}
	return b.pending.copyOf(code)
}

// addPending appends to events the pending ones numbered in (after, upTo], where after is
// at least the newest number bbolt holds.
func addPending(events []Record, after, upTo uint64, pending []Record) []Record {
	for _, e := range pending {
		if e.N > after && e.N <= upTo {
			events = append(events, e)
			after = e.N
		}
	}
	return events
}

// roomBucketID is roomBucket and the room's id.
func roomBucketID(tx *bolt.Tx, code string) (*bolt.Bucket, string) {
	id := tx.Bucket(bucketCodes).Get([]byte(code))
	if id == nil {
		return nil, ""
	}
	return tx.Bucket(bucketRooms).Bucket(id), string(id)
}

// lastEvent is the number of the newest event bbolt holds for the room (0: none).
func lastEvent(rb *bolt.Bucket) uint64 {
	if k, _ := rb.Bucket(bucketEvents).Cursor().Last(); k != nil {
		return binary.BigEndian.Uint64(k)
	}
	return 0
}

// readEvents returns the room's events numbered in (after, upTo], copied out of the map.
func readEvents(rb *bolt.Bucket, after, upTo uint64) ([]Record, error) {
	var out []Record
	c := rb.Bucket(bucketEvents).Cursor()
	for k, v := c.Seek(eventKey(after + 1)); k != nil; k, v = c.Next() {
		n := binary.BigEndian.Uint64(k)
		if n > upTo {
			break
		}
		rec, err := decodeRecord(n, v, true)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, nil
}

func (b *Bolt) Append(ctx context.Context, code string, events []Record, meta *Meta) error {
	if err := b.begin(ctx, code); err != nil {
		return opError("append", code, err)
	}
	if err := checkBatch(events); err != nil {
		return opError("append", code, err)
	}
	if len(events) == 0 && meta == nil {
		return nil
	}
	if b.wal != nil {
		return opError("append", code, b.logAppend(code, events, meta))
	}
	return b.appendBolt(code, events, meta)
}

// appendBolt is Append without the write-ahead log: one bbolt transaction, shared with
// other rooms' appends by the committer.
func (b *Bolt) appendBolt(code string, events []Record, meta *Meta) error {
	// Encode outside the transaction: the batch holds the one write lock of the file.
	encoded := make([][]byte, len(events))
	for i, e := range events {
		encoded[i] = encodeRecord(e)
	}
	var metaData []byte
	if meta != nil {
		var err error
		if metaData, err = json.Marshal(meta); err != nil {
			return opError("append", code, fmt.Errorf("encode meta: %w: %w", errBadInput, err))
		}
	}
	// The committer groups this commit with other rooms' commits into one transaction and
	// fsync. It may run the function more than once (when another function in the group
	// fails, the transaction is rolled back and the rest run again): the function keeps no
	// state between runs and decides from what the transaction sees. If the events are already
	// there, identical, it succeeds without writing: see continues.
	err := b.commit.update(func(tx *bolt.Tx) error {
		rb := roomBucket(tx, code)
		if rb == nil {
			return ErrNotFound
		}
		evb := rb.Bucket(bucketEvents)
		if len(events) > 0 {
			done, err := continues(lastN(rb), events, func(n uint64) (Record, bool) {
				v := evb.Get(eventKey(n))
				if v == nil {
					return Record{}, false
				}
				r, err := decodeRecord(n, v, false)
				return r, err == nil
			})
			if err != nil {
				return err
			}
			if !done {
				for i, e := range events {
					if err := evb.Put(eventKey(e.N), encoded[i]); err != nil {
						return err
					}
				}
			}
		}
		if metaData != nil {
			if id := string(tx.Bucket(bucketCodes).Get([]byte(code))); meta.ID != id {
				// The id is the room's for good: a meta without it (or with another) keeps
				// the stored one. Encoded here only then: the relay passes the id it loaded.
				m := *meta
				m.ID = id
				return putMeta(rb, m)
			}
			return rb.Put(keyMeta, metaData)
		}
		return nil
	})
	if err == nil {
		b.writes.Add(1)
	}
	return opError("append", code, err)
}

// logAppend is Append through the write-ahead log: it checks that the events continue the
// room's log (bbolt's and what is pending), logs them, and returns once they are durable.
func (b *Bolt) logAppend(code string, events []Record, meta *Meta) error {
	return <-b.logAfter(code, events, meta, nil, NewAppending()).done
}

// logAfter checks that the events continue the room's log — what after leads to, or else
// bbolt's and what is pending — and queues them behind after. The relay never appends to
// one room from two goroutines at once, so nothing comes between the check and the queue.
// The append is made in a, which is ready for one (reuse).
func (b *Bolt) logAfter(code string, events []Record, meta *Meta, after, a *Appending) *Appending {
	var id string
	var last uint64
	if after != nil && after.id != "" {
		id, last = after.id, after.tail
	} else {
		var known bool
		id, last, known = b.pending.tail(code)
		if !known {
			err := b.db.View(func(tx *bolt.Tx) error {
				rb, rid := roomBucketID(tx, code)
				if rb == nil {
					return ErrNotFound
				}
				id, last = rid, lastN(rb)
				return nil
			})
			if err != nil {
				return a.answer(err)
			}
			b.pending.learn(code, id, last)
		}
	}
	e := walEntry{ID: id}
	tail := last
	if len(events) > 0 {
		done, err := continues(last, events, func(n uint64) (Record, bool) {
			if r, ok := b.pending.event(code, n); ok {
				return r, true
			}
			var r Record
			var ok bool
			_ = b.db.View(func(tx *bolt.Tx) error {
				if rb, rid := roomBucketID(tx, code); rb != nil && rid == id {
					if v := rb.Bucket(bucketEvents).Get(eventKey(n)); v != nil {
						var err error
						r, err = decodeRecord(n, v, true)
						ok = err == nil
					}
				}
				return nil
			})
			return r, ok
		})
		if err != nil {
			return a.answer(err)
		}
		if !done {
			e.Events = events
			tail = events[len(events)-1].N
		}
	}
	if meta != nil {
		// The id is the room's for good: a meta without it (or with another) keeps the
		// stored one.
		m := *meta
		m.ID = id
		data, err := json.Marshal(m)
		if err != nil {
			return a.answer(fmt.Errorf("encode meta: %w: %w", errBadInput, err))
		}
		e.Meta = data
	}
	a.id, a.tail = id, tail
	if e.Events == nil && e.Meta == nil {
		return a.answer(nil)
	}
	var prev *walReq
	if after != nil && after.logged {
		prev = &after.req
	}
	b.wal.enqueueInto(&a.req, a.done, code, e, prev)
	a.logged = true
	return a
}

func (b *Bolt) Events(ctx context.Context, code string, after, upTo uint64) ([]Record, error) {
	if err := b.begin(ctx, code); err != nil {
		return nil, opError("events", code, err)
	}
	var out []Record
	p := b.pendingOf(code) // before bbolt: see Load
	err := b.db.View(func(tx *bolt.Tx) error {
		rb, id := roomBucketID(tx, code)
		if rb == nil {
			return ErrNotFound
		}
		var err error
		out, err = readEvents(rb, after, upTo)
		if err == nil && p != nil && p.id == id {
			out = addPending(out, max(after, lastEvent(rb)), upTo, p.events)
		}
		return err
	})
	if err != nil {
		return nil, opError("events", code, err)
	}
	return out, nil
}

func (b *Bolt) PutSnapshot(ctx context.Context, code string, snap Snapshot) error {
	if err := b.begin(ctx, code); err != nil {
		return opError("snapshot", code, err)
	}
	// The value is put in a transaction that is over when update returns: its buffer is
	// used again by a later snapshot's.
	value := b.snapValues.get(8 + len(snap.Data))
	defer b.snapValues.put(value)
	binary.BigEndian.PutUint64(*value, snap.N)
	copy((*value)[8:], snap.Data)
	// The room's logged events go into bbolt with the snapshot, so that the file alone
	// never holds a snapshot ahead of its events.
	p := b.pendingOf(code)
	err := b.commit.update(func(tx *bolt.Tx) error {
		rb, id := roomBucketID(tx, code)
		if rb == nil {
			return ErrNotFound
		}
		if p != nil && p.id == id {
			var arena putArena
			if err := applyLogged(tx, &arena, id, p.events, nil); err != nil {
				return err
			}
		}
		if err := snapshotFits(lastN(rb), snap.N); err != nil {
			return err
		}
		if snapN(rb) > snap.N {
			return nil // never go back to an older snapshot
		}
		return putSnap(rb, *value)
	})
	if err == nil {
		b.writes.Add(1)
	}
	return opError("snapshot", code, err)
}

// Delete removes the room and all its data. Deleting a room that is not stored is not an
// error: the outcome the caller wants is already there.
func (b *Bolt) Delete(ctx context.Context, code string) error {
	if err := b.begin(ctx, code); err != nil {
		return opError("delete", code, err)
	}
	deleted := false
	if b.pending != nil {
		// What the log holds of the room goes with it; a checkpoint, or the next open
		// after a crash, finds its bucket gone and drops it too.
		b.pending.drop(code)
	}
	err := b.db.Update(func(tx *bolt.Tx) error {
		rooms, codes := tx.Bucket(bucketRooms), tx.Bucket(bucketCodes)
		id := bytes.Clone(codes.Get([]byte(code)))
		deleted = id != nil
		if !deleted {
			return nil
		}
		// The code goes with the room: a new room may get it; the id is never used again.
		if err := codes.Delete([]byte(code)); err != nil {
			return err
		}
		return rooms.DeleteBucket(id)
	})
	switch {
	case err != nil:
		b.recount()
	case deleted:
		b.count.Add(-1)
		b.writes.Add(1)
	}
	return opError("delete", code, err)
}

// PutDeck stores the deck in the "decks" bucket and its time in "deckTimes", through the
// committer (a deck is stored about once an hour per process and hash, so it mostly shares
// a transaction with appends or snapshots). A deck already stored is not written again;
// its time is, when later.
func (b *Bolt) PutDeck(ctx context.Context, hash string, data []byte, at int64) error {
	if err := checkDeck(hash, data); err != nil {
		return opError("put deck", hash, err)
	}
	if err := b.begin(ctx, "-"); err != nil {
		return opError("put deck", hash, err)
	}
	key := []byte(hash)
	err := b.commit.update(func(tx *bolt.Tx) error {
		decks, times := tx.Bucket(bucketDecks), tx.Bucket(bucketDeckTimes)
		if decks.Get(key) == nil {
			if err := decks.Put(key, data); err != nil {
				return err
			}
		}
		if at > deckTime(times, key) {
			return times.Put(key, binary.BigEndian.AppendUint64(nil, uint64(at)))
		}
		return nil
	})
	if err == nil {
		b.writes.Add(1)
	}
	return opError("put deck", hash, err)
}

// deckTime reads a deck's time from "deckTimes": 0 when it has none.
func deckTime(times *bolt.Bucket, key []byte) int64 {
	if v := times.Get(key); len(v) == 8 {
		return int64(binary.BigEndian.Uint64(v))
	}
	return 0
}

// DeleteUnusedDecks scans every room's meta, as Expired does, and deletes in one write
// transaction the decks none names, found again in it.
func (b *Bolt) DeleteUnusedDecks(ctx context.Context, storedBefore int64) ([]string, error) {
	if err := b.begin(ctx, "-"); err != nil {
		return nil, opError("delete unused decks", "", err)
	}
	// Looked at first in a read transaction: most hours there is nothing to delete, and
	// a write transaction would cost its fsyncs for nothing.
	var out []string
	logged := b.logged()
	err := b.db.View(func(tx *bolt.Tx) error {
		var err error
		out, err = b.unusedDecks(tx, logged, storedBefore)
		return err
	})
	if err != nil || len(out) == 0 {
		return nil, opError("delete unused decks", "", err)
	}
	err = b.commit.update(func(tx *bolt.Tx) error {
		out = out[:0]
		// Read in the write transaction: a checkpoint moving metas from the log into the
		// file is a write transaction too, and forgets them from the log only after it
		// committed, so each meta is read from one or the other.
		unused, err := b.unusedDecks(tx, b.logged(), storedBefore)
		if err != nil {
			return err
		}
		decks, times := tx.Bucket(bucketDecks), tx.Bucket(bucketDeckTimes)
		for _, k := range unused {
			if err := decks.Delete([]byte(k)); err != nil {
				return err
			}
			if err := times.Delete([]byte(k)); err != nil {
				return err
			}
			out = append(out, k)
		}
		return nil
	})
	if err != nil {
		return nil, opError("delete unused decks", "", err)
	}
	if len(out) > 0 {
		b.writes.Add(1)
	}
	return out, nil
}

// unusedDecks returns the hashes of the decks no room names, last stored before
// storedBefore, in order; none while a room does not name its decks.
func (b *Bolt) unusedDecks(tx *bolt.Tx, logged map[string]pendingCopy, storedBefore int64) ([]string, error) {
	metas, err := b.metas(tx, logged)
	if err != nil {
		return nil, err
	}
	used, ok := decksNamed(metas)
	if !ok {
		return nil, nil
	}
	var out []string
	times := tx.Bucket(bucketDeckTimes)
	err = tx.Bucket(bucketDecks).ForEach(func(k, _ []byte) error {
		if !used[string(k)] && deckTime(times, k) < storedBefore {
			out = append(out, string(k))
		}
		return nil
	})
	return out, err
}

// Deck returns a copy of the deck stored under hash.
func (b *Bolt) Deck(ctx context.Context, hash string) ([]byte, error) {
	if err := checkDeckHash(hash); err != nil {
		return nil, opError("deck", hash, err)
	}
	if err := b.begin(ctx, "-"); err != nil {
		return nil, opError("deck", hash, err)
	}
	var data []byte
	err := b.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketDecks).Get([]byte(hash))
		if v == nil {
			return ErrNoDeck
		}
		data = bytes.Clone(v)
		return nil
	})
	if err != nil {
		return nil, opError("deck", hash, err)
	}
	return data, nil
}

// Expired scans every room's meta. It runs hourly, so a scan of all metas is fine.
func (b *Bolt) Expired(ctx context.Context, now int64, defaultDays int) ([]string, error) {
	if err := b.begin(ctx, "-"); err != nil {
		return nil, opError("expired", "", err)
	}
	var out []string
	logged := b.logged()
	err := b.db.View(func(tx *bolt.Tx) error {
		metas, err := b.metas(tx, logged)
		for _, meta := range metas {
			if isExpired(meta, now, defaultDays) {
				out = append(out, meta.Code)
			}
		}
		return err
	})
	if err != nil {
		return nil, opError("expired", "", err)
	}
	slices.Sort(out)
	return out, nil
}

// logged returns the newer metadata still only in the log. Read before a read
// transaction begins: a checkpoint that commits after the transaction's view was taken
// forgets what it moved from the log, and read after that, neither would hold it.
func (b *Bolt) logged() map[string]pendingCopy {
	if b.pending == nil {
		return nil
	}
	return b.pending.metas()
}

// metas returns every room's meta: the file's, or the newer one logged holds.
func (b *Bolt) metas(tx *bolt.Tx, logged map[string]pendingCopy) ([]Meta, error) {
	var out []Meta
	rooms := tx.Bucket(bucketRooms)
	err := rooms.ForEachBucket(func(k []byte) error {
		var meta Meta
		if err := json.Unmarshal(rooms.Bucket(k).Get(keyMeta), &meta); err != nil {
			return fmt.Errorf("room %s: meta is damaged: %w", k, err)
		}
		if p, ok := logged[meta.Code]; ok && p.id == string(k) {
			if err := json.Unmarshal(p.meta, &meta); err != nil {
				return fmt.Errorf("room %s: logged meta is damaged: %w", k, err)
			}
		}
		out = append(out, meta)
		return nil
	})
	return out, err
}

// Count returns the number of stored rooms from a counter set at open and kept by Create
// and Delete, so it costs nothing whatever the number of rooms.
func (b *Bolt) Count(ctx context.Context) (int, error) {
	if err := b.begin(ctx, "-"); err != nil {
		return 0, opError("count", "", err)
	}
	return int(b.count.Load()), nil
}

// BoltStats are counters since open, for metrics and benchmarks.
type BoltStats struct {
	// Writes is the number of successful writing calls (Create, Append, PutSnapshot,
	// Delete, and PutDeck when it wrote).
	Writes uint64
	// Commits is the number of bbolt write transactions committed, each costing two
	// fsyncs: checkpoints, snapshots, creations and deletions (and appends, with NoWAL).
	Commits uint64
	// LogSyncs is the number of groups written to the write-ahead log, each one write and
	// one fsync; Writes/LogSyncs is how many appends a group shared on average.
	LogSyncs uint64
}

// Stats returns the counters since open.
func (b *Bolt) Stats() BoltStats {
	s := BoltStats{Writes: b.writes.Load()}
	if b.wal != nil {
		s.LogSyncs = b.wal.syncs.Load()
	}
	_ = b.db.View(func(tx *bolt.Tx) error {
		s.Commits = uint64(tx.ID() - b.txid0)
		return nil
	})
	return s
}

// LogWaitTimes returns how long appends waited for their group's write to begin since
// open, or nil without a log.
func (b *Bolt) LogWaitTimes() *Timings {
	if b.wal == nil {
		return nil
	}
	return b.wal.waits
}

// LogSyncTimes returns how long the write-ahead log's groups took to write and fsync since
// open, or nil without a log (BoltOptions.NoWAL).
func (b *Bolt) LogSyncTimes() *Timings {
	if b.wal == nil {
		return nil
	}
	return b.wal.times
}

// Path returns the database file's path.
func (b *Bolt) Path() string { return b.path }

// Close waits for running transactions and closes the file; further calls fail with
// ErrUnavailable. Closing twice is harmless.
func (b *Bolt) Close() error {
	if b.closed.Swap(true) {
		return nil
	}
	var werr error
	if b.wal != nil {
		// The log is emptied into bbolt, so a clean stop leaves the file complete; if that
		// fails, the log stays and the next open reads it back.
		close(b.cpQuit)
		<-b.cpDone
		werr = b.checkpoint()
		if err := b.wal.stop(); werr == nil {
			werr = err
		}
		if werr == nil {
			werr = removeSegments(b.path, b.wal.seg)
		}
	}
	b.commit.stop()
	if err := b.db.Close(); err != nil {
		return fmt.Errorf("store: close %s: %w", b.path, err)
	}
	if werr != nil {
		return fmt.Errorf("store: close %s: empty the write-ahead log: %w", b.path, werr)
	}
	return nil
}
