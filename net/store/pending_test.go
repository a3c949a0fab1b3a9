package store

import (
	"fmt"
	"testing"
)

// TestPendingForget: a checkpoint drops what it moved into bbolt; a room left with nothing
// pending keeps its tail for one more checkpoint, and is forgotten at the next unless it
// appended meanwhile.
func TestPendingForget(t *testing.T) {
	req := func(code string, ns ...uint64) *walReq {
		r := &walReq{code: code, entry: walEntry{ID: "id-" + code}}
		for _, n := range ns {
			r.entry.Events = append(r.entry.Events, Record{N: n, Data: []byte(fmt.Sprint(n))})
		}
		return r
	}
	p := newPendingLog()
	p.add(1, []*walReq{req("busy", 1, 2), req("quiet", 1)})
	p.add(2, []*walReq{req("busy", 3)})

	p.forget(1) // the checkpoint of segment 1
	if c := p.copyOf("busy"); c == nil || len(c.events) != 1 || c.events[0].N != 3 {
		t.Fatalf("busy after the first checkpoint: %+v; want event 3 pending", c)
	}
	if id, last, ok := p.tail("quiet"); !ok || id != "id-quiet" || last != 1 {
		t.Fatalf("quiet's tail after the first checkpoint: %q %d %v; want id-quiet 1 true", id, last, ok)
	}
	if c := p.copyOf("quiet"); c == nil || len(c.events) != 0 {
		t.Fatalf("quiet after the first checkpoint: %+v; want nothing pending", c)
	}
	if p.empty() {
		t.Fatal("empty with busy's event 3 pending")
	}

	p.add(3, []*walReq{req("busy", 4)})
	p.forget(3) // the checkpoint of segments 2 and 3
	if !p.empty() {
		t.Fatal("not empty after every segment's checkpoint")
	}
	if _, _, ok := p.tail("quiet"); ok {
		t.Error("quiet, idle for a whole checkpoint, is still known")
	}
	if id, last, ok := p.tail("busy"); !ok || id != "id-busy" || last != 4 {
		t.Errorf("busy's tail: %q %d %v; want id-busy 4 true", id, last, ok)
	}
	if e, ok := p.event("busy", 4); ok {
		t.Errorf("event 4 is still pending after its checkpoint: %+v", e)
	}

	p.add(4, []*walReq{req("busy", 5)})
	p.forget(3) // a checkpoint that moved nothing of segment 4
	p.forget(3)
	if c := p.copyOf("busy"); c == nil || len(c.events) != 1 || c.events[0].N != 5 {
		t.Errorf("busy with event 5 pending, after checkpoints before it: %+v", c)
	}
}
