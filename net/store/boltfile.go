package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"slices"
	"time"

	bolterrors "go.etcd.io/bbolt/errors"
)

// What the preflight reads of bbolt's file format (version 2, unchanged since 2014).
// Integers are in the machine's byte order, as bbolt writes them.
const (
	boltMagic          = 0xED0CDAED
	boltVersion        = 2
	pageHeaderSize     = 16 // id uint64, flags uint16, count uint16, overflow uint32
	metaSize           = 64 // magic, version, page size, flags uint32; root pgid, sequence, freelist, pgid, txid, checksum uint64
	metaChecksumOffset = 56
	branchPageFlag     = 0x01
	leafPageFlag       = 0x02
	metaPageFlag       = 0x04
	freelistPageFlag   = 0x10
	pgidNoFreelist     = ^uint64(0)
)

type boltMeta struct {
	pageSize                   uint64
	root, freelist, pgid, txid uint64
}

type pageHeader struct {
	id       uint64
	flags    uint16
	count    uint16
	overflow uint32
}

func parsePageHeader(b []byte) pageHeader {
	ne := binary.NativeEndian
	return pageHeader{id: ne.Uint64(b[0:]), flags: ne.Uint16(b[8:]), count: ne.Uint16(b[10:]), overflow: ne.Uint32(b[12:])}
}

// parseMeta validates meta page number idx (0 or 1) as bbolt would, and a little more:
// bbolt accepts a file with one bad meta page and silently falls back to the other, which
// holds the state one commit older. A bad checksum in a meta page is not a torn write
// (the 64 checksummed bytes sit in one disk sector, written whole), so it means damage,
// and falling back could drop an acknowledged commit: the preflight refuses instead.
func parseMeta(page []byte, idx uint64) (boltMeta, error) {
	if len(page) < pageHeaderSize+metaSize {
		return boltMeta{}, errors.New("short")
	}
	h := parsePageHeader(page)
	if h.flags != metaPageFlag || h.id != idx {
		return boltMeta{}, fmt.Errorf("page header says page %d, flags %#x", h.id, h.flags)
	}
	m := page[pageHeaderSize : pageHeaderSize+metaSize]
	ne := binary.NativeEndian
	if ne.Uint32(m[0:]) != boltMagic {
		return boltMeta{}, errors.New("not a bbolt meta page (bad magic)")
	}
	if v := ne.Uint32(m[4:]); v != boltVersion {
		return boltMeta{}, fmt.Errorf("format version %d, want %d", v, boltVersion)
	}
	sum := fnv.New64a()
	sum.Write(m[:metaChecksumOffset])
	if sum.Sum64() != ne.Uint64(m[metaChecksumOffset:]) {
		return boltMeta{}, errors.New("checksum mismatch")
	}
	meta := boltMeta{
		pageSize: uint64(ne.Uint32(m[8:])),
		root:     ne.Uint64(m[16:]),
		freelist: ne.Uint64(m[32:]),
		pgid:     ne.Uint64(m[40:]),
		txid:     ne.Uint64(m[48:]),
	}
	if meta.txid%2 != idx {
		return boltMeta{}, fmt.Errorf("transaction %d in the wrong meta page", meta.txid)
	}
	if meta.pageSize < 512 || meta.pageSize > 1<<24 || meta.pageSize&(meta.pageSize-1) != 0 {
		return boltMeta{}, fmt.Errorf("page size %d", meta.pageSize)
	}
	if meta.root < 2 || meta.root >= meta.pgid {
		return boltMeta{}, fmt.Errorf("root page %d outside 2..%d", meta.root, meta.pgid)
	}
	if meta.freelist != pgidNoFreelist && (meta.freelist < 2 || meta.freelist >= meta.pgid) {
		return boltMeta{}, fmt.Errorf("freelist page %d outside 2..%d", meta.freelist, meta.pgid)
	}
	return meta, nil
}

// preflight checks an existing database file, under its lock, before bbolt maps it. It
// returns an "in use" error when another process holds the lock beyond timeout, and a
// "damaged" error when the file is not whole. A missing or empty file passes: bbolt
// creates it.
func preflight(path string, timeout time.Duration) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	// Closing releases the lock; bbolt takes its own right after.
	defer f.Close()
	if err := lockFile(f, timeout); err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return inUse(path)
		}
		return fmt.Errorf("store: lock %s: %w", path, err)
	}
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	if info.Size() == 0 {
		return nil
	}
	if err := checkFile(f, info.Size()); err != nil {
		return damaged(path, err)
	}
	return nil
}

// checkFile verifies both meta pages and that the newest one describes a file that is all
// there: every page below its high-water mark inside the file, the root and freelist pages
// where it says. These are the pages bbolt reads at open, through its memory map.
func checkFile(f io.ReaderAt, size int64) error {
	if size < 2*1024 {
		return fmt.Errorf("file is %d bytes, too short to be a database", size)
	}
	read := func(off, n int64) ([]byte, error) {
		buf := make([]byte, n)
		if off+n > size {
			return nil, fmt.Errorf("page at byte %d lies beyond the end of the file (%d bytes; truncated?)", off, size)
		}
		if _, err := f.ReadAt(buf, off); err != nil {
			return nil, fmt.Errorf("read at byte %d: %w", off, err)
		}
		return buf, nil
	}
	page0, err := read(0, min(size, 4096))
	if err != nil {
		return err
	}
	m0, err0 := parseMeta(page0, 0)
	pageSize := int64(m0.pageSize)
	if err0 != nil {
		// Like bbolt, find the second meta page by trying the page sizes it can have.
		for ps := int64(1024); ps <= 1<<24 && ps+pageHeaderSize+metaSize <= size; ps <<= 1 {
			if p, err := read(ps, pageHeaderSize+metaSize); err == nil {
				if m, err := parseMeta(p, 1); err == nil && int64(m.pageSize) == ps {
					pageSize = ps
					break
				}
			}
		}
		if pageSize == 0 {
			return fmt.Errorf("meta page 0 is invalid (%v), and no valid meta page 1 was found", err0)
		}
		return fmt.Errorf("meta page 0 is invalid (%v); meta page 1 is intact, but the file is damaged", err0)
	}
	page1, err := read(pageSize, pageHeaderSize+metaSize)
	if err != nil {
		return fmt.Errorf("meta page 1: %w", err)
	}
	m1, err1 := parseMeta(page1, 1)
	if err1 != nil {
		return fmt.Errorf("meta page 1 is invalid (%v); meta page 0 is intact, but the file is damaged", err1)
	}
	if m1.pageSize != m0.pageSize {
		return fmt.Errorf("meta pages disagree on the page size (%d, %d)", m0.pageSize, m1.pageSize)
	}
	m := m0
	if m1.txid > m0.txid {
		m = m1
	}
	if need := int64(m.pgid) * pageSize; need > size {
		return fmt.Errorf("file is %d bytes but its %d pages need %d (truncated?)", size, m.pgid, need)
	}
	checkPage := func(what string, id uint64, flags ...uint16) error {
		p, err := read(int64(id)*pageSize, pageHeaderSize)
		if err != nil {
			return fmt.Errorf("%s page %d: %w", what, id, err)
		}
		h := parsePageHeader(p)
		ok := false
		for _, f := range flags {
			ok = ok || h.flags == f
		}
		if h.id != id || !ok {
			return fmt.Errorf("%s page %d: header says page %d, flags %#x", what, id, h.id, h.flags)
		}
		if id+uint64(h.overflow) >= m.pgid {
			return fmt.Errorf("%s page %d: %d overflow pages run past the last page %d", what, id, h.overflow, m.pgid-1)
		}
		return nil
	}
	if err := checkPage("root", m.root, branchPageFlag, leafPageFlag); err != nil {
		return err
	}
	if m.freelist != pgidNoFreelist {
		if err := checkPage("freelist", m.freelist, freelistPageFlag); err != nil {
			return err
		}
	}
	return scanTree(f, pageSize, m)
}

// scanTree reads every page of the database's tree with plain reads and checks that
// everything bbolt will follow through its memory map stays inside the page it belongs
// to: element tables, keys, values, child page numbers, nested and inline buckets, and the
// freelist. bbolt itself trusts all of these, so a single bad length can make it read
// past the end of the file (SIGBUS, which no recover catches in bbolt's own goroutines)
// long after start-up. It also finds pages used twice, free pages still in use, and
// pages neither used nor free. About 0.1 s per 100 MB from the page cache.
//
// What it cannot see is damage inside a key or value (bbolt keeps no page checksums);
// the walk at open decodes each room's meta, snapshot and the events after it (what a
// load reads) for that.
func scanTree(f io.ReaderAt, pageSize int64, m boltMeta) error {
	s := &treeScan{f: f, pageSize: pageSize, hwm: m.pgid, used: make([]uint64, (m.pgid+63)/64)}
	s.mark(0, 2) // the meta pages
	if err := s.node(m.root, 0); err != nil {
		return err
	}
	if m.freelist == pgidNoFreelist {
		// The file keeps no free-page list (bbolt's NoFreelistSync, which Bolt uses): every
		// page the tree does not reach is free, and bbolt rebuilds the list so at open.
		return nil
	}
	if err := s.freelist(m.freelist); err != nil {
		return err
	}
	for id := uint64(2); id < m.pgid; id++ {
		if !s.isUsed(id) {
			return fmt.Errorf("page %d is neither in use nor free", id)
		}
	}
	return nil
}

type treeScan struct {
	f        io.ReaderAt
	pageSize int64
	hwm      uint64
	used     []uint64 // a bit per page: in use or free
	bufs     [][]byte // one read buffer per tree depth, reused across siblings
}

const maxTreeDepth = 64 // bbolt's trees are a few levels deep; this only stops loops

func (s *treeScan) isUsed(id uint64) bool { return s.used[id/64]&(1<<(id%64)) != 0 }

// mark records pages [id, id+n) as used and reports one already used.
func (s *treeScan) mark(id, n uint64) error {
	for p := id; p < id+n; p++ {
		if s.isUsed(p) {
			return fmt.Errorf("page %d is used twice", p)
		}
		s.used[p/64] |= 1 << (p % 64)
	}
	return nil
}

// read returns page id with its overflow pages, in the buffer of the given depth.
func (s *treeScan) read(id uint64, depth int, flags ...uint16) ([]byte, error) {
	if id < 2 || id >= s.hwm {
		return nil, fmt.Errorf("page %d is outside 2..%d", id, s.hwm-1)
	}
	for len(s.bufs) <= depth {
		s.bufs = append(s.bufs, make([]byte, s.pageSize))
	}
	buf := s.bufs[depth][:s.pageSize]
	if _, err := s.f.ReadAt(buf, int64(id)*s.pageSize); err != nil {
		return nil, fmt.Errorf("read page %d: %w", id, err)
	}
	h := parsePageHeader(buf)
	if h.id != id {
		return nil, fmt.Errorf("page %d says it is page %d", id, h.id)
	}
	if !slices.Contains(flags, h.flags) {
		return nil, fmt.Errorf("page %d has type %#x, want one of %#x", id, h.flags, flags)
	}
	n := uint64(h.overflow) + 1
	if id+n > s.hwm {
		return nil, fmt.Errorf("page %d: %d overflow pages run past the last page %d", id, h.overflow, s.hwm-1)
	}
	if err := s.mark(id, n); err != nil {
		return nil, err
	}
	if n > 1 {
		size := int64(n) * s.pageSize
		if int64(cap(s.bufs[depth])) < size {
			// Keep the first page, already read, when the buffer grows.
			grown := make([]byte, size)
			copy(grown, buf)
			s.bufs[depth] = grown
		}
		buf = s.bufs[depth][:size]
		if _, err := s.f.ReadAt(buf[s.pageSize:], int64(id)*s.pageSize+s.pageSize); err != nil {
			return nil, fmt.Errorf("read page %d: %w", id, err)
		}
	}
	return buf, nil
}

// node checks the tree below page id.
func (s *treeScan) node(id uint64, depth int) error {
	if depth > maxTreeDepth {
		return fmt.Errorf("page %d: tree deeper than %d levels", id, maxTreeDepth)
	}
	p, err := s.read(id, depth, branchPageFlag, leafPageFlag)
	if err != nil {
		return err
	}
	return s.elements(p, id, depth)
}

// elements checks the element table of page p (a page or an inline bucket's page) and
// follows its children.
func (s *treeScan) elements(p []byte, id uint64, depth int) error {
	ne := binary.NativeEndian
	h := parsePageHeader(p)
	count := uint64(h.count)
	if pageHeaderSize+count*16 > uint64(len(p)) {
		return fmt.Errorf("page %d: %d elements do not fit", id, count)
	}
	for i := range count {
		off := pageHeaderSize + i*16
		e := p[off : off+16]
		switch h.flags {
		case branchPageFlag:
			pos, ksize := uint64(ne.Uint32(e[0:])), uint64(ne.Uint32(e[4:]))
			if off+pos+ksize > uint64(len(p)) {
				return fmt.Errorf("page %d: key %d runs past the page", id, i)
			}
			if err := s.node(ne.Uint64(e[8:]), depth+1); err != nil {
				return err
			}
		case leafPageFlag:
			flags, pos := ne.Uint32(e[0:]), uint64(ne.Uint32(e[4:]))
			ksize, vsize := uint64(ne.Uint32(e[8:])), uint64(ne.Uint32(e[12:]))
			start := off + pos + ksize
			if start+vsize > uint64(len(p)) {
				return fmt.Errorf("page %d: element %d runs past the page", id, i)
			}
			if flags&1 == 0 { // a plain key and value
				continue
			}
			v := p[start : start+vsize]
			if len(v) < 16 {
				return fmt.Errorf("page %d: bucket %d header is %d bytes", id, i, len(v))
			}
			if root := ne.Uint64(v); root != 0 {
				if err := s.node(root, depth+1); err != nil {
					return err
				}
				continue
			}
			// An inline bucket: its page lives inside the value.
			inline := v[16:]
			if len(inline) < pageHeaderSize || parsePageHeader(inline).flags != leafPageFlag {
				return fmt.Errorf("page %d: inline bucket %d is not a leaf", id, i)
			}
			if depth+1 > maxTreeDepth {
				return fmt.Errorf("page %d: buckets nested deeper than %d levels", id, maxTreeDepth)
			}
			if err := s.elements(inline, id, depth+1); err != nil {
				return err
			}
		default:
			return fmt.Errorf("page %d has type %#x", id, h.flags)
		}
	}
	return nil
}

// freelist checks that every free page number is inside the file, listed once and not
// in use.
func (s *treeScan) freelist(id uint64) error {
	p, err := s.read(id, 0, freelistPageFlag)
	if err != nil {
		return fmt.Errorf("freelist: %w", err)
	}
	ne := binary.NativeEndian
	start, count := uint64(pageHeaderSize), uint64(parsePageHeader(p).count)
	if count == 0xFFFF { // the real count is the first element
		if len(p) < pageHeaderSize+8 {
			return fmt.Errorf("freelist page %d is short", id)
		}
		count, start = ne.Uint64(p[pageHeaderSize:]), pageHeaderSize+8
	}
	if count > uint64(len(p)) || start+count*8 > uint64(len(p)) {
		return fmt.Errorf("freelist page %d: %d entries do not fit", id, count)
	}
	for i := range count {
		free := ne.Uint64(p[start+i*8:])
		if free < 2 || free >= s.hwm {
			return fmt.Errorf("freelist page %d lists page %d, outside 2..%d", id, free, s.hwm-1)
		}
		if s.isUsed(free) {
			return fmt.Errorf("page %d is both free and in use (or listed twice)", free)
		}
		_ = s.mark(free, 1) // cannot fail: checked just above
	}
	return nil
}
