package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"impactkaarten/internal/redistest"
)

// TestRedis runs the conformance suite against a real redis-server: each case gets a key
// prefix of its own on one server.
func TestRedis(t *testing.T) {
	srv := redistest.Start(t)
	var n atomic.Int64
	testStore(t, func(t *testing.T) Store {
		return openTestRedis(t, srv, fmt.Sprintf("t%d:", n.Add(1)))
	})
}

func openTestRedis(t testing.TB, srv *redistest.Server, prefix string) *Redis {
	t.Helper()
	s, err := OpenRedis(context.Background(), srv.URL(), RedisOptions{Prefix: prefix})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// waitFor polls cond until it holds, failing the test after a generous deadline. It waits
// on what Redis says (a key gone, a lease taken), never on a guessed duration.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for backoff := time.Millisecond; !cond(); backoff = min(2*backoff, 20*time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(backoff)
	}
}

func TestRedisLeases(t *testing.T) {
	ctx := context.Background()
	srv := redistest.Start(t)
	s := openTestRedis(t, srv, "lease:")
	const ttl = time.Minute

	t.Run("two owners racing", func(t *testing.T) {
		nodes := []*Leases{s.Leases("node-a", ttl), s.Leases("node-b", ttl)}
		const rooms = 50
		for i := range rooms {
			mustCreate(t, s, fmt.Sprintf("RACE%02d", i))
		}
		var wg sync.WaitGroup
		won := make([][]Lease, len(nodes))
		for k, l := range nodes {
			wg.Go(func() {
				for i := range rooms {
					lease, err := l.Acquire(ctx, fmt.Sprintf("RACE%02d", i))
					switch {
					case err == nil:
						won[k] = append(won[k], lease)
					case !errors.Is(err, ErrHeld):
						t.Errorf("acquire: %v", err)
					}
				}
			})
		}
		wg.Wait()
		if got := len(won[0]) + len(won[1]); got != rooms {
			t.Fatalf("%d leases granted for %d rooms", got, rooms)
		}
		tokens := map[uint64]bool{}
		for k, leases := range won {
			for _, lease := range leases {
				if tokens[lease.Token] {
					t.Fatalf("token %d granted twice", lease.Token)
				}
				tokens[lease.Token] = true
				// The winner writes; the loser, posing with a token of its own, cannot.
				mustAppendFenced(t, s, lease, recs(1, 1))
				loser := Lease{Room: lease.Room, Node: nodes[1-k].node, Token: lease.Token + 1000}
				if err := s.AppendFenced(ctx, loser, recs(2, 2), nil); !errors.Is(err, ErrFenced) {
					t.Fatalf("the loser's append: %v, want ErrFenced", err)
				}
				if err := s.Append(ctx, lease.Room, recs(2, 2), nil); !errors.Is(err, ErrFenced) {
					t.Fatalf("an unfenced append to an owned room: %v, want ErrFenced", err)
				}
				if err := s.PutSnapshot(ctx, lease.Room, Snapshot{N: 1}); !errors.Is(err, ErrFenced) {
					t.Fatalf("an unfenced snapshot of an owned room: %v, want ErrFenced", err)
				}
				sameRecords(t, lease.Room, mustLoad(t, s, lease.Room).Events, recs(1, 1))
			}
		}
	})

	t.Run("expired lease cannot append", func(t *testing.T) {
		mustCreate(t, s, "EXP")
		a, b := s.Leases("node-a", ttl), s.Leases("node-b", ttl)
		la, err := a.Acquire(ctx, "EXP")
		if err != nil {
			t.Fatal(err)
		}
		mustAppendFenced(t, s, la, recs(1, 2))
		if _, err := b.Acquire(ctx, "EXP"); !errors.Is(err, ErrHeld) || !strings.Contains(err.Error(), "node-a") {
			t.Fatalf("acquiring a held room: %v, want ErrHeld naming node-a", err)
		}
		// node-a's last renew gave its lease a short time left, and then node-a was paused
		// past it: Redis drops the key.
		if err := s.Leases("node-a", 20*time.Millisecond).Renew(ctx, la); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the lease to expire", func() bool {
			_, ok, err := s.Holder(ctx, "EXP")
			return err == nil && !ok
		})
		meta := testMeta("EXP")
		meta.RetentionDays = 99
		if err := s.AppendFenced(ctx, la, recs(3, 3), &meta); !errors.Is(err, ErrFenced) {
			t.Fatalf("append with an expired lease: %v, want ErrFenced", err)
		}
		if err := s.PutSnapshotFenced(ctx, la, Snapshot{N: 2, Data: []byte("late")}); !errors.Is(err, ErrFenced) {
			t.Fatalf("snapshot with an expired lease: %v, want ErrFenced", err)
		}
		lb, err := b.Acquire(ctx, "EXP")
		if err != nil {
			t.Fatal(err)
		}
		if lb.Token <= la.Token {
			t.Fatalf("token %d after %d: tokens must grow", lb.Token, la.Token)
		}
		// Resumed, node-a still cannot write, renew or release: node-b owns the room.
		if err := s.AppendFenced(ctx, la, recs(3, 3), nil); !errors.Is(err, ErrFenced) {
			t.Fatalf("append after a takeover: %v, want ErrFenced", err)
		}
		if err := a.Renew(ctx, la); !errors.Is(err, ErrFenced) {
			t.Fatalf("renew after a takeover: %v, want ErrFenced", err)
		}
		if err := a.Release(ctx, la); !errors.Is(err, ErrFenced) {
			t.Fatalf("release after a takeover: %v, want ErrFenced", err)
		}
		mustAppendFenced(t, s, lb, recs(3, 4))
		l := mustLoad(t, s, "EXP")
		sameRecords(t, "log", l.Events, recs(1, 4))
		sameMeta(t, l.Meta, testMeta("EXP"))
		if h, ok, err := s.Holder(ctx, "EXP"); err != nil || !ok || h != lb {
			t.Fatalf("holder = %+v, %v, %v; want %+v", h, ok, err, lb)
		}
	})

	t.Run("renew and release", func(t *testing.T) {
		mustCreate(t, s, "REN")
		a, b := s.Leases("node-a", ttl), s.Leases("node-b", ttl)
		la, err := a.Acquire(ctx, "REN")
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Renew(ctx, la); err != nil {
			t.Fatal(err)
		}
		ttlLeft := srvPTTL(t, s, "REN")
		if ttlLeft <= 0 || ttlLeft > ttl {
			t.Fatalf("lease TTL after renew: %v", ttlLeft)
		}
		if err := a.Release(ctx, la); err != nil {
			t.Fatal(err)
		}
		if err := s.AppendFenced(ctx, la, recs(1, 1), nil); !errors.Is(err, ErrFenced) {
			t.Fatalf("append after release: %v", err)
		}
		lb, err := b.Acquire(ctx, "REN") // at once, without waiting for a TTL
		if err != nil {
			t.Fatal(err)
		}
		mustAppendFenced(t, s, lb, recs(1, 1))
		// Deleting the room drops its lease: its owner is fenced off at once.
		if err := s.Delete(ctx, "REN"); err != nil {
			t.Fatal(err)
		}
		mustCreate(t, s, "REN")
		if err := s.AppendFenced(ctx, lb, recs(1, 1), nil); !errors.Is(err, ErrFenced) {
			t.Fatalf("append by the owner of a deleted room: %v", err)
		}
	})

	t.Run("renew all", func(t *testing.T) {
		a, b := s.Leases("node-a", ttl), s.Leases("node-b", ttl)
		var held []Lease
		short := s.Leases("node-a", ttl/2) // what a's leases had left before RenewAll
		for i := range renewBatch + 200 {  // more than one batch
			lease, err := short.Acquire(ctx, fmt.Sprintf("ALL%04d", i))
			if err != nil {
				t.Fatal(err)
			}
			held = append(held, lease)
		}
		// One lease expires and is taken by node-b, another expires and stays free.
		for _, i := range []int{7, renewBatch + 100} {
			if err := s.Leases("node-a", 20*time.Millisecond).Renew(ctx, held[i]); err != nil {
				t.Fatal(err)
			}
			waitFor(t, "the lease to expire", func() bool {
				_, ok, err := s.Holder(ctx, held[i].Room)
				return err == nil && !ok
			})
		}
		if _, err := b.Acquire(ctx, held[7].Room); err != nil {
			t.Fatal(err)
		}
		// The script is known to Redis already (EVALSHA answers), as on a node's every
		// round but its first: what is counted is the renewal's own commands.
		if _, err := a.RenewAll(ctx, held[:1]); err != nil {
			t.Fatal(err)
		}
		before := scriptCalls(t, s)
		lost, err := a.RenewAll(ctx, held)
		if err != nil {
			t.Fatal(err)
		}
		// One script per thousand leases, however many leases.
		if n := scriptCalls(t, s) - before; n != 2 {
			t.Fatalf("RenewAll of %d leases ran %d scripts, want 2", len(held), n)
		}
		if len(lost) != 2 || lost[0] != held[7] || lost[1] != held[renewBatch+100] {
			t.Fatalf("lost %+v, want the leases of rooms 7 and %d", lost, renewBatch+100)
		}
		for _, i := range []int{0, renewBatch - 1, renewBatch, len(held) - 1} {
			if d := srvPTTL(t, s, held[i].Room); d <= ttl/2 {
				t.Fatalf("lease %d has %v left after RenewAll, want more than %v", i, d, ttl/2)
			}
		}
		if h, _, _ := s.Holder(ctx, held[7].Room); h.Node != "node-b" {
			t.Fatalf("RenewAll took a lease back: %+v", h)
		}
		// Of the rooms, only the one whose lease expired untaken is free.
		free, err := s.Unowned(ctx, []string{held[0].Room, held[7].Room, held[renewBatch+100].Room, "NOBODY"})
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{held[renewBatch+100].Room, "NOBODY"}; !slices.Equal(free, want) {
			t.Fatalf("Unowned = %v, want %v", free, want)
		}
	})

	t.Run("a lease without a token is refused", func(t *testing.T) {
		mustCreate(t, s, "ZERO")
		err := s.AppendFenced(ctx, Lease{Room: "ZERO", Node: "x"}, recs(1, 1), nil)
		if err == nil || errors.Is(err, ErrUnavailable) {
			t.Fatalf("append with token 0: %v", err)
		}
	})
}

// scriptCalls is how many scripts (EVALSHA and EVAL) Redis has run, from INFO
// commandstats: each is one round trip of the store's.
func scriptCalls(t *testing.T, s *Redis) int {
	t.Helper()
	info, err := s.c.Info(context.Background(), "commandstats").Result()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(info, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "cmdstat_evalsha:") && !strings.HasPrefix(line, "cmdstat_eval:") {
			continue
		}
		_, rest, _ := strings.Cut(line, "calls=")
		calls, _, _ := strings.Cut(rest, ",")
		c, err := strconv.Atoi(calls)
		if err != nil {
			t.Fatalf("INFO commandstats: %q: %v", line, err)
		}
		n += c
	}
	return n
}

func srvPTTL(t *testing.T, s *Redis, room string) time.Duration {
	t.Helper()
	d, err := s.c.PTTL(context.Background(), s.leaseKey(room)).Result()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mustAppendFenced(t *testing.T, s *Redis, l Lease, events []Record) {
	t.Helper()
	if err := s.AppendFenced(context.Background(), l, events, nil); err != nil {
		t.Fatalf("fenced append %s: %v", l.Room, err)
	}
}

// TestRedisTokensSurviveRestart: the fencing counter is in the AOF like everything else,
// so a token granted after Redis crashed and came back is larger than every token before.
func TestRedisTokensSurviveRestart(t *testing.T) {
	ctx := context.Background()
	srv := redistest.Start(t)
	s := openTestRedis(t, srv, "tok:")
	l := s.Leases("node-a", time.Minute)
	var last uint64
	for i := range 5 {
		lease, err := l.Acquire(ctx, fmt.Sprintf("T%d", i))
		if err != nil {
			t.Fatal(err)
		}
		last = lease.Token
	}
	srv.Kill()
	srv.Restart()
	// The connections died with the server; the first call may see that.
	var lease Lease
	waitFor(t, "the restarted server to grant a lease", func() bool {
		var err error
		lease, err = l.Acquire(ctx, "AFTER")
		return err == nil
	})
	if lease.Token <= last {
		t.Fatalf("token %d after a restart, %d before it", lease.Token, last)
	}
	// The leases themselves are stored too: the rooms are still owned.
	if _, err := l.Acquire(ctx, "T0"); !errors.Is(err, ErrHeld) {
		t.Fatalf("a lease from before the restart: %v, want ErrHeld", err)
	}
}

// TestRedisRestartLosesNothingAcknowledged kills redis-server (SIGKILL) three times while
// rooms append, and starts it again on the same directory each time: with appendfsync always, every append that
// was acknowledged is there afterwards, and the writers carry on where they were.
func TestRedisRestartLosesNothingAcknowledged(t *testing.T) {
	ctx := context.Background()
	srv := redistest.Start(t)
	s := openTestRedis(t, srv, "crash:")
	const rooms, perRoom = 8, 200
	acked := make([]atomic.Uint64, rooms)
	var total atomic.Int64
	for i := range rooms {
		mustCreate(t, s, fmt.Sprintf("C%d", i))
	}
	var wg sync.WaitGroup
	for i := range rooms {
		wg.Go(func() {
			code := fmt.Sprintf("C%d", i)
			for n := uint64(1); n <= perRoom; {
				// A failed append may or may not be stored (Redis died before or after
				// its fsync): the writer sends the same event again, which the store
				// recognises as done when it was.
				if err := s.Append(ctx, code, recs(n, n), nil); err != nil {
					if !errors.Is(err, ErrUnavailable) {
						t.Errorf("%s: append %d: %v", code, n, err)
						return
					}
					time.Sleep(5 * time.Millisecond) // pace the retries while Redis is down
					continue
				}
				acked[i].Store(n)
				total.Add(1)
				n++
			}
		})
	}
	check := openTestRedis(t, srv, "crash:")
	for crash := int64(1); crash <= 3; crash++ {
		waitFor(t, "appends before the crash", func() bool { return total.Load() >= crash*rooms*perRoom/4 })
		srv.Kill()
		high := make([]uint64, rooms)
		for i := range rooms {
			high[i] = acked[i].Load()
		}
		// While Redis is down, a command fails with a clear error and nothing is
		// acknowledged.
		err := s.Append(ctx, "C0", recs(high[0]+1, high[0]+1), nil)
		if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), srv.Addr()) {
			t.Errorf("append while Redis is down: %v, want ErrUnavailable naming %s", err, srv.Addr())
		}
		srv.Restart()
		// The writers carry on at once, so the log may be longer than it was: what was
		// acknowledged before the kill must be in it.
		for i := range rooms {
			code := fmt.Sprintf("C%d", i)
			var got []Record
			waitFor(t, "the log after the restart", func() bool {
				got, err = check.Events(ctx, code, 0, high[i])
				return err == nil
			})
			sameRecords(t, fmt.Sprintf("%s after restart %d", code, crash), got, recs(1, high[i]))
		}
	}
	wg.Wait()
	for i := range rooms {
		code := fmt.Sprintf("C%d", i)
		sameRecords(t, code, mustLoad(t, check, code).Events, recs(1, perRoom))
	}
	if t.Failed() {
		t.Log(srv.Log())
	}
}

// TestRedisUnreachable: a relay started while Redis is down gets a clear error at once.
func TestRedisUnreachable(t *testing.T) {
	srv := redistest.Start(t)
	srv.Kill()
	_, err := OpenRedis(context.Background(), srv.URL(), RedisOptions{})
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), srv.Addr()) {
		t.Fatalf("open with Redis down: %v, want ErrUnavailable naming %s", err, srv.Addr())
	}
	if _, err := OpenRedis(context.Background(), "http://"+srv.Addr(), RedisOptions{}); err == nil {
		t.Fatal("a URL that is not redis:// was accepted")
	}
}

// TestRedisPaused: while Redis is stalled (SIGSTOP), a call fails after the store's timeout
// with ErrUnavailable, and nothing is acknowledged. Redis may still apply the write when it
// resumes; the caller's retry of the same events then succeeds, and the log holds them once.
func TestRedisPaused(t *testing.T) {
	ctx := context.Background()
	srv := redistest.Start(t)
	s := openTestRedis(t, srv, "pause:")
	mustCreate(t, s, "P")
	mustAppend(t, s, "P", recs(1, 2), nil)
	// A store that gives up sooner than the default, for the call Redis will not answer.
	impatient, err := OpenRedis(ctx, srv.URL(), RedisOptions{Prefix: "pause:", Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer impatient.Close()
	srv.Pause()
	err = impatient.Append(ctx, "P", recs(3, 3), nil)
	srv.Resume()
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("append while Redis is paused: %v, want ErrUnavailable", err)
	}
	waitFor(t, "the retry to succeed", func() bool { return s.Append(ctx, "P", recs(3, 3), nil) == nil })
	mustAppend(t, s, "P", recs(4, 4), nil)
	sameRecords(t, "log", mustLoad(t, s, "P").Events, recs(1, 4))
}

func TestRedisHints(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	srv := redistest.Start(t)
	s := openTestRedis(t, srv, "hint:")
	for _, code := range []string{"A", "B", "C", "D"} {
		mustCreate(t, s, code)
	}
	h, err := s.Hints(ctx, "A", "B")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	next := func(want Hint) {
		t.Helper()
		got, err := h.Next(ctx)
		if err != nil || got != want {
			t.Fatalf("hint = %+v, %v; want %+v", got, err, want)
		}
	}
	mustAppend(t, s, "A", recs(1, 3), nil)
	next(Hint{Room: "A", N: 3})
	// The hint only wakes the reader; what it reads is the log.
	got, err := s.Events(ctx, "A", 0, 3)
	if err != nil {
		t.Fatal(err)
	}
	sameRecords(t, "A", got, recs(1, 3))
	// No hint for a room nobody subscribed to, for a repeated append (nothing new) or
	// for meta alone; hints of one publisher arrive in order, so B's comes next.
	mustAppend(t, s, "C", recs(1, 1), nil)
	mustAppend(t, s, "A", recs(3, 3), nil)
	meta := testMeta("A")
	mustAppend(t, s, "A", nil, &meta)
	mustAppend(t, s, "B", recs(1, 1), nil)
	next(Hint{Room: "B", N: 1})
	// Rooms can be added and removed on a running subscription; Add returns once Redis
	// has it, so D's next append is hinted.
	if err := h.Add(ctx, "D"); err != nil {
		t.Fatal(err)
	}
	if err := h.Remove(ctx, "A"); err != nil {
		t.Fatal(err)
	}
	mustAppend(t, s, "A", recs(4, 4), nil)
	mustAppend(t, s, "D", recs(1, 1), nil)
	next(Hint{Room: "D", N: 1})
	// A reader that falls behind gets one hint per room, with the newest number.
	mustAppend(t, s, "B", recs(2, 2), nil)
	mustAppend(t, s, "D", recs(2, 2), nil)
	mustAppend(t, s, "B", recs(3, 5), nil)
	mustAppend(t, s, "A", recs(5, 5), nil)
	waitFor(t, "the hints to arrive", func() bool {
		h.mu.Lock()
		defer h.mu.Unlock()
		return h.pending["B"] == 5 && h.pending["D"] == 2
	})
	next(Hint{Room: "B", N: 5})
	next(Hint{Room: "D", N: 2})
	// Hints sent while the subscription was down are lost: when it is back, every room
	// gets a hint without a number, which says "read the log".
	srv.Kill()
	srv.Restart()
	got1, err1 := h.Next(ctx)
	got2, err2 := h.Next(ctx)
	if err1 != nil || err2 != nil || got1.N != 0 || got2.N != 0 || got1.Room == got2.Room ||
		!slices.Contains([]string{"B", "D"}, got1.Room) || !slices.Contains([]string{"B", "D"}, got2.Room) {
		t.Fatalf("hints after Redis restarted: %+v %v, %+v %v; want B and D with N 0", got1, err1, got2, err2)
	}
	waitFor(t, "appends after the restart", func() bool { return s.Append(ctx, "D", recs(3, 3), nil) == nil })
	next(Hint{Room: "D", N: 3})
	cctx, ccancel := context.WithCancel(ctx)
	ccancel()
	if _, err := h.Next(cctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("next with a cancelled context: %v", err)
	}
}

func TestRedisForward(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	srv := redistest.Start(t)
	s := openTestRedis(t, srv, "fwd:")
	other := openTestRedis(t, srv, "fwd:") // the non-owner node, with its own connections

	// A command sent while the room has no owner is not answered.
	_, err := other.Forward(ctx, "R1", []byte("early"), 20*time.Millisecond)
	if !errors.Is(err, ErrNoAnswer) {
		t.Fatalf("forward without an owner: %v, want ErrNoAnswer", err)
	}
	// The owner serves two rooms from where their inboxes stood when it took them: the
	// unanswered command above is its sender's to resend.
	cursors := map[string]string{}
	for _, room := range []string{"R1", "R2"} {
		if cursors[room], err = s.InboxCursor(ctx, room); err != nil {
			t.Fatal(err)
		}
	}
	ownerCtx, stopOwner := context.WithCancel(ctx)
	var seen []string
	var owner sync.WaitGroup
	owner.Go(func() {
		for ownerCtx.Err() == nil {
			cmds, err := s.ReadInbox(ownerCtx, cursors, 100*time.Millisecond)
			if err != nil {
				if ownerCtx.Err() == nil {
					t.Errorf("read inbox: %v", err)
				}
				return
			}
			for _, f := range cmds {
				seen = append(seen, string(f.Body))
				if err := s.Answer(ownerCtx, f, []byte(f.Room+" did "+string(f.Body))); err != nil {
					t.Errorf("answer: %v", err)
				}
			}
		}
	})
	var senders sync.WaitGroup
	for i := range 20 {
		senders.Go(func() {
			room := []string{"R1", "R2"}[i%2]
			body := fmt.Sprintf("cmd-%d", i)
			got, err := other.Forward(ctx, room, []byte(body), 30*time.Second)
			if want := room + " did " + body; err != nil || string(got) != want {
				t.Errorf("forward %s: %q, %v; want %q", body, got, err, want)
			}
		})
	}
	senders.Wait()
	stopOwner()
	owner.Wait()
	if len(seen) != 20 {
		t.Fatalf("the owner saw %d commands, want 20: %v", len(seen), seen)
	}
	for _, body := range seen {
		if body == "early" {
			t.Fatal("the owner was handed a command from before it took the room")
		}
	}
	if err := s.Answer(ctx, Forwarded{Room: "R1", ReplyTo: "elsewhere"}, nil); err == nil {
		t.Fatal("answer to a key outside the store's prefix was accepted")
	}
}

// TestRedisForwardWaitsApart: forwarded requests waiting for their owner's answer hold
// connections of their own, not the pool the appends and answers need: with more requests
// waiting than that pool has connections, the store still reads and writes.
func TestRedisForwardWaitsApart(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	srv := redistest.Start(t)
	s, err := OpenRedis(ctx, srv.URL(), RedisOptions{Prefix: "wait:", PoolSize: 2, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	probe := redis.NewClient(&redis.Options{Addr: srv.Addr()})
	defer probe.Close()

	const waiting = 4 // more than PoolSize
	var senders sync.WaitGroup
	for range waiting {
		senders.Go(func() {
			// Nobody owns the room: each request waits its whole time for an answer.
			if _, err := s.Forward(ctx, "W1", []byte("cmd"), 5*time.Second); !errors.Is(err, ErrNoAnswer) {
				t.Errorf("forward: %v, want ErrNoAnswer", err)
			}
		})
	}
	waitFor(t, "every request waiting in Redis", func() bool {
		info, err := probe.Info(ctx, "clients").Result()
		return err == nil && strings.Contains(info, fmt.Sprintf("blocked_clients:%d\r", waiting))
	})
	// The pool of two is free for the store's own work meanwhile.
	if err := s.Create(ctx, testMeta("W2"), Snapshot{Data: []byte("initial")}); err != nil {
		t.Fatalf("create while %d requests wait: %v", waiting, err)
	}
	if err := s.Append(ctx, "W2", []Record{rec(1)}, nil); err != nil {
		t.Fatalf("append while %d requests wait: %v", waiting, err)
	}
	senders.Wait()
}

func FuzzRedisRecord(f *testing.F) {
	f.Add(encodeRedisRecord(rec(1)))
	f.Add(encodeRedisRecord(Record{N: 1 << 60, Seat: -1}))
	f.Add([]byte{1, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := decodeRedisRecord(b)
		if err != nil {
			return
		}
		back, err := decodeRedisRecord(encodeRedisRecord(r))
		if err != nil || !sameRecord(back, r) {
			t.Fatalf("round trip of %+v: %+v, %v", r, back, err)
		}
	})
}

func FuzzParseLease(f *testing.F) {
	f.Add("12 node-a")
	f.Add("1 host 4711")
	f.Add("x y")
	f.Fuzz(func(t *testing.T, v string) {
		l, err := parseLease("R", v)
		if err != nil {
			return
		}
		back, err := parseLease("R", l.value())
		if err != nil || back != l {
			t.Fatalf("round trip of %+v: %+v, %v", l, back, err)
		}
	})
}

// TestRedisOutOfMemory: when Redis reaches its memory limit (noeviction), appends fail with
// ErrUnavailable and are refused whole: the log stays consecutive and Load reads it. When
// memory is available again, appends carry on.
func TestRedisOutOfMemory(t *testing.T) {
	ctx := context.Background()
	srv := redistest.Start(t)
	s := openTestRedis(t, srv, "oom:")
	mustCreate(t, s, "M")
	info, err := s.c.Info(ctx, "memory").Result()
	if err != nil {
		t.Fatal(err)
	}
	var used int64
	for _, line := range strings.Split(info, "\r\n") {
		if v, ok := strings.CutPrefix(line, "used_memory:"); ok {
			used, _ = strconv.ParseInt(v, 10, 64)
		}
	}
	if err := s.c.ConfigSet(ctx, "maxmemory", strconv.FormatInt(used+4<<20, 10)).Err(); err != nil {
		t.Fatal(err)
	}
	big := make([]Record, 50) // some 50 kB per append
	n := uint64(1)
	for {
		for i := range big {
			big[i] = Record{N: n + uint64(i), CmdID: "c", Data: bytes.Repeat([]byte("x"), 1000)}
		}
		err := s.Append(ctx, "M", big, nil)
		if err != nil {
			if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "OOM") {
				t.Fatalf("append at the memory limit: %v, want ErrUnavailable saying OOM", err)
			}
			break
		}
		n += uint64(len(big))
		if n > 1_000_000 {
			t.Fatal("no memory limit reached")
		}
	}
	l := mustLoad(t, s, "M") // decodes every event and checks their numbers
	if got := uint64(len(l.Events)); got != n-1 {
		t.Fatalf("%d events stored, %d acknowledged", got, n-1)
	}
	if err := s.c.ConfigSet(ctx, "maxmemory", "0").Err(); err != nil {
		t.Fatal(err)
	}
	mustAppend(t, s, "M", recs(n, n), nil)
}
