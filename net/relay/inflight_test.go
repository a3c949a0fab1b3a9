package relay

import (
	"slices"
	"testing"
	"time"

	"impactkaarten/game"
	"impactkaarten/net/store"
)

// TestInflightAudience: groups queued and dropped in turn, each with the audience list
// left by one dropped before, keep their own audiences.
func TestInflightAudience(t *testing.T) {
	var f inflight
	want := map[uint64][]game.SeatID{}
	next := uint64(1)
	push := func(k int) {
		audience := make([]game.SeatID, 1+k%8)
		for i := range audience {
			audience[i] = game.SeatID(int(next)*10 + i)
		}
		want[next] = audience
		f.q = append(f.q, pendingGroup{start: time.Unix(0, int64(next)), audience: append(f.spareAudience(), audience...)})
		next++
	}
	for k := range 50 {
		push(k)
		if k%3 != 0 {
			push(k + 1)
		}
		for _, g := range f.q {
			n := uint64(g.start.UnixNano())
			if !slices.Equal(g.audience, want[n]) {
				t.Fatalf("step %d: group %d's audience is %v, want %v", k, n, g.audience, want[n])
			}
		}
		f.pop()
	}
}

// TestRetire: an answered append is given back for use again only once no append in
// flight refers to it — none was made after it while it was in flight, or that one's
// answer was read too.
func TestRetire(t *testing.T) {
	a, b, c := store.NewAppending(), store.NewAppending(), store.NewAppending()
	var f inflight
	// a, then a group with nothing to store, then b made with a as after, then c after b.
	f.q = []pendingGroup{{append: a}, {}, {append: b}, {append: c}}
	steps := []struct {
		answered *store.Appending
		free     [2]*store.Appending
	}{
		{a, [2]*store.Appending{nil, nil}}, // b refers to a
		{b, [2]*store.Appending{a, nil}},   // c refers to b
		{c, [2]*store.Appending{b, c}},     // none refers to c
	}
	for i, s := range steps {
		for f.q[0].append != s.answered {
			f.pop()
		}
		if got := f.retire(s.answered); got != s.free {
			t.Fatalf("step %d: retire gave back %v, want %v", i, got, s.free)
		}
		f.q[0].append = nil
		f.pop()
	}
	if f.held != nil {
		t.Fatal("an append is still held with none in flight")
	}
}
