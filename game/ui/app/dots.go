package app

import (
	"math"
	"strconv"

	"impactkaarten/game"
	"impactkaarten/game/theme"
	"impactkaarten/game/ui/layout"
)

// dotsScene is the dot vote: the canvas, each card taking this player's dots, and the
// ranking beside it.
type dotsScene struct{ *Controller }

// buildDots is dot voting: every player places their dots on the canvas cards, and the
// ranking shows beside the canvas.
func (c dotsScene) build(b *layout.Builder, r layout.Rect) {
	gap := b.S(16)
	if b.Compact {
		// The ranking first, as tall as its rows need, the columns below it.
		h := c.ranking(b, layout.R(r.X, r.Y, r.W, 0), true)
		c.columns(b, layout.R(r.X, r.Y+h+gap, r.W, 0), columnOpts{dots: true})
		return
	}
	sw := math.Min(b.S(320), r.W*0.28)
	c.columns(b, layout.R(r.X, r.Y, r.W-sw-gap, r.H), columnOpts{dots: true})
	c.ranking(b, layout.R(r.MaxX()-sw, r.Y, sw, r.H), false)
}

// ranking paints the dot ranking in a panel. A short ranking (a phone) shows the top
// five and is as tall as they need, r.H is ignored; else rows that do not fit in r are
// counted on a last line. Titles wrap (hyphenated) rather than being cut. It returns the
// panel's height.
func (c dotsScene) ranking(b *layout.Builder, r layout.Rect, short bool) float64 {
	v := c.M.View
	b.Panel(r, layout.PanelColor, 16, true)
	in := r.Inset(b.S(16))
	y := in.Y
	if dotter, _ := c.offer(game.Ask{Type: game.CmdDot}); dotter {
		left := c.M.DotsLeft()
		b.Line(layout.R(in.X, y, in.W, b.S(24)), c.tf("dots.left", left, v.Settings.Dots), layout.TextStyle{Size: 16, Bold: true, Color: layout.InkColor})
		y += b.S(26)
		for i := 0; i < v.Settings.Dots; i++ {
			col := theme.Color(0xD5CFC1)
			if i < left {
				col = theme.Accent
			}
			b.Dot(in.X+b.S(8)+float64(i)*b.S(20), y+b.S(9), b.S(14), col)
		}
		y += b.S(28)
		y += b.Text(layout.R(in.X, y, in.W, b.S(40)), c.t("dots.hint"), layout.TextStyle{Size: 13, Color: layout.MutedColor}) + b.S(10)
	}
	b.Line(layout.R(in.X, y, in.W, b.S(24)), c.t("dots.ranking"), layout.TextStyle{Size: 16, Bold: true, Color: layout.InkColor})
	y += b.S(30)
	limit := len(v.Ranking)
	if short {
		limit = min(limit, 5)
	}
	title := layout.TextStyle{Size: 14, Color: layout.InkColor}
	lineH := b.S(30) // the number, the title's first line and the count share it
	for i := 0; i < limit; i++ {
		rk := v.Ranking[i]
		name := c.M.CardTitle(rk.Card)
		tx, tw := in.X+b.S(42), in.W-b.S(42)-b.S(56)
		th := b.TextHeight(tw, name, title)
		rowH := math.Max(lineH, th+lineH-layout.LineHeight(b.S(14)))
		if !short && y+rowH+b.S(2) > in.MaxY() {
			b.Line(layout.R(in.X, y, in.W, b.S(22)), c.tf("lobby.more", len(v.Ranking)-i), layout.TextStyle{Size: 13, Color: layout.MutedColor})
			break
		}
		p := c.M.Placed(rk.Card)
		col := layout.MutedColor
		if p != nil {
			col = theme.Part(p.Part)
		}
		row := layout.R(in.X, y, in.W, rowH)
		b.Line(layout.R(row.X, row.Y, b.S(28), lineH), strconv.Itoa(rk.Place)+".", layout.TextStyle{Size: 15, Bold: true, Color: layout.MutedColor})
		b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(row.X+b.S(30), row.Y+b.S(7), b.S(5), row.H-b.S(14)), Color: col, Radius: b.S(2)})
		b.Text(layout.R(tx, row.Y+(lineH-layout.LineHeight(b.S(14)))/2, tw, 0), name, title)
		// The dots' mark (as on the cards) where there are dots; a card without any says a
		// quiet 0, so that a long tail of them does not read as a column of ticks.
		count := layout.TextStyle{Size: 15, Bold: true, Color: layout.MutedColor, Align: layout.Right}
		if rk.Dots > 0 {
			b.Glyph(layout.R(row.MaxX()-b.S(54), row.Y, b.S(22), lineH), g("checkbox-marked-circle"), 15, theme.Accent)
			count.Color = layout.InkColor
		}
		b.Line(layout.R(row.MaxX()-b.S(32), row.Y, b.S(32), lineH), strconv.Itoa(rk.Dots), count)
		// The row as a widget, so that the widget list says when its title is cut.
		b.Info("rank-"+rk.Card, row, c.tf("screen.rank.label", rk.Place, name, c.tn("rep.dots", rk.Dots)))
		y += rowH + b.S(4)
	}
	if len(v.Ranking) == 0 {
		y += b.Text(layout.R(in.X, y, in.W, b.S(40)), c.t("dots.empty"), layout.TextStyle{Size: 14, Color: layout.MutedColor})
	}
	if short {
		return fixPanel(b.F, r, y+b.S(12)-r.Y).H
	}
	return r.H
}

// placeDot places one of this player's dots on a canvas card.
type placeDot struct{ card string }

func (a placeDot) run(c *Controller) {
	c.sendCmd(game.Command{Type: game.CmdDot, Args: game.Args{Card: a.card}})
}

// takeDot takes one of this player's dots back from a canvas card.
type takeDot struct{ card string }

func (a takeDot) run(c *Controller) {
	c.sendCmd(game.Command{Type: game.CmdUndot, Args: game.Args{Card: a.card}})
}
