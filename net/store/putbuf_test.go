package store

import (
	"bytes"
	"fmt"
	"testing"
)

// TestPutArena: an arena's keys and values are eventKey's and encodeRecord's, and stay so
// while the arena grows past them, until it is reset.
func TestPutArena(t *testing.T) {
	var a putArena
	for round := range 3 {
		a.reset()
		type kv struct {
			r          Record
			key, value []byte
		}
		var put []kv
		for n := uint64(1); n <= 200; n++ { // grows the buffer several times
			r := Record{N: n + uint64(round)*1000, Seat: int(n % 9), CmdID: fmt.Sprintf("cmd-%d", n), Data: bytes.Repeat([]byte{'x'}, int(n))}
			k, v := a.event(r)
			put = append(put, kv{r, k, v})
		}
		for _, p := range put {
			if !bytes.Equal(p.key, eventKey(p.r.N)) || !bytes.Equal(p.value, encodeRecord(p.r)) {
				t.Fatalf("round %d: event %d put as %x %q; want %x %q", round, p.r.N, p.key, p.value, eventKey(p.r.N), encodeRecord(p.r))
			}
			if len(p.key) != cap(p.key) || len(p.value) != cap(p.value) {
				t.Fatalf("round %d: event %d's key or value can be appended to in place", round, p.r.N)
			}
		}
	}
}
