package app

import (
	"math"
	"strings"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/ui/layout"
)

// detailDialog shows a canvas card in full.
type detailDialog struct{ *Controller }

// escape closes it.
func (c detailDialog) escape() bool { closeDetail{}.run(c.Controller); return true }

// build shows a canvas card in full: its reason, the reactions, and the buttons to
// react or move it.
func (c detailDialog) build(b *layout.Builder) {
	p := c.M.Placed(c.detail)
	if p == nil {
		return
	}
	c.fitDialog(b, b.S(820), func(b *layout.Builder, in layout.Rect) float64 {
		title := c.M.CardTitle(p.Card)
		b.Line(layout.R(in.X, in.Y, in.W-b.S(98), b.S(30)), title, layout.TextStyle{Size: 21, Bold: true, Color: layout.InkColor})
		b.Button("detail-close", layout.R(in.MaxX()-b.S(40), in.Y-b.S(4), b.S(40), b.S(40)), "", layout.ButtonOpts{Style: layout.Quiet, Glyph: g("close"), Label: c.t("detail.close"), Action: closeDetail{}})
		if show, ok := c.offer(game.Ask{Type: game.CmdSpotlight, Card: p.Card}); show {
			b.Button("spot-card-"+p.Card, layout.R(in.MaxX()-b.S(88), in.Y-b.S(4), b.S(40), b.S(40)), "", layout.ButtonOpts{Style: layout.Quiet, Glyph: g("spotlight-beam"), Label: c.t("spot.put"), Disabled: !ok, Action: spotlight{card: p.Card}})
		}
		top := in.Y + b.S(42)
		info := layout.R(in.X, top, in.W, 0)
		cardBottom := top
		if !b.Compact {
			cw := math.Min(b.S(230), in.W*0.34)
			// The card grows, within reason, until its text and the player's whole reason fit.
			cr := layout.R(in.X, top, cw, cw*1.4)
			f := c.placedFace(b, p, cr.W, cr.H, true)
			for f.Elided && cr.H < cw*2.2 {
				cr.H += b.S(16)
				f = c.placedFace(b, p, cr.W, cr.H, true)
			}
			b.Add(layout.Item{Kind: layout.Face, Rect: cr, Card: f, Radius: b.S(12), Shadow: b.S(8)})
			info = layout.R(in.X+cw+b.S(20), top, in.W-cw-b.S(20), 0)
			cardBottom = cr.MaxY()
		}
		y := info.Y
		label := layout.TextStyle{Size: 14, Bold: true, Color: layout.MutedColor}
		b.Line(layout.R(info.X, y, info.W, b.S(20)), c.tf("detail.by", c.M.SeatName(p.Owner), c.t("part."+string(p.Part))), label)
		y += b.S(24)
		if p.Reason != "" {
			y += b.Text(layout.R(info.X, y, info.W, b.S(60)), "“"+p.Reason+"”", layout.TextStyle{Size: 17, Color: layout.InkColor}) + b.S(10)
		}
		y += c.cardNotes(b, c.M.Card(p.Card), layout.R(info.X, y, info.W, 0))
		b.Line(layout.R(info.X, y, info.W, b.S(20)), c.tf("detail.reactions", len(p.Reactions)), label)
		y += b.S(24)
		for i, r := range p.Reactions {
			if i == 4 {
				y += b.Text(layout.R(info.X, y, info.W, b.S(22)), c.tf("lobby.more", len(p.Reactions)-i), layout.TextStyle{Size: 13, Color: layout.MutedColor})
				break
			}
			line := c.t("react."+r.Kind) + " — " + c.M.SeatName(r.Seat)
			if r.Text != "" {
				line += ": " + r.Text
			}
			y += b.Text(layout.R(info.X, y, info.W, b.S(40)), line, layout.TextStyle{Size: 14, Color: layout.InkColor, MaxLines: 2}) + b.S(2)
		}
		y += b.S(8)
		if canReact, _ := c.offer(game.Ask{Type: game.CmdReact, Card: p.Card}); canReact {
			mine := map[string]bool{}
			for _, r := range p.Reactions {
				if r.Seat == c.M.Seat {
					mine[r.Kind] = true
				}
			}
			b.TextField("react-text", layout.R(info.X, y, info.W, b.S(44)), c.t("react.text"), c.fieldState("react-text", game.MaxComment, c.t("react.text.placeholder")), false, "react-question")
			y += b.S(52)
			cols := layout.R(info.X, y, info.W, b.S(42)).Cols(3, b.S(8))
			for i, k := range []string{game.ReactPlus, game.ReactQuestion, game.ReactConcern} {
				glyph := map[string]rune{game.ReactPlus: g("thumb-up"), game.ReactQuestion: g("comment-question-outline"), game.ReactConcern: g("alert")}[k]
				b.Button("react-"+k, cols[i], c.t("react."+k), layout.ButtonOpts{Style: layout.Secondary, Glyph: glyph, Selected: mine[k], Kind: layout.Toggle, Size: 14, Group: "react", Action: react{p.Card, k}})
			}
			y += b.S(52)
		}
		if canMove, _ := c.offer(game.Ask{Type: game.CmdMove, Card: p.Card}); canMove {
			b.Line(layout.R(info.X, y, info.W, b.S(20)), c.t("detail.move"), label)
			y += b.S(24)
			n := 4
			if b.Compact {
				n = 2
			}
			pw := (info.W - b.S(8)*float64(n-1)) / float64(n)
			for i, part := range cards.Parts {
				r := layout.R(info.X+float64(i%n)*(pw+b.S(8)), y+float64(i/n)*b.S(46), pw, b.S(40))
				move := game.Command{Type: game.CmdMove, Args: game.Args{Card: p.Card, Part: part}}
				b.Button("move-"+string(part), r, c.t("part."+string(part)), layout.ButtonOpts{Kind: layout.Choice, Group: "move", Style: layout.Secondary, Selected: p.Part == part, Disabled: c.M.Check(move) != nil, Size: 14, Action: send(move)})
			}
			y += float64((4+n-1)/n) * b.S(46)
		}
		return math.Max(y, cardBottom) - in.Y
	})
}

// closeDetail closes it.
type closeDetail struct{}

func (closeDetail) run(c *Controller) {
	c.focus = "cv-" + c.detail
	c.detail = ""
}

// react reacts to a canvas card with a kind of reaction and the text typed; pressing
// one's own reaction again, with nothing typed, takes it back.
type react struct {
	card string
	kind string
}

func (a react) run(c *Controller) {
	p := c.M.Placed(a.card)
	if p == nil {
		return
	}
	text := strings.TrimSpace(c.text("react-text"))
	mine := false
	for _, r := range p.Reactions {
		if r.Seat == c.M.Seat && r.Kind == a.kind {
			mine = true
		}
	}
	if mine && text == "" {
		c.sendCmd(game.Command{Type: game.CmdReact, Args: game.Args{Card: p.Card, Kind: a.kind}})
		return
	}
	if text == "" && a.kind != game.ReactPlus {
		c.M.Note("toast.needtext", "", false, c.now)
		c.focus = "react-text"
		return
	}
	if a.kind == game.ReactPlus {
		text = ""
	}
	if c.sendCmd(game.Command{Type: game.CmdReact, Args: game.Args{Card: p.Card, Kind: a.kind, Text: text}}) && text != "" {
		c.field("react-text", game.MaxComment).SetText("")
	}
}
