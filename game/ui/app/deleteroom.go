package app

import (
	"math"

	"impactkaarten/game/ui/layout"
	"impactkaarten/game/ui/model"
)

// deleteRow lays out, below a rule, the facilitator's control that deletes the room on the
// relay with all its data (after a confirmation that names what goes), and returns the
// height used; nothing for a practice room, which lives in this program only. prefix makes
// the id ("exp-" in the export dialog, "rep-exp-" on the report page).
func (c *Controller) deleteRow(b *layout.Builder, r layout.Rect, prefix string) float64 {
	if c.M.Mode != model.ModeRelay || !c.canExport() {
		return 0
	}
	muted := layout.TextStyle{Size: 14, Color: layout.MutedColor}
	y := r.Y + b.S(16)
	b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(r.X, y, r.W, b.S(1)), Color: 0xD5CFC1})
	y += b.S(14)
	bw := math.Min(r.W, b.ButtonWidth(c.t("exp.delete"), g("delete-forever"), 14)+b.S(8))
	opts := layout.ButtonOpts{Style: layout.Danger, Glyph: g("delete-forever"), Size: 14, Label: c.t("rep.delete"), Action: deleteRoom{}}
	if b.Compact {
		y += b.Text(layout.R(r.X, y, r.W, b.S(80)), c.t("exp.delete.hint"), muted) + b.S(8)
		b.Button(prefix+"delete", layout.R(r.X, y, bw, b.S(44)), c.t("exp.delete"), opts)
		return y + b.S(44) - r.Y
	}
	th := b.Text(layout.R(r.X, y, r.W-bw-b.S(16), b.S(80)), c.t("exp.delete.hint"), muted)
	b.Button(prefix+"delete", layout.R(r.MaxX()-bw, y, bw, b.S(44)), c.t("exp.delete"), opts)
	return y + math.Max(th, b.S(44)) - r.Y
}

// deleteRoom asks before deleting the room and all its data on the relay.
type deleteRoom struct{}

func (deleteRoom) run(c *Controller) {
	c.confirm = &confirmState{key: "confirm.delete", yesKey: "confirm.delete.yes", kind: layout.Danger, yes: func() {
		c.exportOpen = false
		c.effects = append(c.effects, DeleteRoom{})
	}}
}
