package app

import (
	"strconv"

	"impactkaarten/game/ui/layout"
)

// limitShownAt is how close to its limit a field comes before it says how much is left
// (a name field always says it).
const limitShownAt = 10

// inlineLimit reports whether a field says beside its label how many characters are left
// and why typing was refused (the names, and the join code's hint); every other field tells a refusal in a toast.
func inlineLimit(id string) bool {
	return id == "start-name" || id == "act-owner" || id == "start-code"
}

// charsLeft writes, right-aligned on a field's label line r, how many characters the field
// has left before its limit, or, after typing or a paste that did not fit, that it was
// refused and why. always shows the count even far from the limit (names).
func (c *Controller) charsLeft(b *layout.Builder, id string, max int, r layout.Rect, always bool) {
	f := c.field(id, max)
	style := layout.TextStyle{Size: 13, Color: layout.MutedColor, Align: layout.Right}
	var s string
	switch left := f.Remaining(); {
	case f.Refused():
		s = c.tf("field.full", f.Max)
		style.Color, style.Bold = layout.ErrorColor, true
	case left >= 0 && (always || left <= limitShownAt):
		s = c.tn("field.left", left)
		if left == 0 {
			style.Color = layout.ErrorColor
		}
	default:
		return
	}
	b.Line(r, s, style)
}

// noteRefused tells in a toast that typing into a field was refused for its length, once
// per refusal, for fields that do not say it beside their label.
func (c *Controller) noteRefused(id string, wasRefused bool) {
	f := c.field(id, 0)
	if f.Refused() && !wasRefused && !inlineLimit(id) {
		c.M.Note("toast.toolong", strconv.Itoa(f.Max), true, c.now)
	}
}
