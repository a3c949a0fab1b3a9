package store

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

func TestBoltReopenKeepsEverything(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rooms.db")
	s := openTestBolt(t, path)
	for i := range 10 {
		mustCreate(t, s, fmt.Sprintf("R%d", i))
	}
	meta := testMeta("R1")
	meta.RetentionDays = 3
	mustAppend(t, s, "R1", recs(1, 50), &meta)
	const hash = "00112233445566778899aabbccddeeff"
	if err := s.PutDeck(ctx, hash, []byte(`{"id":"d"}`), 1); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSnapshot(ctx, "R1", Snapshot{N: 40, Data: []byte("state@40")}); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "R9"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = openTestBolt(t, path)
	if n, _ := s.Count(ctx); n != 9 {
		t.Fatalf("count after reopen %d, want 9", n)
	}
	if ok, _ := s.Exists(ctx, "R9"); ok {
		t.Fatal("deleted room is back")
	}
	l := mustLoad(t, s, "R1")
	sameMeta(t, l.Meta, meta)
	if l.Snapshot.N != 40 || string(l.Snapshot.Data) != "state@40" {
		t.Fatalf("snapshot %d %q", l.Snapshot.N, l.Snapshot.Data)
	}
	sameRecords(t, "events after the snapshot", l.Events, recs(41, 50))
	all, _ := s.Events(ctx, "R1", 0, 50)
	sameRecords(t, "all events", all, recs(1, 50))
	mustAppend(t, s, "R1", recs(51, 51), nil)
	if d, err := s.Deck(ctx, hash); err != nil || string(d) != `{"id":"d"}` {
		t.Fatalf("deck after reopen: %q, %v", d, err)
	}
}

// durabilityChild is the child process of TestBoltDurabilityKill (TestMain runs it when
// STORE_KILL_CHILD_DB names the file): it appends to several rooms at once and prints every
// acknowledged event until it is killed.
func durabilityChild(path string) {
	ctx := context.Background()
	// STORE_KILL_CHILD_CHECKPOINT sets how often the write-ahead log is moved into bbolt,
	// so that kills also land in the middle of checkpoints.
	every, _ := time.ParseDuration(os.Getenv("STORE_KILL_CHILD_CHECKPOINT"))
	s, err := OpenBolt(path, BoltOptions{CheckpointEvery: every})
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(2)
	}
	var out sync.Mutex
	var wg sync.WaitGroup
	for r := range 16 {
		wg.Go(func() {
			code := fmt.Sprintf("K%02d", r)
			if ok, _ := s.Exists(ctx, code); !ok {
				if err := s.Create(ctx, testMeta(code), Snapshot{}); err != nil {
					fmt.Println("create:", err)
					os.Exit(2)
				}
			}
			l, err := s.Load(ctx, code)
			if err != nil {
				fmt.Println("load:", err)
				os.Exit(2)
			}
			next := l.Snapshot.N + uint64(len(l.Events)) + 1
			for n := next; ; n++ {
				var meta *Meta
				if n%7 == 0 {
					m := testMeta(code)
					m.LastActive = int64(n)
					meta = &m
				}
				if err := s.Append(ctx, code, []Record{killRec(code, n)}, meta); err != nil {
					fmt.Println("append:", err)
					os.Exit(2)
				}
				if n%25 == 0 {
					_ = s.PutSnapshot(ctx, code, Snapshot{N: n, Data: fmt.Appendf(nil, "%s@%d", code, n)})
				}
				out.Lock()
				fmt.Printf("ack %s %d\n", code, n) // os.Stdout is unbuffered: printed means acknowledged
				out.Unlock()
			}
		})
	}
	wg.Wait()
}

func killRec(code string, n uint64) Record {
	data := bytes.Repeat(fmt.Appendf(nil, "%s/%d;", code, n), 100)
	return Record{N: n, Seat: int(n % 8), CmdID: fmt.Sprintf("%s-%d", code, n), Data: data[:300]}
}

// TestBoltDurabilityKill SIGKILLs a process that is appending and checks that every event
// it acknowledged is in the file afterwards (with its write-ahead log), whole and in
// order, several times over the same file.
func TestBoltDurabilityKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	path := filepath.Join(t.TempDir(), "rooms.db")
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 4 {
		acked := map[string]uint64{}
		cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.count=1")
		// Half the rounds checkpoint every 2 ms: kills then fall in checkpoints too.
		every := "0"
		if round%2 == 0 {
			every = "2ms"
		}
		cmd.Env = append(os.Environ(), "STORE_KILL_CHILD_DB="+path, "STORE_KILL_CHILD_CHECKPOINT="+every)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		killAt := 200 + rng.IntN(800)
		sc := bufio.NewScanner(stdout)
		lines := 0
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) != 3 || f[0] != "ack" {
				t.Fatalf("child: %s", sc.Text())
			}
			n, _ := strconv.ParseUint(f[2], 10, 64)
			acked[f[1]] = max(acked[f[1]], n)
			if lines++; lines == killAt {
				_ = cmd.Process.Signal(syscall.SIGKILL)
			}
		}
		_ = cmd.Wait()
		if lines < killAt {
			t.Fatalf("round %d: child stopped after %d acknowledgements", round, lines)
		}

		s := openTestBolt(t, path)
		total := 0
		for code, last := range acked {
			all, err := s.Events(context.Background(), code, 0, ^uint64(0))
			if err != nil {
				t.Fatal(err)
			}
			if uint64(len(all)) < last {
				t.Fatalf("round %d: %s has %d events, but %d were acknowledged", round, code, len(all), last)
			}
			for i, e := range all {
				if want := killRec(code, uint64(i+1)); !sameRecord(e, want) {
					t.Fatalf("round %d: %s event %d is %+v", round, code, i+1, e)
				}
			}
			l := mustLoad(t, s, code)
			if got := l.Snapshot.N + uint64(len(l.Events)); got != uint64(len(all)) {
				t.Fatalf("round %d: %s loads to %d, log has %d", round, code, got, len(all))
			}
			total += len(all)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		t.Logf("round %d: killed after %d acknowledgements; %d events stored in %d rooms", round, lines, total, len(acked))
	}
}

func TestBoltSecondOpenFailsFast(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rooms.db")
	s := openTestBolt(t, path)
	mustCreate(t, s, "A")
	start := time.Now()
	s2, err := OpenBolt(path, BoltOptions{})
	took := time.Since(start)
	if err == nil {
		_ = s2.Close()
		t.Fatal("second open succeeded")
	}
	if !errors.Is(err, ErrInUse) || !errors.Is(err, bolterrors.ErrTimeout) {
		t.Fatalf("error %v does not wrap ErrInUse and bbolt's ErrTimeout", err)
	}
	if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, "another process") {
		t.Fatalf("error %q does not name the file and say another process holds it", msg)
	}
	t.Logf("second open refused after %v: %v", took.Round(time.Millisecond), err)
	mustLoad(t, s, "A") // the first is unaffected
}

// makeDB writes a database with enough rooms that damage lands in data pages too.
func makeDB(t *testing.T, path string, rooms int) {
	t.Helper()
	s := openTestBolt(t, path)
	for i := range rooms {
		code := fmt.Sprintf("R%03d", i)
		mustCreate(t, s, code)
		mustAppend(t, s, code, recs(1, 30), nil)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestBoltDamagedFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	makeDB(t, good, 40)
	orig, used := readUsed(t, good)
	// bbolt preallocates (16 MiB beyond the data); the pages past the high-water mark
	// hold nothing, so the cases work on the used part only.
	orig = orig[:used]
	pageSize := os.Getpagesize()
	flip := func(b []byte, offs ...int) []byte {
		for _, o := range offs {
			b[o] ^= 0x5a
		}
		return b
	}
	cases := map[string]func(b []byte) []byte{
		"truncated to half":            func(b []byte) []byte { return b[:used/2] },
		"truncated by one page":        func(b []byte) []byte { return b[:used-pageSize] },
		"truncated to the meta pages":  func(b []byte) []byte { return b[:2*pageSize] },
		"truncated inside a meta page": func(b []byte) []byte { return b[:pageSize+100] },
		"first 4 KiB zeroed":           func(b []byte) []byte { clear(b[:4096]); return b },
		"meta page 0 checksum flipped": func(b []byte) []byte { return flip(b, 16+60) },
		"meta page 0 txid flipped":     func(b []byte) []byte { return flip(b, 16+48) },
		"meta page 0 root flipped":     func(b []byte) []byte { return flip(b, 16+16) },
		"meta page 1 magic flipped":    func(b []byte) []byte { return flip(b, pageSize+16) },
		"meta page 1 pgid flipped":     func(b []byte) []byte { return flip(b, pageSize+16+41) },
		"meta page 1 header flipped":   func(b []byte) []byte { return flip(b, pageSize+8) },
		"both meta pages flipped":      func(b []byte) []byte { return flip(b, 16+20, pageSize+16+20) },
		"all zero":                     func(b []byte) []byte { clear(b); return b },
		"not a database":               func(b []byte) []byte { return bytes.Repeat([]byte("impactkaarten "), 1000) },
		"data pages zeroed":            func(b []byte) []byte { clear(b[2*pageSize : used/2]); return b },
		"data pages garbage": func(b []byte) []byte {
			rng := rand.New(rand.NewPCG(3, 4))
			for i := used / 4; i < used/2; i++ {
				b[i] = byte(rng.Uint32())
			}
			return b
		},
	}
	cases["undamaged, preallocation cut off"] = func(b []byte) []byte { return b }
	for name, damage := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".db")
			if err := os.WriteFile(path, damage(bytes.Clone(orig)), 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := OpenBolt(path, BoltOptions{})
			if name == "undamaged, preallocation cut off" {
				if err != nil {
					t.Fatal(err)
				}
				if n, _ := s.Count(context.Background()); n != 40 {
					t.Fatalf("%d rooms", n)
				}
				_ = s.Close()
				return
			}
			if err == nil {
				_ = s.Close()
				t.Fatal("a damaged file was opened")
			}
			if !errors.Is(err, ErrDamaged) {
				t.Fatalf("error %v does not wrap ErrDamaged", err)
			}
			msg := err.Error()
			for _, want := range []string{path, "damaged", "restore it from a backup or move it away"} {
				if !strings.Contains(msg, want) {
					t.Fatalf("error %q does not say %q", msg, want)
				}
			}
			t.Log(msg)
			// The file is released: moving it away and starting empty works at once.
			if err := os.Rename(path, path+".damaged"); err != nil {
				t.Fatal(err)
			}
			s = openTestBolt(t, path)
			if n, _ := s.Count(context.Background()); n != 0 {
				t.Fatalf("fresh file has %d rooms", n)
			}
		})
	}
}

// readUsed returns a database file's bytes and its high-water mark in bytes (the
// file is longer: bbolt preallocates).
func readUsed(t *testing.T, path string) ([]byte, int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var used int
	_ = db.View(func(tx *bolt.Tx) error { used = int(tx.Size()); return nil })
	return b, used
}

// TestBoltRandomDamageNeverCrashes flips random bytes all over a database: opening must
// return (an error or a store whose every room loads), never panic or fault. Damage
// inside an event's data cannot be seen (bbolt has no page checksums) and may pass.
func TestBoltRandomDamageNeverCrashes(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	makeDB(t, good, 40)
	orig, used := readUsed(t, good)
	orig = orig[:used]
	rng := rand.New(rand.NewPCG(5, 6))
	refused := 0
	const rounds = 60
	for i := range rounds {
		b := bytes.Clone(orig)
		for range 1 + rng.IntN(8) {
			b[rng.IntN(len(b))] ^= byte(1 + rng.IntN(255))
		}
		path := filepath.Join(dir, fmt.Sprintf("r%d.db", i))
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := OpenBolt(path, BoltOptions{})
		if err != nil {
			if !errors.Is(err, ErrDamaged) {
				t.Fatalf("round %d: %v", i, err)
			}
			refused++
			continue
		}
		for r := range 40 {
			_, _ = s.Load(context.Background(), fmt.Sprintf("R%03d", r))
		}
		_ = s.Close()
	}
	t.Logf("%d of %d randomly damaged files refused, the rest opened and loaded", refused, rounds)
}

// TestBoltDiskFull fills the disk with appends, frees space, and checks that the store
// kept everything acknowledged and nothing else, and works again without a reopen.
// Through the write-ahead log, the appends fill the disk with the log; freeing space must
// then leave room for a checkpoint to write them into bbolt (a second copy, after which
// the log's segments are removed), hence the larger filler.
func TestBoltDiskFull(t *testing.T) {
	for _, tc := range []struct {
		name   string
		opts   BoltOptions
		size   string
		filler int
	}{
		{"bbolt", BoltOptions{NoWAL: true}, "4m", 1 << 20},
		{"wal", BoltOptions{}, "8m", 6 << 20},
	} {
		t.Run(tc.name, func(t *testing.T) { testBoltDiskFull(t, tc.opts, tc.size, tc.filler) })
	}
}

func testBoltDiskFull(t *testing.T, opts BoltOptions, size string, fillerSize int) {
	ctx := context.Background()
	dir := t.TempDir()
	mountTmpfs(t, dir, size)
	// A filler file takes part of the space, so freeing space later is removing it.
	filler := filepath.Join(dir, "filler")
	if err := os.WriteFile(filler, make([]byte, fillerSize), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "rooms.db")
	s, err := OpenBolt(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustCreate(t, s, "A")
	mustCreate(t, s, "B")
	big := func(n uint64) Record {
		r := rec(n)
		r.Data = bytes.Repeat([]byte{byte(n)}, 64<<10)
		return r
	}
	var last uint64
	var full error
	for n := uint64(1); n < 1000; n++ {
		if full = s.Append(ctx, "A", []Record{big(n)}, nil); full != nil {
			break
		}
		last = n
	}
	if full == nil {
		t.Fatal("the disk never filled up")
	}
	if !errors.Is(full, ErrUnavailable) {
		t.Fatalf("append on a full disk: %v, want ErrUnavailable", full)
	}
	t.Logf("full after %d events of 64 KiB: %v", last, full)
	// Nothing of the failed append is stored; everything before it is; reads work.
	l := mustLoad(t, s, "A")
	if len(l.Events) != int(last) {
		t.Fatalf("%d events stored, %d acknowledged", len(l.Events), last)
	}
	if ok, err := s.Exists(ctx, "B"); !ok || err != nil {
		t.Fatalf("exists on a full disk: %v %v", ok, err)
	}
	// The store stays usable while full: other writes fail the same way, or fit into
	// pages the failed commit left allocated, until the disk is full again.
	var lastB uint64
	for n := uint64(1); ; n++ {
		err := s.Append(ctx, "B", []Record{big(n)}, nil)
		if err == nil {
			lastB = n
			continue
		}
		if !errors.Is(err, ErrUnavailable) {
			t.Fatalf("append to B on a full disk: %v", err)
		}
		break
	}
	// Free space: writes work again, without reopening.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	mustAppend(t, s, "A", []Record{big(last + 1)}, nil)
	mustAppend(t, s, "B", []Record{big(lastB + 1)}, nil)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// And the file is whole: a reopen runs the full check.
	s = openTestBolt(t, path)
	if l := mustLoad(t, s, "A"); len(l.Events) != int(last)+1 {
		t.Fatalf("after reopen: %d events, want %d", len(l.Events), last+1)
	}
	if err := fullCheck(s.db); err != nil {
		t.Fatalf("check after disk full: %v", err)
	}
}

// fillRooms writes rooms rooms of events events (~300 bytes each) with a snapshot at
// three quarters of the log, straight through bbolt in large transactions: far faster
// than one commit per event, and the same layout.
func fillRooms(tb testing.TB, path string, rooms, events int) {
	tb.Helper()
	s, err := OpenBolt(path, BoltOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	defer s.Close()
	data := bytes.Repeat([]byte("x"), 260)
	snapData := bytes.Repeat([]byte("s"), 8<<10)
	const perTx = 50
	for start := 0; start < rooms; start += perTx {
		err := s.db.Update(func(tx *bolt.Tx) error {
			top, codes := tx.Bucket(bucketRooms), tx.Bucket(bucketCodes)
			for i := start; i < min(start+perTx, rooms); i++ {
				code := fmt.Sprintf("R%04d", i)
				meta := testMeta(code)
				meta.ID = newRoomID()
				rb, err := top.CreateBucket([]byte(meta.ID))
				if err != nil {
					return err
				}
				if err := codes.Put([]byte(code), []byte(meta.ID)); err != nil {
					return err
				}
				evb, err := rb.CreateBucket(bucketEvents)
				if err != nil {
					return err
				}
				evb.FillPercent = 0.9 // appended in order: pack the pages
				for n := uint64(1); n <= uint64(events); n++ {
					r := Record{N: n, Seat: int(n % 8), CmdID: fmt.Sprintf("c%08d", n), Data: data}
					if err := evb.Put(eventKey(n), encodeRecord(r)); err != nil {
						return err
					}
				}
				if err := putMeta(rb, meta); err != nil {
					return err
				}
				if err := rb.Put(keySnap, encodeSnap(Snapshot{N: uint64(events * 3 / 4), Data: snapData})); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
}

// TestBoltRestartWith1000Rooms reports how long a relay's restart takes with 1,000 stored
// rooms: open (with its checks) and the first Load. docs/design.md's budgets ask for
// serving within 200 ms; BenchmarkOpenLoad measures it without the race detector, and
// scripts/load.sh restart the relay's whole restart after kill -9.
func TestBoltRestartWith1000Rooms(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 60 MB")
	}
	path := filepath.Join(t.TempDir(), "rooms.db")
	fillRooms(t, path, 1000, 200)
	info, _ := os.Stat(path)
	start := time.Now()
	s := openTestBolt(t, path)
	opened := time.Since(start)
	l := mustLoad(t, s, "R0500")
	loaded := time.Since(start)
	if n, _ := s.Count(context.Background()); n != 1000 {
		t.Fatalf("count %d", n)
	}
	if l.Snapshot.N != 150 || len(l.Events) != 50 {
		t.Fatalf("loaded snapshot %d and %d events", l.Snapshot.N, len(l.Events))
	}
	t.Logf("1,000 rooms, %.1f MB: open %v, open + first load %v (race detector: %v)",
		float64(info.Size())/1e6, opened.Round(time.Millisecond), loaded.Round(time.Millisecond), raceEnabled)
}

// TestBoltCountIsCheap: Count must not walk the rooms (the relay calls it on every create).
func TestBoltCountIsCheap(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rooms.db")
	fillRooms(t, path, 1000, 1)
	s := openTestBolt(t, path)
	// Cheap means no transaction at all, which bbolt counts; the time is only reported.
	txs := s.db.Stats().TxN
	start := time.Now()
	for range 1000 {
		if n, _ := s.Count(context.Background()); n != 1000 {
			t.Fatalf("count %d", n)
		}
	}
	if n := s.db.Stats().TxN - txs; n != 0 {
		t.Fatalf("1,000 counts opened %d read transactions, want none", n)
	}
	t.Logf("count with 1,000 rooms: %v a call", time.Since(start)/1000)
}

// TestBoltSnapshotOfOlderFile: a file from before the "snapshot" bucket keeps each room's
// snapshot in the room's own bucket; it is read from there, and the next snapshot moves
// it into the bucket (and removes the old key), with nothing lost across a reopen.
func TestBoltSnapshotOfOlderFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rooms.db")
	fillRooms(t, path, 2, 8) // the older layout: snapshot at 6, in the room's bucket
	s := openTestBolt(t, path)
	if l := mustLoad(t, s, "R0001"); l.Snapshot.N != 6 || len(l.Events) != 2 {
		t.Fatalf("older file: snapshot %d and %d events", l.Snapshot.N, len(l.Events))
	}
	if err := s.PutSnapshot(ctx, "R0001", Snapshot{N: 8, Data: []byte("state@8")}); err != nil {
		t.Fatal(err)
	}
	// The file had no "decks" bucket: opening made one.
	if err := s.PutDeck(ctx, "abcd", []byte(`{"id":"d"}`), 1); err != nil {
		t.Fatalf("a deck in an older file: %v", err)
	}
	err := s.db.View(func(tx *bolt.Tx) error {
		rb := roomBucket(tx, "R0001")
		if rb.Get(keySnap) != nil || rb.Bucket(bucketSnap) == nil {
			t.Error("the snapshot was not moved into its bucket")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTestBolt(t, path)
	if l := mustLoad(t, s, "R0001"); l.Snapshot.N != 8 || string(l.Snapshot.Data) != "state@8" || len(l.Events) != 0 {
		t.Fatalf("after the move: snapshot %d %q and %d events", l.Snapshot.N, l.Snapshot.Data, len(l.Events))
	}
	if l := mustLoad(t, s, "R0000"); l.Snapshot.N != 6 {
		t.Fatalf("untouched room: snapshot %d", l.Snapshot.N)
	}
	mustAppend(t, s, "R0001", []Record{rec(9)}, nil)
}

// TestBoltOpenChecksWhatALoadReads: opening decodes a room's events after its snapshot,
// which loading it reads, and refuses the file when one is damaged; an event before the
// snapshot is history the relay never reads back, and a damaged one there does not keep
// the other rooms, or this one, from being served.
func TestBoltOpenChecksWhatALoadReads(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rooms.db")
	s := openTestBolt(t, path)
	mustCreate(t, s, "A")
	mustAppend(t, s, "A", recs(1, 6), nil)
	if err := s.PutSnapshot(ctx, "A", Snapshot{N: 3, Data: []byte("at three")}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// damage writes event n of room A as a value that does not decode (its seat's varint
	// runs past ten bytes), in a copy of the file, and returns the copy's path.
	damage := func(t *testing.T, n uint64) string {
		t.Helper()
		p := filepath.Join(t.TempDir(), "rooms.db")
		if err := os.WriteFile(p, good, 0o600); err != nil {
			t.Fatal(err)
		}
		db, err := bolt.Open(p, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		err = db.Update(func(tx *bolt.Tx) error {
			return roomBucket(tx, "A").Bucket(bucketEvents).Put(eventKey(n), bytes.Repeat([]byte{0xff}, 11))
		})
		if cerr := db.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	t.Run("before the snapshot", func(t *testing.T) {
		s, err := OpenBolt(damage(t, 2), BoltOptions{})
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		defer s.Close()
		l := mustLoad(t, s, "A")
		if l.Snapshot.N != 3 || len(l.Events) != 3 || l.Events[0].N != 4 {
			t.Fatalf("loaded snapshot %d and %d events from %v, want 3 and events 4 to 6", l.Snapshot.N, len(l.Events), l.Events)
		}
	})
	t.Run("after the snapshot", func(t *testing.T) {
		_, err := OpenBolt(damage(t, 5), BoltOptions{})
		if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "event 5") {
			t.Fatalf("open: %v, want ErrDamaged naming event 5", err)
		}
	})
}
