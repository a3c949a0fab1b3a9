package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"impactkaarten/net/store"
)

// How a node of a cluster uses the Redis store for one room: take the room's lease, load
// it, commit under the lease, and stop serving it the moment the lease is lost. A node that
// does not own the room forwards commands to the owner and follows the room's log through
// the hints. (Compiled, not run: it needs a Redis.)
func ExampleLeases() {
	ctx := context.Background()
	s, err := store.OpenRedis(ctx, os.Getenv("IMPACTKAARTEN_REDIS"), store.RedisOptions{})
	if err != nil {
		fmt.Println(err) // store.ErrUnavailable: Redis does not answer
		return
	}
	defer s.Close()
	host, _ := os.Hostname()
	leases := s.Leases(fmt.Sprintf("%s/%d", host, os.Getpid()), 3*time.Second)

	lease, err := leases.Acquire(ctx, "K7P2QX")
	if errors.Is(err, store.ErrHeld) {
		// Another node owns the room: hand the command to it, and follow the log.
		answer, err := s.Forward(ctx, "K7P2QX", []byte(`{"type":"vote"}`), 5*time.Second)
		fmt.Println(string(answer), err) // store.ErrNoAnswer: resend with the same command id
		hints, err := s.Hints(ctx, "K7P2QX")
		if err != nil {
			return
		}
		defer hints.Close()
		h, _ := hints.Next(ctx)
		news, _ := s.Events(ctx, h.Room, 41, h.N) // the events after the last one sent
		fmt.Println(len(news))
		return
	}
	if err != nil {
		return
	}
	room, err := s.Load(ctx, lease.Room)
	if err != nil {
		return
	}
	next := room.Snapshot.N + uint64(len(room.Events)) + 1
	err = s.AppendFenced(ctx, lease, []store.Record{{N: next, CmdID: "c1", Data: []byte(`{}`)}}, nil)
	if errors.Is(err, store.ErrFenced) {
		return // another node owns the room now: close its connections, the clients reconnect
	}
	// Every second, for all the rooms this node owns:
	lost, _ := leases.RenewAll(ctx, []store.Lease{lease})
	fmt.Println(len(lost)) // stop serving these
	// Commands other nodes forward, from the moment the room was taken:
	cursors := map[string]string{}
	cursors[lease.Room], _ = s.InboxCursor(ctx, lease.Room)
	cmds, _ := s.ReadInbox(ctx, cursors, time.Second)
	for _, c := range cmds {
		_ = s.Answer(ctx, c, []byte(`{"ok":true}`))
	}
	_ = leases.Release(ctx, lease) // on shutdown: another node may take the room at once
}
