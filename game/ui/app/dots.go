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
	var cols, side layout.Rect
	gap := b.S(16)
	if b.Compact {
		side = layout.R(r.X, r.Y, r.W, b.S(120)+float64(min(5, len(c.M.View.Ranking)))*b.S(34))
		cols = layout.R(r.X, side.MaxY()+gap, r.W, 0)
	} else {
		sw := math.Min(b.S(320), r.W*0.28)
		side = layout.R(r.MaxX()-sw, r.Y, sw, r.H)
		cols = layout.R(r.X, r.Y, r.W-sw-gap, r.H)
	}
	c.columns(b, cols, columnOpts{dots: true})
	c.ranking(b, side, b.Compact)
}

// ranking paints the dot ranking in a panel.
func (c dotsScene) ranking(b *layout.Builder, r layout.Rect, short bool) {
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
	for i := 0; i < limit; i++ {
		rk := v.Ranking[i]
		if !short && y+b.S(32) > in.MaxY() {
			b.Line(layout.R(in.X, y, in.W, b.S(22)), c.tf("lobby.more", len(v.Ranking)-i), layout.TextStyle{Size: 13, Color: layout.MutedColor})
			break
		}
		p := c.M.Placed(rk.Card)
		col := layout.MutedColor
		if p != nil {
			col = theme.Part(p.Part)
		}
		row := layout.R(in.X, y, in.W, b.S(30))
		b.Line(layout.R(row.X, row.Y, b.S(28), row.H), strconv.Itoa(rk.Place)+".", layout.TextStyle{Size: 15, Bold: true, Color: layout.MutedColor})
		b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(row.X+b.S(30), row.Y+b.S(7), b.S(5), row.H-b.S(14)), Color: col, Radius: b.S(2)})
		b.Line(layout.R(row.X+b.S(42), row.Y, row.W-b.S(42)-b.S(56), row.H), c.M.CardTitle(rk.Card), layout.TextStyle{Size: 14, Color: layout.InkColor})
		b.Glyph(layout.R(row.MaxX()-b.S(54), row.Y, b.S(22), row.H), g("checkbox-marked-circle"), 15, theme.Accent)
		b.Line(layout.R(row.MaxX()-b.S(32), row.Y, b.S(32), row.H), strconv.Itoa(rk.Dots), layout.TextStyle{Size: 15, Bold: true, Color: layout.InkColor, Align: layout.Right})
		y += b.S(34)
	}
	if len(v.Ranking) == 0 {
		b.Text(layout.R(in.X, y, in.W, b.S(40)), c.t("dots.empty"), layout.TextStyle{Size: 14, Color: layout.MutedColor})
	}
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
