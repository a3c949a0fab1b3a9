package model

import (
	"impactkaarten/cards"
	"impactkaarten/game"
)

// mayCache keeps the engine's answer for one view and deck: a view is replaced, never
// changed in place, so the pair of pointers names what the answer is about.
type mayCache struct {
	view *game.PlayerView
	deck *cards.Deck
	p    *game.Permissions
}

// screenOnly is the answer of a meeting-room screen, which shows no controls.
func screenOnly() error {
	return &game.Error{Code: game.NotAPlayer, Message: "a meeting-room screen only watches"}
}

// permissions returns the engine's answer to "what may this seat do now", made on first use
// after the view (or the deck) changed. Only the game loop's goroutine uses the model.
func (m *Model) permissions() *game.Permissions {
	if m.may.p == nil || m.may.view != m.View || m.may.deck != m.Deck {
		m.may = mayCache{view: m.View, deck: m.Deck, p: game.May(m.View, m.Deck)}
	}
	return m.may.p
}

// Why returns nil if this seat may do what a asks now, else the rule error the room would
// answer (game.May). The client shows its controls from this answer alone.
func (m *Model) Why(a game.Ask) error {
	if m.BigScreen {
		return screenOnly()
	}
	return m.permissions().Why(a)
}

// Can reports whether this seat may do what a asks now.
func (m *Model) Can(a game.Ask) bool { return m.Why(a) == nil }

// Check returns the room's verdict on one exact command from this seat, before it is sent:
// nil if the room would accept it.
func (m *Model) Check(c game.Command) error {
	if m.BigScreen {
		return screenOnly()
	}
	return m.permissions().Check(c)
}
