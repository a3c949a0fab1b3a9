package app

import (
	"math"
	"strconv"
	"strings"

	"impactkaarten/game"
	"impactkaarten/game/theme"
	"impactkaarten/game/ui/dates"
	"impactkaarten/game/ui/layout"
)

// topCards is how many of the best-ranked cards the actions phase works on.
const topCards = 5

// actionsScene is the actions: the top cards to write actions about, the form, and the
// list.
type actionsScene struct{ *Controller }

// buildActions is "what can you do tomorrow?": for the top cards the group writes an
// action, who owns it and by when. An advice card can prompt the follow-up.
func (c actionsScene) build(b *layout.Builder, r layout.Rect) {
	v := c.M.View
	gap := b.S(20)
	var left, right layout.Rect
	if b.Compact {
		// The top cards' panel is as tall as their rows, whose titles wrap.
		h := b.S(80)
		for i, rk := range v.Ranking {
			if i == topCards {
				break
			}
			h += c.topRowH(b, r.W-b.S(36), strconv.Itoa(rk.Place)+". "+c.M.CardTitle(rk.Card)) + b.S(6)
		}
		left = layout.R(r.X, r.Y, r.W, h)
		right = layout.R(r.X, left.MaxY()+gap, r.W, b.S(520))
	} else {
		lw := math.Min(r.W*0.4, b.S(470))
		left = layout.R(r.X, r.Y, lw, r.H)
		right = layout.R(r.X+lw+gap, r.Y, r.W-lw-gap, r.H)
	}
	// Whether this seat writes actions: the engine's answer, as every control here.
	writes, canAdd := c.offer(game.Ask{Type: game.CmdAddAction})
	// The top cards.
	b.Panel(left, layout.PanelColor, 16, true)
	in := left.Inset(b.S(18))
	y := in.Y
	b.Line(layout.R(in.X, y, in.W, b.S(26)), c.t("act.top"), layout.TextStyle{Size: 19, Bold: true, Color: layout.InkColor})
	y += b.S(34)
	for i, rk := range v.Ranking {
		if i == topCards {
			break
		}
		p := c.M.Placed(rk.Card)
		n := 0
		for _, a := range v.Actions {
			if a.Card == rk.Card {
				n++
			}
		}
		title := c.M.CardTitle(rk.Card)
		caption := strconv.Itoa(rk.Place) + ". " + title
		rowH := c.topRowH(b, in.W, caption)
		if !b.Compact && y+rowH > in.MaxY() {
			break
		}
		row := layout.R(in.X, y, in.W, rowH)
		b.Button("act-card-"+rk.Card, row, "", layout.ButtonOpts{Kind: layout.Choice, Group: "top", Style: layout.Secondary,
			Selected: c.actCard == rk.Card, Label: c.tf("act.card.label", title, n), Disabled: !writes, Action: aboutCard{rk.Card}})
		if p != nil {
			b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(row.X+b.S(8), row.Y+b.S(10), b.S(5), row.H-b.S(20)), Color: theme.Part(p.Part), Radius: b.S(2)})
		}
		textColor := layout.InkColor
		if c.actCard == rk.Card {
			textColor = theme.White
		}
		st := topRowStyle()
		st.Color = textColor
		th := b.TextHeight(row.W-b.S(112), caption, st)
		b.Text(layout.R(row.X+b.S(22), row.Y+(row.H-th)/2, row.W-b.S(112), 0), caption, st)
		b.Line(layout.R(row.MaxX()-b.S(86), row.Y, b.S(78), row.H), c.tn("act.count", n), layout.TextStyle{Size: 13, Color: textColor, Align: layout.Right})
		y += rowH + b.S(6)
	}
	if len(v.Ranking) == 0 {
		y += b.Text(layout.R(in.X, y, in.W, b.S(40)), c.t("act.nocards"), layout.TextStyle{Size: 14, Color: layout.MutedColor})
	}
	// The prompt card the facilitator turned up.
	if v.Prompt != "" && !b.Compact && y+b.S(150) < in.MaxY() {
		y += b.S(10)
		pr := layout.R(in.X, y, in.W, math.Min(in.MaxY()-y, b.S(200)))
		f := c.face(b, v.Prompt, pr.W, pr.H, true)
		if c.M.Can(game.Ask{Type: game.CmdSpotlight, Card: v.Prompt}) {
			// The facilitator puts the question or advice before the room by pressing it.
			b.CardWidget("spot-card-"+v.Prompt, pr, c.tf("spot.put.label", c.M.CardTitle(v.Prompt)), f, layout.Widget{Enabled: true, Action: spotlight{card: v.Prompt}})
		} else {
			b.CardWidget("", pr, "", f, layout.Widget{})
		}
	}

	// The form and the list.
	b.Panel(right, layout.PanelColor, 16, true)
	in = right.Inset(b.S(18))
	y = in.Y
	label := layout.TextStyle{Size: 14, Bold: true, Color: layout.MutedColor}
	if writes {
		about := c.t("act.about.none")
		if b.Compact {
			about = c.t("act.about.none.above") // a phone shows the top cards above the form
		}
		if c.actCard != "" {
			about = c.tf("act.about", c.M.CardTitle(c.actCard))
		}
		b.Line(layout.R(in.X, y, in.W, b.S(26)), c.t("act.new"), layout.TextStyle{Size: 19, Bold: true, Color: layout.InkColor})
		y += b.S(28)
		y += b.Text(layout.R(in.X, y+b.S(1), in.W, 0), about, layout.TextStyle{Size: 13, Color: layout.MutedColor}) + b.S(8)
		b.Line(layout.R(in.X, y, in.W, b.S(20)), c.t("act.what"), label)
		y += b.S(22)
		b.TextField("act-text", layout.R(in.X, y, in.W, b.S(44)), c.t("act.what"), c.fieldState("act-text", game.MaxAction, c.t("act.what.placeholder")), false, "act-add")
		y += b.S(52)
		half := (in.W - b.S(12)) / 2
		if b.Compact {
			half = in.W
		}
		b.Line(layout.R(in.X, y, half, b.S(20)), c.t("act.owner"), label)
		c.charsLeft(b, "act-owner", game.MaxOwner, layout.R(in.X, y, half, b.S(20)), false)
		dueX, dueY := in.X+half+b.S(12), y
		if b.Compact {
			dueX, dueY = in.X, y+b.S(74)
		}
		b.TextField("act-owner", layout.R(in.X, y+b.S(22), half, b.S(44)), c.t("act.owner"), c.fieldState("act-owner", game.MaxOwner, c.t("act.owner.placeholder")), false, "act-add")
		y = math.Max(y+b.S(74), c.buildDue(b, layout.R(dueX, dueY, half, 0))+b.S(8))
		_, _, dueErr := c.dueDate()
		ok := canAdd && strings.TrimSpace(c.text("act-text")) != "" && dueErr == nil
		bw := math.Min(in.W, b.S(220))
		b.Button("act-add", layout.R(in.MaxX()-bw, y, bw, b.S(44)), c.t("act.add"), layout.ButtonOpts{Glyph: g("plus"), Disabled: !ok, Action: addAction{}})
		y += b.S(56)
	}
	b.Line(layout.R(in.X, y, in.W, b.S(24)), c.tf("act.list", len(v.Actions)), layout.TextStyle{Size: 16, Bold: true, Color: layout.InkColor})
	y += b.S(30)
	for i, a := range v.Actions {
		tw := in.W - b.S(24)
		del := c.M.Can(game.Ask{Type: game.CmdDelAction, Action: a.ID})
		if del {
			tw -= b.S(44)
		}
		show, ok := c.offer(game.Ask{Type: game.CmdSpotlight, Action: a.ID})
		if show {
			tw -= b.S(44)
		}
		// The action and its owner, date and card wrap (hyphenated) rather than being cut.
		textSt := layout.TextStyle{Size: 15, Bold: true, Color: layout.InkColor}
		metaSt := layout.TextStyle{Size: 13, Color: layout.MutedColor}
		meta := c.actionMeta(a)
		th, mh := b.TextHeight(tw, a.Text, textSt), b.TextHeight(tw, meta, metaSt)
		rowH := math.Max(b.S(52), b.S(16)+th+mh)
		if !b.Compact && y+rowH+b.S(4) > in.MaxY() {
			b.Line(layout.R(in.X, y, in.W, b.S(22)), c.tf("lobby.more", len(v.Actions)-i), layout.TextStyle{Size: 13, Color: layout.MutedColor})
			break
		}
		row := layout.R(in.X, y, in.W, rowH)
		b.Add(layout.Item{Kind: layout.Fill, Rect: row, Color: theme.White, Radius: b.S(10)})
		if del {
			b.Button("act-del-"+strconv.Itoa(a.ID), layout.R(row.MaxX()-b.S(46), row.Y+b.S(8), b.S(38), b.S(36)), "", layout.ButtonOpts{Style: layout.Quiet, Glyph: g("delete"), Label: c.tf("act.del.label", a.Text), Action: send(game.Command{Type: game.CmdDelAction, Args: game.Args{Action: a.ID}})})
		}
		if show {
			b.Button("spot-action-"+strconv.Itoa(a.ID), layout.R(row.MaxX()-b.S(90), row.Y+b.S(8), b.S(38), b.S(36)), "", layout.ButtonOpts{Style: layout.Quiet, Glyph: g("spotlight-beam"), Label: c.tf("spot.put.label", a.Text), Disabled: !ok, Action: spotlight{action: a.ID}})
		}
		ty := row.Y + b.S(6)
		ty += b.Text(layout.R(row.X+b.S(12), ty, tw, 0), a.Text, textSt) + b.S(3)
		b.Text(layout.R(row.X+b.S(12), ty, tw, 0), meta, metaSt)
		// The text as a widget, so that the widget list says when it is cut.
		b.Info("act-item-"+strconv.Itoa(a.ID), layout.R(row.X+b.S(4), row.Y, tw+b.S(8), row.H), a.Text+" · "+meta)
		y += rowH + b.S(6)
	}
	if b.Compact {
		fixPanel(b.F, right, y+b.S(12)-right.Y)
		b.Grow(y + b.S(24))
	}
}

// topRowStyle is the caption of a top card's row.
func topRowStyle() layout.TextStyle {
	return layout.TextStyle{Size: 15, Bold: true, Color: layout.InkColor}
}

// topRowH is the height of a top card's row w wide: its caption wraps rather than being
// cut, beside the colour band and the count of actions.
func (c *Controller) topRowH(b *layout.Builder, w float64, caption string) float64 {
	return math.Max(b.S(46), b.TextHeight(w-b.S(112), caption, topRowStyle())+b.S(20))
}

// actionMeta is an action's owner, date and card in one line.
func (c *Controller) actionMeta(a game.Action) string {
	var parts []string
	owner := a.Owner
	if a.OwnerSeat != 0 {
		owner = c.M.SeatName(a.OwnerSeat)
	}
	if owner != "" {
		parts = append(parts, c.tf("act.meta.owner", owner))
	} else {
		parts = append(parts, c.t("act.meta.noowner"))
	}
	if a.Due != "" {
		parts = append(parts, c.tf("act.meta.due", c.dueText(a.Due)))
	}
	if a.Card != "" {
		parts = append(parts, c.M.CardTitle(a.Card))
	}
	return strings.Join(parts, " · ")
}

// aboutCard makes a ranked card what the new action is about, or none again.
type aboutCard struct{ card string }

func (a aboutCard) run(c *Controller) {
	if c.actCard == a.card {
		c.actCard = ""
	} else {
		c.actCard = a.card
	}
}

// addAction adds the action the form describes.
type addAction struct{}

func (addAction) run(c *Controller) {
	owner := strings.TrimSpace(c.text("act-owner"))
	due, hasDue, err := c.dueDate()
	if err != nil {
		return // the field says why below it; ISO goes out, never what was typed
	}
	args := game.Args{Card: c.actCard, Text: strings.TrimSpace(c.text("act-text"))}
	if hasDue {
		args.Due = dates.ISO(due)
	}
	// An owner who is in the room is linked to their seat.
	for _, s := range c.M.Present() {
		if owner != "" && strings.EqualFold(s.Name, owner) {
			args.Seat = s.ID
			owner = ""
		}
	}
	args.Owner = owner
	if c.sendCmd(game.Command{Type: game.CmdAddAction, Args: args}) {
		for _, f := range []string{"act-text", "act-owner", "act-due"} {
			c.field(f, 0).SetText("")
		}
		c.due.open = false
		c.focus = "act-text"
	}
}
