package host

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestRecentIDs: a seat's ring keeps exactly its last RecentPerSeat ids, oldest first in
// a snapshot, finds each by its exact bytes, and moves a command's version on for each of
// its events instead of taking it twice.
func TestRecentIDs(t *testing.T) {
	id := func(i int) string { return "0190f3c2-7a1b-7c3d-8e4f-" + strconv.Itoa(100000000000+i) }
	t.Run("keeps the last", func(t *testing.T) {
		var l recentIDs
		for i := 1; i <= 100; i++ {
			l.add(id(i), uint64(i), uint64(10*i))
		}
		for i := 1; i <= 100; i++ {
			rc, ok := l.find(id(i), idKey(id(i)))
			if want := i > 100-RecentPerSeat; ok != want {
				t.Fatalf("id %d found %v, want %v", i, ok, want)
			}
			if ok && (rc.ID != id(i) || rc.N != uint64(10*i) || rc.Sum != uint64(i)) {
				t.Fatalf("id %d: %+v", i, rc)
			}
		}
		got := l.list()
		if len(got) != RecentPerSeat || got[0].ID != id(100-RecentPerSeat+1) || got[len(got)-1].ID != id(100) {
			t.Fatalf("list: %d ids, from %q to %q", len(got), got[0].ID, got[len(got)-1].ID)
		}
		if !slices.IsSortedFunc(got, func(a, b Recent) int { return int(a.N) - int(b.N) }) {
			t.Fatal("list is not oldest first")
		}
	})
	t.Run("a command's later events", func(t *testing.T) {
		var l recentIDs
		l.add("a", 7, 5)
		l.add("a", 7, 6)
		l.add("b", 8, 7)
		if got := l.list(); len(got) != 2 || got[0] != (Recent{ID: "a", N: 6, Sum: 7}) {
			t.Fatalf("list: %+v", got)
		}
	})
	t.Run("exact bytes", func(t *testing.T) {
		var l recentIDs
		long := strings.Repeat("x", 64)
		l.add("a", 1, 1)
		l.add(long, 2, 2)
		l.add(long[:39], 3, 3)
		l.add(long[:40], 4, 4)
		l.add(long[:39]+"y", 5, 5)
		for _, c := range []struct {
			id   string
			want uint64
		}{{"a", 1}, {"ab", 0}, {"", 0}, {long, 2}, {long[:63], 0}, {long + "y", 0}, {long[:39], 3},
			{long[:40], 4}, {long[:39] + "y", 5}, {long[:39] + "z", 0}, {long[:38], 0}} {
			rc, ok := l.find(c.id, idKey(c.id))
			if ok != (c.want > 0) || rc.N != c.want {
				t.Errorf("find(%d bytes) = %+v, %v; want version %d", len(c.id), rc, ok, c.want)
			}
		}
	})
	t.Run("long ids whole in a snapshot", func(t *testing.T) {
		var l recentIDs
		long := strings.Repeat("0123456789", 6) // 60 bytes
		for i := range RecentPerSeat + 3 {
			l.add(long[:i%61], uint64(i), uint64(i)) // lengths 0 to 60, then short ones again
		}
		var back recentIDs
		for _, rc := range l.list() {
			back.add(rc.ID, rc.Sum, rc.N)
		}
		if got, want := back.list(), l.list(); !slices.Equal(got, want) {
			t.Fatalf("restored %+v, want %+v", got, want)
		}
		for i := 3; i < RecentPerSeat+3; i++ {
			id := long[:i%61]
			if rc, ok := back.find(id, idKey(id)); !ok || rc.ID != id {
				t.Errorf("id of %d bytes: %+v, %v", len(id), rc, ok)
			}
		}
	})
	t.Run("a full ring allocates nothing", func(t *testing.T) {
		var l recentIDs
		for i := range RecentPerSeat {
			l.add(id(i), 1, uint64(i))
		}
		ids := make([]string, 200)
		for i := range ids {
			ids[i] = id(RecentPerSeat + i)
		}
		i := 0
		if n := testing.AllocsPerRun(100, func() { l.add(ids[i], 1, uint64(i)); i++ }); n != 0 {
			t.Errorf("%v allocations per id", n)
		}
	})
}
