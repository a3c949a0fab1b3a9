package app

import (
	"strings"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/theme"
	"impactkaarten/game/ui/layout"
)

// face lays out a card of the deck for a w×h rectangle, in this client's card language.
func (c *Controller) face(b *layout.Builder, id string, w, h float64, withBody bool) *layout.FaceInfo {
	return b.Arrange(c.rawFace(b, id, withBody), w, h)
}

// rawFace is a card's face before arranging.
func (c *Controller) rawFace(b *layout.Builder, id string, withBody bool) *layout.FaceInfo {
	card := c.M.Card(id)
	if card == nil {
		card = &cards.Card{ID: id, Kind: cards.Technology, Title: cards.Text{NL: id, EN: id}}
	}
	band, kicker := c.band(card, "")
	title := c.M.CardTitle(id)
	glyph := g(card.Icon)
	if glyph == 0 {
		glyph = g("lightbulb-outline")
	}
	return b.FaceOf(card, c.M.CardLang(), title, kicker, band, glyph, withBody)
}

// band returns a card's colour band and its small heading: the part it lies in on the
// canvas, else the first part it typically strengthens, else its kind.
func (c *Controller) band(card *cards.Card, part cards.Part) (theme.Color, string) {
	if part != "" {
		return theme.Part(part), c.t("part." + string(part))
	}
	switch card.Kind {
	case cards.Technology:
		if len(card.Parts) > 0 {
			// The parts it typically strengthens, so a player sees at a glance where it
			// could go (the player decides).
			var names []string
			for i, p := range card.Parts {
				if i == 2 {
					break
				}
				names = append(names, c.t("part."+string(p)))
			}
			return theme.Part(card.Parts[0]), strings.Join(names, " · ")
		}
	case cards.Blank:
		return layout.KindColor(string(card.Kind)), c.t("kind.blank")
	}
	return layout.KindColor(string(card.Kind)), c.t("kind." + string(card.Kind))
}

// placedFace lays out a card on the canvas: its part's colour, the owner's stripe, the
// reason and the reactions and dots.
func (c *Controller) placedFace(b *layout.Builder, p *game.Placed, w, h float64, withBody bool) *layout.FaceInfo {
	return b.Arrange(c.rawPlacedFace(b, p, withBody), w, h)
}

// rawPlacedFace is a canvas card's face before arranging.
func (c *Controller) rawPlacedFace(b *layout.Builder, p *game.Placed, withBody bool) *layout.FaceInfo {
	f := c.rawFace(b, p.Card, withBody)
	f.Band, f.Kicker = theme.Part(p.Part), c.t("part."+string(p.Part))
	f.Row = !withBody
	if s := c.M.SeatByID(p.Owner); s != nil {
		f.Owner, f.HasOwner = theme.Seat(s.Color), true
		text := s.Name
		if p.Reason != "" {
			text += ": " + p.Reason
		}
		if withBody {
			f.FooterText = text // a big card shows its own text as the body
		} else {
			f.BodyText = text // a row on the canvas shows the whole reason under its title
		}
		f.FooterColor = layout.MutedColor
	}
	var plus, q, concern int
	for _, r := range p.Reactions {
		switch r.Kind {
		case game.ReactPlus:
			plus++
		case game.ReactQuestion:
			q++
		case game.ReactConcern:
			concern++
		}
	}
	if plus > 0 {
		f.Badges = append(f.Badges, layout.Badge{Glyph: g("thumb-up"), Count: plus, Color: layout.PrimaryColor})
	}
	if q > 0 {
		f.Badges = append(f.Badges, layout.Badge{Glyph: g("comment-question-outline"), Count: q, Color: 0x0072B2})
	}
	if concern > 0 {
		f.Badges = append(f.Badges, layout.Badge{Glyph: g("alert"), Count: concern, Color: theme.Accent})
	}
	if n := len(p.Dots); n > 0 {
		f.Badges = append(f.Badges, layout.Badge{Glyph: g("checkbox-marked-circle"), Count: n, Color: theme.Accent})
	}
	return f
}
