package host

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
)

// TestActionHashes: the hashes a host keeps are each action's own, whatever happened to
// the list since the last call.
func TestActionHashes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var c actionHashes
	var list []game.Action
	var earlier [][]game.Action
	next := 1
	for step := 0; step < 5000; step++ {
		switch op := rng.IntN(10); {
		case op < 4 || len(list) == 0: // added at the end
			list = append(list, game.Action{ID: next, Text: fmt.Sprintf("stap %d", next), By: 1})
			next++
		case op < 6: // edited in place
			a := &list[rng.IntN(len(list))]
			a.Text += "!"
			if rng.IntN(2) == 0 {
				a.Due, a.Owner = "2027-01-15", "Directie"
			}
		case op == 6: // removed
			i := rng.IntN(len(list))
			list = slices.Delete(list, i, i+1)
		case op == 7 && len(earlier) > 0: // an undo: an earlier list again
			list = slices.Clone(earlier[rng.IntN(len(earlier))])
		case op == 8: // the same values in other strings, as a compaction leaves them
			for i := range list {
				list[i].Text = strings.Clone(list[i].Text)
			}
		default: // out of order: only slower
			i, j := rng.IntN(len(list)), rng.IntN(len(list))
			list[i], list[j] = list[j], list[i]
		}
		if step%50 == 0 {
			earlier = append(earlier, slices.Clone(list))
		}
		if rng.IntN(3) > 0 {
			continue // a call after several changes, too
		}
		got := c.of(list)
		if len(got) != len(list) {
			t.Fatalf("step %d: %d hashes for %d actions", step, len(got), len(list))
		}
		for i := range list {
			if want := game.ActionHash(&list[i]); got[i] != want {
				t.Fatalf("step %d: action %d (%+v) has hash %x, want %x", step, i, list[i], got[i], want)
			}
		}
	}
}

// TestViewHashWithActions: the hash a host sends every game.HashEvery events is the
// seat's view's, in a room whose actions are added, edited, removed and undone.
func TestViewHashWithActions(t *testing.T) {
	h, audience := startedRoom(t)
	rng := rand.New(rand.NewPCG(3, 4))
	var ds []Delivery
	checked := 0
	for i := 0; checked < 20; i++ {
		st := h.State()
		cmd := game.Command{Type: game.CmdAddAction, Args: game.Args{Text: fmt.Sprintf("stap %d", i), Owner: "Directie"}}
		seat := game.SeatID(1)
		if n := len(st.Actions); n > 0 {
			id := st.Actions[rng.IntN(n)].ID
			switch rng.IntN(6) {
			case 0:
				cmd = game.Command{Type: game.CmdEditAction, Args: game.Args{Action: id, Text: fmt.Sprintf("stap %d, anders", i), Due: "2027-02-01"}}
			case 1:
				cmd = game.Command{Type: game.CmdDelAction, Args: game.Args{Action: id}}
			case 2:
				cmd = game.Command{Type: game.CmdUndo}
			case 3:
				seat = game.SeatID(2 + rng.IntN(7))
				cmd = game.Command{Type: game.CmdVote, Args: game.Args{Value: 1 + rng.IntN(5)}}
			}
		}
		for k := range ds {
			ds[k].Reset()
		}
		ds = h.CommitTo(ds[:0], h.Decide(3000, []Request{{Seat: seat, ID: fmt.Sprintf("c%d", i), Cmd: cmd}}), audience)
		if len(ds) == 0 {
			continue // refused (an undo with nothing to undo)
		}
		last := &ds[len(ds)-1]
		if last.N != h.State().Version || last.N%game.HashEvery != 0 {
			continue
		}
		for _, s := range audience {
			_, got := last.For(s)
			v := game.View(h.State(), s)
			if want := protocol.FormatHash(v.Hash()); got != want {
				t.Fatalf("event %d, seat %d, %d actions: hash %q, the view's %q", last.N, s, len(v.Actions), got, want)
			}
		}
		checked++
	}
	if n := len(h.State().Actions); n < 20 {
		t.Fatalf("the room ended with %d actions: the test changed too few", n)
	}
}
