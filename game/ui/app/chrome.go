package app

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/theme"
	"impactkaarten/game/ui/i18n"
	"impactkaarten/game/ui/layout"
	"impactkaarten/game/ui/model"
	"impactkaarten/net/client"
)

// g returns the rune of a Material Design icon by name.
func g(name string) rune {
	r, _ := cards.IconRune(name)
	return r
}

// layout builds the frame of the current scene with its chrome (top bar, facilitator
// bar, dialogs, toasts).
func (c *Controller) layout(w, h float64) layout.Frame {
	u, compact := metrics(w, h, c.dpr, c.M.BigScreen)
	f := c.layoutAt(w, h, u, compact)
	// Nobody scrolls the meeting-room screen: when a scene needs more than its height (a
	// full canvas), everything gets smaller until it fits, down to a size still read.
	for i := 0; c.M.BigScreen && !compact && f.ContentH > h+1 && i < 6; i++ {
		u *= math.Max(0.8, math.Min(0.97, h/f.ContentH))
		f = c.layoutAt(w, h, u, compact)
	}
	return f
}

// layoutAt builds the frame with a layout unit of u pixels.
func (c *Controller) layoutAt(w, h, u float64, compact bool) layout.Frame {
	f := layout.Frame{W: w, H: h}
	b := &layout.Builder{F: &f, M: c.measure, U: u, Compact: compact, Focus: c.focus, Hyph: c.hyphenator()}
	b.Fixed = true
	b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(0, 0, w, h), Color: layout.TableColor})
	b.Fixed = false

	scene := c.M.Scene()
	if c.exportOpen && !c.canExport() {
		c.exportOpen = false // handed over meanwhile
	}
	if c.promptsOpen && (!c.M.Leads() || !promptScene(scene)) {
		c.promptsOpen = false
	}
	if c.facMenu && !c.showFacBar() {
		c.facMenu = false
	}
	if c.facMenu {
		if _, menu := c.barButtons(b); len(menu) == 0 {
			c.facMenu = false // the screen grew wide enough for every control
		}
	}
	dialog := c.modal()
	if key := dialogKey(dialog, c.detail); key != c.dlgKey {
		c.dlgKey, c.dlgTop = key, c.scroll
	}
	b.Inert = dialog != nil
	if sc := c.scene(b); sc != nil {
		sc.build(b, c.sceneRect(b, scene))
	}
	// The page scrolls until its end clears the bars along the bottom.
	if bottom := c.bottomBars(b); f.ContentH+bottom > h {
		f.ContentH += bottom
	}
	// The widgets of the facilitator's bar and of the top bar, by their place in the list.
	var facBar, topBar [2]int
	if scene != model.SceneStart {
		b.Fixed = true
		if c.showFacBar() {
			facBar[0] = len(f.Widgets)
			c.facBar(b)
			facBar[1] = len(f.Widgets)
		}
		c.buildVoteDock(b)
		c.buildHandDock(b)
		topBar[0] = len(f.Widgets)
		c.topBar(b)
		topBar[1] = len(f.Widgets)
		b.Fixed = false
	}
	b.Inert = false
	b.Fixed = true
	if dialog != nil {
		dialog.build(b)
	}
	c.toasts(b)
	b.Fixed = false
	f.Title = c.sceneTitle(scene)
	// Focus order: the top bar first, then the page, then the facilitator's bar, then
	// dialogs — the order a reader expects — whatever order they were painted in.
	reorder(&f, func(i int) int {
		switch {
		case i >= topBar[0] && i < topBar[1]:
			return 0
		case i >= facBar[0] && i < facBar[1]:
			return 2
		}
		return 1
	})
	return f
}

// sceneRect is where a scene lays out: the page between the bars, or the whole screen
// for the start, which has none.
func (c *Controller) sceneRect(b *layout.Builder, sc model.Scene) layout.Rect {
	if sc == model.SceneStart {
		return layout.R(0, 0, b.F.W, b.F.H)
	}
	return c.contentRect(b)
}

// reorder sorts the widgets by the rank of their index, keeping their order within a
// rank, and updates the items that refer to them.
func reorder(f *layout.Frame, rank func(int) int) {
	idx := make([]int, len(f.Widgets))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return rank(idx[a]) < rank(idx[b]) })
	pos := make([]int, len(idx))
	ws := make([]layout.Widget, len(idx))
	for newI, oldI := range idx {
		ws[newI] = f.Widgets[oldI]
		pos[oldI] = newI
	}
	f.Widgets = ws
	for i := range f.Items {
		if w := f.Items[i].Widget; w > 0 {
			f.Items[i].Widget = pos[w-1] + 1
		}
	}
}

// barHeight is the height of the top bar in units.
func barHeight(b *layout.Builder) float64 {
	if b.Compact {
		return 52
	}
	return 56
}

// titleStrip is the height in units of the strip under a phone's top bar that carries the
// session's title, the timer and a link that is not up: the bar itself has no room left
// for them beside its controls.
func (c *Controller) titleStrip(b *layout.Builder) float64 {
	if !b.Compact || c.M.View == nil {
		return 0
	}
	if _, _, set := c.M.Timer(c.now); !set && c.M.View.Settings.Title == "" && c.M.Conn == client.Online {
		return 0
	}
	return 26
}

// topHeight is the height in units of everything fixed along the top.
func (c *Controller) topHeight(b *layout.Builder) float64 {
	return barHeight(b) + c.titleStrip(b)
}

// contentRect is the part of the screen between the top bar and the facilitator's bar,
// with a margin.
func (c *Controller) contentRect(b *layout.Builder) layout.Rect {
	top := b.S(c.topHeight(b))
	bottom := c.bottomBars(b)
	m := b.S(20)
	if b.Compact {
		m = b.S(12)
	}
	return layout.R(m, top+m, b.F.W-2*m, math.Max(b.S(100), b.F.H-top-bottom-2*m))
}

func (c *Controller) contentTop() float64 {
	u, compact := metrics(c.w, c.h, c.dpr, c.M.BigScreen)
	b := &layout.Builder{U: u, Compact: compact}
	return b.S(c.topHeight(b))
}

func (c *Controller) contentBottom() float64 {
	u, compact := metrics(c.w, c.h, c.dpr, c.M.BigScreen)
	b := &layout.Builder{U: u, Compact: compact, F: &layout.Frame{W: c.w, H: c.h}, M: c.measure}
	return c.bottomBars(b)
}

// bottomBars is the height of the fixed bars along the bottom: the facilitator's, and on a
// phone the vote's.
func (c *Controller) bottomBars(b *layout.Builder) float64 {
	return c.facBarHeight(b) + c.voteDockHeight(b) + c.handDockHeight(b)
}

func (c *Controller) sceneTitle(s model.Scene) string {
	return c.t("scene." + string(s))
}

// phaseTitle is the name of the phase with its progress, for the top bar.
func (c *Controller) phaseTitle() string {
	v := c.M.View
	switch c.M.Scene() {
	case model.SceneStatements:
		if v != nil && v.Current >= 0 {
			return c.tf("bar.statement", c.statementNumber(), v.Settings.PlannedStatements())
		}
	case model.SceneConnecting:
		return c.t("scene.connecting")
	}
	return c.sceneTitle(c.M.Scene())
}

// statementNumber is the number of the statement face up within this phase.
func (c *Controller) statementNumber() int {
	v := c.M.View
	if v == nil || v.Current < 0 {
		return 0
	}
	return v.Current + 1
}

// topBar paints the bar with the room, the phase, the timer, the link and the toggles.
func (c *Controller) topBar(b *layout.Builder) {
	w := b.F.W
	h := b.S(barHeight(b))
	full := b.S(c.topHeight(b))
	b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(0, 0, w, full), Color: layout.TableLight})
	b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(0, full-b.S(1), w, b.S(1)), Color: layout.TableLine})
	b.F.Bars = append(b.F.Bars, layout.R(0, 0, w, full))
	pad := b.S(12)
	if full > h {
		// A phone: under the controls, the timer at the right and the session's title in
		// what is left, shortened at a whole word.
		strip := layout.R(pad, h-b.S(6), w-2*pad, full-h)
		if left, running, set := c.M.Timer(c.now); set {
			tw := timerPill(b, strip.MaxX(), strip.CY(), b.S(22), 14, left, running)
			_, strip = strip.CutRight(tw + b.S(8))
		}
		// A link that is not up says so in words here, beside the title: the bar has room
		// for its dot only (in the room's chip).
		if connText, _ := c.connText(); c.M.Conn != client.Online {
			tw := b.Width(connText, 13, true)
			b.Line(layout.R(strip.X, strip.Y, tw+b.S(2), strip.H), connText, layout.TextStyle{Size: 13, Bold: true, Color: layout.OnTable})
			_, strip = strip.CutLeft(tw + b.S(14))
		}
		st := layout.TextStyle{Size: 13, Bold: true, Color: layout.OnTableMuted}
		b.Line(strip, layout.ElideWords(b.M, c.M.View.Settings.Title, b.S(st.Size), st.Bold, strip.W), st)
	}
	row := layout.R(pad, 0, w-2*pad, h)
	bh := h - b.S(14)
	// Right side, from the right edge inwards.
	right := row
	// A phone's bar is full: its buttons stand closer, its logo and chip are tighter.
	gap, chipPad, logoW := b.S(6), b.S(20), b.S(30)
	if b.Compact {
		gap, chipPad, logoW = b.S(2), b.S(16), b.S(26)
	}
	btn := func(id, caption string, glyph rune, label string, sel bool, act action) {
		bw := bh
		if caption != "" {
			bw = b.ButtonWidth(caption, glyph, 14)
		}
		var r layout.Rect
		r, right = right.CutRight(bw)
		b.Button(id, r.Center(bw, bh), caption, layout.ButtonOpts{Style: layout.Quiet, OnDark: true, Glyph: glyph, Label: label, Size: 14, Selected: sel, Kind: layout.Button, Action: act})
		_, right = right.CutRight(gap)
	}
	// The meeting-room screen is read, not used: only a quiet way out in the corner.
	screen := c.M.BigScreen && c.M.View != nil
	if !screen {
		// The language this screen shows now; pressing it switches (the label says so). On
		// a phone the glyph alone, which its label names: the bar is full.
		lang := strings.ToUpper(string(c.M.Lang))
		if b.Compact {
			lang = ""
		}
		btn("bar-lang", lang, g("translate"), c.t("bar.lang"), false, switchLang{})
		sound := g("volume-high")
		if c.muted {
			sound = g("volume-off")
		}
		btn("bar-sound", "", sound, c.t(map[bool]string{true: "bar.sound.off", false: "bar.sound.on"}[c.muted]), false, toggleSound{})
		if c.M.View != nil {
			count := fmt.Sprint(len(c.M.Present()))
			btn("bar-players", count, g("account-multiple"), c.tf("bar.players", count), c.drawer, toggleDrawer{})
		}
	}
	btn("bar-leave", "", g("exit-to-app"), c.t("bar.leave"), false, leaveRoom{})

	// The link: its dot and words here. A phone's bar has no room for the words beside its
	// controls: the dot goes into the room's chip below, the words, when the link is not
	// up, into the strip under the bar.
	connText, connColor := c.connText()
	words := !b.Compact
	if words {
		tw := b.Width(connText, 13, false)
		var r layout.Rect
		r, right = right.CutRight(tw + b.S(22))
		b.Dot(r.X+b.S(6), r.CY(), b.S(9), connColor)
		b.Line(layout.R(r.X+b.S(16), r.Y, tw+b.S(4), r.H), connText, layout.TextStyle{Size: 13, Color: layout.OnTableMuted})
		_, right = right.CutRight(b.S(10))
	}
	// The timer (a phone's is in the strip under the bar).
	if left, running, set := c.M.Timer(c.now); set && full == h {
		tw := timerPill(b, right.MaxX(), right.CY(), bh, 18, left, running)
		_, right = right.CutRight(tw + b.S(10))
	}

	// Left side: the name and the room, in the chip that on a phone also holds the link's
	// dot (phones from 360 CSS pixels wide: TestTopBarFits).
	left := row
	var r layout.Rect
	r, left = left.CutLeft(logoW)
	b.Glyph(r, g("cards"), 24, layout.PrimaryDark)
	if !b.Compact {
		name := "Impactkaarten"
		tw := b.Width(name, 18, true)
		r, left = left.CutLeft(tw + b.S(14))
		b.Line(r.InsetXY(b.S(6), 0), name, layout.TextStyle{Size: 18, Bold: true, Color: layout.OnTable})
	}
	room := c.M.ShortCode()
	if c.M.Mode == model.ModeSolo {
		room = c.t("bar.solo")
	}
	dotW := 0.0 // the room for the link's dot in the chip
	if !words {
		dotW = b.S(14)
	}
	switch {
	case room != "":
		tw := b.Width(room, 14, true) + chipPad + dotW
		r, left = left.CutLeft(tw + b.S(8))
		chip := layout.R(r.X+b.S(4), r.CY()-b.S(13), tw, b.S(26))
		b.Add(layout.Item{Kind: layout.Fill, Rect: chip, Color: layout.TableColor, Radius: b.S(13)})
		if !words {
			b.Dot(chip.X+b.S(12), chip.CY(), b.S(9), connColor)
		}
		b.Line(layout.R(chip.X+dotW, chip.Y, chip.W-dotW, chip.H), room, layout.TextStyle{Size: 14, Bold: true, Color: layout.OnTable, Align: layout.Center})
	case !words:
		r, left = left.CutLeft(b.S(16))
		b.Dot(r.CX(), r.CY(), b.S(9), connColor)
	}
	// The phase in what is left between; a phone has room for it only cut to a stub, and
	// its content tells the phase.
	mid := layout.R(left.X+b.S(8), 0, math.Max(0, right.MaxX()-left.X-b.S(16)), h)
	if !b.Compact && mid.W > b.S(40) {
		c.barTitle(b, mid)
	}
}

// connText describes the link.
func (c *Controller) connText() (string, theme.Color) {
	switch c.M.Conn {
	case client.Online:
		if c.M.Mode == model.ModeSolo {
			return c.t("conn.solo"), layout.OnlineColor
		}
		return c.t("conn.online"), layout.OnlineColor
	case client.Reconnecting:
		return c.t("conn.reconnecting"), theme.Accent
	case client.Closed:
		return c.t("conn.closed"), layout.ErrorColor
	}
	return c.t("conn.connecting"), layout.OfflineColor
}

// timerPill paints the timer as a pill of height ph whose right edge is at x and middle at
// cy, its time in text of the given size, and returns its width: amber in the last 30 s of
// a running timer, with a pause sign when paused.
func timerPill(b *layout.Builder, x, cy, ph, size float64, left int64, running bool) float64 {
	txt := clock(left)
	scale := size / 18
	tw := b.Width(txt, size, true) + b.S(44*scale)
	pill := layout.R(x-tw, cy-ph/2, tw, ph)
	fill := theme.Color(0x355F55)
	if left < 30_000 && running {
		fill = theme.Accent
	}
	b.Add(layout.Item{Kind: layout.Fill, Rect: pill, Color: fill, Radius: ph / 2})
	glyph := g("timer")
	if !running {
		glyph = g("pause")
	}
	b.Glyph(layout.R(pill.X+b.S(6*scale), pill.Y, b.S(24*scale), pill.H), glyph, size, theme.White)
	b.Line(layout.R(pill.X+b.S(30*scale), pill.Y, pill.W-b.S(34*scale), pill.H), txt, layout.TextStyle{Size: size, Bold: true, Color: theme.White})
	return tw
}

// clock formats milliseconds as m:ss, rounding up so 0:00 means done.
func clock(ms int64) string {
	s := (ms + 999) / 1000
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// showFacBar reports whether the facilitator's controls are shown: in a scene of the
// session, to a seat the engine lets use one of them.
func (c *Controller) showFacBar() bool {
	if c.M.View == nil {
		return false
	}
	switch c.M.Scene() {
	case model.SceneStatements, model.SceneCanvas, model.SceneDots, model.SceneActions, model.SceneFree, model.SceneReport:
		return len(c.facButtons()) > 0
	case model.SceneOpening, model.SceneClosing, model.SceneLobby:
		return len(c.facButtons()) > 0
	}
	return false
}

// facButton is one control in the facilitator's bar.
type facButton struct {
	id, key string
	glyph   rune
	style   layout.ButtonStyle
	off     bool
	act     action // what pressing it does
}

// facButtons lists the facilitator's controls for the current phase: each asks the engine
// whether this seat may use it now (offer), and is left out or disabled as it answers.
func (c *Controller) facButtons() []facButton {
	v := c.M.View
	var out []facButton
	add := func(fb facButton, a game.Ask) {
		show, ok := c.offer(a)
		if show {
			fb.off = !ok
			out = append(out, fb)
		}
	}
	scene := c.M.Scene()
	if scene == model.SceneLobby {
		return c.lobbyButtons()
	}
	switch scene {
	case model.SceneStatements:
		if r := c.M.Round(); r != nil && !r.Revealed {
			add(facButton{id: "fac-reveal", key: "fac.reveal", glyph: g("eye"), style: layout.Primary, act: send(game.Command{Type: game.CmdReveal})}, game.Ask{Type: game.CmdReveal})
			c.revealFallback(out)
		} else {
			// Past the statements planned another may still be drawn, but the step to take
			// now is the next phase.
			style := layout.Primary
			if game.Left(v).Statements == 0 {
				style = layout.Quiet
			}
			add(facButton{id: "fac-next-card", key: "fac.nextcard", glyph: g("cards"), style: style, act: send(game.Command{Type: game.CmdNextCard})}, game.Ask{Type: game.CmdNextCard})
		}
		spot := game.Ask{Type: game.CmdSpotlight, Card: "-"} // no statement face up: nothing to light
		if r := c.M.Round(); r != nil {
			spot.Card = r.Card
		}
		add(facButton{id: "fac-spotlight", key: "spot.put", glyph: g("spotlight-beam"), style: layout.Quiet,
			act: send(game.Command{Type: game.CmdSpotlight, Args: game.Args{Card: spot.Card}})}, spot)
	case model.SceneCanvas:
		add(facButton{id: "fac-skip-turn", key: "fac.skipturn", glyph: g("skip-next"), style: layout.Quiet, act: send(game.Command{Type: game.CmdSkipTurn})}, game.Ask{Type: game.CmdSkipTurn})
	case model.SceneActions:
		add(facButton{id: "fac-advice", key: "fac.advice", glyph: g("lightbulb-outline"), style: layout.Quiet,
			act: send(game.Command{Type: game.CmdPrompt, Args: game.Args{Kind: string(cards.Advice)}})}, game.Ask{Type: game.CmdPrompt, Kind: string(cards.Advice)})
		add(facButton{id: "fac-question", key: "fac.question", glyph: g("help-circle"), style: layout.Quiet,
			act: send(game.Command{Type: game.CmdPrompt, Args: game.Args{Kind: string(cards.Question)}})}, game.Ask{Type: game.CmdPrompt, Kind: string(cards.Question)})
	}
	if promptScene(scene) {
		// The dialog turns up, chooses and clears prompt cards: offered as the engine answers
		// about clearing (no card left and none up: nothing to do).
		ask := game.Ask{Type: game.CmdPrompt}
		if v.Prompt == "" && v.Piles.Questions > 0 {
			ask.Kind = string(cards.Question)
		} else if v.Prompt == "" {
			ask.Kind = string(cards.Advice)
		}
		add(facButton{id: "fac-prompts", key: "fac.prompts", glyph: g("cards-outline"), style: layout.Quiet, act: openPrompts{}}, ask)
	}
	if scene != model.SceneReport && scene != model.SceneFree {
		fb, kind := c.timerButton()
		add(fb, game.Ask{Type: game.CmdTimer, Kind: kind})
		add(facButton{id: "fac-extend", key: "fac.extend", glyph: g("plus"), style: layout.Quiet,
			act: send(game.Command{Type: game.CmdTimer, Args: game.Args{Kind: game.TimerExtend, Seconds: 60}})}, game.Ask{Type: game.CmdTimer, Kind: game.TimerExtend})
	}
	add(facButton{id: "fac-undo", key: "fac.undo", glyph: g("undo"), style: layout.Quiet, act: send(game.Command{Type: game.CmdUndo})}, game.Ask{Type: game.CmdUndo})
	if scene != model.SceneReport && c.canExport() { // the report page has the export buttons on it
		out = append(out, facButton{id: "fac-export", key: "fac.export", glyph: g("download"), style: layout.Quiet, act: openExport{}})
	}
	switch scene {
	case model.SceneStatements, model.SceneCanvas, model.SceneDots, model.SceneActions, model.SceneOpening, model.SceneClosing:
		add(facButton{id: "fac-repeat", key: "fac.repeat", glyph: g("replay"), style: layout.Quiet,
			act: send(game.Command{Type: game.CmdPhase, Args: game.Args{Phase: v.Phase}})}, game.Ask{Type: game.CmdPhase, Phase: v.Phase})
		// Going on to the next phase is the bar's main step once the phase's work is done
		// (game.Left), or when the phase has no other; until then it stands back beside the
		// step the phase is at (reveal, the next statement), and a phone keeps it in its
		// menu: one highlighted button says what to do now.
		next := layout.Quiet
		if game.Left(v).Empty() || !slices.ContainsFunc(out, func(fb facButton) bool { return fb.style == layout.Primary }) {
			next = layout.Primary
		}
		add(facButton{id: "fac-next-phase", key: c.nextPhaseKey(), glyph: g("arrow-right"), style: next, act: nextPhase{}}, game.Ask{Type: game.CmdNextPhase})
	case model.SceneReport:
		reopen := c.reopenPhase()
		add(facButton{id: "fac-reopen", key: "fac.reopen", glyph: g("arrow-left"), style: layout.Quiet,
			act: send(game.Command{Type: game.CmdPhase, Args: game.Args{Phase: reopen}})}, game.Ask{Type: game.CmdPhase, Phase: reopen})
	}
	if scene != model.SceneReport {
		add(facButton{id: "fac-end", key: "fac.end", glyph: g("flag-checkered"), style: layout.Danger, act: endSession{}}, game.Ask{Type: game.CmdEnd})
	}
	return out
}

// timerButton is the timer's one button: start, pause or resume, as the timer stands. A
// timer paused with nothing left starts again (or gets time with the extend button).
func (c *Controller) timerButton() (facButton, string) {
	fb := facButton{id: "fac-timer", key: "fac.timer.start", glyph: g("timer"), style: layout.Quiet}
	kind := game.TimerStart
	left, running, set := c.M.Timer(c.now)
	switch {
	case running:
		fb.key, fb.glyph, kind = "fac.timer.pause", g("pause"), game.TimerPause
	case set && left > 0:
		fb.key, fb.glyph, kind = "fac.timer.resume", g("play"), game.TimerResume
	}
	fb.act = send(game.Command{Type: game.CmdTimer, Args: game.Args{Kind: kind}})
	return fb, kind
}

// reopenPhase is the phase the report's "back" reopens: the session's last.
func (c *Controller) reopenPhase() game.Phase {
	ps := c.M.View.Settings.Phases
	if len(ps) == 0 {
		ps = game.PlayOrder[:]
	}
	return ps[len(ps)-1]
}

// nextPhaseKey names what "next" leads to.
func (c *Controller) nextPhaseKey() string {
	v := c.M.View
	return "fac.next." + string(game.NextPhase(v.Settings, v.Phase))
}

// barButtons splits the facilitator's controls into those the bar shows and those its
// labelled menu lists; menu is empty when the bar has no menu. A wide screen shows every
// control while they fit on one row; when they do not, the ones used least go into a
// "more" menu until the rest fit beside it, so the bar never wraps a lone button onto a
// second row. A phone, where a row of icons would leave the facilitator guessing, shows
// the main controls with their captions and a menu with all of them.
func (c *Controller) barButtons(b *layout.Builder) (bar, menu []facButton) {
	bs := c.facButtons()
	if c.M.Scene() == model.SceneLobby {
		return bs, nil
	}
	more := facButton{id: "fac-menu", key: "fac.menu", glyph: g("menu"), style: layout.Quiet, act: openFacMenu{}}
	if b.Compact {
		for _, fb := range bs {
			if fb.style == layout.Primary {
				bar = append(bar, fb)
			}
		}
		return append(bar, more), bs
	}
	if c.barFits(b, bs) {
		return bs, nil
	}
	spare := map[string]bool{}
	bar = bs
	// The controls used once a phase or once a session go first, those used all the time
	// last.
	for _, id := range []string{"fac-repeat", "fac-end", "fac-export", "fac-extend", "fac-spotlight", "fac-prompts",
		"fac-question", "fac-advice", "fac-undo", "fac-timer", "fac-skip-turn", "fac-reopen"} {
		if !slices.ContainsFunc(bar, func(fb facButton) bool { return fb.id == id }) {
			continue
		}
		spare[id] = true
		bar = slices.DeleteFunc(slices.Clone(bar), func(fb facButton) bool { return spare[fb.id] })
		if c.barFits(b, append(slices.Clone(bar), more)) {
			break
		}
	}
	for _, fb := range bs {
		if spare[fb.id] {
			menu = append(menu, fb)
		}
	}
	return append(bar, more), menu
}

// barFits reports whether the buttons fit on one row of the facilitator's bar.
func (c *Controller) barFits(b *layout.Builder, bs []facButton) bool {
	w := b.S(12)
	for i, fb := range bs {
		if i > 0 {
			w += b.S(8)
		}
		w += b.ButtonWidth(c.t(fb.key), fb.glyph, 14)
	}
	return w <= b.F.W-b.S(12)
}

// facMenuDialog lists the facilitator's controls the bar has no room for, with their
// captions: on a phone all of them.
type facMenuDialog struct{ *Controller }

// escape closes the menu.
func (c facMenuDialog) escape() bool { closeFacMenu{}.run(c.Controller); return true }

// build lists the controls of the menu with their captions.
func (c facMenuDialog) build(b *layout.Builder) {
	_, menu := c.barButtons(b)
	c.fitDialog(b, b.S(420), func(b *layout.Builder, in layout.Rect) float64 {
		b.Line(layout.R(in.X, in.Y, in.W-b.S(50), b.S(30)), c.t("fac.menu"), layout.TextStyle{Size: 21, Bold: true, Color: layout.InkColor})
		b.Button("fac-menu-close", layout.R(in.MaxX()-b.S(44), in.Y-b.S(4), b.S(44), b.S(44)), "", layout.ButtonOpts{Style: layout.Quiet, Glyph: g("close"), Label: c.t("detail.close"), Action: closeFacMenu{}})
		y := in.Y + b.S(48)
		for _, fb := range menu {
			style := fb.style
			if style == layout.Quiet {
				style = layout.Secondary
			}
			b.Button(fb.id, layout.R(in.X, y, in.W, b.S(46)), c.t(fb.key), layout.ButtonOpts{Style: style, Glyph: fb.glyph, Disabled: fb.off, Action: menuChoice{fb.act}})
			y += b.S(52)
		}
		return y - in.Y
	})
}

// facBarLayout flows the facilitator's buttons into rows across the width.
func (c *Controller) facBarLayout(b *layout.Builder) (rows int, rects []layout.Rect, captions []string) {
	bs, _ := c.barButtons(b)
	pad := b.S(12)
	bh := b.S(40)
	gap := b.S(8)
	avail := b.F.W - 2*pad
	// A row a little too narrow for its buttons takes them all, each narrower by a share
	// of what it can give: a caption is set smaller (down to four fifths) before a button
	// wraps onto a second row.
	natural, least := -gap, -gap
	for _, fb := range bs {
		caption := c.t(fb.key)
		natural += b.ButtonWidth(caption, fb.glyph, 14) + gap
		least += leastButtonWidth(b, caption, fb.glyph) + gap
	}
	if natural > avail && least <= avail {
		x := pad
		for _, fb := range bs {
			caption := c.t(fb.key)
			bw := b.ButtonWidth(caption, fb.glyph, 14)
			give := bw - leastButtonWidth(b, caption, fb.glyph)
			bw -= give * (natural - avail) / (natural - least)
			rects = append(rects, layout.R(x, 0, bw, bh))
			captions = append(captions, caption)
			x += bw + gap
		}
		return 1, rects, captions
	}
	x, y := pad, 0.0
	rows = 1
	for _, fb := range bs {
		caption := c.t(fb.key)
		bw := b.ButtonWidth(caption, fb.glyph, 14)
		if x+bw > pad+avail && x > pad {
			rows++
			x, y = pad, y+bh+gap
		}
		rects = append(rects, layout.R(x, y, math.Min(bw, avail), bh))
		captions = append(captions, caption)
		x += bw + gap
	}
	return rows, rects, captions
}

// leastButtonWidth is the narrowest a button of the facilitator's bar can be with its
// caption whole: the caption at four fifths of its size (what Line shrinks to), the
// narrow padding and the icon.
func leastButtonWidth(b *layout.Builder, caption string, glyph rune) float64 {
	w := b.Width(caption, 14*0.8, true) + b.S(12+1)
	if glyph != 0 {
		w += b.S(14*1.35 + 6)
	}
	return w
}

// facBarHeight is the height the facilitator's bar takes at the bottom (0 if hidden).
func (c *Controller) facBarHeight(b *layout.Builder) float64 {
	if !c.showFacBar() {
		return 0
	}
	rows, _, _ := c.facBarLayout(b)
	return float64(rows)*b.S(40) + float64(rows-1)*b.S(8) + b.S(20)
}

// facBar paints the facilitator's controls along the bottom.
func (c *Controller) facBar(b *layout.Builder) {
	h := c.facBarHeight(b)
	top := b.F.H - h
	b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(0, top, b.F.W, h), Color: layout.TableLight})
	b.F.Bars = append(b.F.Bars, layout.R(0, top, b.F.W, h))
	b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(0, top, b.F.W, b.S(1)), Color: layout.TableLine})
	_, rects, captions := c.facBarLayout(b)
	bs, _ := c.barButtons(b)
	for i, fb := range bs {
		r := rects[i].Move(0, top+b.S(10))
		style := fb.style
		b.Button(fb.id, r, captions[i], layout.ButtonOpts{Style: style, OnDark: true, Glyph: fb.glyph, Disabled: fb.off, Label: c.t(fb.key), Size: 14, Action: fb.act})
	}
}

// toasts paints the toasts at the bottom centre, over everything.
func (c *Controller) toasts(b *layout.Builder) {
	if len(c.M.Toasts) == 0 {
		return
	}
	w := math.Min(b.F.W-b.S(24), b.S(560))
	y := b.F.H - b.S(16) - c.bottomBars(b)
	for i := len(c.M.Toasts) - 1; i >= 0; i-- {
		t := c.M.Toasts[i]
		title, detail := c.toastText(t)
		st := layout.TextStyle{Size: 15, Bold: true, Color: theme.White}
		ds := layout.TextStyle{Size: 13, Color: 0xE8E2D6, MaxLines: 2}
		inner := w - b.S(60)
		h := b.TextHeight(inner, title, st) + b.S(24)
		if detail != "" {
			h += b.TextHeight(inner, detail, ds) + b.S(2)
		}
		y -= h
		r := layout.R((b.F.W-w)/2, y, w, h)
		fill := theme.Color(0x26302C)
		if t.Error {
			fill = 0x7A2E14
		}
		b.Add(layout.Item{Kind: layout.Fill, Rect: r, Color: fill, Radius: b.S(12), Shadow: b.S(10)})
		glyph := g("check-circle")
		if t.Error {
			glyph = g("alert-circle")
		}
		b.Glyph(layout.R(r.X+b.S(8), r.Y+b.S(10), b.S(36), b.S(24)), glyph, 22, theme.White)
		th := b.Text(layout.R(r.X+b.S(48), r.Y+b.S(12), inner, h), title, st)
		if detail != "" {
			b.Text(layout.R(r.X+b.S(48), r.Y+b.S(14)+th, inner, h), detail, ds)
		}
		y -= b.S(8)
	}
}

// toastText returns a toast's title and detail in the interface language.
func (c *Controller) toastText(t model.Toast) (title, detail string) {
	if t.Key != "" {
		if strings.Contains(c.t(t.Key), "%") {
			return c.tf(t.Key, t.Message), ""
		}
		return c.t(t.Key), t.Message
	}
	title = i18n.Error(c.M.Lang, t.Code, t.Message)
	if title == t.Message {
		return title, ""
	}
	return title, t.Message
}

// ToastText renders a toast as one line, for the state summary.
func (c *Controller) ToastText(t model.Toast) string {
	title, detail := c.toastText(t)
	if detail != "" {
		return title + " — " + detail
	}
	return title
}

// dialog paints a dimmed page and a centred panel of the given size, and returns the
// panel's inside.
func (c *Controller) dialog(b *layout.Builder, w, h float64) layout.Rect {
	b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(0, 0, b.F.W, b.F.H), Color: 0x0E1A17, Alpha: 0.55})
	w = math.Min(w, b.F.W-b.S(16))
	h = math.Min(h, b.F.H-b.S(16))
	r := layout.R((b.F.W-w)/2, (b.F.H-h)/2, w, h)
	b.Panel(r, layout.PanelColor, 18, true)
	return r.Inset(b.S(20))
}

// fitDialog paints a dialog just tall enough for its body: body lays out the inside
// from the top of the rectangle it gets and returns the height it used. It runs twice,
// first on a scratch frame to measure.
func (c *Controller) fitDialog(b *layout.Builder, w float64, body func(b *layout.Builder, in layout.Rect) float64) {
	scratch := *b
	scratch.F = &layout.Frame{W: b.F.W, H: b.F.H}
	scratch.Inert = true
	pad := b.S(20)
	inner := math.Min(w, b.F.W-b.S(16)) - 2*pad
	used := body(&scratch, layout.R(0, 0, inner, b.F.H))
	if h := used + 2*pad; h > b.F.H-b.S(16) {
		// Taller than the screen (a phone): the dialog lies on the page and scrolls with
		// it, so that its lowest controls can be reached.
		r := c.pageDialog(b, math.Min(w, b.F.W-b.S(16)), h, b.S(8))
		b.Panel(r, layout.PanelColor, 18, true)
		in := r.Inset(pad)
		body(b, layout.R(in.X, in.Y, in.W, in.H))
		b.Fixed = true
		return
	}
	in := c.dialog(b, w, used+2*pad)
	body(b, layout.R(in.X, in.Y, in.W, in.H))
}

// pageDialog dims the screen for a dialog w×h taller than the screen and returns where
// it lies on the page: top below where the page was scrolled when it opened. The builder
// is left laying out on the page; the bars it covers take no presses meanwhile.
func (c *Controller) pageDialog(b *layout.Builder, w, h, top float64) layout.Rect {
	b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(0, 0, b.F.W, b.F.H), Color: 0x0E1A17, Alpha: 0.55})
	b.Fixed = false
	b.F.Bars = nil
	r := layout.R((b.F.W-w)/2, c.dlgTop+top, w, h)
	b.Grow(r.MaxY() + b.S(8))
	return r
}

// dialogKey names an open dialog (and the card it shows), "" for none.
func dialogKey(m modal, card string) string {
	if m == nil {
		return ""
	}
	return fmt.Sprintf("%T/%s", m, card)
}
