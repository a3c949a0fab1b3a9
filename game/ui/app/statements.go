package app

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"impactkaarten/game"
	"impactkaarten/game/theme"
	"impactkaarten/game/ui/layout"
	"impactkaarten/game/ui/model"
)

// statementsScene is a statement face up, the secret vote, and after the reveal what
// the room thinks.
type statementsScene struct{ *Controller }

// buildStatements shows the statement face up, the secret vote, who has voted, and after
// the reveal the distribution, the spread and the two players furthest apart.
func (c statementsScene) build(b *layout.Builder, r layout.Rect) {
	round := c.M.Round()
	if round == nil {
		c.emptyNote(b, r, c.t("st.none"))
		return
	}
	gap := b.S(24)
	var cardArea, panel layout.Rect
	if b.Compact {
		cw := math.Min(r.W, b.S(360))
		// The card grows until the whole statement and its context fit: players vote on
		// a sentence they can read to its end.
		ch := cw * 0.78
		for ch < cw*3 && c.face(b, round.Card, cw, ch-b.S(4), true).Elided { // the card is 4 short of its area
			ch += b.S(16)
		}
		cardArea = layout.R(r.X+(r.W-cw)/2, r.Y, cw, ch+b.S(30))
		panel = layout.R(r.X, cardArea.MaxY()+b.S(16), r.W, b.S(600))
	} else {
		lw := math.Min(r.W*0.42, b.S(470))
		cardArea = layout.R(r.X, r.Y, lw, r.H)
		panel = layout.R(r.X+lw+gap, r.Y, r.W-lw-gap, r.H)
	}
	// The statement.
	label := c.tf("st.number", c.statementNumber(), c.M.View.Settings.PlannedStatements())
	b.Line(layout.R(cardArea.X, cardArea.Y, cardArea.W, b.S(24)), label, layout.TextStyle{Size: 15, Bold: true, Color: layout.OnTableMuted, Align: layout.Center})
	area := layout.R(cardArea.X, cardArea.Y+b.S(30), cardArea.W, cardArea.H-b.S(30))
	cw := math.Min(area.W, b.S(400))
	ch := math.Min(area.H, cw*1.3)
	if b.Compact {
		cw, ch = area.W, area.H
	}
	cr := layout.R(area.X+(area.W-cw)/2, area.Y+b.S(4), cw, ch-b.S(4))
	f := c.face(b, round.Card, cr.W, cr.H, true)
	f.FlipAt = c.anim.flipAt(round.Card)
	// A widget that does nothing when pressed, so that the widget list tells what the
	// statement shows and whether it had to be cut.
	b.CardWidget("st-card", cr, c.M.CardTitle(round.Card), f, layout.Widget{})

	// The vote.
	b.Panel(panel, layout.PanelColor, 16, true)
	in := panel.Inset(b.S(20))
	y := in.Y
	ink := layout.InkColor
	// The scale shows to a seat that votes, open while the vote is; on a phone, while the
	// vote is open, it sits in the vote's bar along the bottom instead.
	if votes, canVote := c.offer(game.Ask{Type: game.CmdVote}); votes {
		if !c.voteDock(b) {
			title := c.t("st.vote.title")
			if round.Revealed {
				title = c.t("st.vote.yours")
			}
			b.Line(layout.R(in.X, y, in.W, b.S(26)), title, layout.TextStyle{Size: 19, Bold: true, Color: ink})
			y += b.S(34)
			y = c.voteScale(b, layout.R(in.X, y, in.W, 0), round, canVote, false)
		}
		if !round.Revealed {
			hint := c.t("st.vote.secret")
			if round.MyVote != 0 {
				hint = c.tf("st.vote.done", round.MyVote)
			}
			y += b.Text(layout.R(in.X, y, in.W, b.S(40)), hint, layout.TextStyle{Size: 14, Color: layout.MutedColor}) + b.S(10)
		} else {
			y += b.S(4)
		}
	}

	// Who has voted, or what everyone voted.
	active := c.M.Active()
	voted := 0
	var missing []string
	for _, s := range active {
		if slices.Contains(round.Voted, s.ID) {
			voted++
		} else {
			missing = append(missing, s.Name)
		}
	}
	var apart [2]game.SeatID
	if round.Revealed && round.Result != nil {
		apart = round.Result.Apart
	}
	head := c.votedHead(round, voted, len(active))
	b.Line(layout.R(in.X, y, in.W, b.S(24)), head, layout.TextStyle{Size: 16, Bold: true, Color: ink})
	y += b.S(30)
	chipW := b.S(150)
	per := max(1, int((in.W+b.S(8))/(chipW+b.S(8))))
	chipW = (in.W - b.S(8)*float64(per-1)) / float64(per)
	for i, s := range active {
		x := in.X + float64(i%per)*(chipW+b.S(8))
		yy := y + float64(i/per)*b.S(46)
		chip := layout.R(x, yy, chipW, b.S(40))
		value := 0
		for _, v := range round.Votes {
			if v.Seat == s.ID {
				value = v.Value
			}
		}
		c.voteChip(b, chip, s, slices.Contains(round.Voted, s.ID), value, s.ID == apart[0] || s.ID == apart[1], round.Card)
	}
	y += float64((len(active)+per-1)/per)*b.S(46) + b.S(6)
	// Who has not voted yet, for the one who reveals.
	if c.M.Can(game.Ask{Type: game.CmdReveal}) && len(missing) > 0 {
		y += b.Text(layout.R(in.X, y, in.W, b.S(40)), c.tf("st.missing", strings.Join(missing, ", ")), layout.TextStyle{Size: 14, Bold: true, Color: theme.Accent}) + b.S(8)
	}

	// The countdown to the reveal, then the outcome.
	if secs, ok := c.revealSeconds(); ok {
		y = c.countdown(b, in, y+b.S(6), secs)
	}
	if round.Revealed && round.Result != nil {
		y += b.S(6)
		y = c.voteChart(b, layout.R(in.X, y, in.W, b.S(150)), round, c.anim.revealProgress(round.Card, c.now))
		res := round.Result
		stats := c.tf("st.stats", strings.Replace(fmt.Sprintf("%.1f", res.Mean), ".", c.t("decimal"), 1),
			strings.Replace(fmt.Sprintf("%.1f", res.Spread), ".", c.t("decimal"), 1))
		y += b.Text(layout.R(in.X, y, in.W, b.S(24)), stats, layout.TextStyle{Size: 15, Color: ink}) + b.S(4)
		line, color := c.outcomeLine(res)
		y += b.Text(layout.R(in.X, y, in.W, b.S(48)), line, layout.TextStyle{Size: 15, Bold: true, Color: color}) + b.S(8)
		// The insight.
		if c.M.Can(game.Ask{Type: game.CmdInsight, Card: round.Card}) {
			b.Line(layout.R(in.X, y, in.W, b.S(22)), c.t("st.insight"), layout.TextStyle{Size: 14, Bold: true, Color: layout.MutedColor})
			y += b.S(26)
			sw := b.S(120)
			b.TextField("st-insight", layout.R(in.X, y, in.W-sw-b.S(8), b.S(46)), c.t("st.insight"), c.fieldState("st-insight", game.MaxInsight, c.t("st.insight.placeholder")), false, "st-insight-save")
			b.Button("st-insight-save", layout.R(in.MaxX()-sw, y, sw, b.S(46)), c.t("st.insight.save"), layout.ButtonOpts{Style: layout.Primary, Disabled: strings.TrimSpace(c.text("st-insight")) == "", Action: saveInsight{}})
			y += b.S(54)
		}
		if round.Insight != "" {
			y += b.Text(layout.R(in.X, y, in.W, b.S(60)), c.tf("st.insight.shown", round.Insight), layout.TextStyle{Size: 15, Color: ink}) + b.S(6)
		}
	}
	if end := y + b.S(20); b.Compact || end > panel.MaxY() {
		fixPanel(b.F, panel, end-panel.Y)
		b.Grow(end + b.S(12))
	}
}

// voteScale lays out the five vote buttons from the top of r with the ends of the scale
// named under them (over them in the dock); it returns the y below.
func (c *Controller) voteScale(b *layout.Builder, r layout.Rect, round *game.RoundView, enabled, dock bool) float64 {
	y := r.Y
	ends := func() {
		half := r.W / 2
		muted := layout.MutedColor
		if dock {
			muted = layout.OnTableMuted
		}
		b.Line(layout.R(r.X, y, half, b.S(20)), c.t("st.scale.1"), layout.TextStyle{Size: 13, Color: muted})
		b.Line(layout.R(r.X+half, y, half, b.S(20)), c.t("st.scale.5"), layout.TextStyle{Size: 13, Color: muted, Align: layout.Right})
		y += b.S(24)
	}
	if dock {
		ends()
	}
	bh := b.S(56)
	for i, cr := range layout.R(r.X, y, r.W, bh).Cols(5, b.S(8)) {
		v := i + 1
		b.Button("vote-"+strconv.Itoa(v), cr, strconv.Itoa(v), layout.ButtonOpts{
			Kind: layout.Choice, Group: "vote", Style: layout.Secondary, Selected: round.MyVote == v, Size: 22,
			Disabled: !enabled,
			Label:    c.tf("st.vote.label", v, c.t("st.scale."+strconv.Itoa(v))),
			Action:   vote{v}})
		// A thin bar in the value's colour ties the scale to the chart.
		b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(cr.X+b.S(10), cr.MaxY()-b.S(6), cr.W-b.S(20), b.S(3)), Color: theme.Vote(v), Radius: b.S(1.5)})
	}
	y += bh + b.S(4)
	if !dock {
		ends()
	}
	return y
}

// voteDock reports whether the vote sits in a bar along the bottom of the screen: on a
// phone while the vote is open, so that the five buttons are under the thumb however long
// the statement is, and the statement scrolls above them.
func (c *Controller) voteDock(b *layout.Builder) bool {
	if !b.Compact || c.M.View == nil || c.M.Scene() != model.SceneStatements {
		return false
	}
	if r := c.M.Round(); r == nil || r.Revealed {
		return false
	}
	votes, _ := c.offer(game.Ask{Type: game.CmdVote})
	return votes
}

// voteDockHeight is the height of the vote's bar (0 without one).
func (c *Controller) voteDockHeight(b *layout.Builder) float64 {
	if !c.voteDock(b) {
		return 0
	}
	return b.S(12 + 24 + 56 + 12)
}

// buildVoteDock paints the vote's bar above the facilitator's bar.
func (c *Controller) buildVoteDock(b *layout.Builder) {
	h := c.voteDockHeight(b)
	if h == 0 {
		return
	}
	bar := layout.R(0, b.F.H-c.facBarHeight(b)-h, b.F.W, h)
	b.Add(layout.Item{Kind: layout.Fill, Rect: bar, Color: layout.TableLight})
	b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(0, bar.Y, bar.W, b.S(1)), Color: layout.TableLine})
	b.F.Bars = append(b.F.Bars, bar)
	_, canVote := c.offer(game.Ask{Type: game.CmdVote})
	c.voteScale(b, layout.R(b.S(12), bar.Y+b.S(12), bar.W-b.S(24), 0), c.M.Round(), canVote, true)
}

// voteChip is a seat in the vote: a check once it voted, its value once revealed.
func (c *Controller) voteChip(b *layout.Builder, r layout.Rect, s game.SeatView, voted bool, value int, apart bool, card string) {
	fill := theme.Color(0xECE7DB)
	if voted {
		fill = 0xE1EFE8
	}
	b.Add(layout.Item{Kind: layout.Fill, Rect: r, Color: fill, Radius: r.H / 2})
	if apart {
		b.Add(layout.Item{Kind: layout.Fill, Rect: r, Color: theme.Accent, Alpha: 0.0001, Radius: r.H / 2, Border: theme.Accent, BorderW: b.S(2.5)})
	}
	av := layout.R(r.X+b.S(4), r.Y+b.S(4), r.H-b.S(8), r.H-b.S(8))
	b.Avatar(av, s.Name, theme.Seat(s.Color), s.Connected)
	right := r.H
	nameW := r.W - (av.MaxX() - r.X) - right - b.S(6)
	b.Line(layout.R(av.MaxX()+b.S(6), r.Y, nameW, r.H), s.Name, layout.TextStyle{Size: 14, Bold: voted, Color: layout.InkColor})
	slot := layout.R(r.MaxX()-right, r.Y, right, r.H).Inset(b.S(6))
	switch {
	case value > 0:
		// The values flip up together at the reveal.
		p := c.anim.revealProgress(card, c.now)
		d := slot.H * (0.4 + 0.6*p)
		bubble := slot.Center(d, d)
		b.Add(layout.Item{Kind: layout.Fill, Rect: bubble, Color: theme.Vote(value), Radius: d / 2})
		b.Line(bubble, strconv.Itoa(value), layout.TextStyle{Size: 15 * (0.5 + 0.5*p), Bold: true, Color: theme.Vote(value).TextOn(), Align: layout.Center})
	case voted:
		b.Glyph(slot, g("check-circle"), 22, layout.PrimaryColor)
	default:
		b.Glyph(slot, g("timer-sand"), 18, layout.MutedColor)
	}
}

// voteChart draws the distribution of a revealed vote; the bars grow with progress p. It
// returns the y below the chart.
func (c *Controller) voteChart(b *layout.Builder, r layout.Rect, round *game.RoundView, p float64) float64 {
	res := round.Result
	maxN := 1
	for _, n := range res.Distribution {
		maxN = max(maxN, n)
	}
	labelH := b.S(22)
	plot := layout.R(r.X, r.Y, r.W, r.H-labelH)
	cols := plot.Cols(5, b.S(10))
	for i, col := range cols {
		n := res.Distribution[i]
		h := (col.H - b.S(22)) * float64(n) / float64(maxN) * p
		bar := layout.R(col.X, col.MaxY()-h, col.W, h)
		b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(col.X, col.MaxY()-b.S(2), col.W, b.S(2)), Color: 0xD5CFC1})
		if n > 0 {
			b.Add(layout.Item{Kind: layout.Fill, Rect: bar, Color: theme.Vote(i + 1), Radius: b.S(6)})
			b.Line(layout.R(col.X, bar.Y-b.S(22), col.W, b.S(20)), strconv.Itoa(n), layout.TextStyle{Size: 14, Bold: true, Color: layout.InkColor, Align: layout.Center})
		}
		b.Line(layout.R(col.X, plot.MaxY()+b.S(2), col.W, labelH-b.S(2)), strconv.Itoa(i+1), layout.TextStyle{Size: 13, Color: layout.MutedColor, Align: layout.Center})
	}
	b.Grow(r.MaxY())
	return r.MaxY() + b.S(8)
}

// emptyNote is a calm message where a scene has nothing to show yet.
func (c *Controller) emptyNote(b *layout.Builder, r layout.Rect, text string) {
	box := r.Center(math.Min(r.W, b.S(520)), b.S(120))
	b.Panel(box, layout.PanelColor, 16, true)
	b.Text(box.Inset(b.S(24)), text, layout.TextStyle{Size: 17, Color: layout.InkColor, Align: layout.Center})
}

// vote votes a value on the statement face up.
type vote struct{ value int }

func (a vote) run(c *Controller) {
	c.sendCmd(game.Command{Type: game.CmdVote, Args: game.Args{Value: a.value}})
}

// saveInsight writes down what the group takes from the statement.
type saveInsight struct{}

func (saveInsight) run(c *Controller) {
	if c.sendCmd(game.Command{Type: game.CmdInsight, Args: game.Args{Text: c.text("st-insight")}}) {
		c.field("st-insight", game.MaxInsight).SetText("")
		c.focus = ""
	}
}
