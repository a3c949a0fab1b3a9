package app

import (
	"fmt"
	"math"
	"slices"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/theme"
	"impactkaarten/game/ui/layout"
	"impactkaarten/game/ui/model"
)

// lobbyScene is the room before the session: who is there, how to join, and the
// facilitator's shaping of the session (shapePanel) and its settings.
type lobbyScene struct{ *Controller }

// buildLobby shows who is there, the join code and link, and the session's settings: the
// facilitator changes them and starts; everyone else sees them and waits.
func (c lobbyScene) build(b *layout.Builder, r layout.Rect) {
	gap := b.S(20)
	var people, share, setup layout.Rect
	if b.Compact {
		share = layout.R(r.X, r.Y, r.W, c.shareHeight(b, r.W))
		ph := b.S(80) + float64(len(c.M.Present()))*b.S(54)
		if c.M.Facilitator() {
			ph += 2 * b.S(52) // the buttons under the list
		}
		people = layout.R(r.X, share.MaxY()+gap, r.W, ph)
		setup = layout.R(r.X, people.MaxY()+gap, r.W, b.S(560))
		setup = shapePanel(c).place(b, setup, gap)
	} else {
		lw := math.Min(r.W*0.36, b.S(420))
		people = layout.R(r.X, r.Y, lw, r.H)
		right := layout.R(r.X+lw+gap, r.Y, r.W-lw-gap, r.H)
		share, setup = right.CutTop(b.S(170))
		setup = layout.R(setup.X, setup.Y+gap, setup.W, setup.H-gap)
		setup = shapePanel(c).place(b, setup, gap)
	}
	c.lobbyPeople(b, people)
	c.lobbyShare(b, share)
	c.lobbySetup(b, setup)
}

func (c lobbyScene) lobbyPeople(b *layout.Builder, r layout.Rect) {
	b.Panel(r, layout.PanelColor, 16, true)
	in := r.Inset(b.S(18))
	present := c.M.Present()
	online := 0
	for _, s := range present {
		if s.Connected {
			online++
		}
	}
	b.Line(layout.R(in.X, in.Y, in.W, b.S(28)), c.tf("lobby.people", len(present)), layout.TextStyle{Size: 19, Bold: true, Color: layout.InkColor})
	b.Line(layout.R(in.X, in.Y+b.S(28), in.W, b.S(20)), c.tf("lobby.online", online), layout.TextStyle{Size: 13, Color: layout.MutedColor})
	y := in.Y + b.S(58)
	bottom := in.MaxY()
	extra := 0.0
	if c.M.Facilitator() {
		extra = 2 * b.S(52)
	}
	for i, s := range present {
		if !b.Compact && y+b.S(50) > bottom-extra {
			b.Line(layout.R(in.X, y, in.W, b.S(24)), c.tf("lobby.more", len(present)-i), layout.TextStyle{Size: 14, Color: layout.MutedColor})
			break
		}
		c.seatRow(b, layout.R(in.X, y, in.W, b.S(48)), s)
		y += b.S(54)
	}
	if c.M.Facilitator() {
		by := math.Max(y+b.S(6), bottom-b.S(44)-b.S(52))
		if b.Compact {
			by = y + b.S(6)
		}
		// The facilitator's kit: the guide, and the deck on paper for a group at a table.
		half := (in.W - b.S(8)) / 2
		b.Button("lobby-guide", layout.R(in.X, by, half, b.S(44)), c.t("lobby.guide"), layout.ButtonOpts{Style: layout.Secondary, Glyph: g("book-open-variant"), Size: 14, Action: openGuide{}})
		b.Button("lobby-print", layout.R(in.X+half+b.S(8), by, half, b.S(44)), c.t("lobby.print"), layout.ButtonOpts{Style: layout.Secondary, Glyph: g("printer"), Size: 14, Label: c.t("lobby.print.label"), Action: printDeck{}})
		by += b.S(52)
		if c.M.Mode == model.ModeSolo {
			b.Button("lobby-add-bot", layout.R(in.X, by, in.W, b.S(44)), c.t("lobby.addbot"), layout.ButtonOpts{Style: layout.Secondary, Glyph: g("account-plus"), Action: addPracticePlayer{}})
		} else {
			b.Button("lobby-manage", layout.R(in.X, by, in.W, b.S(44)), c.t("lobby.manage"), layout.ButtonOpts{Style: layout.Secondary, Glyph: g("account-multiple"), Action: manageSeats{}})
		}
	}
}

// soloText is the style of the practice session's words where a room's code and link stand.
func soloText() layout.TextStyle { return layout.TextStyle{Size: 15, Color: layout.InkColor} }

// shareHeight is the height of a phone's panel with the code and the link, or with what a
// practice session is: as tall as its words, which on a small phone leaves the list of
// players in sight.
func (c lobbyScene) shareHeight(b *layout.Builder, w float64) float64 {
	if c.M.Mode != model.ModeSolo {
		return b.S(202) // the code, the link, and the buttons under them (lobbyShare)
	}
	return 2*b.S(18) + b.S(34) + b.TextHeight(w-2*b.S(18), c.t("lobby.solo.text"), soloText())
}

func (c lobbyScene) lobbyShare(b *layout.Builder, r layout.Rect) {
	b.Panel(r, layout.PanelColor, 16, true)
	in := r.Inset(b.S(18))
	if c.M.Mode == model.ModeSolo {
		b.Line(layout.R(in.X, in.Y, in.W, b.S(28)), c.t("lobby.solo.title"), layout.TextStyle{Size: 19, Bold: true, Color: layout.InkColor})
		b.Text(layout.R(in.X, in.Y+b.S(34), in.W, in.H), c.t("lobby.solo.text"), soloText())
		return
	}
	b.Line(layout.R(in.X, in.Y, in.W, b.S(22)), c.t("lobby.code"), layout.TextStyle{Size: 14, Bold: true, Color: layout.MutedColor})
	code := c.M.ShortCode()
	codeSize := 44.0
	b.Line(layout.R(in.X, in.Y+b.S(22), in.W, b.S(58)), code, layout.TextStyle{Size: codeSize, Bold: true, Color: layout.InkColor})
	link := c.M.JoinURL
	if link == "" {
		link = "?room=" + code
	}
	ly := in.Y + b.S(84)
	if b.Compact {
		// The buttons go under the link, which so has the panel's width.
		b.Line(layout.R(in.X, ly, in.W, b.S(40)), link, layout.TextStyle{Size: 14, Color: layout.MutedColor})
		ly += b.S(40)
		b.Button("lobby-copy-code", layout.R(in.X, ly, (in.W-b.S(8))/2, b.S(42)), c.t("lobby.copycode"), layout.ButtonOpts{Style: layout.Secondary, Glyph: g("content-copy"), Size: 14, Action: copyCode{}})
		b.Button("lobby-copy-link", layout.R(in.X+(in.W+b.S(8))/2, ly, (in.W-b.S(8))/2, b.S(42)), c.t("lobby.copylink"), layout.ButtonOpts{Style: layout.Primary, Glyph: g("link"), Size: 14, Action: copyLink{}})
		return
	}
	bw := b.S(150)
	b.Line(layout.R(in.X, ly, in.W-2*bw-b.S(16), b.S(40)), link, layout.TextStyle{Size: 14, Color: layout.MutedColor})
	b.Button("lobby-copy-code", layout.R(in.MaxX()-2*bw-b.S(8), ly, bw, b.S(42)), c.t("lobby.copycode"), layout.ButtonOpts{Style: layout.Secondary, Glyph: g("content-copy"), Size: 14, Action: copyCode{}})
	b.Button("lobby-copy-link", layout.R(in.MaxX()-bw, ly, bw, b.S(42)), c.t("lobby.copylink"), layout.ButtonOpts{Style: layout.Primary, Glyph: g("link"), Size: 14, Action: copyLink{}})
}

// stepper is one number setting with − and + buttons.
type stepper struct {
	id, key string
	value   int
	min     int
	max     int
	step    int
	// values, when set, are the only values, in order; − and + go to the next one.
	values []int
	unit   string
	apply  func(*game.Settings, int)
	// show, when set, writes the value (and its unit) for the screen.
	show func(int) string
}

// next returns the value one step up (dir 1) or down (dir -1), within the bounds.
func (s stepper) next(dir int) int {
	if len(s.values) == 0 {
		return min(s.max, max(s.min, s.value+dir*s.step))
	}
	i := slices.Index(s.values, s.value)
	if i < 0 { // a value set elsewhere: step to its nearest neighbour
		i, _ = slices.BinarySearch(s.values, s.value)
		if dir > 0 {
			i--
		}
	}
	return s.values[min(len(s.values)-1, max(0, i+dir))]
}

// retentionDays are the choices of how long a room is kept after its last activity.
var retentionDays = []int{1, 7, 14, 30, 60, 90, 180, 365}

func (c lobbyScene) steppers() []stepper {
	st := c.M.View.Settings
	out := []stepper{
		{id: "lobby-statements", key: "lobby.statements", value: st.Statements, min: 1, max: 12, step: 1,
			apply: func(s *game.Settings, v int) { s.Statements = v }},
		{id: "lobby-hand", key: "lobby.hand", value: st.HandSize, min: 1, max: game.MaxHand, step: 1,
			apply: func(s *game.Settings, v int) { s.HandSize = v }},
		{id: "lobby-dots", key: "lobby.dots", value: st.Dots, min: 1, max: game.MaxDots, step: 1,
			apply: func(s *game.Settings, v int) { s.Dots = v }},
		c.togetherStepper(st),
		{id: "lobby-timer-statements", key: "lobby.timer.statements", value: st.StatementSeconds / 60, min: 1, max: 30, step: 1, unit: "min",
			apply: func(s *game.Settings, v int) { s.StatementSeconds = v * 60 }},
		{id: "lobby-timer-canvas", key: "lobby.timer.canvas", value: st.CanvasSeconds / 60, min: 1, max: 60, step: 1, unit: "min",
			apply: func(s *game.Settings, v int) { s.CanvasSeconds = v * 60 }},
		{id: "lobby-timer-dots", key: "lobby.timer.dots", value: st.DotsSeconds / 60, min: 1, max: 30, step: 1, unit: "min",
			apply: func(s *game.Settings, v int) { s.DotsSeconds = v * 60 }},
		{id: "lobby-timer-actions", key: "lobby.timer.actions", value: st.ActionsSeconds / 60, min: 1, max: 60, step: 1, unit: "min",
			apply: func(s *game.Settings, v int) { s.ActionsSeconds = v * 60 }},
	}
	if len(st.Chosen) > 0 {
		out = out[1:] // the chosen statements are the number: no count to set
	}
	out = append(out, c.roundSteppers(st)...)
	if c.M.Mode == model.ModeRelay {
		// How long the relay keeps the room; 0 is the relay's default, which it sets
		// explicitly when it creates a room, so 0 only shows for rooms made otherwise.
		days := st.RetentionDays
		if days == 0 {
			days = 30
		}
		out = append(out, stepper{id: "lobby-retention", key: "lobby.retention", value: days, min: retentionDays[0],
			max: retentionDays[len(retentionDays)-1], values: retentionDays, unit: c.t("lobby.days"),
			apply: func(s *game.Settings, v int) { s.RetentionDays = v }})
		out = append(out, c.handoverStepper(st))
	}
	return out
}

func (c lobbyScene) lobbySetup(b *layout.Builder, r layout.Rect) {
	v := c.M.View
	// Who sets the session up: the engine's answer, for every control of this panel.
	fac := c.M.Can(game.Ask{Type: game.CmdSettings})
	b.Panel(r, layout.PanelColor, 16, true)
	in := r.Inset(b.S(18))
	label := layout.TextStyle{Size: 14, Bold: true, Color: layout.MutedColor}
	y := in.Y
	deck := v.DeckID
	if c.M.Deck != nil {
		deck = fmt.Sprintf("%s · %d %s", c.M.Deck.Name.In(c.M.Lang), len(c.M.Deck.Cards), c.t("lobby.cards"))
	}
	textW := in.W
	if c.M.Can(game.Ask{Type: game.CmdDeck}) {
		// Another deck: the facilitator's own, from a JSON file or a spreadsheet's CSV.
		bw := math.Min(in.W*0.45, b.ButtonWidth(c.t("lobby.loaddeck"), g("folder-outline"), 14))
		textW = in.W - bw - b.S(12)
		b.Button("lobby-deck", layout.R(in.MaxX()-bw, y+b.S(4), bw, b.S(40)), c.t("lobby.loaddeck"), layout.ButtonOpts{Style: layout.Secondary, Glyph: g("folder-outline"), Size: 14, Label: c.t("lobby.loaddeck.label"), Action: pickDeck{}})
	}
	b.Line(layout.R(in.X, y, textW, b.S(24)), c.t("lobby.settings"), layout.TextStyle{Size: 19, Bold: true, Color: layout.InkColor})
	b.Line(layout.R(in.X, y+b.S(26), textW, b.S(20)), c.tf("lobby.deck", deck), layout.TextStyle{Size: 14, Color: layout.MutedColor})
	y += b.S(56)

	// The phases to play.
	b.Line(layout.R(in.X, y, in.W, b.S(20)), c.t("lobby.phases"), label)
	y += b.S(24)
	n := 4
	if b.Compact {
		n = 2
	}
	togW := (in.W - b.S(8)*float64(n-1)) / float64(n)
	for i, p := range game.PlayOrder {
		on := slices.Contains(v.Settings.Phases, p) || len(v.Settings.Phases) == 0
		x := in.X + float64(i%n)*(togW+b.S(8))
		yy := y + float64(i/n)*b.S(44)
		b.Toggle("lobby-phase-"+string(p), layout.R(x, yy, togW, b.S(40)), c.t("phase."+string(p)), on, !fac, false, togglePhase{p})
	}
	y += float64((len(game.PlayOrder)+n-1)/n)*b.S(44) + b.S(4)
	// The free table, and the room's language (what new players start in; each can
	// switch for themselves): side by side on a wide screen.
	wide := !b.Compact && in.W >= b.S(560)
	freeW := in.W
	if wide && fac {
		freeW = in.W / 2
	}
	b.Toggle("lobby-free", layout.R(in.X, y, freeW, b.S(40)), c.t("lobby.free"), v.Settings.FreeTable, !fac, false, toggleFree{})
	if fac {
		ly := y
		lx, lw := in.X, in.W
		if wide {
			lx, lw = in.X+in.W/2+b.S(12), in.W/2-b.S(12)
		} else {
			ly += b.S(48)
		}
		b.Line(layout.R(lx, ly, lw*0.5, b.S(40)), c.t("lobby.lang"), layout.TextStyle{Size: 15, Color: layout.InkColor})
		lc := layout.R(lx+lw*0.5, ly, lw*0.5, b.S(40)).Cols(2, b.S(8))
		b.Button("lobby-lang-nl", lc[0], "NL", layout.ButtonOpts{Kind: layout.Choice, Selected: v.Settings.Lang == cards.NL, Style: layout.Secondary, Group: "roomlang", Action: roomLang{cards.NL}})
		b.Button("lobby-lang-en", lc[1], "EN", layout.ButtonOpts{Kind: layout.Choice, Selected: v.Settings.Lang == cards.EN, Style: layout.Secondary, Group: "roomlang", Action: roomLang{cards.EN}})
		y = ly
	}
	y += b.S(46)
	y += c.langNote(b, layout.R(in.X, y, in.W, b.S(60))) + b.S(8)
	y = c.lobbyVotes(b, in, y)

	// Numbers, in two columns on a wide screen.
	ss := c.steppers()
	cols := 2
	if b.Compact || in.W < b.S(560) {
		cols = 1
	}
	colW := (in.W - b.S(24)*float64(cols-1)) / float64(cols)
	for i, s := range ss {
		x := in.X + float64(i%cols)*(colW+b.S(24))
		yy := y + float64(i/cols)*b.S(46)
		row := layout.R(x, yy, colW, b.S(42))
		val := fmt.Sprint(s.value)
		if s.unit != "" {
			val += " " + s.unit
		}
		if s.show != nil {
			val = s.show(s.value)
		}
		bw, vw := b.S(42), b.S(70)
		if s.show != nil {
			// A value in words: as wide as the widest of its ends needs, so that it does
			// not jump as it is stepped.
			for _, v := range []int{s.value, s.min, s.max} {
				vw = math.Max(vw, b.Width(s.show(v), 16, true)+b.S(16))
			}
		}
		b.Label(layout.R(row.X, row.Y, row.W-2*bw-vw-b.S(10), row.H), c.t(s.key), layout.TextStyle{Size: 15, Color: layout.InkColor})
		b.Button(s.id+"-dec", layout.R(row.MaxX()-2*bw-vw, row.Y, bw, row.H), "", layout.ButtonOpts{Style: layout.Secondary, Glyph: g("minus"), Disabled: !fac || s.value <= s.min, Label: c.t(s.key) + " −", Action: stepTo{s.apply, s.next(-1)}})
		b.Line(layout.R(row.MaxX()-bw-vw, row.Y, vw, row.H), val, layout.TextStyle{Size: 16, Bold: true, Color: layout.InkColor, Align: layout.Center})
		b.Button(s.id+"-inc", layout.R(row.MaxX()-bw, row.Y, bw, row.H), "", layout.ButtonOpts{Style: layout.Secondary, Glyph: g("plus"), Disabled: !fac || s.value >= s.max, Label: c.t(s.key) + " +", Action: stepTo{s.apply, s.next(1)}})
	}
	y += float64((len(ss)+cols-1)/cols)*b.S(46) + b.S(8)

	// Start, or wait.
	bottom := math.Max(y+b.S(8), in.MaxY()-b.S(50))
	if b.Compact {
		bottom = y + b.S(8)
	}
	if c.M.Can(game.Ask{Type: game.CmdStart}) {
		// The start is in the bar at the foot of the screen (lobbyButtons): in sight however
		// long the lobby grows while the session is shaped.
		bottom = y - b.S(42)
	} else {
		b.Tint(layout.R(in.X, bottom, in.W, b.S(50)), theme.Table, 0.08, 10)
		b.Line(layout.R(in.X, bottom, in.W, b.S(50)), c.t("lobby.wait"), layout.TextStyle{Size: 16, Bold: true, Color: layout.MutedColor, Align: layout.Center})
	}
	if end := bottom + b.S(50) + b.S(18); b.Compact || end > r.MaxY() {
		fixPanel(b.F, r, end-r.Y)
		b.Grow(end)
	}
}

// lobbyChange sends the session's settings with a change; an empty list of phases (all
// of them) is spelled out first, so that a change to it starts from what shows.
func (c *Controller) lobbyChange(change func(*game.Settings)) {
	c.sendChange(func(s *game.Settings) {
		if len(s.Phases) == 0 {
			s.Phases = slices.Clone(game.PlayOrder[:])
		}
		change(s)
	})
}

// pickDeck asks for a deck file to load into the room.
type pickDeck struct{}

func (pickDeck) run(c *Controller) { c.effects = append(c.effects, PickDeck{}) }

// manageSeats opens the players drawer, where seats are managed.
type manageSeats struct{}

func (manageSeats) run(c *Controller) { c.drawer = true }

// openGuide opens the facilitator's guide in the interface language.
type openGuide struct{}

func (openGuide) run(c *Controller) { c.effects = append(c.effects, OpenGuide{Lang: c.M.Lang}) }

// printDeck asks for the deck on paper, in the session's language.
type printDeck struct{}

func (printDeck) run(c *Controller) {
	if c.M.View == nil {
		return
	}
	c.effects = append(c.effects, PrintDeck{Lang: c.M.View.Settings.Lang})
	c.M.Note("toast.exporting", c.t("lobby.print.what"), false, c.now)
}

// copyCode puts the room's code on the clipboard.
type copyCode struct{}

func (copyCode) run(c *Controller) {
	c.effects = append(c.effects, Copy{Text: c.M.ShortCode()})
	c.M.Note("toast.copied.code", "", false, c.now)
}

// copyLink puts the join link on the clipboard.
type copyLink struct{}

func (copyLink) run(c *Controller) {
	c.effects = append(c.effects, Copy{Text: c.M.JoinURL})
	c.M.Note("toast.copied.link", "", false, c.now)
}

// toggleFree switches the free table on or off.
type toggleFree struct{}

func (toggleFree) run(c *Controller) {
	c.lobbyChange(func(s *game.Settings) { s.FreeTable = !s.FreeTable })
}

// roomLang sets the session's language.
type roomLang struct{ lang cards.Lang }

func (a roomLang) run(c *Controller) {
	c.lobbyChange(func(s *game.Settings) { s.Lang = a.lang })
}

// togglePhase plays a phase or leaves it out; the last phase stays.
type togglePhase struct{ phase game.Phase }

func (a togglePhase) run(c *Controller) {
	p := a.phase
	c.lobbyChange(func(s *game.Settings) {
		if i := slices.Index(s.Phases, p); i >= 0 {
			if len(s.Phases) > 1 {
				s.Phases = slices.Delete(s.Phases, i, i+1)
			}
			return
		}
		// Keep the phases in playing order.
		var ps []game.Phase
		for _, q := range game.PlayOrder {
			if q == p || slices.Contains(s.Phases, q) {
				ps = append(ps, q)
			}
		}
		s.Phases = ps
	})
}

// stepTo sets a number setting to the value one step from what shows.
type stepTo struct {
	apply func(*game.Settings, int)
	value int
}

func (a stepTo) run(c *Controller) {
	c.lobbyChange(func(s *game.Settings) { a.apply(s, a.value) })
}

// addPracticePlayer seats a practice player in the practice room.
type addPracticePlayer struct{}

func (addPracticePlayer) run(c *Controller) {
	c.effects = append(c.effects, AddPracticePlayer{Lang: c.M.Lang})
}

// langNote tells everyone in the lobby which language does what: each reads the cards in
// their own, and the report is in the session's.
func (c lobbyScene) langNote(b *layout.Builder, r layout.Rect) float64 {
	session := c.M.View.Settings.Lang
	if session != cards.EN {
		session = cards.NL
	}
	return b.Text(r, c.tf("lobby.lang.note", c.t("lang."+string(session))), layout.TextStyle{Size: 13, Color: layout.MutedColor})
}
