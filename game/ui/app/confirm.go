package app

import "impactkaarten/game/ui/layout"

// confirmDialog asks before a step that cannot be taken back; its confirming button names
// the step.
type confirmDialog struct{ *Controller }

// build asks a yes/no question.
func (c confirmDialog) build(b *layout.Builder) {
	q := c.confirm.text
	if q == "" {
		q = c.tf(c.confirm.key, c.confirm.arg)
	}
	c.fitDialog(b, b.S(460), func(b *layout.Builder, in layout.Rect) float64 {
		th := b.Text(layout.R(in.X, in.Y, in.W, b.S(60)), q, layout.TextStyle{Size: 18, Bold: true, Color: layout.InkColor})
		y := in.Y + th + b.S(24)
		no, yes := c.t("confirm.no"), c.t(c.confirm.yesKey)
		cols := layout.R(in.X, y, in.W, b.S(44)).Cols(2, b.S(12))
		if w := cols[0].W; b.ButtonWidth(no, 0, 15) > w || b.ButtonWidth(yes, 0, 15) > w {
			// Too narrow for the two side by side (a phone): the answer on top, whole.
			cols = []layout.Rect{layout.R(in.X, y+b.S(54), in.W, b.S(44)), layout.R(in.X, y, in.W, b.S(44))}
			y += b.S(54)
		}
		b.Button("confirm-no", cols[0], no, layout.ButtonOpts{Style: layout.Secondary, Action: answerConfirm{}})
		b.Button("confirm-yes", cols[1], yes, layout.ButtonOpts{Style: c.confirm.kind, Action: answerConfirm{yes: true}})
		return y + b.S(44) - in.Y
	})
}

// escape answers no.
func (c confirmDialog) escape() bool { answerConfirm{}.run(c.Controller); return true }

// answerConfirm answers the open confirmation.
type answerConfirm struct{ yes bool }

func (a answerConfirm) run(c *Controller) {
	cf := c.confirm
	c.confirm = nil
	c.focus = ""
	if a.yes && cf != nil {
		cf.yes()
	}
}
