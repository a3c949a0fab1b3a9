package app

import "impactkaarten/game"

// action is what pressing a widget does, as a value: the scene that builds a widget puts
// its action in it (layout.Widget.Action, layout.ButtonOpts.Action), and activate runs it
// for a click, a tap, Enter or Space on the focused widget alike. A drop runs the action of
// the target with the card dragged onto it (dropped). The widget's id stays, stable, for
// focus, tests and assistive tools, but nothing parses it.
//
// Each scene keeps its actions in its own file, as small types carrying what the press
// needs (a card, a seat, a part, a value).
type action interface {
	run(c *Controller)
}

// send is a control that sends one game command, whole, as the scene built it.
type send game.Command

func (a send) run(c *Controller) { c.sendCmd(game.Command(a)) }
