package app

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/theme"
	"impactkaarten/game/ui/layout"
)

// The shape of the session in the lobby: its title, the statements chosen and their order,
// the opening and closing rounds, and the time plan that follows (game.Settings.Plan). The
// facilitator changes them; everyone else sees them.

// shapeState is the lobby's own state while the facilitator shapes the session.
type shapeState struct {
	choosing bool // the dialog that chooses the statements is open
	// seen is, per text field, the room's text the field was last filled with: a field
	// follows the room's text until someone types in it.
	seen map[string]string
}

// syncField fills a field with the room's text when that text changed and the field is
// not being edited.
func (c shapePanel) syncField(id string, max int, room string) {
	if c.focus == id {
		return
	}
	if c.shape.seen == nil {
		c.shape.seen = map[string]string{}
	}
	if last, ok := c.shape.seen[id]; ok && last == room {
		return
	}
	c.field(id, max).SetText(room)
	c.shape.seen[id] = room
}

// roundFields are the fields of the two rounds: the setting, its field and the key of its
// default question.
type roundField struct {
	phase    game.Phase
	toggle   string
	field    string
	save     string
	on       bool
	question string
}

func (c shapePanel) roundFields() []roundField {
	st := c.M.View.Settings
	return []roundField{
		{game.Opening, "lobby-opening", "lobby-opening-q", "lobby-opening-save", st.Opening, st.OpeningQuestion},
		{game.Closing, "lobby-closing", "lobby-closing-q", "lobby-closing-save", st.Closing, st.ClosingQuestion},
	}
}

// defaultQuestion is a round's question when the facilitator has not reworded it.
func (c *Controller) defaultQuestion(p game.Phase) string { return c.t("round.q." + string(p)) }

// question is the round's question as this client shows it.
func (c *Controller) question(p game.Phase) string {
	q := c.M.View.Settings.OpeningQuestion
	if p == game.Closing {
		q = c.M.View.Settings.ClosingQuestion
	}
	if q == "" {
		return c.defaultQuestion(p)
	}
	return q
}

// duration is a planned time in minutes, or hours and minutes.
func (c *Controller) duration(secs int) string {
	m := (secs + 30) / 60
	if m < 60 {
		return c.tf("dur.min", m)
	}
	if m%60 == 0 {
		return c.tf("dur.h", m/60)
	}
	return c.tf("dur.hmin", m/60, m%60)
}

// shapePanel is the lobby's panel that shapes the session: its title, the statements
// (chosen, in order, or at random), the opening and closing rounds, and the time plan.
type shapePanel struct{ *Controller }

// placeShape lays the shape panel out at the top of r and returns what is left of r below
// it (with its height kept, so the next panel may still fill the page).
func (c shapePanel) place(b *layout.Builder, r layout.Rect, gap float64) layout.Rect {
	h := c.lobbyShape(b, r)
	return layout.R(r.X, r.Y+h+gap, r.W, math.Max(r.H-h-gap, b.S(100)))
}

// lobbyShape builds the shape panel and returns its height.
func (c shapePanel) lobbyShape(b *layout.Builder, r layout.Rect) float64 {
	fac := c.M.Facilitator()
	panel := layout.R(r.X, r.Y, r.W, 0)
	b.Panel(panel, layout.PanelColor, 16, true)
	in := layout.R(r.X, r.Y, r.W, b.S(2000)).Inset(b.S(18))
	b.Line(layout.R(in.X, in.Y, in.W, b.S(24)), c.t("lobby.shape"), layout.TextStyle{Size: 19, Bold: true, Color: layout.InkColor})
	top := in.Y + b.S(34)
	// Two columns on a wide panel: the title and the statements; the rounds and the plan.
	left, right := layout.R(in.X, top, in.W, 0), layout.R(in.X, top, in.W, 0)
	wide := !b.Compact && in.W >= b.S(640)
	if wide {
		cw := (in.W - b.S(28)) / 2
		left.W, right = cw, layout.R(in.X+cw+b.S(28), top, cw, 0)
	}
	y := c.shapeTitle(b, left, fac)
	y = c.shapeStatements(b, layout.R(left.X, y+b.S(14), left.W, 0), fac)
	ry := top
	if !wide {
		ry = y + b.S(14)
	}
	ry = c.shapeRounds(b, layout.R(right.X, ry, right.W, 0), fac)
	ry = c.shapePlan(b, layout.R(right.X, ry+b.S(14), right.W, 0))
	end := math.Max(y, ry)
	if fac && c.shape.choosing {
		// The statements to choose from, across the whole panel: each reads to its end.
		end = c.chooser(b, layout.R(in.X, end+b.S(14), in.W, 0))
	}
	h := end + b.S(18) - r.Y
	b.Grow(fixPanel(b.F, panel, h).MaxY())
	return h
}

// shapeLabel is the style of a heading inside the panel.
func shapeLabel() layout.TextStyle {
	return layout.TextStyle{Size: 14, Bold: true, Color: layout.MutedColor}
}

// shapeTitle is the session's title: a field for the facilitator. It returns the y below it.
func (c shapePanel) shapeTitle(b *layout.Builder, r layout.Rect, fac bool) float64 {
	st := c.M.View.Settings
	y := r.Y
	b.Line(layout.R(r.X, y, r.W, b.S(20)), c.t("lobby.title"), shapeLabel())
	y += b.S(24)
	if !fac {
		title, style := st.Title, layout.TextStyle{Size: 17, Bold: true, Color: layout.InkColor}
		if title == "" {
			title, style = c.t("lobby.title.none"), layout.TextStyle{Size: 15, Color: layout.MutedColor}
		}
		return y + b.Text(layout.R(r.X, y, r.W, 0), title, style)
	}
	c.syncField("lobby-title", 2*game.MaxSessionTitle, st.Title)
	text := strings.TrimSpace(c.text("lobby-title"))
	sw := b.ButtonWidth(c.t("lobby.title.save"), 0, 14) + b.S(8)
	b.TextField("lobby-title", layout.R(r.X, y, r.W-sw-b.S(8), b.S(44)), c.t("lobby.title"),
		c.fieldState("lobby-title", 2*game.MaxSessionTitle, c.t("lobby.title.placeholder")), false, "lobby-title-save")
	n := utf8.RuneCountInString(text)
	b.Button("lobby-title-save", layout.R(r.MaxX()-sw, y, sw, b.S(44)), c.t("lobby.title.save"),
		layout.ButtonOpts{Style: layout.Primary, Size: 14, Disabled: text == st.Title || n > game.MaxSessionTitle, Action: saveTitle{}})
	y += b.S(48)
	// The limit shows before it is reached, and a title over it says by how much: the
	// room would refuse it (too_long), and nothing is cut without a word.
	count, color := c.tf("lobby.title.count", n, game.MaxSessionTitle), layout.MutedColor
	if n > game.MaxSessionTitle {
		count, color = c.tf("lobby.title.over", n-game.MaxSessionTitle), layout.ErrorColor
	}
	b.Line(layout.R(r.X, y, r.W, b.S(18)), count, layout.TextStyle{Size: 12, Color: color})
	return y + b.S(18)
}

// shapeStatements is the statements: at random, or the chosen ones in order.
func (c shapePanel) shapeStatements(b *layout.Builder, r layout.Rect, fac bool) float64 {
	st := c.M.View.Settings
	y := r.Y
	textW := r.W
	choosing := fac && c.shape.choosing
	if fac {
		id, caption, glyph, style, act := "lobby-choose", c.t("lobby.choose"), g("cards"), layout.Secondary, action(openChooser{})
		if choosing {
			id, caption, glyph, style, act = "choose-done", c.t("choose.done"), g("check"), layout.Primary, closeChooser{}
		}
		bw := b.ButtonWidth(caption, glyph, 14) + b.S(8)
		textW = r.W - bw - b.S(8)
		b.Button(id, layout.R(r.MaxX()-bw, y, bw, b.S(40)), caption,
			layout.ButtonOpts{Style: style, Glyph: glyph, Size: 14, Label: c.t("lobby.choose.label"), Action: act})
	}
	b.Line(layout.R(r.X, y, textW, b.S(20)), c.t("lobby.chosen"), shapeLabel())
	summary := c.tf("lobby.chosen.random", st.Statements)
	if len(st.Chosen) > 0 {
		summary = c.tn("lobby.chosen.list", len(st.Chosen))
	}
	b.Line(layout.R(r.X, y+b.S(20), textW, b.S(22)), summary, layout.TextStyle{Size: 15, Color: layout.InkColor})
	y += b.S(46)
	if choosing {
		return y // the chooser follows, across the panel (lobbyShape)
	}
	for i, id := range st.Chosen {
		t := fmt.Sprintf("%d. %s", i+1, c.M.CardTitle(id))
		b.Line(layout.R(r.X+b.S(8), y, r.W-b.S(8), b.S(22)), t, layout.TextStyle{Size: 14, Color: layout.InkColor})
		y += b.S(22)
	}
	return y
}

// shapeRounds is the opening and closing rounds: a switch each and, when on, its question.
func (c shapePanel) shapeRounds(b *layout.Builder, r layout.Rect, fac bool) float64 {
	y := r.Y
	for _, rf := range c.roundFields() {
		b.Toggle(rf.toggle, layout.R(r.X, y, r.W, b.S(40)), c.t("lobby."+string(rf.phase)), rf.on, !fac, false, toggleRound{rf.phase})
		y += b.S(44)
		if !rf.on {
			continue
		}
		if !fac {
			y += b.Text(layout.R(r.X+b.S(8), y, r.W-b.S(8), 0), "“"+c.question(rf.phase)+"”", layout.TextStyle{Size: 15, Color: layout.InkColor}) + b.S(8)
			continue
		}
		c.syncField(rf.field, game.MaxQuestion, rf.question)
		text := strings.TrimSpace(c.text(rf.field))
		sw := b.ButtonWidth(c.t("lobby.title.save"), 0, 14) + b.S(8)
		b.TextField(rf.field, layout.R(r.X, y, r.W-sw-b.S(8), b.S(44)), c.t("lobby.round.q"),
			c.fieldState(rf.field, game.MaxQuestion, c.defaultQuestion(rf.phase)), false, rf.save)
		b.Button(rf.save, layout.R(r.MaxX()-sw, y, sw, b.S(44)), c.t("lobby.title.save"),
			layout.ButtonOpts{Style: layout.Secondary, Size: 14, Disabled: text == rf.question, Label: c.t("lobby."+string(rf.phase)) + ": " + c.t("lobby.title.save"), Action: saveQuestion{rf.phase, rf.field}})
		y += b.S(52)
	}
	return y
}

// shapePlan is the time plan: each step and the whole session, as the engine plans it.
func (c shapePanel) shapePlan(b *layout.Builder, r layout.Rect) float64 {
	plan := c.M.View.Settings.Plan()
	y := r.Y
	b.Line(layout.R(r.X, y, r.W, b.S(20)), c.t("lobby.plan"), shapeLabel())
	y += b.S(24)
	ink := layout.TextStyle{Size: 14, Color: layout.InkColor}
	right := layout.TextStyle{Size: 14, Color: layout.InkColor, Align: layout.Right}
	tw := b.S(110)
	for _, s := range plan.Steps {
		name := c.t("phase." + string(s.Phase))
		if s.Phase == game.Statements {
			name += " (" + c.tf("lobby.plan.statements", s.Count, c.duration(c.M.View.Settings.StatementSeconds)) + ")"
		}
		when := c.t("lobby.plan.open")
		if s.Seconds > 0 {
			when = c.duration(s.Seconds)
		}
		b.Line(layout.R(r.X, y, r.W-tw, b.S(22)), name, ink)
		b.Line(layout.R(r.MaxX()-tw, y, tw, b.S(22)), when, right)
		y += b.S(22)
	}
	b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(r.X, y+b.S(3), r.W, b.S(1)), Color: theme.Muted.Mix(theme.White, 0.6)})
	y += b.S(6)
	total := c.duration(plan.Seconds)
	if plan.Open {
		total = c.tf("lobby.plan.least", total)
	}
	bold := layout.TextStyle{Size: 15, Bold: true, Color: layout.InkColor}
	b.Line(layout.R(r.X, y, r.W/2, b.S(24)), c.t("lobby.plan.total"), bold)
	bold.Align = layout.Right
	b.Line(layout.R(r.X+r.W/2, y, r.W/2, b.S(24)), total, bold)
	return y + b.S(24)
}

// roundSteppers are the timers of the rounds that are on, for the lobby's numbers.
func (c lobbyScene) roundSteppers(st game.Settings) []stepper {
	var out []stepper
	if st.Opening {
		out = append(out, stepper{id: "lobby-timer-opening", key: "lobby.timer.opening", value: roundMinutes(st.OpeningSeconds), min: 1, max: 30, step: 1, unit: "min",
			apply: func(s *game.Settings, v int) { s.OpeningSeconds = v * 60 }})
	}
	if st.Closing {
		out = append(out, stepper{id: "lobby-timer-closing", key: "lobby.timer.closing", value: roundMinutes(st.ClosingSeconds), min: 1, max: 30, step: 1, unit: "min",
			apply: func(s *game.Settings, v int) { s.ClosingSeconds = v * 60 }})
	}
	return out
}

// roundMinutes is a round's timer in minutes: 0 is the engine's default.
func roundMinutes(secs int) int {
	if secs == 0 {
		secs = game.DefaultRoundSeconds
	}
	return secs / 60
}

// chooserRows lists the statements the dialog offers: the chosen ones in their order, then
// the others, the deck's before those written on the spot.
func (c shapePanel) chooserRows() []string {
	st := c.M.View.Settings
	out := slices.Clone(st.Chosen)
	var ids []string
	if c.M.Deck != nil {
		ids = c.M.Deck.IDs(cards.Statement)
	}
	for i := range st.Written {
		ids = append(ids, game.WrittenID(i))
	}
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// chooser chooses the statements and their order, and writes one on the spot, in the
// panel: every statement of the deck as a switch, the chosen ones first in their order.
// It returns the y below it.
func (c shapePanel) chooser(b *layout.Builder, in layout.Rect) float64 {
	st := c.M.View.Settings
	y := in.Y
	y += b.Text(layout.R(in.X, y, in.W, 0), c.t("choose.hint"), layout.TextStyle{Size: 14, Color: layout.MutedColor}) + b.S(10)
	bw := b.S(40)
	for _, id := range c.chooserRows() {
		pos := slices.Index(st.Chosen, id)
		title := c.M.CardTitle(id)
		if game.IsWritten(id) {
			title = c.t("choose.own") + ": " + title
		}
		if pos >= 0 {
			title = fmt.Sprintf("%d. %s", pos+1, title)
		}
		extra := 0.0
		if pos >= 0 {
			extra += bw + b.S(6)
		}
		if game.IsWritten(id) {
			extra += bw + b.S(6)
		}
		// The whole statement, wrapped: a facilitator chooses what they can read.
		pad := b.S(12)
		style := layout.TextStyle{Size: 14, Bold: true, Color: layout.InkColor}
		if pos >= 0 {
			style.Color = theme.White
		}
		rw := in.W - extra
		rh := math.Max(b.S(40), b.TextHeight(rw-2*pad, title, style)+b.S(16))
		row := layout.R(in.X, y, rw, rh)
		b.Button("choose-card-"+id, row, "",
			layout.ButtonOpts{Kind: layout.Toggle, Selected: pos >= 0, Style: layout.Secondary, Size: 14, Label: title, Action: chooseStatement{id}})
		b.Text(layout.R(row.X+pad, row.Y+b.S(8), rw-2*pad, 0), title, style)
		x := in.X + in.W - extra
		by := y + (rh-b.S(40))/2
		if pos >= 0 {
			b.Button("choose-up-"+id, layout.R(x+b.S(6), by, bw, b.S(40)), "",
				layout.ButtonOpts{Style: layout.Quiet, Glyph: g("arrow-up"), Disabled: pos == 0, Label: c.t("choose.up") + ": " + c.M.CardTitle(id), Action: statementUp{id}})
			x += bw + b.S(6)
		}
		if game.IsWritten(id) {
			b.Button("choose-del-"+id, layout.R(x+b.S(6), by, bw, b.S(40)), "",
				layout.ButtonOpts{Style: layout.Quiet, Glyph: g("delete"), Label: c.t("choose.remove") + ": " + c.M.CardTitle(id), Action: removeWritten{id}})
		}
		y += rh + b.S(6)
	}
	y += b.S(6)
	full := len(st.Written) >= game.MaxWritten
	b.Line(layout.R(in.X, y, in.W, b.S(20)), c.t("choose.write"), shapeLabel())
	y += b.S(24)
	aw := b.ButtonWidth(c.t("choose.add"), g("plus"), 14) + b.S(8)
	b.TextField("choose-write", layout.R(in.X, y, in.W-aw-b.S(8), b.S(44)), c.t("choose.write"),
		c.fieldState("choose-write", game.MaxStatement, c.t("choose.write.placeholder")), full, "choose-add")
	b.Button("choose-add", layout.R(in.MaxX()-aw, y, aw, b.S(44)), c.t("choose.add"),
		layout.ButtonOpts{Style: layout.Secondary, Glyph: g("plus"), Size: 14, Disabled: full || strings.TrimSpace(c.text("choose-write")) == "", Action: addWritten{}})
	y += b.S(58)
	cols := layout.R(in.X, y, in.W, b.S(44)).Cols(2, b.S(12))
	b.Button("choose-random", cols[0], c.t("choose.random"), layout.ButtonOpts{Style: layout.Secondary, Glyph: g("shuffle-variant"), Disabled: len(st.Chosen) == 0, Action: randomStatements{}})
	b.Button("choose-finish", cols[1], c.t("choose.done"), layout.ButtonOpts{Style: layout.Primary, Glyph: g("check"), Action: closeChooser{}})
	return y + b.S(44)
}

// saveTitle sets the session's title as typed.
type saveTitle struct{}

func (saveTitle) run(c *Controller) {
	text := strings.TrimSpace(c.text("lobby-title"))
	c.sendChange(func(s *game.Settings) { s.Title = text })
	c.focus = ""
}

// openChooser opens the chooser of the statements.
type openChooser struct{}

func (openChooser) run(c *Controller) {
	c.shape.choosing = true
	c.focus = ""
}

// closeChooser closes it.
type closeChooser struct{}

func (closeChooser) run(c *Controller) {
	c.shape.choosing = false
	c.focus = "lobby-choose"
}

// randomStatements goes back to statements drawn at random.
type randomStatements struct{}

func (randomStatements) run(c *Controller) {
	c.sendChange(func(s *game.Settings) { s.Chosen = nil })
}

// addWritten adds the statement written on the spot, chosen, at the end.
type addWritten struct{}

func (addWritten) run(c *Controller) {
	text := strings.TrimSpace(c.text("choose-write"))
	if text == "" {
		return
	}
	if c.sendChange(func(s *game.Settings) { s.Chosen = append(s.Chosen, game.AddWritten(s, text)) }) {
		c.field("choose-write", game.MaxStatement).SetText("")
	}
}

// toggleRound switches the opening or the closing round.
type toggleRound struct{ phase game.Phase }

func (a toggleRound) run(c *Controller) {
	c.sendChange(func(s *game.Settings) {
		if a.phase == game.Opening {
			s.Opening = !s.Opening
		} else {
			s.Closing = !s.Closing
		}
	})
}

// saveQuestion sets a round's question as typed in its field.
type saveQuestion struct {
	phase game.Phase
	field string
}

func (a saveQuestion) run(c *Controller) {
	q := strings.TrimSpace(c.text(a.field))
	if q == c.defaultQuestion(a.phase) {
		q = "" // the default question, which each reader reads in their own language
	}
	c.sendChange(func(s *game.Settings) {
		if a.phase == game.Opening {
			s.OpeningQuestion = q
		} else {
			s.ClosingQuestion = q
		}
	})
	c.focus = ""
}

// chooseStatement chooses a statement (last in order), or leaves it out again.
type chooseStatement struct{ card string }

func (a chooseStatement) run(c *Controller) {
	c.sendChange(func(s *game.Settings) {
		if i := slices.Index(s.Chosen, a.card); i >= 0 {
			s.Chosen = slices.Delete(s.Chosen, i, i+1)
		} else {
			s.Chosen = append(s.Chosen, a.card)
		}
	})
}

// statementUp moves a chosen statement one up.
type statementUp struct{ card string }

func (a statementUp) run(c *Controller) {
	c.sendChange(func(s *game.Settings) {
		if i := slices.Index(s.Chosen, a.card); i > 0 {
			s.Chosen[i-1], s.Chosen[i] = s.Chosen[i], s.Chosen[i-1]
		}
	})
}

// removeWritten removes a statement written on the spot.
type removeWritten struct{ card string }

func (a removeWritten) run(c *Controller) {
	c.sendChange(func(s *game.Settings) { game.RemoveWritten(s, a.card) })
}

// sendChange sends the room's settings changed by change, and reports whether it was sent:
// settings that change nothing are not (the room would answer no_change).
func (c *Controller) sendChange(change func(*game.Settings)) bool {
	st := c.M.View.Settings
	st.Phases, st.Chosen, st.Written = slices.Clone(st.Phases), slices.Clone(st.Chosen), slices.Clone(st.Written)
	change(&st)
	if st.Equal(c.M.View.Settings) {
		return false
	}
	return c.sendCmd(game.Command{Type: game.CmdSettings, Args: game.Args{Settings: &st}})
}

// barTitle is the middle of the top bar: the phase and, above it, the session's title.
func (c *Controller) barTitle(b *layout.Builder, mid layout.Rect) {
	phase := layout.TextStyle{Size: 16, Bold: true, Color: layout.OnTable, Align: layout.Center}
	title := ""
	if c.M.View != nil {
		title = c.M.View.Settings.Title
	}
	if title == "" {
		b.Line(mid, c.phaseTitle(), phase)
		return
	}
	th, ph := layout.LineHeight(b.S(13)), layout.LineHeight(b.S(16))
	y := mid.CY() - (th+ph)/2
	b.Line(layout.R(mid.X, y, mid.W, th), title, layout.TextStyle{Size: 13, Color: layout.OnTableMuted, Align: layout.Center})
	b.Line(layout.R(mid.X, y+th, mid.W, ph), c.phaseTitle(), phase)
}

// lobbyButtons are the facilitator's bar in the lobby: the start, always in sight.
func (c *Controller) lobbyButtons() []facButton {
	if !c.M.Can(game.Ask{Type: game.CmdStart}) {
		return nil
	}
	return []facButton{{id: "lobby-start", key: "lobby.start", glyph: g("play"), style: layout.Primary, act: send(game.Command{Type: game.CmdStart})}}
}
