package app

import (
	"strconv"
	"strings"

	"impactkaarten/cards"
	"impactkaarten/game/ui/layout"
)

// cardNotes lays out what a card says beyond its face, in this client's card language:
// the example, the watch-out, the first step, and a line with the effort and the source a
// reader can check. A card without them (another kind, or an older deck) takes no room.
// It returns the height used from r.Y.
func (c detailDialog) cardNotes(b *layout.Builder, card *cards.Card, r layout.Rect) float64 {
	if card == nil {
		return 0
	}
	lang := c.M.CardLang()
	label := layout.TextStyle{Size: 13, Bold: true, Color: layout.MutedColor}
	text := layout.TextStyle{Size: 15, Color: layout.InkColor, MaxLines: 5}
	if b.Compact {
		text.MaxLines = 0 // a phone's narrow lines need more of them; the page scrolls
	}
	y := r.Y
	note := func(key string, t cards.Text) {
		if t.IsZero() {
			return
		}
		b.Line(layout.R(r.X, y, r.W, b.S(18)), c.t(key), label)
		y += b.S(20)
		y += b.Text(layout.R(r.X, y, r.W, 0), t.In(lang), text) + b.S(8)
	}
	note("detail.example", card.Example)
	note("detail.watchout", card.WatchOut)
	note("detail.firststep", card.FirstStep)

	var meta []string
	if card.Effort.Valid() {
		meta = append(meta, c.tf("detail.effort", c.t("effort."+string(card.Effort))))
	}
	if s := card.Source; s != nil && s.Name != "" {
		meta = append(meta, c.tf("detail.source", s.Name, strconv.Itoa(s.Year)))
	}
	if len(meta) > 0 {
		y += b.Text(layout.R(r.X, y, r.W, 0), strings.Join(meta, " · "),
			layout.TextStyle{Size: 13, Color: layout.MutedColor, MaxLines: 3}) + b.S(8)
	}
	return y - r.Y
}
