package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// TestAppendAfter: a room's appends made one after the other, none waited for, are
// stored in order; an append that does not continue them is refused at once.
func TestAppendAfter(t *testing.T) {
	ctx := context.Background()
	s, err := OpenBolt(filepath.Join(t.TempDir(), "rooms.db"), BoltOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustCreate(t, s, "A")
	var after *Appending
	var all []*Appending
	for n := uint64(1); n <= 3; n++ {
		after = s.AppendAfter(ctx, "A", []Record{rec(n)}, nil, after, nil)
		all = append(all, after)
	}
	bad := s.AppendAfter(ctx, "A", []Record{rec(5)}, nil, after, nil)
	if err := <-bad.Done(); !errors.Is(err, ErrConflict) {
		t.Fatalf("an append that skips event 4: %v, want ErrConflict", err)
	}
	for i, a := range all {
		if err := <-a.Done(); err != nil {
			t.Fatalf("append %d: %v", i+1, err)
		}
	}
	if l := mustLoad(t, s, "A"); len(l.Events) != 3 || l.Events[2].N != 3 {
		t.Fatalf("stored %d events, want 1..3", len(l.Events))
	}
	// The next append, made once the others are answered, continues from the store.
	if err := <-s.AppendAfter(ctx, "A", []Record{rec(4)}, nil, nil, nil).Done(); err != nil {
		t.Fatal(err)
	}
}

// TestLogRefusesAfterFailed: an append queued behind one of its room's that failed is
// answered with an error and not written, nor is the one behind it; other rooms' appends
// are written.
func TestLogRefusesAfterFailed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rooms.db")
	w, err := openWALLog(path, 1, 0, func(uint64, []*walReq) {})
	if err != nil {
		t.Fatal(err)
	}
	failed := &walReq{failed: true} // as the writer leaves an append it could not write
	a1 := w.enqueue("A", walEntry{ID: "a", Events: []Record{rec(1)}}, failed)
	a2 := w.enqueue("A", walEntry{ID: "a", Events: []Record{rec(2)}}, a1)
	b1 := w.enqueue("B", walEntry{ID: "b", Events: []Record{rec(1)}}, nil)
	for name, r := range map[string]*walReq{"A's first": a1, "A's second": a2} {
		if err := <-r.done; !errors.Is(err, ErrUnavailable) {
			t.Fatalf("%s append after a failed one: %v, want ErrUnavailable", name, err)
		}
		if r.after != nil {
			t.Fatalf("%s append still holds the one before it", name)
		}
	}
	if err := <-b1.done; err != nil {
		t.Fatalf("B's append: %v", err)
	}
	if err := w.stop(); err != nil {
		t.Fatal(err)
	}
	read, err := readWAL(path)
	if err != nil {
		t.Fatal(err)
	}
	entries := read.entries
	if len(entries) != 1 || entries[0].ID != "b" {
		t.Fatalf("the log holds %d entries (%+v), want B's only", len(entries), entries)
	}
}

// TestLogStopAnswersQueued: appends still queued when the log stops, and appends made
// after, are answered with ErrUnavailable; none is left waiting.
func TestLogStopAnswersQueued(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rooms.db")
	// The first group is written at once, the next not before an hour: the rest queue.
	w, err := openWALLog(path, 1, time.Hour, func(uint64, []*walReq) {})
	if err != nil {
		t.Fatal(err)
	}
	first := w.enqueue("A", walEntry{ID: "a", Events: []Record{rec(1)}}, nil)
	if err := <-first.done; err != nil {
		t.Fatal(err)
	}
	var queued []*walReq
	after := first
	for n := uint64(2); n <= 6; n++ {
		after = w.enqueue("A", walEntry{ID: "a", Events: []Record{rec(n)}}, after)
		queued = append(queued, after)
	}
	if err := w.stop(); err != nil {
		t.Fatal(err)
	}
	queued = append(queued, w.enqueue("A", walEntry{ID: "a", Events: []Record{rec(7)}}, nil))
	for i, r := range queued {
		if err := <-r.done; !errors.Is(err, ErrUnavailable) {
			t.Fatalf("append %d after the stop: %v, want ErrUnavailable", i+2, err)
		}
	}
}

// TestAppendInto: appends made in Appendings used again — each once its answer and the
// answer of the append made after it were read, as the relay does — are stored as new ones
// are, for rooms whose appends interleave; an Appending used again forgets its last use.
func TestAppendInto(t *testing.T) {
	ctx := context.Background()
	s := openTestBolt(t, filepath.Join(t.TempDir(), "rooms.db"))
	rooms := []string{"A", "B"}
	type room struct {
		inflight []*Appending // oldest first
		held     *Appending   // answered; the append made after it is not yet
		next     uint64
	}
	state := map[string]*room{}
	var free []*Appending
	take := func() *Appending {
		if len(free) == 0 {
			return NewAppending()
		}
		a := free[len(free)-1]
		free = free[:len(free)-1]
		return a
	}
	// settle reads the oldest answer of r and gives back what no append refers to.
	settle := func(r *room) {
		a := r.inflight[0]
		r.inflight = r.inflight[1:]
		if err := <-a.Done(); err != nil {
			t.Fatal(err)
		}
		if r.held != nil {
			free = append(free, r.held) // a was made after it, and is answered
			r.held = nil
		}
		if len(r.inflight) > 0 {
			r.held = a // the next one was made with a as after
		} else {
			free = append(free, a)
		}
	}
	for _, code := range rooms {
		mustCreate(t, s, code)
		state[code] = &room{next: 1}
	}
	for i := range 300 {
		r := state[rooms[i%2]]
		if len(r.inflight) == 3 || i%7 == 0 {
			for len(r.inflight) > 0 && (len(r.inflight) == 3 || i%14 == 0) {
				settle(r)
			}
		}
		var after *Appending
		if len(r.inflight) > 0 {
			after = r.inflight[len(r.inflight)-1]
		}
		into := take()
		a := s.AppendAfter(ctx, rooms[i%2], []Record{rec(r.next)}, nil, after, into)
		if a != into {
			t.Fatal("the append was not made in the Appending given")
		}
		r.inflight = append(r.inflight, a)
		r.next++
	}
	for _, code := range rooms {
		for len(state[code].inflight) > 0 {
			settle(state[code])
		}
		sameRecords(t, "room "+code, mustLoad(t, s, code).Events, recs(1, 150))
	}
	// Used again for an append refused at once, an Appending is no longer the room's
	// logged append: the next one continues from the store.
	a := take()
	if err := <-s.AppendAfter(ctx, "A", []Record{rec(200)}, nil, nil, a).Done(); !errors.Is(err, ErrConflict) {
		t.Fatalf("an append that skips events: %v, want ErrConflict", err)
	}
	if a.logged || a.id != "" {
		t.Fatalf("a refused append kept its last use: logged %v, id %q", a.logged, a.id)
	}
	if err := <-s.AppendAfter(ctx, "A", []Record{rec(151)}, nil, nil, a).Done(); err != nil {
		t.Fatal(err)
	}
}

// enqueue is enqueueInto with a new request and channel, which it returns: the tests'
// shorthand.
func (w *walLog) enqueue(code string, e walEntry, after *walReq) *walReq {
	r := new(walReq)
	w.enqueueInto(r, make(chan error, 1), code, e, after)
	return r
}
