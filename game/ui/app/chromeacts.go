package app

import (
	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/ui/layout"
)

// The actions of the top bar, the facilitator's bar and menu, and the confirmation.

// switchLang switches the interface between Dutch and English; in a room, the cards this
// player reads follow.
type switchLang struct{}

func (switchLang) run(c *Controller) {
	c.M.Lang = map[cards.Lang]cards.Lang{cards.NL: cards.EN, cards.EN: cards.NL}[c.M.Lang]
	c.effects = append(c.effects, Remember{Name: c.M.Name, Lang: c.M.Lang})
	if me := c.M.Me(); me != nil && cards.Lang(me.Lang) != c.M.Lang && c.M.Can(game.Ask{Type: game.CmdLang}) {
		c.sendCmd(game.Command{Type: game.CmdLang, Args: game.Args{Lang: c.M.Lang}})
	}
}

// toggleSound turns the timer's sound off or on.
type toggleSound struct{}

func (toggleSound) run(c *Controller) { c.muted = !c.muted }

// toggleDrawer opens or closes the players drawer.
type toggleDrawer struct{}

func (toggleDrawer) run(c *Controller) { c.drawer = !c.drawer }

// leaveRoom asks before leaving the room.
type leaveRoom struct{}

func (leaveRoom) run(c *Controller) {
	c.confirm = &confirmState{key: "confirm.leave", yesKey: "confirm.leave.yes", kind: layout.Primary, yes: func() {
		c.effects = append(c.effects, Leave{})
	}}
}

// openFacMenu opens the facilitator's menu (a phone).
type openFacMenu struct{}

func (openFacMenu) run(c *Controller) {
	c.facMenu = true
	c.focus = "fac-menu-close"
}

// closeFacMenu closes the facilitator's menu.
type closeFacMenu struct{}

func (closeFacMenu) run(c *Controller) {
	c.facMenu = false
	c.focus = "fac-menu"
}

// menuChoice is a control chosen in the facilitator's menu: the menu closes, then the
// control does what it does in the bar.
type menuChoice struct{ act action }

func (a menuChoice) run(c *Controller) {
	c.facMenu = false
	if a.act != nil {
		a.act.run(c)
	}
}

// nextPhase goes on to the next phase, asking first when work is left.
type nextPhase struct{}

func (nextPhase) run(c *Controller) { c.nextPhase() }

// endSession ends the session, asking first.
type endSession struct{}

func (endSession) run(c *Controller) { c.endSession() }
