package host

import (
	"slices"
	"unsafe"
)

// recentIDs is one seat's last RecentPerSeat committed command ids, the oldest replaced
// first.
//
// Why not a []Recent: every command id was then a string of its own (the browser's are
// UUIDs of 36 bytes, kept as part of the "id#sum" record string they were cut from), and
// the list slid forward by reslicing and grew again by doubling. With 2,000 clients
// playing that was 60 % of the relay's live heap — 12 of 21 MB — and all of it pointers
// the garbage collector follows in every cycle, on the core that relays the moves; with
// the browser's UUIDs, some 10 kB per seat. Here an id's bytes lie in its entry, which is
// one 64-byte cache line: a seat's ring is at most 4 kB, holds no pointers for the
// collector to scan, and once it is full, remembering an id allocates nothing.
type recentIDs struct {
	ring []recentID // grows to RecentPerSeat; then each id replaces the oldest
	next int        // once full: the index of the oldest, which the next id replaces
	// long holds, at an entry's index, the whole of an id longer than an entry keeps (the
	// protocol allows 64 bytes); nil until the seat sends one.
	long *[RecentPerSeat]string
}

// recentID is one remembered id.
type recentID struct {
	key, n, sum uint64
	size        uint8    // the id's length, counted up to 255
	id          [39]byte // the id, if it is no longer (the browser's are 36 bytes); else it is in long
}

// An entry is one cache line: a seat's ids are looked up one after the other.
var _ [64 - unsafe.Sizeof(recentID{})]byte

// is reports whether entry i holds id, whose key is key.
func (l *recentIDs) is(i int, id string, key uint64) bool {
	r := &l.ring[i]
	if r.key != key || int(r.size) != min(len(id), 255) {
		return false
	}
	if len(id) > len(r.id) {
		return l.long != nil && l.long[i] == id
	}
	return string(r.id[:len(id)]) == id
}

// recent returns entry i as a snapshot stores it.
func (l *recentIDs) recent(i int) Recent {
	r := &l.ring[i]
	id := ""
	if int(r.size) > len(r.id) {
		id = l.long[i]
	} else {
		id = string(r.id[:r.size])
	}
	return Recent{ID: id, N: r.n, Sum: r.sum}
}

// find returns the entry of id, whose key is key.
func (l *recentIDs) find(id string, key uint64) (Recent, bool) {
	for i := range l.ring {
		if l.is(i, id, key) {
			return l.recent(i), true
		}
	}
	return Recent{}, false
}

// add remembers that id's command (of fingerprint sum) was committed at version n. The
// log holds a record per event, so a command of several events is added once for each:
// the newest entry being id already, only its version moves on.
func (l *recentIDs) add(id string, sum, n uint64) {
	key := idKey(id)
	if len(l.ring) > 0 {
		if last := (l.next + len(l.ring) - 1) % len(l.ring); l.is(last, id, key) {
			l.ring[last].n = n
			return
		}
	}
	e := recentID{key: key, n: n, sum: sum, size: uint8(min(len(id), 255))}
	i := l.next
	if len(l.ring) < RecentPerSeat {
		i = len(l.ring)
		if len(l.ring) == cap(l.ring) {
			// A quarter first (a seat that sends a few commands needs no more), then the
			// whole ring: grown by doubling, a seat's ring was made seven times over,
			// 8 kB in all, in its first minute of play; now twice, 5 kB.
			size := RecentPerSeat / 4
			if len(l.ring) > 0 {
				size = RecentPerSeat
			}
			l.ring = slices.Grow(l.ring, size-len(l.ring))
		}
		l.ring = append(l.ring, e)
	} else {
		l.ring[i] = e
		l.next = (l.next + 1) % len(l.ring)
	}
	switch {
	case len(id) <= len(e.id):
		copy(l.ring[i].id[:], id)
		if l.long != nil {
			l.long[i] = ""
		}
	default:
		if l.long == nil {
			l.long = new([RecentPerSeat]string)
		}
		l.long[i] = id
	}
}

// list returns the ids oldest first, as a snapshot stores them.
func (l *recentIDs) list() []Recent {
	out := make([]Recent, 0, len(l.ring))
	for k := range l.ring {
		out = append(out, l.recent((l.next+k)%len(l.ring)))
	}
	return out
}
