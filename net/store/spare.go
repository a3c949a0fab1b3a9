package store

import (
	"errors"
	"fmt"
	"os"
)

// spareSegment keeps the write-ahead log's next segment file ready before it is needed:
// its first bytes already written as zeros and fsynced, by a goroutine of its own.
//
// Why: each group the log appends to a growing file changes the file's length, so its
// fdatasync must also commit that to the file system's journal. Writing over bytes that
// are already on disk changes no length, and the fdatasync has only the data to flush.
// On the machine of docs/performance.md a group's write and fsync took 136–146 instead of
// 210–224 µs, and 51–54 instead of 77–83 µs of CPU (BenchmarkSegmentSync). Databases' logs
// do the same (PostgreSQL fills its segments with zeros; etcd prepares its next file in
// the background).
//
// The zeros are what makes reading safe: a frame never has length zero, so reading stops
// where the groups written so far end (readFrames), and a crash leaves zeros, or a torn
// group, after the last whole frame, as it left nothing before.
//
// Only the log's writer goroutine calls prepare, take and discard.
type spareSegment struct {
	name    string         // where it is prepared: the database's path + "-wal-spare"
	ready   chan spareFile // the prepared file, once prepare's goroutine is done
	pending bool           // a file is being prepared or waits in ready
}

type spareFile struct {
	f   *os.File
	err error
}

const (
	// minSpare and maxSpare bound a prepared segment's length. A segment holds what the
	// log wrote between two checkpoints (4 s by default: some 1.6 MB at 2,000 moves a
	// second); past its prepared length the log appends as it would without one.
	minSpare = 1 << 20
	maxSpare = 64 << 20
	// spareChunk is how many zeros prepare writes at a time.
	spareChunk = 64 << 10
)

func newSpareSegment(path string) *spareSegment {
	return &spareSegment{name: path + "-wal-spare", ready: make(chan spareFile, 1)}
}

// spareSize is the length to prepare after a segment that reached used bytes: twice that,
// within minSpare and maxSpare.
func spareSize(used int64) int64 {
	return min(max(2*used, minSpare), maxSpare)
}

// prepare begins preparing a file of size zeros, unless one is being prepared or ready.
func (s *spareSegment) prepare(size int64) {
	if s.pending {
		return
	}
	s.pending = true
	go func() {
		f, err := fillZeros(s.name, size)
		s.ready <- spareFile{f: f, err: err}
	}()
}

// fillZeros creates (or empties) the file name, writes size zeros to it and fsyncs it.
func fillZeros(name string, size int64) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_CREATE|os.O_TRUNC|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	zeros := make([]byte, spareChunk)
	for off := int64(0); off < size && err == nil; off += spareChunk {
		_, err = f.WriteAt(zeros[:min(spareChunk, size-off)], off)
	}
	if err == nil {
		err = f.Sync()
	}
	if err != nil {
		_ = f.Close()
		_ = os.Remove(name)
		return nil, fmt.Errorf("prepare %s: %w", name, err)
	}
	return f, nil
}

// take renames the prepared file to name and returns it, if one is ready; nil if none is
// (still being prepared, or preparing failed: the caller creates the segment itself).
// The caller makes the new name durable (syncDir).
func (s *spareSegment) take(name string) *os.File {
	if !s.pending {
		return nil
	}
	var sf spareFile
	select {
	case sf = <-s.ready:
		s.pending = false
	default:
		return nil
	}
	if sf.err != nil {
		return nil
	}
	// The segment's name must be new, as creating it with O_EXCL would check.
	if _, err := os.Lstat(name); !errors.Is(err, os.ErrNotExist) {
		s.remove(sf.f)
		return nil
	}
	if err := os.Rename(s.name, name); err != nil {
		s.remove(sf.f) // where an open file cannot be renamed, the log does without
		return nil
	}
	return sf.f
}

// discard waits for a file being prepared and removes it: the log stops.
func (s *spareSegment) discard() {
	if !s.pending {
		return
	}
	sf := <-s.ready
	s.pending = false
	if sf.err == nil {
		s.remove(sf.f)
	}
}

func (s *spareSegment) remove(f *os.File) {
	_ = f.Close()
	_ = os.Remove(s.name)
}
