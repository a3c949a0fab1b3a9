package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// walLog is the Bolt store's write-ahead log: the events of every Append reach the disk
// here first, in one write and one fsync for all the appends that wait at the same moment,
// and bbolt gets them later, many per room in one transaction (Bolt.checkpoint).
//
// Why: a bbolt commit costs two fsyncs (its pages, then its meta page) and rewrites every
// page on the path to each room it touches. On one core, at 2,000 moves/s, the goroutine
// running those commits spent more than half its time waiting for the CPU after each
// fsync, the rooms waited on it, and the round trip's p99 was hundreds of milliseconds.
// An append to this log is a few hundred bytes copied into a buffer; its group's fsync is
// the only wait.
//
// The log is a series of segment files next to the database (NAME-wal-0000000000000001,
// ...), each a sequence of frames:
//
//	length  uint32, little endian: the payload's length (> 0)
//	crc     uint32, little endian: CRC-32C (Castagnoli) of the payload
//	payload walEntry (encodeWALEntry)
//
// A segment may be longer than its frames: it is written over zeros prepared beforehand
// (spareSegment), and what follows its last frame is zeros.
//
// A crash may leave the newest segment's last group half written: reading stops at the
// first frame that is incomplete, has a zero or implausible length or a wrong checksum
// (a torn write), and what follows is ignored; none of it was acknowledged. Such a frame
// in an older segment, which was complete before the next one was begun, is damage; the
// zeros after its last frame are not.
type walLog struct {
	path string // the database's path: segments are path-wal-%016x
	// reqs queues appends for the writer. It is buffered so that a caller that does not
	// wait for its append (Bolt.AppendAfter) is not held up while a group is being
	// written: what waits in it when the writer gathers is the next group.
	reqs chan *walReq
	turn chan chan walTurn // asks the writer to begin a new segment
	quit chan struct{}
	done chan struct{}
	// sending guards sending on reqs against stop: stop takes it for writing once the
	// writer only refuses, so that no append is left in reqs unanswered.
	sending sync.RWMutex
	stopped bool
	// durable is called by the writer once a group is on disk, before its callers hear so,
	// with the number of the segment that holds it.
	durable func(seg uint64, group []*walReq)
	// every is the least time from one group's write to the next (0: none): see run.
	every time.Duration
	syncs atomic.Uint64 // groups written
	// times is how long each group's write and fsync took: a durable move waits for one,
	// so on a disk whose fsyncs are slow now and then it is the round trip's tail.
	times *Timings
	// waits is how long each append waited for its group's write to begin: the least
	// interval between groups (every), and a group before it that was slow.
	waits *Timings

	// Owned by the writer goroutine.
	f       *os.File
	seg     uint64 // the segment being written
	size    int64  // its length: where the next group goes
	buf     []byte
	payload []byte // one entry's encoding, before its frame goes into buf
	group   []*walReq
	broken  error // set when a failed write could not be undone: every later append fails
	spare   *spareSegment
	sync    heldSync // writes and fsyncs a group: the writer goroutine's
}

// walReq is one Append waiting for its group's fsync.
type walReq struct {
	code  string
	entry walEntry
	done  chan error
	// after is the room's append before this one when the caller did not wait for it
	// (nil: none, or it was durable when this one was made). If it failed, this one
	// fails too without being written: the room's log must not go on past a gap. The
	// writer clears it once read, so that requests do not hold on to their whole chain.
	after *walReq
	// failed is set by the writer when it answers the request with an error.
	failed bool
	queued time.Time // when it was queued, for walLog.waits
}

// walEntry is what one Append logs: the room's id (its bucket; a code may later name
// another room), its new metadata (JSON, nil if unchanged) and its events.
type walEntry struct {
	ID     string
	Meta   []byte
	Events []Record
}

// walTurn answers a request for a new segment: every group made durable before it is in
// segments numbered up to last.
type walTurn struct {
	last uint64
	err  error
}

const (
	walHeader = 8
	// maxWALFrame bounds a frame's length field when reading: a longer one is a torn or
	// damaged header, not a real frame (an append is at most one group of a room's events).
	maxWALFrame = 256 << 20
	// maxWALGroup caps the appends written with one fsync, and the appends queued.
	maxWALGroup = 1000
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// segmentName is the file of segment seg of the log of the database at path.
func segmentName(path string, seg uint64) string {
	return fmt.Sprintf("%s-wal-%016x", path, seg)
}

// segments lists the numbers of the log's segment files, oldest first.
func segments(path string) ([]uint64, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	prefix := base + "-wal-"
	var out []uint64
	for _, e := range ents {
		name := e.Name()
		if !strings.HasPrefix(name, prefix) || len(name) != len(prefix)+16 {
			continue
		}
		if seg, err := strconv.ParseUint(name[len(prefix):], 16, 64); err == nil && seg > 0 {
			out = append(out, seg)
		}
	}
	slices.Sort(out)
	return out, nil
}

// encodeWALEntry appends e's encoding: uvarint length and bytes of the id and of the
// metadata, the uvarint number of events, and per event its uvarint number, then the
// uvarint length and bytes of its record as bbolt stores it (encodeRecord).
func encodeWALEntry(buf []byte, e walEntry) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(e.ID)))
	buf = append(buf, e.ID...)
	buf = binary.AppendUvarint(buf, uint64(len(e.Meta)))
	buf = append(buf, e.Meta...)
	buf = binary.AppendUvarint(buf, uint64(len(e.Events)))
	for _, r := range e.Events {
		buf = binary.AppendUvarint(buf, r.N)
		buf = binary.AppendUvarint(buf, uint64(recordLen(r)))
		buf = appendRecord(buf, r) // into the frame: a record of its own was one allocation each
	}
	return buf
}

// decodeWALEntry is encodeWALEntry's inverse; the entry does not alias p.
func decodeWALEntry(p []byte) (walEntry, error) {
	var e walEntry
	field := func() ([]byte, error) {
		n, k := binary.Uvarint(p)
		if k <= 0 || uint64(len(p)-k) < n {
			return nil, errors.New("field overruns the entry")
		}
		f := p[k : k+int(n)]
		p = p[k+int(n):]
		return f, nil
	}
	id, err := field()
	if err != nil {
		return e, fmt.Errorf("room id: %w", err)
	}
	e.ID = string(id)
	meta, err := field()
	if err != nil {
		return e, fmt.Errorf("meta: %w", err)
	}
	if len(meta) > 0 {
		e.Meta = slices.Clone(meta)
	}
	count, k := binary.Uvarint(p)
	if k <= 0 || count > uint64(len(p)) {
		return e, errors.New("bad event count")
	}
	p = p[k:]
	for range count {
		n, k := binary.Uvarint(p)
		if k <= 0 {
			return e, errors.New("bad event number")
		}
		p = p[k:]
		v, err := field()
		if err != nil {
			return e, fmt.Errorf("event %d: %w", n, err)
		}
		r, err := decodeRecord(n, v, true)
		if err != nil {
			return e, err
		}
		e.Events = append(e.Events, r)
	}
	if len(p) != 0 {
		return e, errors.New("bytes after the last event")
	}
	return e, nil
}

// appendFrame appends one frame holding payload.
func appendFrame(buf, payload []byte) []byte {
	buf = binary.LittleEndian.AppendUint32(buf, uint32(len(payload)))
	buf = binary.LittleEndian.AppendUint32(buf, crc32.Checksum(payload, castagnoli))
	return append(buf, payload...)
}

// readFrames returns the entries of the whole frames at the start of data and the length
// they take; reading stops at the first frame that is incomplete or fails its checksum.
// A frame whose checksum holds but whose entry does not decode is damage, not a torn
// write: that is an error.
func readFrames(data []byte) ([]walEntry, int, error) {
	var out []walEntry
	off := 0
	for len(data)-off >= walHeader {
		n := binary.LittleEndian.Uint32(data[off:])
		sum := binary.LittleEndian.Uint32(data[off+4:])
		if n == 0 || n > maxWALFrame || uint64(len(data)-off-walHeader) < uint64(n) {
			break
		}
		payload := data[off+walHeader : off+walHeader+int(n)]
		if crc32.Checksum(payload, castagnoli) != sum {
			break
		}
		e, err := decodeWALEntry(payload)
		if err != nil {
			return nil, off, fmt.Errorf("frame at offset %d: %w", off, err)
		}
		out = append(out, e)
		off += walHeader + int(n)
	}
	return out, off, nil
}

// walRead is what readWAL found in the log left by the last run.
type walRead struct {
	entries []walEntry // every whole frame's entry, oldest first
	segs    []uint64   // the segments' numbers, oldest first
	// end is where the newest segment's whole frames end, and torn whether bytes other
	// than zeros follow them there: a group half written when the last run stopped, which
	// must go before a newer segment follows this one (sealSegment).
	end  int64
	torn bool
}

// readWAL reads every segment of the log of the database at path, oldest first. Only the
// newest segment may end in a torn frame.
func readWAL(path string) (walRead, error) {
	var r walRead
	segs, err := segments(path)
	if err != nil {
		return r, err
	}
	r.segs = segs
	for i, seg := range segs {
		name := segmentName(path, seg)
		data, err := os.ReadFile(name)
		if err != nil {
			return r, err
		}
		entries, n, err := readFrames(data)
		if err != nil {
			return r, fmt.Errorf("%s: %w", name, err)
		}
		whole := n == len(data) || allZero(data[n:])
		if !whole && i != len(segs)-1 {
			return r, fmt.Errorf("%s: bytes %d to %d are not whole frames, yet a newer segment follows", name, n, len(data))
		}
		r.entries = append(r.entries, entries...)
		r.end, r.torn = int64(n), !whole
	}
	return r, nil
}

// sealSegment cuts a segment after its whole frames (end) and makes that durable, so that
// the segment may be followed by a newer one: in a segment that is not the newest, bytes
// that are not whole frames are damage (readWAL).
func sealSegment(name string, end int64) error {
	f, err := os.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	err = f.Truncate(end)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func allZero(p []byte) bool {
	for _, b := range p {
		if b != 0 {
			return false
		}
	}
	return true
}

// removeSegments deletes the segments numbered up to last (their entries are in bbolt).
func removeSegments(path string, last uint64) error {
	segs, err := segments(path)
	if err != nil {
		return err
	}
	for _, seg := range segs {
		if seg > last {
			break
		}
		if err := os.Remove(segmentName(path, seg)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

// syncDir makes a file's creation in dir durable. Windows cannot sync a directory, and
// does not need to.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// openWALLog starts a log writing segment seg (a new file) for the database at path.
func openWALLog(path string, seg uint64, every time.Duration, durable func(uint64, []*walReq)) (*walLog, error) {
	w := &walLog{path: path, reqs: make(chan *walReq, maxWALGroup), turn: make(chan chan walTurn),
		quit: make(chan struct{}), done: make(chan struct{}), durable: durable, every: every,
		times: newTimings(logSyncBounds), waits: newTimings(logWaitBounds),
		spare: newSpareSegment(path)}
	if err := w.begin(seg); err != nil {
		return nil, err
	}
	go w.run()
	return w, nil
}

// begin creates segment seg, from the spare file if one is ready, makes its name durable
// before anything is written to it, and has the next spare prepared, as long as twice
// what the segment before it held.
func (w *walLog) begin(seg uint64) error {
	name := segmentName(w.path, seg)
	f := w.spare.take(name)
	if f == nil {
		var err error
		if f, err = os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600); err != nil {
			return err
		}
	}
	if err := syncDir(filepath.Dir(w.path)); err != nil {
		_ = f.Close()
		return err
	}
	w.spare.prepare(spareSize(w.size))
	w.f, w.seg, w.size = f, seg, 0
	return nil
}

// enqueueInto queues e for room code behind after (the room's previous append, nil if none
// is in flight) as the request r, answered on done (empty, of capacity 1) once it is on
// disk or failed.
func (w *walLog) enqueueInto(r *walReq, done chan error, code string, e walEntry, after *walReq) {
	*r = walReq{code: code, entry: e, done: done, after: after, queued: time.Now()}
	w.sending.RLock()
	defer w.sending.RUnlock()
	if w.stopped {
		r.failed = true
		r.done <- fmt.Errorf("closed: %w", ErrUnavailable)
		return
	}
	// The writer keeps taking requests until stop has seen every sender leave: this send
	// cannot block for good.
	w.reqs <- r
}

// next closes the segment being written and begins a new one, unless it is empty; every
// group already durable is then in segments numbered up to the answer's last.
func (w *walLog) next() walTurn {
	ch := make(chan walTurn, 1)
	select {
	case w.turn <- ch:
		return <-ch
	case <-w.quit:
		return walTurn{err: fmt.Errorf("closed: %w", ErrUnavailable)}
	}
}

// stop ends the writer after the group it is writing and closes the segment. Appends
// queued behind that group, or made meanwhile, fail.
func (w *walLog) stop() error {
	close(w.quit)
	w.sending.Lock() // every sender has sent: the writer refuses what they queued
	w.stopped = true
	w.sending.Unlock()
	<-w.done
	w.spare.discard()
	return w.f.Close()
}

// refuseQueued answers every append still queued once the writer has stopped.
func (w *walLog) refuseQueued() {
	err := fmt.Errorf("closed: %w", ErrUnavailable)
	for {
		select {
		case r := <-w.reqs:
			r.after, r.failed = nil, true
			r.done <- err
		default:
			w.sending.RLock()
			stopped := w.stopped
			w.sending.RUnlock()
			if stopped && len(w.reqs) == 0 {
				return
			}
			runtime.Gosched()
		}
	}
}

// run writes groups until stop. A group is every append waiting when the previous group is
// on disk, but no sooner than every after the previous group began: an fsync costs the
// CPU about 0.1 ms (on the virtual machine of docs/performance.md) besides its wait, so at
// thousands of appends per second, groups of one or two each cost their fsync's CPU; the
// least interval bounds the fsyncs per second, at the price of up to that much wait.
func (w *walLog) run() {
	defer close(w.done)
	defer w.refuseQueued()
	var pause groupPause
	if w.every > 0 {
		pause = newGroupPause(0)
		defer pause.Stop()
	}
	for {
		if pause != nil {
			select {
			case <-pause.C():
			case ch := <-w.turn:
				ch <- w.turnSegment()
				continue
			case <-w.quit:
				return
			}
		}
		select {
		case r := <-w.reqs:
			if pause != nil {
				pause.Reset(w.every)
			}
			// What can be taken without waiting is every append queued meanwhile: they
			// share one write and one fsync.
			group := append(w.group[:0], r)
		gather:
			for len(group) < maxWALGroup {
				select {
				case r := <-w.reqs:
					group = append(group, r)
				default:
					break gather
				}
			}
			w.write(group)
			clear(group)
			w.group = group[:0]
		case ch := <-w.turn:
			ch <- w.turnSegment()
			if pause != nil {
				pause.Reset(0)
			}
		case <-w.quit:
			return
		}
	}
}

// write puts a group on disk with one write and one fsync, then answers it. A request
// whose room's previous append failed is answered with an error and not written.
func (w *walLog) write(group []*walReq) {
	err := w.broken
	kept := group[:0]
	for _, r := range group {
		if r.after != nil && r.after.failed {
			r.after, r.failed = nil, true
			r.done <- fmt.Errorf("write-ahead log: %w: an earlier append of room %s failed", ErrUnavailable, r.code)
			continue
		}
		r.after = nil
		kept = append(kept, r)
	}
	group = kept
	if len(group) == 0 {
		return
	}
	if err == nil {
		buf, payload := w.buf[:0], w.payload[:0]
		for _, r := range group {
			payload = encodeWALEntry(payload[:0], r.entry)
			buf = appendFrame(buf, payload)
		}
		if cap(payload) <= 64<<10 {
			w.payload = payload
		}
		start := time.Now()
		for _, r := range group {
			w.waits.observe(start.Sub(r.queued))
		}
		err = w.sync.writeSync(w.f, buf, w.size)
		w.times.observe(time.Since(start))
		if err == nil {
			w.size += int64(len(buf))
			w.syncs.Add(1)
			w.durable(w.seg, group)
		} else if terr := w.f.Truncate(w.size); terr != nil {
			// What the failed write left cannot be taken back: a later group would follow
			// it, and reading would stop at it. Nothing more is appended to this log.
			w.broken = fmt.Errorf("write-ahead log %s: %w (and cutting it back failed: %v)", w.f.Name(), err, terr)
		}
		if cap(buf) <= 1<<20 {
			w.buf = buf
		}
	}
	if err != nil {
		err = fmt.Errorf("write-ahead log: %w: %w", ErrUnavailable, err)
	}
	for _, r := range group {
		r.failed = err != nil
		r.done <- err
	}
}

// turnSegment begins the next segment if the current one holds anything.
func (w *walLog) turnSegment() walTurn {
	if w.size == 0 {
		return walTurn{last: w.seg - 1}
	}
	if w.broken != nil {
		return walTurn{err: w.broken}
	}
	old := w.f
	if err := w.begin(w.seg + 1); err != nil {
		return walTurn{err: err}
	}
	// The old segment was fsynced with its last group; closing it loses nothing.
	_ = old.Close()
	return walTurn{last: w.seg - 1}
}
