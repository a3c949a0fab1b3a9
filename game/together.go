package game

import "fmt"

// The canvas round for large groups: with Settings.CanvasTogether everyone plays at once,
// each player up to Settings.CanvasCards cards in the round, while the timer (if one is
// set) runs; nobody has the turn. Turn by turn stays the default, for small groups.

// DefaultCanvasCards is how many cards each player places in a round played together, when
// Settings.CanvasCards is 0.
const DefaultCanvasCards = 2

// canvasCards is the number of cards each player places in a round played together.
func (st Settings) canvasCards() int {
	if st.CanvasCards == 0 {
		return DefaultCanvasCards
	}
	return st.CanvasCards
}

// together reports whether the canvas is played by everyone at once now.
func (s *State) together() bool { return s.Phase == Canvas && s.Settings.CanvasTogether }

// CardsLeft is how many more cards seat may place in this canvas round played together, or
// -1 when the round goes turn by turn (or the seat does not play).
func (v *PlayerView) CardsLeft() int {
	me := v.seat(v.Me)
	if v.Phase != Canvas || !v.Settings.CanvasTogether || me == nil || me.Observer || me.Gone {
		return -1
	}
	n := v.Settings.CanvasCards
	if n == 0 {
		n = DefaultCanvasCards
	}
	return max(0, n-me.RoundPlayed)
}

// TimeUp reports whether the timer, if one is set, has run out at host time at: a round
// played together then takes no more cards. Clients ask it of their view's timer with
// their estimate of the host's clock.
func (t Timer) TimeUp(at int64) bool {
	switch {
	case t.Running:
		return at >= t.EndsAt
	case t.paused():
		return t.Remaining <= 0
	}
	return false
}

// paused reports whether the timer is set and paused, with or without time left: a
// timer's duration is set when it starts, and only stop clears it.
func (t Timer) paused() bool { return !t.Running && t.Duration > 0 }

// playTogether checks a play in a canvas round played together.
func (d *decider) playTogether(st *Seat) error {
	s := d.s
	if n := s.Settings.canvasCards(); st.RoundPlayed >= n {
		return &Error{Code: LimitReached, Message: fmt.Sprintf("you have placed your %d cards of this round", n)}
	}
	if s.Timer.TimeUp(d.c.At) {
		return &Error{Code: TimeUp, Message: "the time for this round is up"}
	}
	return nil
}

// settleTogether keeps the turn right for the way the canvas is played: nobody's while
// everyone plays at once, someone's when the round goes back to turn by turn.
func (s *State) settleTogether() {
	switch {
	case s.together():
		s.Turn = 0
	case s.Phase == Canvas && s.Dealt && s.Turn == 0:
		s.advanceTurn()
	}
}
