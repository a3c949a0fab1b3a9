package app

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"impactkaarten/game"
	"impactkaarten/game/report"
	"impactkaarten/game/theme"
	"impactkaarten/game/ui/layout"
)

// The meeting-room screen's scenes of the statements, the dots, the actions and the
// report: read from across a room, so fewer things in larger type, and nothing to press.
// Every piece of text is published as a read-only widget (layout.Info), so that the widget
// list tells what the screen shows and whether any of it had to be cut. Everything comes
// from the engine's view (and the report built from it); nothing here decides a rule.

// scaled returns a builder that draws into the same frame with units k times larger: the
// laptop's pieces (a vote chip, the chart) drawn in the screen's larger size.
func scaled(b *layout.Builder, k float64) *layout.Builder {
	s := *b
	s.U = b.U * k
	return &s
}

// infoText paints wrapped text and publishes it as a read-only widget; it returns the
// height used.
func infoText(b *layout.Builder, id string, r layout.Rect, s string, st layout.TextStyle) float64 {
	h := b.Text(r, s, st)
	if id != "" && s != "" {
		b.Info(id, layout.R(r.X, r.Y, r.W, math.Max(h, b.S(14))), s)
	}
	return h
}

// moreLine says how many rows of a list did not fit; id names the list.
func (c *Controller) moreLine(b *layout.Builder, id string, x, y, w float64, n int) {
	infoText(b, id+"-more", layout.R(x, y, w, 0), c.tf("lobby.more", n), layout.TextStyle{Size: 18, Color: layout.MutedColor})
}

// screenStatementsScene is the meeting-room screen's statement.
type screenStatementsScene struct{ *Controller }

func (c screenStatementsScene) build(b *layout.Builder, r layout.Rect) {
	round := c.M.Round()
	if round == nil {
		c.emptyNote(b, r, c.t("st.none"))
		return
	}
	c.show(b, r, round)
}

// buildScreenStatements shows the statement and its context large beside who has voted
// (never what); after the reveal, the distribution, the spread and the furthest pair.
func (c screenStatementsScene) show(b *layout.Builder, r layout.Rect, round *game.RoundView) {
	gap := b.S(28)
	lw := math.Round(r.W * 0.42)
	cardArea := layout.R(r.X, r.Y, lw, r.H)
	panel := layout.R(r.X+lw+gap, r.Y, r.W-lw-gap, r.H)

	label := c.tf("st.number", c.statementNumber(), c.M.View.Settings.Statements)
	b.Line(layout.R(cardArea.X, cardArea.Y, cardArea.W, b.S(28)), label, layout.TextStyle{Size: 18, Bold: true, Color: layout.OnTableMuted, Align: layout.Center})
	cr := layout.R(cardArea.X, cardArea.Y+b.S(36), cardArea.W, cardArea.H-b.S(36))
	f := c.face(b, round.Card, cr.W, cr.H, true)
	f.FlipAt = c.anim.flipAt(round.Card)
	b.CardWidget("st-card", cr, c.M.CardTitle(round.Card), f, layout.Widget{})

	b.Panel(panel, layout.PanelColor, 20, true)
	in := panel.Inset(b.S(28))
	y := in.Y
	ink := layout.InkColor
	active := c.M.Active()
	voted := 0
	for _, s := range active {
		if slices.Contains(round.Voted, s.ID) {
			voted++
		}
	}
	res := round.Result
	if !round.Revealed || res == nil {
		y += infoText(b, "scr-voted", layout.R(in.X, y, in.W, 0), c.tf("st.voted", voted, len(active)), layout.TextStyle{Size: 32, Bold: true, Color: ink}) + b.S(6)
		if secs, ok := c.revealSeconds(); ok {
			// The countdown to the reveal, large where the hint was: the room reads it off
			// the screen together, as every phone shows it.
			top := y + b.S(8)
			y = c.countdown(scaled(b, 1.5), in, top, secs) + b.S(8)
			b.Info("scr-countdown", layout.R(in.X, top, in.W, y-top), strconv.Itoa(secs)+" — "+c.t("st.countdown"))
		} else {
			y += infoText(b, "scr-hint", layout.R(in.X, y, in.W, 0), c.t("screen.vote.hint"), layout.TextStyle{Size: 19, Color: layout.MutedColor}) + b.S(20)
		}
		c.screenChips(b, layout.R(in.X, y, in.W, in.MaxY()-y), round, active, [2]game.SeatID{}, 1.5)
		return
	}
	// The outcome: the chart, the figures, whom to start with, and everyone's vote.
	y = c.voteChart(scaled(b, 1.5), layout.R(in.X, y, in.W, b.S(190)), round, c.anim.revealProgress(round.Card, c.now))
	stats := c.tf("st.stats", dec(c.Controller, res.Mean), dec(c.Controller, res.Spread))
	y += infoText(b, "scr-stats", layout.R(in.X, y, in.W, 0), stats, layout.TextStyle{Size: 24, Color: ink}) + b.S(6)
	if res.Apart[0] != 0 {
		apart := c.tf("st.apart", c.M.SeatName(res.Apart[0]), res.Min, c.M.SeatName(res.Apart[1]), res.Max)
		y += infoText(b, "scr-apart", layout.R(in.X, y, in.W, 0), apart, layout.TextStyle{Size: 24, Bold: true, Color: theme.Accent}) + b.S(14)
	} else {
		y += infoText(b, "scr-apart", layout.R(in.X, y, in.W, 0), c.t("st.agree"), layout.TextStyle{Size: 24, Bold: true, Color: layout.PrimaryColor}) + b.S(14)
	}
	if round.Insight != "" {
		y += infoText(b, "scr-insight", layout.R(in.X, y, in.W, 0), c.tf("st.insight.shown", round.Insight), layout.TextStyle{Size: 20, Color: ink}) + b.S(12)
	}
	c.screenChips(b, layout.R(in.X, y, in.W, in.MaxY()-y), round, active, res.Apart, 1.25)
}

// screenChips lays out a vote chip per seat in rows across r, k times the laptop's size;
// each is published with who it is and whether they voted (what they voted shows only
// once it is revealed).
func (c screenStatementsScene) screenChips(b *layout.Builder, r layout.Rect, round *game.RoundView, active []game.SeatView, apart [2]game.SeatID, k float64) {
	sb := scaled(b, k)
	chipH, gap := sb.S(40), sb.S(8)
	// One seat a row while they all fit so; more seats share the rows.
	per := 1
	if float64(len(active))*(chipH+gap) > r.H {
		per = max(1, int((r.W+gap)/(sb.S(150)+gap)))
	}
	chipW := 0.0
	chipW = (r.W - gap*float64(per-1)) / float64(per)
	for i, s := range active {
		chip := layout.R(r.X+float64(i%per)*(chipW+gap), r.Y+float64(i/per)*(chipH+gap), chipW, chipH)
		if chip.MaxY() > r.MaxY() && i > 0 {
			c.moreLine(b, "scr-seats", r.X, chip.Y, r.W, len(active)-i)
			return
		}
		value := 0
		if round.Revealed {
			for _, v := range round.Votes {
				if v.Seat == s.ID {
					value = v.Value
				}
			}
		}
		did := slices.Contains(round.Voted, s.ID)
		c.voteChip(sb, chip, s, did, value, s.ID == apart[0] || s.ID == apart[1], round.Card)
		label := c.tf("screen.seat.waiting", s.Name)
		switch {
		case value > 0:
			label = c.tf("screen.seat.vote", s.Name, value)
		case did:
			label = c.tf("screen.seat.voted", s.Name)
		}
		b.Info("scr-seat-"+strconv.Itoa(int(s.ID)), chip, label)
	}
}

// screenDotsScene is the meeting-room screen's dot vote.
type screenDotsScene struct{ *Controller }

// buildScreenDots is the live ranking of the dot vote: each card with its place, its
// column's colour, its whole reason and its dots as a bar.
func (c screenDotsScene) build(b *layout.Builder, r layout.Rect) {
	v := c.M.View
	b.Panel(r, layout.PanelColor, 20, true)
	in := r.Inset(b.S(28))
	y := in.Y
	infoText(b, "scr-title", layout.R(in.X, y, in.W*0.6, 0), c.t("dots.ranking"), layout.TextStyle{Size: 30, Bold: true, Color: layout.InkColor})
	b.Line(layout.R(in.X+in.W*0.6, y, in.W*0.4, b.S(40)), c.t("screen.dots.hint"), layout.TextStyle{Size: 17, Color: layout.MutedColor, Align: layout.Right})
	y += b.S(52)
	if len(v.Ranking) == 0 {
		infoText(b, "scr-empty", layout.R(in.X, y, in.W, 0), c.t("dots.empty"), layout.TextStyle{Size: 22, Color: layout.MutedColor})
		return
	}
	// The rows flow down two columns, so that a full canvas is on the screen at once.
	cols := layout.R(in.X, y, in.W, in.MaxY()-y).Cols(2, b.S(24))
	numW, countW := b.S(48), b.S(64)
	textW := cols[0].W - numW - countW - b.S(36)
	title := layout.TextStyle{Size: 21, Bold: true, Color: layout.InkColor}
	reason := layout.TextStyle{Size: 15, Color: layout.MutedColor}
	col := 0
	y = cols[0].Y
	for i, rk := range v.Ranking {
		p := c.M.Placed(rk.Card)
		name := c.M.CardTitle(rk.Card)
		why := ""
		colour := layout.MutedColor
		if p != nil {
			colour = theme.Part(p.Part)
			if p.Reason != "" {
				why = c.M.SeatName(p.Owner) + ": “" + p.Reason + "”"
			}
		}
		h := b.TextHeight(textW, name, title)
		if why != "" {
			h += b.S(2) + b.TextHeight(textW, why, reason)
		}
		rowH := math.Max(h, b.S(40)) + b.S(16)
		if y+rowH > in.MaxY() && col == 0 && i > 0 {
			col, y = 1, cols[1].Y
		}
		if y+rowH > in.MaxY() && col == 1 && y > cols[1].Y {
			c.moreLine(b, "scr-ranking", cols[1].X, y, cols[1].W, len(v.Ranking)-i)
			break
		}
		cr := cols[col]
		row := layout.R(cr.X, y, cr.W, rowH-b.S(8))
		b.Add(layout.Item{Kind: layout.Fill, Rect: row, Color: theme.White, Radius: b.S(12)})
		b.Line(layout.R(row.X+b.S(8), row.Y+b.S(2), numW, b.S(36)), strconv.Itoa(rk.Place)+".", layout.TextStyle{Size: 22, Bold: true, Color: layout.MutedColor})
		b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(row.X+numW, row.Y+b.S(10), b.S(6), row.H-b.S(20)), Color: colour, Radius: b.S(3)})
		tx := row.X + numW + b.S(18)
		ty := row.Y + b.S(4)
		ty += b.Text(layout.R(tx, ty, textW, 0), name, title)
		if why != "" {
			b.Text(layout.R(tx, ty+b.S(2), textW, 0), why, reason)
		}
		// The dots: their number on a disc of the dot's colour.
		d := b.S(44)
		disc := layout.R(row.MaxX()-countW+(countW-d)/2-b.S(6), row.Y+b.S(4), d, d)
		fill := theme.Color(0xECE7DB)
		ink := layout.MutedColor
		if rk.Dots > 0 {
			fill, ink = theme.Accent, theme.White
		}
		b.Add(layout.Item{Kind: layout.Fill, Rect: disc, Color: fill, Radius: d / 2})
		b.Line(disc, strconv.Itoa(rk.Dots), layout.TextStyle{Size: 22, Bold: true, Color: ink, Align: layout.Center})
		b.Info("scr-rank-"+rk.Card, row, c.tf("screen.rank.label", rk.Place, name, c.tn("rep.dots", rk.Dots)))
		y += rowH
	}
}

// screenActionsScene is the meeting-room screen's actions.
type screenActionsScene struct{ *Controller }

// buildScreenActions is the list of actions with their owners and dates, beside the top
// cards they are about and the question or advice card turned up.
func (c screenActionsScene) build(b *layout.Builder, r layout.Rect) {
	v := c.M.View
	gap := b.S(28)
	lw := math.Round(r.W * 0.36)
	left := layout.R(r.X, r.Y, lw, r.H)
	right := layout.R(r.X+lw+gap, r.Y, r.W-lw-gap, r.H)

	b.Panel(left, layout.PanelColor, 20, true)
	in := left.Inset(b.S(24))
	y := in.Y
	y += infoText(b, "scr-top", layout.R(in.X, y, in.W, 0), c.t("act.top"), layout.TextStyle{Size: 26, Bold: true, Color: layout.InkColor}) + b.S(12)
	title := layout.TextStyle{Size: 19, Bold: true, Color: layout.InkColor}
	for i, rk := range v.Ranking {
		if i == topCards {
			break
		}
		n := 0
		for _, a := range v.Actions {
			if a.Card == rk.Card {
				n++
			}
		}
		text := strconv.Itoa(rk.Place) + ". " + c.M.CardTitle(rk.Card)
		count := c.tn("act.count", n)
		cw := b.Width(count, 16, false) + b.S(8)
		th := b.TextHeight(in.W-b.S(22)-cw, text, title)
		row := layout.R(in.X, y, in.W, th+b.S(14))
		if p := c.M.Placed(rk.Card); p != nil {
			b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(row.X, row.Y+b.S(6), b.S(6), row.H-b.S(12)), Color: theme.Part(p.Part), Radius: b.S(3)})
		}
		b.Text(layout.R(row.X+b.S(16), row.Y+b.S(7), in.W-b.S(22)-cw, 0), text, title)
		b.Line(layout.R(row.MaxX()-cw, row.Y+b.S(7), cw, layout.LineHeight(b.S(19))), count, layout.TextStyle{Size: 16, Color: layout.MutedColor, Align: layout.Right})
		b.Info("scr-card-"+rk.Card, row, text+" · "+count)
		y += row.H + b.S(6)
	}
	// The question or advice card the facilitator turned up.
	if v.Prompt != "" && in.MaxY()-y > b.S(150) {
		pr := layout.R(in.X, y+b.S(10), in.W, math.Min(in.MaxY()-y-b.S(10), b.S(260)))
		b.CardWidget("scr-prompt", pr, c.M.CardTitle(v.Prompt), c.face(b, v.Prompt, pr.W, pr.H, true), layout.Widget{})
	}

	b.Panel(right, layout.PanelColor, 20, true)
	in = right.Inset(b.S(24))
	y = in.Y
	y += infoText(b, "scr-actions", layout.R(in.X, y, in.W, 0), c.tf("act.list", len(v.Actions)), layout.TextStyle{Size: 26, Bold: true, Color: layout.InkColor}) + b.S(12)
	if len(v.Actions) == 0 {
		infoText(b, "scr-empty", layout.R(in.X, y, in.W, 0), c.t("screen.act.empty"), layout.TextStyle{Size: 20, Color: layout.MutedColor})
		return
	}
	what := layout.TextStyle{Size: 22, Bold: true, Color: layout.InkColor}
	meta := layout.TextStyle{Size: 18, Color: layout.MutedColor}
	for i, a := range v.Actions {
		m := c.actionMeta(a)
		tw := in.W - b.S(32)
		h := b.TextHeight(tw, a.Text, what) + b.S(4) + b.TextHeight(tw, m, meta) + b.S(24)
		if y+h > in.MaxY() && i > 0 {
			c.moreLine(b, "scr-actions", in.X, y, in.W, len(v.Actions)-i)
			break
		}
		row := layout.R(in.X, y, in.W, h)
		b.Add(layout.Item{Kind: layout.Fill, Rect: row, Color: theme.White, Radius: b.S(12)})
		ty := row.Y + b.S(12)
		ty += b.Text(layout.R(row.X+b.S(16), ty, tw, 0), a.Text, what) + b.S(4)
		b.Text(layout.R(row.X+b.S(16), ty, tw, 0), m, meta)
		b.Info("scr-action-"+strconv.Itoa(a.ID), row, a.Text+" — "+m)
		y += h + b.S(10)
	}
}

// screenReportScene is the meeting-room screen's report.
type screenReportScene struct{ *Controller }

// buildScreenReport is the session's summary on one screen: who took part, each
// statement's outcome, the top of the ranking and the actions with owners and dates.
func (c screenReportScene) build(b *layout.Builder, r layout.Rect) {
	rep := c.report()
	if rep == nil {
		return
	}
	y := r.Y
	var names []string
	for _, p := range rep.Participants {
		if p.Role != report.RoleObserver {
			names = append(names, p.Name)
		}
	}
	head := c.t("screen.summary")
	y += infoText(b, "scr-title", layout.R(r.X, y, r.W, 0), head, layout.TextStyle{Size: 30, Bold: true, Color: layout.OnTable})
	y += infoText(b, "scr-who", layout.R(r.X, y, r.W, 0), c.tf("rep.who", len(names), strings.Join(names, ", ")), layout.TextStyle{Size: 18, Color: layout.OnTableMuted}) + b.S(16)

	gap := b.S(20)
	cols := layout.R(r.X, y, r.W, r.MaxY()-y).Cols(3, gap)
	ink := layout.TextStyle{Size: 17, Color: layout.InkColor}
	bold := layout.TextStyle{Size: 18, Bold: true, Color: layout.InkColor}
	muted := layout.TextStyle{Size: 15, Color: layout.MutedColor}
	// column paints a panel with a heading and rows; each row says how tall it is and
	// paints itself, and what does not fit is counted.
	column := func(r layout.Rect, id, heading, empty string, n int, row func(i int, in layout.Rect, paint bool) float64) {
		b.Panel(r, layout.PanelColor, 20, true)
		in := r.Inset(b.S(20))
		yy := in.Y + infoText(b, id, layout.R(in.X, in.Y, in.W, 0), heading, layout.TextStyle{Size: 22, Bold: true, Color: layout.InkColor}) + b.S(12)
		for i := 0; i < n; i++ {
			h := row(i, layout.R(in.X, yy, in.W, 0), false)
			room := in.MaxY() // the last row may use the room a count of the rest would take
			if i < n-1 {
				room -= b.S(24)
			}
			if yy+h > room && i > 0 {
				c.moreLine(b, id, in.X, yy, in.W, n-i)
				return
			}
			row(i, layout.R(in.X, yy, in.W, 0), true)
			yy += h + b.S(12)
		}
		if n == 0 {
			b.Text(layout.R(in.X, yy, in.W, 0), empty, muted)
		}
	}
	// text measures or paints one block of a row, published as a read-only widget.
	text := func(paint bool, id string, r layout.Rect, s string, st layout.TextStyle) float64 {
		if !paint {
			return b.TextHeight(r.W, s, st)
		}
		return infoText(b, id, r, s, st)
	}

	column(cols[0], "scr-statements", c.t("rep.statements"), c.t("st.none"), len(rep.Statements), func(i int, in layout.Rect, paint bool) float64 {
		st := rep.Statements[i]
		id := "scr-st-" + strconv.Itoa(st.Number)
		chartW := b.S(90)
		h := text(paint, id, layout.R(in.X, in.Y, in.W-chartW-b.S(10), 0), st.Title, bold)
		if st.Result != nil && paint {
			c.miniChart(b, layout.R(in.MaxX()-chartW, in.Y+b.S(4), chartW, b.S(30)), st.Result.Distribution)
		}
		h = math.Max(h, b.S(36))
		line := c.t("rep.notrevealed")
		if res := st.Result; res != nil {
			line = c.tf("st.stats", dec(c.Controller, res.Mean), dec(c.Controller, res.Spread))
			if len(res.Apart) == 2 {
				line += " · " + c.tf("rep.apart", res.Apart[0].Name, res.Apart[1].Name)
			}
		}
		h += b.S(2) + text(paint, id+"-result", layout.R(in.X, in.Y+h+b.S(2), in.W, 0), line, muted)
		if st.Insight != "" {
			h += b.S(2) + text(paint, id+"-insight", layout.R(in.X, in.Y+h+b.S(2), in.W, 0), c.tf("st.insight.shown", st.Insight), ink)
		}
		return h
	})

	var ranked []int
	for i, rk := range rep.Ranking {
		if i < topCards && rk.Dots > 0 {
			ranked = append(ranked, i)
		}
	}
	column(cols[1], "scr-ranking", c.t("rep.ranking"), c.t("screen.rank.empty"), len(ranked), func(i int, in layout.Rect, paint bool) float64 {
		rk := rep.Ranking[ranked[i]]
		h := text(paint, "scr-rank-"+rk.Card, layout.R(in.X+b.S(14), in.Y, in.W-b.S(14), 0), strconv.Itoa(rk.Place)+". "+rk.Title+" — "+c.tn("rep.dots", rk.Dots), bold)
		if paint {
			b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(in.X, in.Y+b.S(4), b.S(6), h-b.S(8)), Color: theme.Part(rk.Part), Radius: b.S(3)})
		}
		if rk.Owner != "" {
			h += text(paint, "scr-rank-"+rk.Card+"-part", layout.R(in.X+b.S(14), in.Y+h, in.W-b.S(14), 0), rk.PartName+" · "+rk.Owner, muted)
		}
		return h
	})

	column(cols[2], "scr-actions", c.t("rep.actions"), c.t("rep.noactions"), len(rep.Actions), func(i int, in layout.Rect, paint bool) float64 {
		a := rep.Actions[i]
		id := "scr-action-" + strconv.Itoa(a.ID)
		h := text(paint, id, layout.R(in.X, in.Y, in.W, 0), a.Text, bold)
		var parts []string
		if a.Owner != "" {
			parts = append(parts, c.tf("act.meta.owner", a.Owner))
		} else {
			parts = append(parts, c.t("act.meta.noowner"))
		}
		if a.DueText != "" {
			parts = append(parts, c.tf("act.meta.due", a.DueText))
		}
		h += b.S(2) + text(paint, id+"-meta", layout.R(in.X, in.Y+h+b.S(2), in.W, 0), strings.Join(parts, " · "), muted)
		return h
	})
}
