package store

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestWALPreparedSegments: once a spare is ready, the log's next segment is that file,
// as long as it was prepared and holding zeros after its frames; reading the log gives
// every entry, in order, whether such a segment is the newest or an older one. The spare
// being prepared when the log stops is removed.
func TestWALPreparedSegments(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rooms.db")
	w, err := openWALLog(path, 1, 0, func(uint64, []*walReq) {})
	if err != nil {
		t.Fatal(err)
	}
	n := uint64(0)
	appendOne := func() {
		t.Helper()
		n++
		if err := <-w.enqueue("A", walEntry{ID: "a", Events: []Record{rec(n)}}, nil).done; err != nil {
			t.Fatal(err)
		}
	}
	// Segments begin until one begins from a prepared file (the first spare is prepared
	// when the log opens; a segment that begins before it is ready is an ordinary file).
	var prepared uint64
	for prepared == 0 {
		appendOne()
		turn := w.next()
		if turn.err != nil {
			t.Fatal(turn.err)
		}
		info, err := os.Stat(segmentName(path, turn.last+1))
		if err != nil {
			t.Fatal(err)
		}
		if info.Size() >= minSpare {
			prepared = turn.last + 1
		} else if info.Size() != 0 {
			t.Fatalf("segment %d began %d bytes long", turn.last+1, info.Size())
		}
	}
	appendOne()
	appendOne()
	// Now an older segment, its zeros after its frames; the next is written too.
	if turn := w.next(); turn.err != nil || turn.last != prepared {
		t.Fatalf("turn after segment %d: %+v", prepared, turn)
	}
	appendOne()
	if err := w.stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + "-wal-spare"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the spare after the log stopped: %v, want none", err)
	}
	read, err := readWAL(path)
	if err != nil {
		t.Fatal(err)
	}
	entries := read.entries
	if uint64(len(entries)) != n {
		t.Fatalf("read %d entries, want %d", len(entries), n)
	}
	for i, e := range entries {
		if e.ID != "a" || len(e.Events) != 1 || e.Events[0].N != uint64(i+1) {
			t.Fatalf("entry %d: %+v", i, e)
		}
	}
}

func TestSpareSize(t *testing.T) {
	for _, tc := range []struct{ used, want int64 }{
		{0, minSpare},
		{minSpare / 2, minSpare},
		{3 << 20, 6 << 20},
		{maxSpare, maxSpare},
	} {
		if got := spareSize(tc.used); got != tc.want {
			t.Errorf("spareSize(%d) = %d, want %d", tc.used, got, tc.want)
		}
	}
}
