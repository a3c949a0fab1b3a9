package app

import (
	"math"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/theme"
	"impactkaarten/game/ui/layout"
)

// playDialog plays the card picked up: its column, and the reason (and for a blank card,
// the player's own idea).
type playDialog struct{ *Controller }

// escape closes the dialog; the card stays picked up.
func (c playDialog) escape() bool { cancelPlay{}.run(c.Controller); return true }

// build is the dialog that plays a card: its column, a one-line reason ("how would
// this work for us?") and, for a blank card, the player's own title.
func (c playDialog) build(b *layout.Builder) {
	p := c.play
	card := c.M.Card(p.card)
	blank := card != nil && card.Kind == cards.Blank
	c.fitDialog(b, b.S(760), func(b *layout.Builder, in layout.Rect) float64 {
		b.Line(layout.R(in.X, in.Y, in.W, b.S(30)), c.t("play.title"), layout.TextStyle{Size: 21, Bold: true, Color: layout.InkColor})
		top := in.Y + b.S(42)
		form := layout.R(in.X, top, in.W, 0)
		cardBottom := top
		if !b.Compact {
			cw := math.Min(b.S(220), in.W*0.34)
			cr := layout.R(in.X, top, cw, cw*1.35)
			f := c.rawFace(b, p.card, true)
			f.Band, f.Kicker = theme.Part(p.part), c.t("part."+string(p.part))
			b.Arrange(f, cr.W, cr.H)
			b.Add(layout.Item{Kind: layout.Face, Rect: cr, Card: f, Radius: b.S(12), Shadow: b.S(8)})
			form = layout.R(in.X+cw+b.S(20), top, in.W-cw-b.S(20), 0)
			cardBottom = cr.MaxY()
		}
		y := form.Y
		label := layout.TextStyle{Size: 14, Bold: true, Color: layout.MutedColor}
		b.Line(layout.R(form.X, y, form.W, b.S(20)), c.t("play.part"), label)
		y += b.S(24)
		n := 4
		if b.Compact {
			n = 2
		}
		pw := (form.W - b.S(8)*float64(n-1)) / float64(n)
		for i, part := range cards.Parts {
			x := form.X + float64(i%n)*(pw+b.S(8))
			yy := y + float64(i/n)*b.S(48)
			r := layout.R(x, yy, pw, b.S(42))
			b.Button("play-part-"+string(part), r, c.t("part."+string(part)), layout.ButtonOpts{Kind: layout.Choice, Group: "part", Selected: p.part == part, Style: layout.Secondary, Size: 14, Action: choosePart{part}})
			b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(r.X+b.S(10), r.MaxY()-b.S(6), r.W-b.S(20), b.S(3)), Color: theme.Part(part)})
		}
		y += float64((4+n-1)/n)*b.S(48) + b.S(8)
		if blank {
			b.Line(layout.R(form.X, y, form.W, b.S(20)), c.t("play.own"), label)
			y += b.S(24)
			b.TextField("play-title", layout.R(form.X, y, form.W, b.S(46)), c.t("play.own"), c.fieldState("play-title", game.MaxTitle, c.t("play.own.placeholder")), false, "play-confirm")
			y += b.S(56)
		}
		b.Line(layout.R(form.X, y, form.W, b.S(20)), c.t("play.reason"), label)
		y += b.S(24)
		b.TextField("play-reason", layout.R(form.X, y, form.W, b.S(46)), c.t("play.reason"), c.fieldState("play-reason", game.MaxReason, c.t("play.reason.placeholder")), false, "play-confirm")
		y += b.S(62)
		// The room's own verdict on what is typed: a reason where one is required, a title
		// for an own idea.
		ok := c.M.Check(c.playCommand()) == nil
		y = math.Max(y, cardBottom-b.S(46))
		cols := layout.R(form.X, y, form.W, b.S(46)).Cols(2, b.S(10))
		b.Button("play-cancel", cols[0], c.t("play.cancel"), layout.ButtonOpts{Style: layout.Secondary, Action: cancelPlay{}})
		b.Button("play-confirm", cols[1], c.t("play.confirm"), layout.ButtonOpts{Glyph: g("check"), Disabled: !ok, Action: confirmPlay{}})
		return y + b.S(46) - in.Y
	})
}

// choosePart chooses the column in the play dialog.
type choosePart struct{ part cards.Part }

func (a choosePart) run(c *Controller) {
	if c.play != nil {
		c.play.part = a.part
	}
}

// cancelPlay closes the play dialog; the card stays picked up.
type cancelPlay struct{}

func (cancelPlay) run(c *Controller) {
	c.play = nil
	c.focus = "hand-" + c.selected
}

// confirmPlay plays the card as the dialog says.
type confirmPlay struct{}

func (confirmPlay) run(c *Controller) {
	if c.play == nil {
		return
	}
	if c.sendCmd(c.playCommand()) {
		c.play, c.selected = nil, ""
		c.focus = ""
	}
}
