package app

import (
	"math"
	"strings"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/ui/layout"
)

// The spotlight: what the facilitator puts before the whole room (a statement, a card on
// the canvas with its reason and reactions, a question or advice card, an action). Every
// client shows it large over its scene until the facilitator clears it; a player may put
// it aside on their own screen (spotHidden) to go on playing, the meeting-room screen
// cannot.

// spot returns what is in the spotlight, if this client shows it.
func (c *Controller) spot() *game.Spot {
	v := c.M.View
	if v == nil || v.Spotlight == nil {
		return nil
	}
	if !c.M.BigScreen && !c.canClearSpot() && c.spotHidden == *v.Spotlight {
		return nil
	}
	return v.Spotlight
}

// canClearSpot reports whether this seat clears the spotlight for everyone (rather than
// putting it aside on its own screen).
func (c *Controller) canClearSpot() bool {
	return c.M.Can(game.Ask{Type: game.CmdSpotlight})
}

// spotlightDialog is what the facilitator put before the room, large, on every screen.
type spotlightDialog struct {
	*Controller
	sp *game.Spot
}

// escape puts the spotlight aside on a player's own screen; only the facilitator clears
// it for everyone, with its button.
func (c spotlightDialog) escape() bool {
	if c.canClearSpot() || c.M.BigScreen {
		return false
	}
	hideSpot{}.run(c.Controller)
	return true
}

// buildSpotlight paints the spotlight as a large dialog.
func (c spotlightDialog) build(b *layout.Builder) {
	sp := c.sp
	big := c.M.BigScreen
	scale := 1.0
	if big {
		scale = 1.5
	}
	c.fitDialog(b, b.S(900*scale), func(b *layout.Builder, in layout.Rect) float64 {
		used := c.spotContent(b, in, sp, scale)
		if r := c.M.Round(); r != nil && sp.Card == r.Card {
			// The statement in the spotlight: the countdown to its reveal shows here too.
			if secs, ok := c.revealSeconds(); ok {
				used = c.countdown(b, in, in.Y+used+b.S(8), secs) - in.Y
			}
		}
		// The way out, under what is shown: the facilitator clears it for everyone, a
		// player puts it aside on their own screen, the meeting-room screen has none.
		id, key, act := "spot-clear", "spot.clear", action(spotlight{})
		switch {
		case c.canClearSpot():
		case !big:
			id, key, act = "spot-hide", "spot.hide", hideSpot{}
		default:
			return used
		}
		bw := math.Min(in.W, b.ButtonWidth(c.t(key), g("close"), 15))
		if b.Compact {
			bw = in.W
		}
		b.Button(id, layout.R(in.MaxX()-bw, in.Y+used+b.S(16), bw, b.S(44)), c.t(key), layout.ButtonOpts{Style: layout.Secondary, Glyph: g("close"), Action: act})
		return used + b.S(60)
	})
}

// spotContent lays out what is in the spotlight from the top of in; it returns the
// height used.
func (c spotlightDialog) spotContent(b *layout.Builder, in layout.Rect, sp *game.Spot, scale float64) float64 {
	y := in.Y
	b.Glyph(layout.R(in.X, y, b.S(30*scale), b.S(30*scale)), g("spotlight-beam"), 24*scale, layout.PrimaryColor)
	b.Line(layout.R(in.X+b.S(38*scale), y, in.W-b.S(38*scale), b.S(34*scale)), c.t("spot.title"), layout.TextStyle{Size: 15 * scale, Bold: true, Color: layout.MutedColor})
	y += b.S(48 * scale)
	title := layout.TextStyle{Size: 28 * scale, Bold: true, Color: layout.InkColor}
	body := layout.TextStyle{Size: 19 * scale, Color: layout.InkColor}
	muted := layout.TextStyle{Size: 16 * scale, Color: layout.MutedColor}
	if sp.Action != 0 {
		for _, a := range c.M.View.Actions {
			if a.ID != sp.Action {
				continue
			}
			y += b.Text(layout.R(in.X, y, in.W, 0), a.Text, title) + b.S(10)
			var who []string
			if owner := c.actionOwner(a); owner != "" {
				who = append(who, c.tf("spot.owner", owner))
			}
			if a.Due != "" {
				who = append(who, c.tf("spot.due", c.dueText(a.Due)))
			}
			if a.Card != "" {
				who = append(who, c.M.CardTitle(a.Card))
			}
			y += b.Text(layout.R(in.X, y, in.W, 0), strings.Join(who, " · "), body)
		}
		return y - in.Y
	}
	card := c.M.Card(sp.Card)
	y += b.Text(layout.R(in.X, y, in.W, 0), c.M.CardTitle(sp.Card), title) + b.S(10)
	if p := c.M.Placed(sp.Card); p != nil {
		y += b.Text(layout.R(in.X, y, in.W, 0), c.tf("detail.by", c.M.SeatName(p.Owner), c.t("part."+string(p.Part))), muted) + b.S(6)
		if p.Reason != "" {
			y += b.Text(layout.R(in.X, y, in.W, 0), "“"+p.Reason+"”", body) + b.S(12)
		}
		for _, r := range p.Reactions {
			line := c.t("react."+r.Kind) + " — " + c.M.SeatName(r.Seat)
			if r.Text != "" {
				line += ": " + r.Text
			}
			y += b.Text(layout.R(in.X, y, in.W, 0), line, muted) + b.S(4)
		}
		return y - in.Y
	}
	if card != nil {
		if text := card.Body.In(c.M.CardLang()); text != "" && card.Kind != cards.Technology {
			y += b.Text(layout.R(in.X, y, in.W, 0), text, body)
		}
	}
	return math.Max(y-in.Y, b.S(80))
}

// actionOwner names an action's owner: a seat's name or the free text.
func (c spotlightDialog) actionOwner(a game.Action) string {
	if a.OwnerSeat != 0 {
		if n := c.M.SeatName(a.OwnerSeat); n != "" {
			return n
		}
	}
	return a.Owner
}

// spotlight puts a card or an action before the room, on every screen; neither clears
// the spotlight.
type spotlight struct {
	card   string
	action int
}

func (a spotlight) run(c *Controller) {
	c.sendCmd(game.Command{Type: game.CmdSpotlight, Args: game.Args{Card: a.card, Action: a.action}})
	c.focus = ""
}

// hideSpot puts the spotlight aside on this player's own screen.
type hideSpot struct{}

func (hideSpot) run(c *Controller) {
	if v := c.M.View; v != nil && v.Spotlight != nil {
		c.spotHidden = *v.Spotlight
	}
	c.focus = ""
}
