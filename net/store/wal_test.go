package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestBoltCheckpointing runs the store's whole contract with a checkpoint every
// millisecond, so that reads and writes meet checkpoints at every point: what the log
// holds, what bbolt holds and what a checkpoint is moving must always add up to the
// same answers.
func TestBoltCheckpointing(t *testing.T) {
	testStore(t, func(t *testing.T) Store {
		s, err := OpenBolt(filepath.Join(t.TempDir(), "rooms.db"), BoltOptions{CheckpointEvery: time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.Close() })
		return s
	})
}

// walGroup is one acknowledged append of TestWALCutAtEveryByte: where the log ended after
// it, and what the rooms held then.
type walGroup struct {
	end    int
	events map[string][]Record
	meta   map[string]Meta
}

// TestWALCutAtEveryByte makes a log of several appends to two rooms, then opens the
// database with that log cut at every byte (a crash in the middle of a write; and the
// same followed by zeros, as in a segment prepared beforehand), and again
// with the byte at every position damaged (a torn sector holding garbage): every append
// whose frame lies wholly before the cut or the damage is there after the open, nothing
// of the others, and the file is consistent.
func TestWALCutAtEveryByte(t *testing.T) {
	src := t.TempDir()
	path := filepath.Join(src, "rooms.db")
	// No checkpoint while the log is made: all of it stays in the log.
	s, err := OpenBolt(path, BoltOptions{CheckpointEvery: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, s, "A")
	mustCreate(t, s, "B")
	small := func(n uint64) Record {
		return Record{N: n, Seat: int(n % 3), CmdID: fmt.Sprintf("c%d", n), Data: fmt.Appendf(nil, `{"v":%d}`, n)}
	}
	cur := walGroup{events: map[string][]Record{}, meta: map[string]Meta{"A": testMeta("A"), "B": testMeta("B")}}
	var groups []walGroup
	seg := segmentName(path, 1)
	step := func(code string, events []Record, meta *Meta) {
		t.Helper()
		mustAppend(t, s, code, events, meta)
		next := walGroup{events: map[string][]Record{}, meta: map[string]Meta{}}
		for k, v := range cur.events {
			next.events[k] = slices.Clone(v)
		}
		for k, v := range cur.meta {
			next.meta[k] = v
		}
		next.events[code] = append(next.events[code], events...)
		if meta != nil {
			next.meta[code] = *meta
		}
		info, err := os.Stat(seg)
		if err != nil {
			t.Fatal(err)
		}
		next.end = int(info.Size())
		groups = append(groups, next)
		cur = next
	}
	metaA := testMeta("A")
	metaA.LastActive = 1_700_000_060_000
	metaB := testMeta("B")
	metaB.RetentionDays = 7
	step("A", []Record{small(1), small(2)}, nil)
	step("B", []Record{small(1)}, &metaB)
	step("A", []Record{small(3)}, &metaA)
	step("A", nil, &metaA) // metadata alone
	step("B", []Record{small(2), small(3), small(4)}, nil)
	step("A", []Record{small(4)}, nil)

	db, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	log, err := os.ReadFile(seg)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != groups[len(groups)-1].end {
		t.Fatalf("log is %d bytes, the last append ended at %d", len(log), groups[len(groups)-1].end)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// bbolt grows its file in large steps, of which it uses the first pages: the copy is
	// cut after the last page in use, so that writing it hundreds of times is quick.
	m0, err0 := parseMeta(db, 0)
	if err0 != nil {
		t.Fatal(err0)
	}
	m1, err1 := parseMeta(db[m0.pageSize:], 1)
	if err1 != nil {
		t.Fatal(err1)
	}
	db = db[:max(m0.pgid, m1.pgid)*m0.pageSize]

	// expect returns what a log whose first good bytes end at good holds.
	expect := func(good int) walGroup {
		want := walGroup{events: map[string][]Record{}, meta: map[string]Meta{"A": testMeta("A"), "B": testMeta("B")}}
		for _, g := range groups {
			if g.end <= good {
				want = g
			}
		}
		return want
	}
	dir := memoryDir(t)
	dbPath := filepath.Join(dir, "rooms.db")
	again := filepath.Join(memoryDir(t), "rooms.db") // the files as a crash right after an open leaves them
	check := func(what string, logData []byte, good int) {
		t.Helper()
		if err := os.WriteFile(dbPath, db, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(segmentName(dbPath, 1), logData, 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := OpenBolt(dbPath, BoltOptions{CheckpointEvery: time.Hour})
		if err != nil {
			t.Fatalf("%s: open: %v", what, err)
		}
		want := expect(good)
		// What the log held beyond bbolt is pending until the first checkpoint: the old
		// segment stays, cut after its whole frames, and the new one follows it.
		segs, _ := segments(dbPath)
		switch {
		case len(segs) == 1 && segs[0] == 2:
		case len(segs) == 2 && segs[0] == 1 && segs[1] == 2:
			if info, err := os.Stat(segmentName(dbPath, 1)); err != nil || info.Size() > int64(len(logData)) {
				t.Fatalf("%s: the old segment after the open: %v, %v", what, info, err)
			}
		default:
			t.Fatalf("%s: segments after the open: %v, want the new one after the old one or alone", what, segs)
		}
		same(t, what, s, want)
		// A crash right after the open (the files as they are now, copied) loses nothing.
		for _, f := range []string{dbPath, segmentName(dbPath, 1), segmentName(dbPath, 2)} {
			to := filepath.Join(filepath.Dir(again), filepath.Base(f))
			data, err := os.ReadFile(f)
			if errors.Is(err, os.ErrNotExist) {
				err = os.Remove(to)
				if errors.Is(err, os.ErrNotExist) {
					continue
				}
			} else if err == nil {
				err = os.WriteFile(to, data, 0o600)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		s2, err := OpenBolt(again, BoltOptions{CheckpointEvery: time.Hour})
		if err != nil {
			t.Fatalf("%s: open after a crash right after the open: %v", what, err)
		}
		same(t, what+", crashed right after the open", s2, want)
		if err := s2.Close(); err != nil {
			t.Fatalf("%s: close: %v", what, err)
		}
		// The first checkpoint moves what was pending into bbolt and removes the old segment.
		if err := s.checkpoint(); err != nil {
			t.Fatalf("%s: checkpoint: %v", what, err)
		}
		if segs, _ := segments(dbPath); len(segs) != 1 || segs[0] < 2 {
			t.Fatalf("%s: segments after the first checkpoint: %v, want only a new one", what, segs)
		}
		same(t, what+", after the first checkpoint", s, want)
		if err := fullCheck(s.db); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if err := s.Close(); err != nil {
			t.Fatalf("%s: close: %v", what, err)
		}
		if segs, _ := segments(dbPath); len(segs) != 0 {
			t.Fatalf("%s: segments after a clean close: %v", what, segs)
		}
	}
	for cut := 0; cut <= len(log); cut++ {
		check(fmt.Sprintf("cut at %d of %d", cut, len(log)), log[:cut], cut)
		// In a segment prepared as zeros (spareSegment), a crash leaves zeros after the cut.
		padded := append(slices.Clip(log[:cut]), make([]byte, 2*walHeader)...)
		check(fmt.Sprintf("cut at %d of %d, zeros after", cut, len(log)), padded, cut)
	}
	for at := range log {
		damaged := slices.Clone(log)
		damaged[at] ^= 0x5a
		check(fmt.Sprintf("byte %d of %d damaged", at, len(log)), damaged, at)
	}
}

// same fails unless rooms A and B of s hold want's events and metadata.
func same(t *testing.T, what string, s *Bolt, want walGroup) {
	t.Helper()
	ctx := context.Background()
	for _, code := range []string{"A", "B"} {
		got, err := s.Events(ctx, code, 0, ^uint64(0))
		if err != nil {
			t.Fatalf("%s: events %s: %v", what, code, err)
		}
		if !slices.EqualFunc(got, want.events[code], sameRecord) {
			t.Fatalf("%s: room %s has events %v, want %v", what, code, got, want.events[code])
		}
		l, err := s.Load(ctx, code)
		if err != nil {
			t.Fatalf("%s: load %s: %v", what, code, err)
		}
		gotMeta, _ := json.Marshal(l.Meta)
		wantMeta := want.meta[code]
		wantMeta.ID = l.Meta.ID
		if w, _ := json.Marshal(wantMeta); !bytes.Equal(gotMeta, w) {
			t.Fatalf("%s: room %s has meta %s, want %s", what, code, gotMeta, w)
		}
	}
}

// TestWALOlderSegmentDamaged: a segment that is followed by a newer one was complete when
// the newer one began, so bytes in it that are not whole frames are damage, and the open
// refuses the file rather than drop what follows.
func TestWALOlderSegmentDamaged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rooms.db")
	s, err := OpenBolt(path, BoltOptions{CheckpointEvery: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, s, "A")
	mustAppend(t, s, "A", recs(1, 3), nil)
	db, _ := os.ReadFile(path)
	log, _ := os.ReadFile(segmentName(path, 1))
	_ = s.Close()
	if err := os.WriteFile(path, db, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(segmentName(path, 1), log[:len(log)-1], 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(segmentName(path, 2), log, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = OpenBolt(path, BoltOptions{})
	if err == nil || !errors.Is(err, ErrDamaged) {
		t.Fatalf("open with a damaged older segment: %v, want ErrDamaged", err)
	}
}

func TestWALEntryRoundTrip(t *testing.T) {
	for _, e := range []walEntry{
		{ID: "id"},
		{ID: "id", Meta: []byte(`{"code":"A"}`)},
		{ID: "0d9c1c9e-2f64-4d8e-8d5e-1f1f0e7c1a2b", Meta: []byte(`{}`), Events: recs(7, 9)},
		{ID: "x", Events: []Record{{N: 1, Data: []byte{}}}},
	} {
		got, err := decodeWALEntry(encodeWALEntry(nil, e))
		if err != nil {
			t.Fatalf("%+v: %v", e, err)
		}
		if got.ID != e.ID || !bytes.Equal(got.Meta, e.Meta) || len(got.Events) != len(e.Events) {
			t.Fatalf("round trip of %+v gave %+v", e, got)
		}
		for i := range e.Events {
			if !sameRecord(got.Events[i], e.Events[i]) && !(len(e.Events[i].Data) == 0 && len(got.Events[i].Data) == 0) {
				t.Fatalf("event %d: %+v, want %+v", i, got.Events[i], e.Events[i])
			}
		}
	}
}

// FuzzWALFrames: reading a log never panics, and the frames it accepts are whole.
func FuzzWALFrames(f *testing.F) {
	f.Add(appendFrame(nil, encodeWALEntry(nil, walEntry{ID: "a", Events: recs(1, 2)})))
	f.Add([]byte{})
	f.Add(make([]byte, 16))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, n, err := readFrames(data)
		if n > len(data) {
			t.Fatalf("read %d of %d bytes", n, len(data))
		}
		if err == nil {
			// What was accepted reads back the same once written again.
			var again []byte
			for _, e := range entries {
				again = appendFrame(again, encodeWALEntry(nil, e))
			}
			back, m, err := readFrames(again)
			if err != nil || m != len(again) || len(back) != len(entries) {
				t.Fatalf("%d entries written again read back as %d (%d of %d bytes): %v", len(entries), len(back), m, len(again), err)
			}
		}
	})
}

func TestRecordLen(t *testing.T) {
	for _, r := range []Record{
		{},
		{Seat: 127, CmdID: "c", Data: []byte(`{}`)},
		{Seat: 128, CmdID: string(make([]byte, 200)), Data: make([]byte, 1000)},
		{Seat: 1 << 31, CmdID: "0d9c1c9e-2f64-4d8e-8d5e-1f1f0e7c1a2b#2322bea898ef171b"},
	} {
		if got, want := recordLen(r), len(encodeRecord(r)); got != want || cap(encodeRecord(r)) != want {
			t.Errorf("recordLen of a record of seat %d, id %d and data %d bytes: %d, its encoding %d", r.Seat, len(r.CmdID), len(r.Data), got, want)
		}
	}
}
