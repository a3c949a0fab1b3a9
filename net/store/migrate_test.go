package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
)

// TestBoltMigratesRoomsWithoutIDs opens testdata/rooms-v1.db, written by the store from
// before rooms had ids (rooms keyed by their code; see testdata/oldstore/main.go for how it
// was made): every room gets an id and keeps everything else, the ids survive a reopen,
// and the rooms work as any other.
func TestBoltMigratesRoomsWithoutIDs(t *testing.T) {
	ctx := context.Background()
	orig, err := os.ReadFile(filepath.Join("testdata", "rooms-v1.db"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "impactkaarten.db")
	if err := os.WriteFile(path, orig, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := OpenBolt(path, BoltOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := s.Count(ctx); err != nil || n != 2 {
		t.Fatalf("count = %d, %v; want 2 (K7P2QX and ABCDEF)", n, err)
	}
	k := mustLoad(t, s, "K7P2QX")
	if _, err := uuid.Parse(k.Meta.ID); err != nil {
		t.Fatalf("K7P2QX has id %q: %v", k.Meta.ID, err)
	}
	if k.Meta.Code != "K7P2QX" || k.Meta.LastActive != 1764000300000 || string(k.Meta.SeatHashes["1"]) != "seat-1-hash" ||
		string(k.Meta.FacilitatorHash) != "facilitator-hash" || k.Meta.RetentionDays != 30 {
		t.Errorf("K7P2QX meta %+v", k.Meta)
	}
	if k.Snapshot.N != 3 || string(k.Snapshot.Data) != "state@3" {
		t.Errorf("K7P2QX snapshot %d %q, want 3 state@3", k.Snapshot.N, k.Snapshot.Data)
	}
	all, err := s.Events(ctx, "K7P2QX", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []Record{
		{N: 1, Seat: 1, CmdID: "c1", Data: []byte("event@1")}, {N: 2, Seat: 1, CmdID: "c2", Data: []byte("event@2")},
		{N: 3, Seat: 1, CmdID: "c3", Data: []byte("event@3")}, {N: 4, Seat: 1, CmdID: "c4", Data: []byte("event@4")},
		{N: 5, Seat: 1, CmdID: "c5", Data: []byte("event@5")},
	}
	sameRecords(t, "K7P2QX events", all, want)
	sameRecords(t, "K7P2QX loaded events", k.Events, want[3:])
	a := mustLoad(t, s, "ABCDEF")
	if a.Meta.ID == "" || a.Meta.ID == k.Meta.ID || string(a.Snapshot.Data) != "empty@0" {
		t.Errorf("ABCDEF: id %q (K7P2QX: %q), snapshot %q", a.Meta.ID, k.Meta.ID, a.Snapshot.Data)
	}
	if ok, err := s.Exists(ctx, "ZZZZZZ"); ok || err != nil {
		t.Errorf("the deleted room ZZZZZZ: exists %v, %v", ok, err)
	}
	// The file now has the new layout: rooms under their ids, and the codes index.
	err = s.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketRooms).Bucket([]byte("K7P2QX")) != nil || tx.Bucket(bucketRooms).Bucket([]byte(k.Meta.ID)) == nil {
			t.Error("K7P2QX is not stored under its id")
		}
		if got := string(tx.Bucket(bucketCodes).Get([]byte("ABCDEF"))); got != a.Meta.ID {
			t.Errorf("codes index: ABCDEF -> %q, want %q", got, a.Meta.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	mustAppend(t, s, "K7P2QX", []Record{{N: 6, Seat: 2, CmdID: "c6", Data: []byte("event@6")}}, nil)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// Reopened: migrated once, the ids stay.
	s = openTestBolt(t, path)
	if got := mustLoad(t, s, "K7P2QX"); got.Meta.ID != k.Meta.ID || len(got.Events) != 3 {
		t.Fatalf("after reopening: id %q (was %q), %d events after the snapshot", got.Meta.ID, k.Meta.ID, len(got.Events))
	}
	if got := mustLoad(t, s, "ABCDEF"); got.Meta.ID != a.Meta.ID {
		t.Fatalf("after reopening: ABCDEF id %q, was %q", got.Meta.ID, a.Meta.ID)
	}
}
