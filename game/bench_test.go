package game

import (
	"fmt"
	"testing"

	"impactkaarten/cards"
)

// BenchmarkDecideApply measures one command through Decide and Apply: a vote and its
// change (the hottest command of a session) and a canvas play with its draw and turn.
func BenchmarkDecideApply(b *testing.B) {
	b.Run("vote", func(b *testing.B) {
		tb := newTable(b, 7)
		inStatements(tb)
		c := cmd(CmdVote, Args{Value: 3})
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			c.Value = 1 + i%5
			evs, err := Decide(tb.s, 2, c)
			if err != nil {
				b.Fatal(err)
			}
			tb.s.Apply(evs[0])
		}
	})
	b.Run("play", func(b *testing.B) {
		tb := newTable(b, 7)
		inCanvas(tb)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			// Play a card, then put it back so the deck never runs out. Putting it back is
			// two slice operations, timed with the play: stopping the timer for them would
			// cost more than the play (each stop reads the runtime's memory statistics).
			st := tb.s.seat(tb.s.Turn)
			card := st.Hand[0]
			evs, err := Decide(tb.s, st.ID, cmd(CmdPlay, Args{Card: card, Part: cards.Impact, Text: "Zo bereiken we scholen", Title: "Idee"}))
			if err != nil {
				b.Fatal(err)
			}
			tb.s.Apply(evs[0])
			tb.s.Canvas = tb.s.Canvas[:0]
			tb.s.DrawPile = append(tb.s.DrawPile, card)
		}
	})
}

// BenchmarkReplay10k measures replaying a 10,000-event session log onto its initial state,
// as the host does when it loads a room without a recent snapshot.
func BenchmarkReplay10k(b *testing.B) {
	initial, log := session10k(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := initial.Clone()
		for _, e := range log {
			s.Apply(e)
		}
	}
	b.ReportMetric(float64(len(log)), "events")
}

// session10k plays a realistic, entirely legal session until its log holds 10,000 events:
// a facilitator and 7 players vote (and change their votes) on statements, play and react
// on the canvas, then place and move dots, run the timer, come and go, and write actions.
func session10k(b *testing.B) (*State, []Event) {
	tb := newTable(b, 7)
	initial := New(testDeck(), 42, DefaultSettings()) // the state newTable started from
	inStatements(tb)
	for round := 0; round < 4; round++ {
		for pass := 0; pass < 3; pass++ {
			for v := SeatID(2); v <= 8; v++ {
				tb.must(v, cmd(CmdVote, Args{Value: int(v+SeatID(pass))%5 + 1}))
			}
		}
		tb.must(1, cmd(CmdVote, Args{Value: 3})) // everyone has voted: the reveal counts down
		revealDue(tb)
		tb.must(1, cmd(CmdInsight, Args{Text: "Inzicht"}))
		tb.must(1, cmd(CmdNextCard, Args{}))
	}
	inCanvas(tb)
	for i := 0; i < 16; i++ {
		playTurn(tb)
		card := tb.s.Canvas[len(tb.s.Canvas)-1]
		for v := SeatID(1); v <= 8; v++ {
			if v != card.Owner {
				tb.must(v, cmd(CmdReact, Args{Card: card.Card, Kind: ReactPlus}))
			}
		}
	}
	tb.must(1, cmd(CmdPhase, Args{Phase: Dots}))
	for n := 0; len(tb.log) < 10_000; n++ {
		for v := SeatID(2); v <= 8 && len(tb.log) < 10_000; v++ {
			card := tb.s.Canvas[(n+int(v))%len(tb.s.Canvas)].Card
			tb.must(v, cmd(CmdDot, Args{Card: card}))
			tb.must(v, cmd(CmdUndot, Args{Card: card}))
		}
		tb.must(System, cmd(CmdDisconnect, Args{Seat: SeatID(n%7 + 2)}))
		tb.must(System, cmd(CmdConnect, Args{Seat: SeatID(n%7 + 2)}))
		tb.must(1, cmd(CmdTimer, Args{Kind: TimerStart, Seconds: 60}))
		tb.must(1, cmd(CmdTimer, Args{Kind: TimerStop}))
		tb.must(3, cmd(CmdAddAction, Args{Text: "Actie", Owner: "Directie"}))
		tb.must(3, cmd(CmdDelAction, Args{Action: tb.s.NextAction}))
	}
	return initial, tb.log[:10_000]
}

// BenchmarkRedact measures what the host adds to a vote for its seats: marking the state
// before the event and redacting the event for each of 8 seats, in a room that has run long
// (800 actions), which must cost no more than in a fresh one.
func BenchmarkRedact(b *testing.B) {
	for _, actions := range []int{0, 800} {
		b.Run(fmt.Sprintf("vote/actions=%d", actions), func(b *testing.B) {
			tb := newTable(b, 7)
			inStatements(tb)
			for i := 0; i < actions; i++ {
				tb.must(2, cmd(CmdAddAction, Args{Text: "Een actie die iemand op zich neemt", Owner: "Directie", Due: "2026-12-15"}))
			}
			c := cmd(CmdVote, Args{Value: 3})
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				c.Value = 1 + i%5
				evs, err := Decide(tb.s, 2, c)
				if err != nil {
					b.Fatal(err)
				}
				mark := Mark(tb.s)
				tb.s.Apply(evs[0])
				r := NewRedaction(mark, tb.s, evs[0])
				for seat := SeatID(1); seat <= 8; seat++ {
					_ = r.For(seat)
				}
			}
		})
	}
}

// BenchmarkApplyView measures a client applying a vote to its view of a room with 800 actions.
func BenchmarkApplyView(b *testing.B) {
	tb := newTable(b, 7)
	inStatements(tb)
	for i := 0; i < 800; i++ {
		tb.must(2, cmd(CmdAddAction, Args{Text: "Een actie", Owner: "Directie"}))
	}
	v := View(tb.s, 3)
	ve := ViewEvent{Event: Event{Type: EvVoted, Actor: 2, Args: Args{Card: tb.s.round().Card}}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ve.Version = v.Version + 1
		v = ApplyView(v, ve)
	}
}
