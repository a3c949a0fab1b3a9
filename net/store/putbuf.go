package store

import (
	"encoding/binary"
	"sync"
)

// putArena holds the keys and values of one transaction's events in one buffer, used
// again by the next transaction. A key and a value of their own for each event were some
// 6 % of what the relay allocated at 2,000 moves a second, checkpoint after checkpoint.
//
// bbolt keeps the slices given to Put until the transaction ends (it copies them into its
// pages when it commits), so the buffer is used again only once the transaction is over.
// When it is outgrown, the slices already handed out keep the array they point into, which
// nothing writes again.
type putArena struct{ buf []byte }

// maxArena is the largest buffer an arena keeps for the next transaction: a checkpoint's
// transaction at 2,000 moves a second holds some 200 kB of events.
const maxArena = 1 << 20

// reset readies the arena for a new transaction; the one before must be over.
func (a *putArena) reset() {
	if cap(a.buf) > maxArena {
		a.buf = nil
	}
	a.buf = a.buf[:0]
}

// event returns r's key and value (encodeRecord's encoding), in the arena.
func (a *putArena) event(r Record) (key, value []byte) {
	start := len(a.buf)
	a.buf = binary.BigEndian.AppendUint64(a.buf, r.N)
	a.buf = appendRecord(a.buf, r)
	kv := a.buf[start:len(a.buf):len(a.buf)]
	return kv[:8:8], kv[8:]
}

// valuePool keeps buffers for values that are needed only until their transaction ends (a
// snapshot's: 8 bytes of its number, then the snapshot, copied to be put), for the next
// one. Buffers over maxArena are not kept.
type valuePool struct{ p sync.Pool }

// get returns a buffer of length n; give it back with put once its transaction is over.
func (v *valuePool) get(n int) *[]byte {
	b, _ := v.p.Get().(*[]byte)
	if b == nil || cap(*b) < n {
		nb := make([]byte, n)
		return &nb
	}
	*b = (*b)[:n]
	return b
}

func (v *valuePool) put(b *[]byte) {
	if cap(*b) <= maxArena {
		v.p.Put(b)
	}
}
