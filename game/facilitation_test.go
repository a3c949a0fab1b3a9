package game

import (
	"math/rand/v2"
	"testing"

	"impactkaarten/cards"
)

// away takes the facilitator (seat 1) offline and lets the hand-over time pass.
func away(tb *table) {
	tb.t.Helper()
	tb.must(System, cmd(CmdDisconnect, Args{Seat: 1}))
	tb.now += DefaultHandoverSeconds * 1000
}

func TestStandIn(t *testing.T) {
	t.Run("passes to the player online longest and back", func(t *testing.T) {
		tb := newTable(t, 3)
		inStatements(tb)
		// Seat 2 drops and comes back: seat 3 has now been online longest.
		tb.must(System, cmd(CmdDisconnect, Args{Seat: 2}))
		tb.must(System, cmd(CmdConnect, Args{Seat: 2}))
		tb.must(System, cmd(CmdDisconnect, Args{Seat: 1}))
		offline := tb.now
		due, ok := StandInDue(tb.s)
		if !ok || due != offline+DefaultHandoverSeconds*1000 {
			t.Fatalf("due %d %v, want %d", due, ok, offline+DefaultHandoverSeconds*1000)
		}
		tb.now = due - 1001 // do adds a second
		wantCode(t, tb.do(System, cmd(CmdStandIn, Args{})), TooEarly)
		tb.must(System, cmd(CmdStandIn, Args{}))
		if tb.s.Facilitator != 3 || tb.s.Away != 1 || tb.s.Owner() != 1 {
			t.Fatalf("facilitator %d away %d", tb.s.Facilitator, tb.s.Away)
		}
		if _, ok := StandInDue(tb.s); ok {
			t.Fatal("a stand-in who is online is due to be replaced")
		}
		// The stand-in leads play, but does not give the role away.
		tb.must(2, cmd(CmdVote, Args{Value: 4}))
		tb.must(3, cmd(CmdReveal, Args{}))
		wantCode(t, tb.do(3, cmd(CmdHandOver, Args{Seat: 2})), NotFacilitator)
		wantCode(t, tb.do(3, cmd(CmdKick, Args{Seat: 1})), NotFacilitator)
		wantCode(t, tb.do(3, cmd(CmdCoFacilitator, Args{Seat: 2})), NotFacilitator)
		// The facilitator's seat comes back: the role with it, in a second event.
		evs, err := Decide(tb.s, System, Command{Type: CmdConnect, At: tb.now, Args: Args{Seat: 1}})
		if err != nil || len(evs) != 2 || evs[1].Type != EvFacilitatorBack || evs[1].Seat != 1 || evs[1].Version != tb.s.Version+2 {
			t.Fatalf("connect gives %+v, %v", evs, err)
		}
		tb.must(System, cmd(CmdConnect, Args{Seat: 1}))
		if tb.s.Facilitator != 1 || tb.s.Away != 0 {
			t.Fatalf("facilitator %d away %d", tb.s.Facilitator, tb.s.Away)
		}
	})
	t.Run("an online co-facilitator keeps facilitation", func(t *testing.T) {
		tb := newTable(t, 2)
		tb.must(1, cmd(CmdCoFacilitator, Args{Seat: 3}))
		away(tb)
		wantCode(t, tb.do(System, cmd(CmdStandIn, Args{})), NoChange)
		// The co-facilitator drops too: the hand-over runs from the facilitator's absence.
		tb.must(System, cmd(CmdDisconnect, Args{Seat: 3}))
		tb.must(System, cmd(CmdStandIn, Args{}))
		if tb.s.Facilitator != 2 {
			t.Fatalf("facilitator %d", tb.s.Facilitator)
		}
	})
	t.Run("the setting off keeps facilitation", func(t *testing.T) {
		tb := newTable(t, 2)
		st := tb.s.Settings
		st.HandoverSeconds = HandoverOff
		tb.must(1, cmd(CmdSettings, Args{Settings: &st}))
		away(tb)
		tb.now += 24 * 3600 * 1000
		wantCode(t, tb.do(System, cmd(CmdStandIn, Args{})), NoChange)
	})
	t.Run("a shorter setting", func(t *testing.T) {
		tb := newTable(t, 2)
		st := tb.s.Settings
		st.HandoverSeconds = 30
		tb.must(1, cmd(CmdSettings, Args{Settings: &st}))
		tb.must(System, cmd(CmdDisconnect, Args{Seat: 1}))
		tb.now += 29_000
		tb.must(System, cmd(CmdStandIn, Args{}))
	})
	t.Run("nobody online to take it", func(t *testing.T) {
		tb := newTable(t, 1)
		tb.must(System, cmd(CmdDisconnect, Args{Seat: 2}))
		away(tb)
		if _, ok := StandInDue(tb.s); ok {
			t.Fatal("due with nobody online")
		}
		wantCode(t, tb.do(System, cmd(CmdStandIn, Args{})), NoChange)
	})
	t.Run("a stand-in who leaves gives it back, and it passes on", func(t *testing.T) {
		tb := newTable(t, 2)
		away(tb)
		tb.must(System, cmd(CmdStandIn, Args{}))
		tb.must(2, cmd(CmdLeave, Args{}))
		if tb.s.Facilitator != 1 || tb.s.Away != 0 {
			t.Fatalf("facilitator %d away %d", tb.s.Facilitator, tb.s.Away)
		}
		tb.must(System, cmd(CmdStandIn, Args{}))
		if tb.s.Facilitator != 3 || tb.s.Away != 1 {
			t.Fatalf("facilitator %d away %d", tb.s.Facilitator, tb.s.Away)
		}
	})
	t.Run("a stand-in who goes offline is replaced, the absent facilitator kept", func(t *testing.T) {
		tb := newTable(t, 2)
		away(tb)
		tb.must(System, cmd(CmdStandIn, Args{}))
		tb.must(System, cmd(CmdDisconnect, Args{Seat: 2}))
		tb.now += DefaultHandoverSeconds * 1000
		tb.must(System, cmd(CmdStandIn, Args{}))
		if tb.s.Facilitator != 3 || tb.s.Away != 1 {
			t.Fatalf("facilitator %d away %d", tb.s.Facilitator, tb.s.Away)
		}
	})
	t.Run("the facilitator token on a new seat takes it back", func(t *testing.T) {
		tb := newTable(t, 2)
		away(tb)
		tb.must(System, cmd(CmdStandIn, Args{}))
		tb.must(System, cmd(CmdJoin, Args{Name: "Fenna", Facilitator: true}))
		if tb.s.Facilitator != 4 || tb.s.Away != 0 || View(tb.s, 2).Away != 0 {
			t.Fatalf("facilitator %d away %d", tb.s.Facilitator, tb.s.Away)
		}
	})
	t.Run("the co-facilitator leads play, not the room", func(t *testing.T) {
		tb := newTable(t, 2)
		tb.must(1, cmd(CmdCoFacilitator, Args{Seat: 2}))
		wantCode(t, tb.do(2, cmd(CmdStart, Args{})), NotFacilitator)
		wantCode(t, tb.do(2, cmd(CmdKick, Args{Seat: 3})), NotFacilitator)
		wantCode(t, tb.do(2, cmd(CmdHandOver, Args{Seat: 3})), NotFacilitator)
		wantCode(t, tb.do(2, cmd(CmdUndo, Args{})), NotFacilitator)
		tb.must(1, cmd(CmdStart, Args{}))
		tb.must(2, cmd(CmdTimer, Args{Kind: TimerStart, Seconds: 60}))
		tb.must(2, cmd(CmdNextPhase, Args{}))
		tb.must(2, cmd(CmdEnd, Args{}))
		// Handing over to the co-facilitator makes them the facilitator, and no longer co-.
		tb.must(1, cmd(CmdHandOver, Args{Seat: 2}))
		if tb.s.Facilitator != 2 || tb.s.CoFacilitator != 0 {
			t.Fatalf("facilitator %d co %d", tb.s.Facilitator, tb.s.CoFacilitator)
		}
	})
	t.Run("a co-facilitator who leaves is none", func(t *testing.T) {
		tb := newTable(t, 2)
		tb.must(1, cmd(CmdCoFacilitator, Args{Seat: 2}))
		tb.must(2, cmd(CmdLeave, Args{}))
		if tb.s.CoFacilitator != 0 || View(tb.s, 3).CoFacilitator != 0 {
			t.Fatal("still co-facilitator")
		}
	})
}

func TestMayChangeAction(t *testing.T) {
	tb := newTable(t, 3)
	inStatements(tb)
	tb.must(2, cmd(CmdAddAction, Args{Text: "x", Seat: 3}))
	tb.must(1, cmd(CmdCoFacilitator, Args{Seat: 4}))
	for _, tt := range []struct {
		seat SeatID
		want bool
	}{{System, false}, {1, true}, {2, true}, {3, false}, {4, true}} {
		v := View(tb.s, tt.seat)
		if got := tb.s.MayChangeAction(tt.seat, 1); got != tt.want {
			t.Errorf("state: seat %d may change: %v", tt.seat, got)
		}
		if got := v.MayChangeAction(1); got != tt.want {
			t.Errorf("view: seat %d may change: %v", tt.seat, got)
		}
		_, err := Decide(tb.s, tt.seat, cmd(CmdDelAction, Args{Action: 1}))
		if (err == nil) != tt.want {
			t.Errorf("seat %d: Decide says %v, MayChangeAction %v", tt.seat, err, tt.want)
		}
	}
}

// TestMayChangeActionAgreesWithDecide: over random sessions, for every seat and every
// action, what State.MayChangeAction and the seat's view answer is what Decide decides for
// editing and removing it.
func TestMayChangeActionAgreesWithDecide(t *testing.T) {
	checked := 0
	for g := 0; g < 12; g++ {
		seed := uint64(g)*104729 + 3
		m := &monkey{r: rand.New(rand.NewPCG(seed, 7)), deck: testDeck().IDs(cards.Kinds[:]...)}
		s := New(testDeck(), seed, DefaultSettings())
		for i := 0; i < 400; i++ {
			actor, c := m.next(s)
			if evs, err := Decide(s, actor, c); err == nil {
				for _, e := range evs {
					s.Apply(e)
				}
			}
			if i%5 != 0 {
				continue
			}
			for seat := SeatID(0); int(seat) <= len(s.Seats)+1; seat++ {
				v := View(s, seat)
				for _, a := range s.Actions {
					may := s.MayChangeAction(seat, a.ID)
					_, delErr := Decide(s, seat, Command{Type: CmdDelAction, Args: Args{Action: a.ID}})
					_, editErr := Decide(s, seat, Command{Type: CmdEditAction, Args: Args{Action: a.ID, Text: "x"}})
					if may != (delErr == nil) || may != (editErr == nil) || may != v.MayChangeAction(a.ID) {
						t.Fatalf("game %d step %d seat %d action %d: may %v, view %v, delete %v, edit %v",
							g, i, seat, a.ID, may, v.MayChangeAction(a.ID), delErr, editErr)
					}
					checked++
				}
			}
		}
	}
	if checked < 100 {
		t.Fatalf("only %d answers checked: the random sessions hardly reach the actions", checked)
	}
}
