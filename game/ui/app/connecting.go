package app

import (
	"math"

	"impactkaarten/game/theme"
	"impactkaarten/game/ui/layout"
	"impactkaarten/game/ui/model"
	"impactkaarten/net/client"
)

// connectingScene is the wait for a room, with the way back.
type connectingScene struct{ *Controller }

// build shows the wait for the room.
func (c connectingScene) build(b *layout.Builder, r layout.Rect) {
	box := r.Center(math.Min(r.W, b.S(460)), b.S(200))
	b.Panel(box, layout.PanelColor, 16, true)
	in := box.Inset(b.S(24))
	what := c.tf("connecting.room", c.M.ShortCode())
	if c.M.Mode == model.ModeSolo {
		what = c.t("connecting.solo")
	}
	if c.M.Conn == client.Closed {
		what = c.t("connecting.failed")
	}
	// A spinner of three dots that take turns.
	phase := int(c.now/spinnerMillis) % 3
	for i := 0; i < 3; i++ {
		col := theme.Color(0xC9C2B2)
		if i == phase {
			col = layout.PrimaryColor
		}
		b.Dot(in.CX()+float64(i-1)*b.S(22), in.Y+b.S(14), b.S(12), col)
	}
	b.Text(layout.R(in.X, in.Y+b.S(36), in.W, b.S(60)), what, layout.TextStyle{Size: 17, Bold: true, Color: layout.InkColor, Align: layout.Center})
	bw := math.Min(in.W, b.S(200))
	b.Button("connecting-cancel", layout.R(in.CX()-bw/2, in.MaxY()-b.S(44), bw, b.S(44)), c.t("connecting.cancel"), layout.ButtonOpts{Style: layout.Secondary, Action: cancelConnect{}})
}

// cancelConnect gives up connecting and goes back to the start.
type cancelConnect struct{}

func (cancelConnect) run(c *Controller) { c.effects = append(c.effects, Leave{}) }
