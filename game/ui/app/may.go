package app

import (
	"errors"

	"impactkaarten/game"
)

// offer says how a control that asks a shows, from the engine's answer alone (model.Why):
// enabled where the engine allows it; shown but disabled where the refusal is about the
// table (nothing to undo, no cards left, already there); hidden where it is about who this
// seat is or where the session is (not the facilitator, not a player, not their turn or
// card, not this phase).
func (c *Controller) offer(a game.Ask) (show, enabled bool) {
	err := c.M.Why(a)
	if err == nil {
		return true, true
	}
	return !hides(err), false
}

// hides reports whether a refusal means the control is not this seat's to see now.
func hides(err error) bool {
	var e *game.Error
	if !errors.As(err, &e) {
		return true
	}
	switch e.Code {
	case game.NotFacilitator, game.NotAPlayer, game.NotOwner, game.OwnCard, game.NotYourTurn,
		game.WrongPhase, game.SessionEnded, game.SystemOnly, game.UnknownSeat, game.UnknownCommand:
		return true
	}
	return false
}
