package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
)

// The conformance suite: every Store implementation must pass it unchanged.

func TestMemory(t *testing.T) {
	testStore(t, func(t *testing.T) Store {
		s := NewMemory()
		t.Cleanup(func() { _ = s.Close() })
		return s
	})
}

func TestBolt(t *testing.T) {
	testStore(t, func(t *testing.T) Store {
		return openTestBolt(t, filepath.Join(t.TempDir(), "rooms.db"))
	})
}

func openTestBolt(t testing.TB, path string) *Bolt {
	t.Helper()
	s, err := OpenBolt(path, BoltOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func testMeta(code string) Meta {
	return Meta{
		Code: code, CreatedAt: 1_700_000_000_000, LastActive: 1_700_000_000_000, RetentionDays: 30,
		FacilitatorHash: []byte("facilitator-hash-32-bytes-long!!"),
		SeatHashes:      map[string][]byte{"1": []byte("seat-1-hash"), "2": []byte("seat-2-hash")},
	}
}

// rec is event n of a test log: its content depends on n, so a mix-up shows.
func rec(n uint64) Record {
	return Record{N: n, Seat: int(n % 8), CmdID: fmt.Sprintf("cmd-%d", n), Data: fmt.Appendf(nil, `{"v":%d,"type":"cardPlayed"}`, n)}
}

func recs(from, to uint64) []Record {
	var out []Record
	for n := from; n <= to; n++ {
		out = append(out, rec(n))
	}
	return out
}

func mustCreate(t *testing.T, s Store, code string) {
	t.Helper()
	if err := s.Create(context.Background(), testMeta(code), Snapshot{N: 0, Data: []byte("initial")}); err != nil {
		t.Fatalf("create %s: %v", code, err)
	}
}

func mustAppend(t *testing.T, s Store, code string, events []Record, meta *Meta) {
	t.Helper()
	if err := s.Append(context.Background(), code, events, meta); err != nil {
		t.Fatalf("append %s: %v", code, err)
	}
}

func mustLoad(t *testing.T, s Store, code string) *Loaded {
	t.Helper()
	l, err := s.Load(context.Background(), code)
	if err != nil {
		t.Fatalf("load %s: %v", code, err)
	}
	return l
}

func sameRecords(t *testing.T, what string, got, want []Record) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d events, want %d (%v)", what, len(got), len(want), numbers(got))
	}
	for i := range got {
		if !sameRecord(got[i], want[i]) {
			t.Fatalf("%s: event %d = %+v, want %+v", what, i, got[i], want[i])
		}
	}
}

func numbers(rs []Record) []uint64 {
	var out []uint64
	for _, r := range rs {
		out = append(out, r.N)
	}
	return out
}

// sameMeta compares metas; when want has no id, the id the store gave the room is not
// compared (the "ids" test checks ids).
func sameMeta(t *testing.T, got, want Meta) {
	t.Helper()
	if want.ID == "" {
		want.ID = got.ID
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("meta = %+v, want %+v", got, want)
	}
}

func testStore(t *testing.T, open func(t *testing.T) Store) {
	ctx := context.Background()
	tests := []struct {
		name string
		run  func(t *testing.T, s Store)
	}{
		{"create, exists, load", func(t *testing.T, s Store) {
			if ok, err := s.Exists(ctx, "K7P2QX"); err != nil || ok {
				t.Fatalf("exists before create = %v, %v", ok, err)
			}
			mustCreate(t, s, "K7P2QX")
			if ok, err := s.Exists(ctx, "K7P2QX"); err != nil || !ok {
				t.Fatalf("exists after create = %v, %v", ok, err)
			}
			l := mustLoad(t, s, "K7P2QX")
			sameMeta(t, l.Meta, testMeta("K7P2QX"))
			if l.Snapshot.N != 0 || string(l.Snapshot.Data) != "initial" || len(l.Events) != 0 {
				t.Fatalf("loaded %+v", l)
			}
		}},
		{"ids, and a code used again", func(t *testing.T, s Store) {
			meta := testMeta("A")
			meta.ID = "0193a5b2-7c1e-7d3f-9a2b-4c5d6e7f8091"
			if err := s.Create(ctx, meta, Snapshot{Data: []byte("first")}); err != nil {
				t.Fatal(err)
			}
			mustCreate(t, s, "B") // without an id: the store gives it one
			a, b := mustLoad(t, s, "A").Meta, mustLoad(t, s, "B").Meta
			if a.ID != meta.ID || b.ID == "" || b.ID == a.ID {
				t.Fatalf("ids %q and %q; want %q and a new one", a.ID, b.ID, meta.ID)
			}
			if _, err := uuid.Parse(b.ID); err != nil {
				t.Fatalf("the id the store gave: %v", err)
			}
			// The relay appends the meta it loaded, changed: the id stays.
			changed := mustLoad(t, s, "A").Meta
			changed.RetentionDays = 7
			mustAppend(t, s, "A", recs(1, 1), &changed)
			if got := mustLoad(t, s, "A").Meta; got.ID != meta.ID || got.RetentionDays != 7 {
				t.Fatalf("after an append: meta %+v", got)
			}
			// Deleted, the code is free for a new room with another id and nothing of the old.
			if err := s.Delete(ctx, "A"); err != nil {
				t.Fatal(err)
			}
			mustCreate(t, s, "A")
			l := mustLoad(t, s, "A")
			if l.Meta.ID == meta.ID || string(l.Snapshot.Data) != "initial" || len(l.Events) != 0 {
				t.Fatalf("the new room A: id %q (old %q), snapshot %q, %d events", l.Meta.ID, meta.ID, l.Snapshot.Data, len(l.Events))
			}
			if n, err := s.Count(ctx); err != nil || n != 2 {
				t.Fatalf("count = %d, %v; want 2", n, err)
			}
		}},
		{"create twice", func(t *testing.T, s Store) {
			mustCreate(t, s, "A")
			err := s.Create(ctx, testMeta("A"), Snapshot{Data: []byte("other")})
			if !errors.Is(err, ErrExists) {
				t.Fatalf("second create: %v, want ErrExists", err)
			}
			if l := mustLoad(t, s, "A"); string(l.Snapshot.Data) != "initial" {
				t.Fatalf("second create changed the room: %q", l.Snapshot.Data)
			}
		}},
		{"missing room", func(t *testing.T, s Store) {
			if _, err := s.Load(ctx, "NOPE"); !errors.Is(err, ErrNotFound) {
				t.Errorf("load: %v", err)
			}
			if err := s.Append(ctx, "NOPE", recs(1, 1), nil); !errors.Is(err, ErrNotFound) {
				t.Errorf("append: %v", err)
			}
			if _, err := s.Events(ctx, "NOPE", 0, 10); !errors.Is(err, ErrNotFound) {
				t.Errorf("events: %v", err)
			}
			if err := s.PutSnapshot(ctx, "NOPE", Snapshot{N: 1}); !errors.Is(err, ErrNotFound) {
				t.Errorf("snapshot: %v", err)
			}
		}},
		{"append and events", func(t *testing.T, s Store) {
			mustCreate(t, s, "A")
			mustAppend(t, s, "A", recs(1, 3), nil)
			mustAppend(t, s, "A", recs(4, 4), nil)
			mustAppend(t, s, "A", recs(5, 9), nil)
			sameRecords(t, "load", mustLoad(t, s, "A").Events, recs(1, 9))
			for _, c := range []struct{ after, upTo, from, to uint64 }{
				{0, 9, 1, 9}, {0, 100, 1, 9}, {3, 5, 4, 5}, {8, 9, 9, 9}, {9, 20, 1, 0}, {4, 4, 1, 0},
			} {
				got, err := s.Events(ctx, "A", c.after, c.upTo)
				if err != nil {
					t.Fatal(err)
				}
				sameRecords(t, fmt.Sprintf("events(%d, %d]", c.after, c.upTo), got, recs(c.from, c.to))
			}
		}},
		{"empty append", func(t *testing.T, s Store) {
			mustCreate(t, s, "A")
			mustAppend(t, s, "A", nil, nil)
			if l := mustLoad(t, s, "A"); len(l.Events) != 0 {
				t.Fatalf("events %v", numbers(l.Events))
			}
		}},
		{"conflicting append", func(t *testing.T, s Store) {
			mustCreate(t, s, "A")
			mustAppend(t, s, "A", recs(1, 5), nil)
			other := recs(5, 6)
			other[0].Data = []byte("a different event 5")
			for name, events := range map[string][]Record{
				"gap":               recs(7, 8),
				"old number":        recs(3, 4),
				"overlap":           recs(5, 6),
				"same n, new data":  other[:1],
				"overlap, new data": other,
			} {
				err := s.Append(ctx, "A", events, nil)
				if !errors.Is(err, ErrConflict) || errors.Is(err, ErrUnavailable) {
					t.Errorf("%s: %v, want ErrConflict", name, err)
				}
			}
			sameRecords(t, "after conflicts", mustLoad(t, s, "A").Events, recs(1, 5))
		}},
		{"repeated append is done, not a conflict", func(t *testing.T, s Store) {
			// A commit whose acknowledgement was lost (a failed fsync after the pages
			// were written) is retried by the relay with the same events.
			mustCreate(t, s, "A")
			mustAppend(t, s, "A", recs(1, 3), nil)
			mustAppend(t, s, "A", recs(4, 6), nil)
			mustAppend(t, s, "A", recs(4, 6), nil)
			sameRecords(t, "after repeat", mustLoad(t, s, "A").Events, recs(1, 6))
			mustAppend(t, s, "A", recs(7, 7), nil)
			sameRecords(t, "after next", mustLoad(t, s, "A").Events, recs(1, 7))
		}},
		{"bad batch is the caller's error", func(t *testing.T, s Store) {
			mustCreate(t, s, "A")
			for name, events := range map[string][]Record{
				"not consecutive": {rec(1), rec(3)},
				"number zero":     {rec(0)},
			} {
				err := s.Append(ctx, "A", events, nil)
				if err == nil || errors.Is(err, ErrUnavailable) || errors.Is(err, ErrConflict) {
					t.Errorf("%s: %v", name, err)
				}
			}
			if err := s.Create(ctx, Meta{}, Snapshot{}); err == nil || errors.Is(err, ErrUnavailable) {
				t.Errorf("create with empty code: %v", err)
			}
		}},
		{"meta in the same commit", func(t *testing.T, s Store) {
			mustCreate(t, s, "A")
			meta := testMeta("A")
			meta.LastActive += 60_000
			meta.SeatHashes["3"] = []byte("seat-3-hash")
			delete(meta.SeatHashes, "1")
			mustAppend(t, s, "A", recs(1, 2), &meta)
			l := mustLoad(t, s, "A")
			sameMeta(t, l.Meta, meta)
			sameRecords(t, "events", l.Events, recs(1, 2))
			mustAppend(t, s, "A", recs(3, 3), nil) // nil keeps the meta
			sameMeta(t, mustLoad(t, s, "A").Meta, meta)
			meta.RetentionDays = 7
			mustAppend(t, s, "A", nil, &meta) // meta alone
			sameMeta(t, mustLoad(t, s, "A").Meta, meta)
			// A conflicting append changes nothing, the meta included.
			bad := meta
			bad.RetentionDays = 99
			if err := s.Append(ctx, "A", recs(9, 9), &bad); !errors.Is(err, ErrConflict) {
				t.Fatalf("gap: %v", err)
			}
			sameMeta(t, mustLoad(t, s, "A").Meta, meta)
		}},
		{"snapshot", func(t *testing.T, s Store) {
			mustCreate(t, s, "A")
			mustAppend(t, s, "A", recs(1, 10), nil)
			if err := s.PutSnapshot(ctx, "A", Snapshot{N: 6, Data: []byte("state@6")}); err != nil {
				t.Fatal(err)
			}
			l := mustLoad(t, s, "A")
			if l.Snapshot.N != 6 || string(l.Snapshot.Data) != "state@6" {
				t.Fatalf("snapshot %d %q", l.Snapshot.N, l.Snapshot.Data)
			}
			sameRecords(t, "events after the snapshot", l.Events, recs(7, 10))
			all, err := s.Events(ctx, "A", 0, 10)
			if err != nil {
				t.Fatal(err)
			}
			sameRecords(t, "events are kept", all, recs(1, 10))
			// An older snapshot does not take the room back.
			if err := s.PutSnapshot(ctx, "A", Snapshot{N: 3, Data: []byte("state@3")}); err != nil {
				t.Fatal(err)
			}
			if l := mustLoad(t, s, "A"); l.Snapshot.N != 6 {
				t.Fatalf("older snapshot replaced the newer: %d", l.Snapshot.N)
			}
			// A snapshot beyond the log would skip events.
			if err := s.PutSnapshot(ctx, "A", Snapshot{N: 11}); !errors.Is(err, ErrConflict) {
				t.Fatalf("snapshot ahead of the log: %v", err)
			}
			// At the log's end: Load returns no events.
			if err := s.PutSnapshot(ctx, "A", Snapshot{N: 10, Data: []byte("state@10")}); err != nil {
				t.Fatal(err)
			}
			if l := mustLoad(t, s, "A"); l.Snapshot.N != 10 || len(l.Events) != 0 {
				t.Fatalf("snapshot %d, events %v", l.Snapshot.N, numbers(l.Events))
			}
			mustAppend(t, s, "A", recs(11, 11), nil)
			sameRecords(t, "after", mustLoad(t, s, "A").Events, recs(11, 11))
		}},
		{"delete", func(t *testing.T, s Store) {
			mustCreate(t, s, "A")
			mustCreate(t, s, "B")
			mustAppend(t, s, "A", recs(1, 5), nil)
			if err := s.Delete(ctx, "A"); err != nil {
				t.Fatal(err)
			}
			if ok, _ := s.Exists(ctx, "A"); ok {
				t.Fatal("exists after delete")
			}
			if _, err := s.Load(ctx, "A"); !errors.Is(err, ErrNotFound) {
				t.Fatalf("load after delete: %v", err)
			}
			if err := s.Delete(ctx, "A"); err != nil {
				t.Fatalf("second delete: %v", err)
			}
			if n, _ := s.Count(ctx); n != 1 {
				t.Fatalf("count %d", n)
			}
			// The code can be used again, with a fresh log.
			mustCreate(t, s, "A")
			if l := mustLoad(t, s, "A"); len(l.Events) != 0 {
				t.Fatalf("old events came back: %v", numbers(l.Events))
			}
			mustAppend(t, s, "A", recs(1, 1), nil)
			mustLoad(t, s, "B")
		}},
		{"expired", func(t *testing.T, s Store) {
			const day = 24 * 60 * 60 * 1000
			now := int64(100 * day)
			for _, r := range []struct {
				code       string
				lastActive int64
				days       int
			}{
				{"OLD", now - 31*day, 0},      // default 30 days: expired
				{"FRESH", now - 29*day, 0},    // default: kept
				{"SHORT", now - 2*day, 1},     // own retention 1 day: expired
				{"LONG", now - 300*day, 365},  // own retention 1 year: kept
				{"EDGE", now - 30*day, 0},     // exactly at the limit: kept
				{"AOLD", now - 30*day - 1, 0}, // a millisecond past: expired
			} {
				meta := testMeta(r.code)
				meta.LastActive, meta.RetentionDays = r.lastActive, r.days
				if err := s.Create(ctx, meta, Snapshot{}); err != nil {
					t.Fatal(err)
				}
			}
			got, err := s.Expired(ctx, now, 30)
			if err != nil {
				t.Fatal(err)
			}
			if want := []string{"AOLD", "OLD", "SHORT"}; !slices.Equal(got, want) {
				t.Fatalf("expired %v, want %v", got, want)
			}
			// LastActive moves with an append that carries the meta.
			meta := testMeta("OLD")
			meta.LastActive, meta.RetentionDays = now, 0
			mustAppend(t, s, "OLD", recs(1, 1), &meta)
			got, _ = s.Expired(ctx, now, 30)
			if want := []string{"AOLD", "SHORT"}; !slices.Equal(got, want) {
				t.Fatalf("expired %v, want %v", got, want)
			}
		}},
		{"count", func(t *testing.T, s Store) {
			for i := range 25 {
				if n, err := s.Count(ctx); err != nil || n != i {
					t.Fatalf("count = %d, %v, want %d", n, err, i)
				}
				mustCreate(t, s, fmt.Sprintf("R%02d", i))
			}
			_ = s.Create(ctx, testMeta("R00"), Snapshot{}) // exists: no change
			for i := range 5 {
				if err := s.Delete(ctx, fmt.Sprintf("R%02d", i)); err != nil {
					t.Fatal(err)
				}
			}
			_ = s.Delete(ctx, "R00") // gone already: no change
			if n, _ := s.Count(ctx); n != 20 {
				t.Fatalf("count %d, want 20", n)
			}
		}},
		{"concurrent appends to 100 rooms", func(t *testing.T, s Store) {
			const rooms, perRoom = 100, 20
			for i := range rooms {
				mustCreate(t, s, fmt.Sprintf("R%03d", i))
			}
			var wg sync.WaitGroup
			errs := make(chan error, rooms)
			for i := range rooms {
				wg.Go(func() {
					code := fmt.Sprintf("R%03d", i)
					for n := uint64(1); n <= perRoom; n++ {
						var meta *Meta
						if n%5 == 0 {
							m := testMeta(code)
							m.LastActive += int64(n)
							meta = &m
						}
						if err := s.Append(ctx, code, recs(n, n), meta); err != nil {
							errs <- err
							return
						}
						if n == perRoom/2 {
							if err := s.PutSnapshot(ctx, code, Snapshot{N: n, Data: []byte(code)}); err != nil {
								errs <- err
								return
							}
						}
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			for i := range rooms {
				code := fmt.Sprintf("R%03d", i)
				l := mustLoad(t, s, code)
				if l.Snapshot.N != perRoom/2 || string(l.Snapshot.Data) != code {
					t.Fatalf("%s: snapshot %d %q", code, l.Snapshot.N, l.Snapshot.Data)
				}
				sameRecords(t, code, l.Events, recs(perRoom/2+1, perRoom))
				if l.Meta.LastActive != testMeta(code).LastActive+perRoom {
					t.Fatalf("%s: meta %+v", code, l.Meta)
				}
				all, _ := s.Events(ctx, code, 0, perRoom)
				sameRecords(t, code, all, recs(1, perRoom))
			}
		}},
		{"data is copied in and out", func(t *testing.T, s Store) {
			meta := testMeta("A")
			snap := Snapshot{Data: []byte("initial")}
			if err := s.Create(ctx, meta, snap); err != nil {
				t.Fatal(err)
			}
			events := recs(1, 2)
			newMeta := testMeta("A")
			mustAppend(t, s, "A", events, &newMeta)
			snap2 := Snapshot{N: 1, Data: []byte("state@1")}
			if err := s.PutSnapshot(ctx, "A", snap2); err != nil {
				t.Fatal(err)
			}
			// Scribble over everything the caller handed in.
			meta.FacilitatorHash[0] ^= 0xff
			newMeta.FacilitatorHash[0] ^= 0xff
			newMeta.SeatHashes["1"][0] ^= 0xff
			newMeta.SeatHashes["9"] = []byte("x")
			snap.Data[0], snap2.Data[0] = 'X', 'X'
			for i := range events {
				events[i].Data[0] = 'X'
			}
			l := mustLoad(t, s, "A")
			sameMeta(t, l.Meta, testMeta("A"))
			if string(l.Snapshot.Data) != "state@1" {
				t.Fatalf("snapshot changed through the caller's slice: %q", l.Snapshot.Data)
			}
			sameRecords(t, "events", l.Events, recs(2, 2))
			// And over everything handed out.
			l.Meta.FacilitatorHash[0] ^= 0xff
			l.Meta.SeatHashes["2"][0] ^= 0xff
			l.Snapshot.Data[0] = 'X'
			l.Events[0].Data[0] = 'X'
			got, _ := s.Events(ctx, "A", 0, 2)
			got[0].Data[0] = 'X'
			l = mustLoad(t, s, "A")
			sameMeta(t, l.Meta, testMeta("A"))
			if string(l.Snapshot.Data) != "state@1" {
				t.Fatalf("snapshot changed through a returned slice: %q", l.Snapshot.Data)
			}
			sameRecords(t, "events", l.Events, recs(2, 2))
			got, _ = s.Events(ctx, "A", 0, 2)
			sameRecords(t, "events", got, recs(1, 2))
		}},
		{"cancelled context", func(t *testing.T, s Store) {
			mustCreate(t, s, "A")
			cctx, cancel := context.WithCancel(ctx)
			cancel()
			if err := s.Append(cctx, "A", recs(1, 1), nil); !errors.Is(err, context.Canceled) || errors.Is(err, ErrUnavailable) {
				t.Fatalf("append: %v", err)
			}
			if _, err := s.Load(cctx, "A"); !errors.Is(err, context.Canceled) {
				t.Fatalf("load: %v", err)
			}
			if l := mustLoad(t, s, "A"); len(l.Events) != 0 {
				t.Fatal("a cancelled append was stored")
			}
		}},
		{"errors name the room and the operation", func(t *testing.T, s Store) {
			mustCreate(t, s, "K7P2QX")
			err := s.Append(ctx, "K7P2QX", recs(5, 5), nil)
			for _, want := range []string{"append", "K7P2QX"} {
				if err == nil || !bytes.Contains([]byte(err.Error()), []byte(want)) {
					t.Fatalf("error %q does not say %q", err, want)
				}
			}
		}},
		{"decks", func(t *testing.T, s Store) {
			const h1, h2 = "0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"
			deck := []byte(`{"id":"digitaal-dna","cards":[]}`)
			if err := s.PutDeck(ctx, h1, deck, 1); err != nil {
				t.Fatal(err)
			}
			deck[2] = 'X' // the store keeps its own copy
			got, err := s.Deck(ctx, h1)
			if err != nil || string(got) != `{"id":"digitaal-dna","cards":[]}` {
				t.Fatalf("deck = %q, %v", got, err)
			}
			got[0] = 'X' // and hands out copies
			// A hash names one content: storing it again (another node, another process)
			// is harmless and keeps the deck.
			if err := s.PutDeck(ctx, h1, []byte(`{"id":"digitaal-dna","cards":[]}`), 2); err != nil {
				t.Fatalf("the same deck again: %v", err)
			}
			if got, _ := s.Deck(ctx, h1); string(got) != `{"id":"digitaal-dna","cards":[]}` {
				t.Fatalf("after storing it again: %q", got)
			}
			// Decks outlive the rooms that play them.
			mustCreate(t, s, "A")
			if err := s.Delete(ctx, "A"); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Deck(ctx, h1); err != nil {
				t.Fatalf("after deleting a room: %v", err)
			}
			for _, tc := range []struct {
				name, hash string
				want       error
			}{
				{"missing", h2, ErrNoDeck},
				{"empty hash", "", errBadInput},
				{"not hex", "../rooms", errBadInput},
				{"too long", strings.Repeat("a", 200), errBadInput},
			} {
				t.Run(tc.name, func(t *testing.T) {
					_, err := s.Deck(ctx, tc.hash)
					if !errors.Is(err, tc.want) || errors.Is(err, ErrUnavailable) {
						t.Fatalf("deck %q: %v, want %v and not unavailable", tc.hash, err, tc.want)
					}
					if tc.hash != "" && !strings.Contains(err.Error(), tc.hash) {
						t.Fatalf("error %q does not name the hash", err)
					}
					if tc.want == errBadInput {
						if err := s.PutDeck(ctx, tc.hash, deck, 1); !errors.Is(err, errBadInput) {
							t.Fatalf("put deck %q: %v, want bad input", tc.hash, err)
						}
					}
				})
			}
			if err := s.PutDeck(ctx, h2, nil, 1); !errors.Is(err, errBadInput) {
				t.Fatalf("put an empty deck: %v, want bad input", err)
			}
			cctx, cancel := context.WithCancel(ctx)
			cancel()
			if err := s.PutDeck(cctx, h2, deck, 1); !errors.Is(err, context.Canceled) {
				t.Fatalf("put deck, cancelled: %v", err)
			}
			if _, err := s.Deck(ctx, h2); !errors.Is(err, ErrNoDeck) {
				t.Fatalf("a refused deck was stored: %v", err)
			}
		}},
		{"unused decks", func(t *testing.T, s Store) {
			const used, unused, fresh, again = "0000000000000000000000000000000a", "0000000000000000000000000000000b",
				"0000000000000000000000000000000c", "0000000000000000000000000000000d"
			put := func(hash string, at int64) {
				t.Helper()
				if err := s.PutDeck(ctx, hash, []byte(`{"id":"d"}`), at); err != nil {
					t.Fatal(err)
				}
			}
			has := func(hash string) bool {
				t.Helper()
				_, err := s.Deck(ctx, hash)
				if err != nil && !errors.Is(err, ErrNoDeck) {
					t.Fatal(err)
				}
				return err == nil
			}
			sweep := func(before int64, want ...string) {
				t.Helper()
				got, err := s.DeleteUnusedDecks(ctx, before)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, want) {
					t.Fatalf("DeleteUnusedDecks(%d) = %q, want %q", before, got, want)
				}
				for _, h := range want {
					if has(h) {
						t.Fatalf("deck %s was reported deleted and is still stored", h)
					}
				}
			}
			put(used, 100)
			put(unused, 100)
			put(fresh, 1500)
			put(again, 100)
			put(again, 1200) // stored again: its time moves on
			put(again, 500)  // but never back
			meta := testMeta("A")
			meta.Decks = []string{used}
			if err := s.Create(ctx, meta, Snapshot{Data: []byte("initial")}); err != nil {
				t.Fatal(err)
			}
			// A room stored before rooms named their decks may need any of them.
			mustCreate(t, s, "B")
			sweep(1000)
			if err := s.Delete(ctx, "B"); err != nil {
				t.Fatal(err)
			}
			// Neither the deck a room names nor one stored since the time given goes.
			sweep(1000, unused)
			for _, h := range []string{used, fresh, again} {
				if !has(h) {
					t.Fatalf("deck %s was deleted", h)
				}
			}
			// A room's meta, changed by an append, names other decks.
			m := mustLoad(t, s, "A").Meta
			m.Decks = []string{fresh}
			mustAppend(t, s, "A", recs(1, 1), &m)
			sweep(2000, used, again)
			if !has(fresh) {
				t.Fatal("the deck the room names now was deleted")
			}
			// A deleted deck can be stored again.
			put(used, 2100)
			if !has(used) {
				t.Fatal("a deck stored again after its deletion is missing")
			}
			if err := s.Delete(ctx, "A"); err != nil {
				t.Fatal(err)
			}
			sweep(3000, used, fresh)
		}},
		{"closed", func(t *testing.T, s Store) {
			mustCreate(t, s, "A")
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatalf("second close: %v", err)
			}
			if err := s.Append(ctx, "A", recs(1, 1), nil); !errors.Is(err, ErrUnavailable) {
				t.Errorf("append after close: %v", err)
			}
			if _, err := s.Load(ctx, "A"); !errors.Is(err, ErrUnavailable) {
				t.Errorf("load after close: %v", err)
			}
			if _, err := s.Exists(ctx, "A"); !errors.Is(err, ErrUnavailable) {
				t.Errorf("exists after close: %v", err)
			}
			if _, err := s.Count(ctx); !errors.Is(err, ErrUnavailable) {
				t.Errorf("count after close: %v", err)
			}
			if err := s.Create(ctx, testMeta("B"), Snapshot{}); !errors.Is(err, ErrUnavailable) {
				t.Errorf("create after close: %v", err)
			}
			if err := s.PutDeck(ctx, "0a", []byte("{}"), 1); !errors.Is(err, ErrUnavailable) {
				t.Errorf("put deck after close: %v", err)
			}
			if _, err := s.Deck(ctx, "0a"); !errors.Is(err, ErrUnavailable) {
				t.Errorf("deck after close: %v", err)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.run(t, open(t))
		})
	}
}

// TestMemoryFaults checks the fault injection other packages' tests rely on.
func TestMemoryFaults(t *testing.T) {
	ctx := context.Background()
	s := NewMemory()
	mustCreate(t, s, "A")
	disk := errors.New("no space left on device")
	s.FailNext(disk)
	err := s.Append(ctx, "A", recs(1, 1), nil)
	if !errors.Is(err, ErrUnavailable) || !errors.Is(err, disk) {
		t.Fatalf("append with FailNext: %v", err)
	}
	if l := mustLoad(t, s, "A"); len(l.Events) != 0 {
		t.Fatal("a failed append was stored")
	}
	mustAppend(t, s, "A", recs(1, 1), nil) // FailNext fails one write only
	s.FailWrites(disk)
	for range 3 {
		if err := s.Append(ctx, "A", recs(2, 2), nil); !errors.Is(err, ErrUnavailable) {
			t.Fatalf("append with FailWrites: %v", err)
		}
	}
	if err := s.PutSnapshot(ctx, "A", Snapshot{N: 1}); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("snapshot with FailWrites: %v", err)
	}
	if _, err := s.Load(ctx, "A"); err != nil {
		t.Fatalf("reads keep working: %v", err)
	}
	s.FailWrites(nil)
	mustAppend(t, s, "A", recs(2, 2), nil)
	sameRecords(t, "after the disk came back", mustLoad(t, s, "A").Events, recs(1, 2))
}
