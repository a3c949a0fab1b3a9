package game

import (
	"testing"

	"impactkaarten/cards"
)

// together sets the canvas to be played by everyone at once, n cards each, and enters it.
func together(tb *table, n int) {
	tb.t.Helper()
	st := tb.s.Settings
	st.CanvasTogether, st.CanvasCards = true, n
	tb.must(1, cmd(CmdSettings, Args{Settings: &st}))
	inCanvas(tb)
}

// playOne plays the first card of seat's hand with a reason.
func playOne(tb *table, seat SeatID) error {
	tb.t.Helper()
	card := firstCardOf(tb, seat)
	a := Args{Card: card, Part: cards.Bereik, Text: "Zo bereiken we jongeren"}
	if c, _ := tb.s.Deck.Card(card); c.Kind == cards.Blank {
		a.Title = "Eigen idee"
	}
	return tb.do(seat, cmd(CmdPlay, a))
}

func TestCanvasTogether(t *testing.T) {
	t.Run("everyone plays at once, up to the number each", func(t *testing.T) {
		tb := newTable(t, 3)
		together(tb, 2)
		if tb.s.Turn != 0 {
			t.Fatalf("turn %d in a round together", tb.s.Turn)
		}
		for _, seat := range []SeatID{3, 2, 3, 1, 4} {
			if err := playOne(tb, seat); err != nil {
				t.Fatalf("seat %d: %v", seat, err)
			}
		}
		if got := len(tb.s.seat(3).Hand); got != tb.s.Settings.HandSize {
			t.Errorf("seat 3 holds %d cards after playing, want the hand topped up to %d", got, tb.s.Settings.HandSize)
		}
		wantCode(t, playOne(tb, 3), LimitReached)
		v3, v2 := View(tb.s, 3), View(tb.s, 2)
		if v3.CardsLeft() != 0 || v2.CardsLeft() != 1 {
			t.Errorf("cards left %d and %d", v3.CardsLeft(), v2.CardsLeft())
		}
		wantCode(t, tb.do(2, cmd(CmdPass, Args{})), NotYourTurn)
		// A new canvas round counts again.
		tb.must(1, cmd(CmdPhase, Args{Phase: Canvas}))
		if err := playOne(tb, 3); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("within the timer", func(t *testing.T) {
		tb := newTable(t, 2)
		together(tb, 3)
		tb.must(1, cmd(CmdTimer, Args{Kind: TimerStart, Seconds: 600}))
		tb.now += 500_000
		if err := playOne(tb, 2); err != nil {
			t.Fatal(err)
		}
		tb.must(1, cmd(CmdTimer, Args{Kind: TimerExtend, Seconds: 60}))
		tb.now += 100_000
		if err := playOne(tb, 3); err != nil {
			t.Fatalf("within the extension: %v", err)
		}
		tb.now += 60_000
		wantCode(t, playOne(tb, 2), TimeUp)
	})
	t.Run("paused after the time is up", func(t *testing.T) {
		// The facilitator pauses a timer that has run out: nothing is left, the round stays
		// up, and only adding time opens it again (resuming would change nothing).
		tb := newTable(t, 2)
		together(tb, 3)
		tb.must(1, cmd(CmdTimer, Args{Kind: TimerStart, Seconds: 60}))
		tb.now += 61_000
		tb.must(1, cmd(CmdTimer, Args{Kind: TimerPause}))
		if tm := tb.s.Timer; tm.Running || tm.Remaining != 0 || tm.Duration != 60_000 {
			t.Fatalf("timer paused after its end: %+v", tm)
		}
		wantCode(t, playOne(tb, 2), TimeUp)
		wantCode(t, tb.do(1, cmd(CmdTimer, Args{Kind: TimerResume})), NoChange)
		tb.must(1, cmd(CmdTimer, Args{Kind: TimerExtend, Seconds: 60}))
		if tm := tb.s.Timer; tm.Running || tm.Remaining != 60_000 || tm.Duration != 120_000 {
			t.Fatalf("timer extended while paused: %+v", tm)
		}
		if err := playOne(tb, 2); err != nil {
			t.Fatalf("after the extension: %v", err)
		}
	})
	t.Run("back to turn by turn in the middle of the round", func(t *testing.T) {
		tb := newTable(t, 2)
		together(tb, 2)
		st := tb.s.Settings
		st.CanvasTogether = false
		tb.must(1, cmd(CmdSettings, Args{Settings: &st}))
		if tb.s.Turn == 0 {
			t.Fatal("nobody has the turn")
		}
		wantCode(t, playOne(tb, tb.s.Turn%3+1), NotYourTurn)
	})
	t.Run("turn by turn stays the default", func(t *testing.T) {
		if DefaultSettings().CanvasTogether {
			t.Fatal("the default plays together")
		}
	})
}
