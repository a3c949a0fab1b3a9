// Command oldstore wrote net/store/testdata/rooms-v1.db, a room database in the layout of
// the store before rooms had ids (rooms keyed by their join code, no "codes" bucket), for
// TestBoltMigratesRoomsWithoutIDs. It must run against that older store, so it lives here,
// where the go command does not build it. It was made so, from the repository's root, with
// the store of commit bf5dcb3509b6:
//
//	mkdir /tmp/old && git archive bf5dcb3509b6 | tar -x -C /tmp/old
//	mkdir /tmp/old/cmd/oldstore && cp net/store/testdata/oldstore/main.go /tmp/old/cmd/oldstore/
//	out="$PWD/net/store/testdata/rooms-v1.db"; (cd /tmp/old && go run ./cmd/oldstore "$out")
//
// Three rooms: K7P2QX with five events, a snapshot at 3 and a seat token; ABCDEF with only
// its initial snapshot; ZZZZZZ, created and deleted.
package main

import (
	"context"
	"fmt"
	"log"
	"os"

	bolt "go.etcd.io/bbolt"

	"impactkaarten/net/store"
)

func main() {
	out := os.Args[1]
	path := out + ".full"
	_ = os.Remove(path)
	_ = os.Remove(out)
	s, err := store.OpenBolt(path, store.BoltOptions{})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	must := func(err error) {
		if err != nil {
			log.Fatal(err)
		}
	}
	// K7P2QX: five events, a snapshot at 3 (in its own bucket), a seat token.
	must(s.Create(ctx, store.Meta{Code: "K7P2QX", CreatedAt: 1764000000000, LastActive: 1764000000000, RetentionDays: 30,
		FacilitatorHash: []byte("facilitator-hash"), SeatHashes: map[string][]byte{}}, store.Snapshot{N: 0, Data: []byte("state@0")}))
	for n := uint64(1); n <= 5; n++ {
		var meta *store.Meta
		if n == 5 {
			meta = &store.Meta{Code: "K7P2QX", CreatedAt: 1764000000000, LastActive: 1764000300000, RetentionDays: 30,
				FacilitatorHash: []byte("facilitator-hash"), SeatHashes: map[string][]byte{"1": []byte("seat-1-hash")}}
		}
		must(s.Append(ctx, "K7P2QX", []store.Record{{N: n, Seat: 1, CmdID: fmt.Sprintf("c%d", n), Data: []byte(fmt.Sprintf("event@%d", n))}}, meta))
		if n == 3 {
			must(s.PutSnapshot(ctx, "K7P2QX", store.Snapshot{N: 3, Data: []byte("state@3")}))
		}
	}
	// ABCDEF: only its initial snapshot.
	must(s.Create(ctx, store.Meta{Code: "ABCDEF", CreatedAt: 1764000000000, LastActive: 1764000000000}, store.Snapshot{N: 0, Data: []byte("empty@0")}))
	// ZZZZZZ: created and deleted.
	must(s.Create(ctx, store.Meta{Code: "ZZZZZZ", CreatedAt: 1764000000000, LastActive: 1764000000000}, store.Snapshot{N: 0, Data: []byte("gone@0")}))
	must(s.Delete(ctx, "ZZZZZZ"))
	must(s.Close())
	// The store's file is grown in large steps; a compacted copy is a few pages.
	src, err := bolt.Open(path, 0o600, nil)
	must(err)
	dst, err := bolt.Open(out, 0o600, nil)
	must(err)
	must(bolt.Compact(dst, src, 0))
	must(src.Close())
	must(dst.Close())
	must(os.Remove(path))
}
