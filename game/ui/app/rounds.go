package app

import (
	"math"
	"strings"

	"impactkaarten/game"
	"impactkaarten/game/theme"
	"impactkaarten/game/ui/layout"
)

// The opening and closing rounds: the question, everyone's line as it is written, and for
// each player a field to write, change or withdraw their own.

// roundLines are the lines of the round on now.
func (c *Controller) roundLines() []game.Line {
	if c.M.View.Phase == game.Closing {
		return c.M.View.ClosingLines
	}
	return c.M.View.OpeningLines
}

// myLine is this seat's line in the round on now, or "".
func (c *Controller) myLine() string {
	for _, l := range c.roundLines() {
		if l.Seat == c.M.Seat {
			return l.Text
		}
	}
	return ""
}

// writes reports whether this client writes a line in the round: a player, or the
// facilitator (who may also just watch), as the engine allows.
func (c roundScene) writes() bool {
	return c.M.Plays() || c.M.Facilitator()
}

// roundScene is the opening or the closing round: the question, this player's line,
// and everyone's.
type roundScene struct{ *Controller }

func (c roundScene) build(b *layout.Builder, r layout.Rect) {
	v := c.M.View
	w := math.Min(r.W, b.S(900))
	x := r.X + (r.W-w)/2
	big := c.M.BigScreen
	scale := 1.0
	if big {
		scale = 1.5
	}
	y := r.Y
	// The question, large: it is read aloud.
	y += b.Text(layout.R(x, y, w, 0), c.question(v.Phase), layout.TextStyle{Size: 30 * scale, Bold: true, Color: layout.OnTable}) + b.S(16)

	lines := c.roundLines()
	active := c.M.Active()
	if c.writes() {
		panel := layout.R(x, y, w, 0)
		b.Panel(panel, layout.PanelColor, 16, true)
		in := panel.Inset(b.S(18))
		yy := in.Y
		b.Line(layout.R(in.X, yy, in.W, b.S(22)), c.t("round.yours"), shapeLabel())
		yy += b.S(26)
		mine := c.myLine()
		caption := c.t("round.post")
		if mine != "" {
			caption = c.t("round.update")
		}
		bw := b.ButtonWidth(caption, g("send"), 15) + b.S(8)
		fw := in.W - bw - b.S(8)
		if b.Compact {
			fw = in.W
		}
		b.TextField("round-line", layout.R(in.X, yy, fw, b.S(46)), c.t("round.yours"),
			c.fieldState("round-line", game.MaxAnswer, c.t("round.placeholder")), false, "round-post")
		text := strings.TrimSpace(c.text("round-line"))
		post := layout.R(in.MaxX()-bw, yy, bw, b.S(46))
		if b.Compact {
			yy += b.S(52)
			post = layout.R(in.X, yy, in.W, b.S(46))
		}
		b.Button("round-post", post, caption, layout.ButtonOpts{Style: layout.Primary, Glyph: g("send"), Disabled: text == "" || text == mine, Action: postLine{}})
		yy += b.S(52)
		if mine != "" {
			yy += b.Text(layout.R(in.X, yy, in.W, 0), "“"+mine+"”", layout.TextStyle{Size: 15, Color: layout.InkColor}) + b.S(6)
			cols := layout.R(in.X, yy, math.Min(in.W, b.S(360)), b.S(40)).Cols(2, b.S(8))
			b.Button("round-edit", cols[0], c.t("round.edit"), layout.ButtonOpts{Style: layout.Secondary, Glyph: g("pencil"), Size: 14, Action: editLine{}})
			b.Button("round-withdraw", cols[1], c.t("round.withdraw"), layout.ButtonOpts{Style: layout.Quiet, Glyph: g("delete"), Size: 14, Action: send(game.Command{Type: game.CmdAnswer})})
			yy += b.S(44)
		}
		panel = fixPanel(b.F, panel, yy-panel.Y+b.S(12))
		b.Grow(panel.MaxY())
		y = panel.MaxY() + b.S(16)
	}

	// Everyone's lines.
	panel := layout.R(x, y, w, 0)
	b.Panel(panel, layout.PanelColor, 16, true)
	in := layout.R(x, y, w, b.S(2000)).Inset(b.S(18))
	yy := in.Y
	b.Line(layout.R(in.X, yy, in.W, b.S(26*scale)), c.tf("round.count", len(lines), len(active)), layout.TextStyle{Size: 17 * scale, Bold: true, Color: layout.InkColor})
	yy += b.S(34 * scale)
	if len(lines) == 0 {
		hint := c.t("round.none")
		if !c.writes() {
			hint += " " + c.t("round.watch")
		}
		yy += b.Text(layout.R(in.X, yy, in.W, 0), hint, layout.TextStyle{Size: 15 * scale, Color: layout.MutedColor})
	}
	av := b.S(32 * scale)
	for _, l := range lines {
		name, color := "?", theme.Muted
		if s := c.seatView(l.Seat); s != nil {
			name, color = s.Name, theme.Seat(s.Color)
		}
		b.Avatar(layout.R(in.X, yy, av, av), name, color, true)
		tx := in.X + av + b.S(12)
		b.Line(layout.R(tx, yy, in.MaxX()-tx, b.S(20*scale)), name, layout.TextStyle{Size: 13 * scale, Bold: true, Color: layout.MutedColor})
		th := b.Text(layout.R(tx, yy+b.S(20*scale), in.MaxX()-tx, 0), l.Text, layout.TextStyle{Size: 17 * scale, Color: layout.InkColor})
		yy += math.Max(av, b.S(20*scale)+th) + b.S(12)
	}
	b.Grow(fixPanel(b.F, panel, yy-panel.Y+b.S(10)).MaxY())
}

// seatView returns a seat of the view by id, or nil.
func (c roundScene) seatView(id game.SeatID) *game.SeatView {
	for i := range c.M.View.Seats {
		if c.M.View.Seats[i].ID == id {
			return &c.M.View.Seats[i]
		}
	}
	return nil
}

// postLine posts this player's line in the round, or its new wording.
type postLine struct{}

func (postLine) run(c *Controller) {
	text := strings.TrimSpace(c.text("round-line"))
	if text != "" && c.sendCmd(game.Command{Type: game.CmdAnswer, Args: game.Args{Text: text}}) {
		c.field("round-line", game.MaxAnswer).SetText("")
		c.focus = ""
	}
}

// editLine puts this player's line back in the field to reword it.
type editLine struct{}

func (editLine) run(c *Controller) {
	c.field("round-line", game.MaxAnswer).SetText(c.myLine())
	c.focus = "round-line"
}
