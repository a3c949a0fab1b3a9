package relay

import (
	"fmt"
	"testing"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
)

// TestForwardBatch: a follower sends the commands queued at the head of its queue to the
// owner together, up to the first request of another kind, a command repeating an id
// before it in the group, or maxGroup; any other request goes alone.
func TestForwardBatch(t *testing.T) {
	cmd := func(seat game.SeatID, id string) fwdItem {
		return fwdItem{req: forwarded{Kind: "cmd", Seat: seat, Client: &protocol.Client{ID: id, Cmd: &game.Command{Type: game.CmdRename}}}}
	}
	other := func(kind string) fwdItem { return fwdItem{req: forwarded{Kind: kind, Client: &protocol.Client{}}} }
	many := make([]fwdItem, maxGroup+5)
	for i := range many {
		many[i] = cmd(game.SeatID(2+i%7), fmt.Sprintf("m%d", i))
	}
	cases := []struct {
		name  string
		queue []fwdItem
		want  int
	}{
		{"one command", []fwdItem{cmd(2, "a")}, 1},
		{"commands of several seats", []fwdItem{cmd(2, "a"), cmd(3, "a"), cmd(2, "b"), cmd(4, "c")}, 4},
		{"up to a leave", []fwdItem{cmd(2, "a"), cmd(3, "b"), other("leave"), cmd(2, "c")}, 2},
		{"up to a join", []fwdItem{cmd(2, "a"), other("join"), cmd(3, "b")}, 1},
		{"a resend of an id in the group", []fwdItem{cmd(2, "a"), cmd(3, "b"), cmd(2, "a"), cmd(4, "c")}, 2},
		{"the same id of another seat", []fwdItem{cmd(2, "a"), cmd(3, "a")}, 2},
		{"a join goes alone", []fwdItem{other("join"), cmd(2, "a")}, 1},
		{"gone goes alone", []fwdItem{{req: forwarded{Kind: "gone", Seat: 2}}, cmd(3, "a")}, 1},
		{"at most maxGroup", many, maxGroup},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, n := forwardBatch(c.queue)
			if n != c.want {
				t.Fatalf("covers %d items, want %d", n, c.want)
			}
			if req.Kind != c.queue[0].req.Kind || req.Seat != c.queue[0].req.Seat || req.Client != c.queue[0].req.Client {
				t.Errorf("request %+v is not the head's", req)
			}
			if len(req.More) != n-1 {
				t.Fatalf("%d more commands, want %d", len(req.More), n-1)
			}
			for i, m := range req.More {
				if it := c.queue[i+1].req; m.Seat != it.Seat || m.Client != it.Client {
					t.Errorf("more[%d] = seat %d %v, want seat %d %v", i, m.Seat, m.Client, it.Seat, it.Client)
				}
			}
			if c.queue[0].req.More != nil {
				t.Error("the queued request was changed")
			}
		})
	}
}
