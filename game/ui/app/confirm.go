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
		cols := layout.R(in.X, y, in.W, b.S(44)).Cols(2, b.S(12))
		b.Button("confirm-no", cols[0], c.t("confirm.no"), layout.ButtonOpts{Style: layout.Secondary, Action: answerConfirm{}})
		b.Button("confirm-yes", cols[1], c.t(c.confirm.yesKey), layout.ButtonOpts{Style: c.confirm.kind, Action: answerConfirm{yes: true}})
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
