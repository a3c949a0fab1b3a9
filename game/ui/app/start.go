package app

import (
	"math"
	"strings"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/theme"
	"impactkaarten/game/ui/layout"
	"impactkaarten/net/protocol"
)

// startScene is the first screen: who you are, and the three ways into a room.
type startScene struct{ *Controller }

// buildStart is the first screen: who you are, and whether to lead a session, join one
// or practise alone.
func (c startScene) build(b *layout.Builder, r layout.Rect) {
	ink := layout.TextStyle{Size: 15, Color: layout.InkColor}
	label := layout.TextStyle{Size: 14, Bold: true, Color: layout.InkColor}
	muted := layout.TextStyle{Size: 14, Color: layout.MutedColor}
	name := strings.TrimSpace(c.text("start-name"))
	_, codeOK := protocol.NormalizeCode(c.text("start-code"))
	needName := name == "" && !c.M.Observer
	relay := c.opts.Relay

	margin := b.S(40)
	if b.Compact {
		margin = b.S(16)
	}
	colW := math.Min(r.W-2*margin, b.S(1000))
	x := r.X + (r.W-colW)/2
	y := r.Y + margin*0.8
	if !b.Compact {
		y = math.Max(y, (r.H-b.S(560))/2)
	}

	// Title and the four parts of the earning model.
	th := b.Text(layout.R(x, y, colW, b.S(60)), "Impactkaarten", layout.TextStyle{Size: 40, Bold: true, Color: layout.OnTable})
	y += th + b.S(2)
	y += b.Text(layout.R(x, y, colW, b.S(60)), c.t("start.tagline"), layout.TextStyle{Size: 17, Color: layout.OnTableMuted}) + b.S(12)
	px := x
	for _, p := range cards.Parts {
		txt := c.t("part." + string(p))
		w := b.Width(txt, 13, true) + b.S(22)
		if px+w > x+colW {
			break
		}
		pill := layout.R(px, y, w, b.S(26))
		b.Add(layout.Item{Kind: layout.Fill, Rect: pill, Color: theme.Part(p), Radius: b.S(13)})
		b.Line(pill, txt, layout.TextStyle{Size: 13, Bold: true, Color: theme.Part(p).TextOn(), Align: layout.Center})
		px += w + b.S(8)
	}
	y += b.S(26) + b.S(24)

	gap := b.S(20)
	var you, ways layout.Rect
	if b.Compact {
		you = layout.R(x, y, colW, b.S(250))
		ways = layout.R(x, you.MaxY()+gap, colW, b.S(420))
	} else {
		lw := colW * 0.4
		you = layout.R(x, y, lw, b.S(370))
		ways = layout.R(x+lw+gap, y, colW-lw-gap, b.S(370))
	}

	// Who you are.
	b.Panel(you, layout.PanelColor, 16, true)
	in := you.Inset(b.S(20))
	yy := in.Y
	yy += b.Text(layout.R(in.X, yy, in.W, b.S(30)), c.t("start.you"), layout.TextStyle{Size: 19, Bold: true, Color: layout.InkColor}) + b.S(10)
	b.Line(layout.R(in.X, yy, in.W, b.S(20)), c.t("start.name"), label)
	c.charsLeft(b, "start-name", game.MaxName, layout.R(in.X, yy, in.W, b.S(20)), true)
	yy += b.S(24)
	b.TextField("start-name", layout.R(in.X, yy, in.W, b.S(46)), c.t("start.name"), c.fieldState("start-name", game.MaxName, c.t("start.name.placeholder")), false, "")
	yy += b.S(46) + b.S(16)
	b.Line(layout.R(in.X, yy, in.W, b.S(20)), c.t("start.lang"), label)
	yy += b.S(24)
	lc := layout.R(in.X, yy, in.W, b.S(42)).Cols(2, b.S(8))
	b.Button("start-lang-nl", lc[0], "Nederlands", layout.ButtonOpts{Kind: layout.Choice, Selected: c.M.Lang == cards.NL, Style: layout.Secondary, Group: "lang", Action: chooseLang{cards.NL}})
	b.Button("start-lang-en", lc[1], "English", layout.ButtonOpts{Kind: layout.Choice, Selected: c.M.Lang == cards.EN, Style: layout.Secondary, Group: "lang", Action: chooseLang{cards.EN}})
	yy += b.S(42) + b.S(16)
	b.Toggle("start-observer", layout.R(in.X, yy, in.W, b.S(40)), c.t("start.observer"), c.M.Observer, false, false, toggleObserver{})
	yy += b.S(40)
	if !b.Compact {
		yy += b.S(4) + b.Text(layout.R(in.X, yy+b.S(4), in.W, b.S(60)), c.t("start.observer.hint"), muted)
	}
	you = fixPanel(b.F, you, yy+b.S(20)-you.Y)
	if b.Compact {
		ways.Y = you.MaxY() + gap
	}

	// The three ways in.
	b.Panel(ways, layout.PanelColor, 16, true)
	in = ways.Inset(b.S(20))
	yy = in.Y
	bw := math.Min(in.W, b.S(240))
	hint := ""
	switch {
	case !relay:
		hint = c.t("start.norelay")
	case needName:
		hint = c.t("start.needname")
	}
	yy += b.Text(layout.R(in.X, yy, in.W, b.S(30)), c.t("start.create.title"), layout.TextStyle{Size: 19, Bold: true, Color: layout.InkColor}) + b.S(4)
	yy += b.Text(layout.R(in.X, yy, in.W, b.S(60)), c.t("start.create.text"), ink) + b.S(10)
	b.Button("start-create", layout.R(in.X, yy, bw, b.S(46)), c.t("start.create"), layout.ButtonOpts{Glyph: g("plus"), Disabled: !relay || needName || c.M.Observer, Action: createRoom{}})
	yy += b.S(46) + b.S(20)
	b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(in.X, yy-b.S(10), in.W, b.S(1)), Color: 0xDDD6C6})
	yy += b.Text(layout.R(in.X, yy, in.W, b.S(30)), c.t("start.join.title"), layout.TextStyle{Size: 19, Bold: true, Color: layout.InkColor}) + b.S(8)
	fw := math.Min(in.W-bw/1.5-b.S(10), b.S(220))
	if b.Compact {
		fw = in.W - b.S(130)
	}
	b.TextField("start-code", layout.R(in.X, yy, fw, b.S(46)), c.t("start.code"), c.fieldState("start-code", codeFieldMax, "K7P-2QX"), false, "start-join")
	b.Button("start-join", layout.R(in.X+fw+b.S(10), yy, in.W-fw-b.S(10), b.S(46)), c.t("start.join"), layout.ButtonOpts{Style: layout.Primary, Glyph: g("arrow-right"), Disabled: !relay || needName || !codeOK, Action: joinRoom{}})
	yy += b.S(46) + b.S(6)
	yy += c.joinCodeHint(b, layout.R(in.X, yy, in.W, b.S(40))) + b.S(16)
	b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(in.X, yy-b.S(10), in.W, b.S(1)), Color: 0xDDD6C6})
	yy += b.Text(layout.R(in.X, yy, in.W, b.S(30)), c.t("start.solo.title"), layout.TextStyle{Size: 19, Bold: true, Color: layout.InkColor}) + b.S(4)
	if !b.Compact {
		yy += b.Text(layout.R(in.X, yy, in.W, b.S(60)), c.t("start.solo.text"), ink) + b.S(10)
	} else {
		yy += b.S(6)
	}
	b.Button("start-solo", layout.R(in.X, yy, bw, b.S(46)), c.t("start.solo"), layout.ButtonOpts{Style: layout.Secondary, Glyph: g("account"), Disabled: needName || c.M.Observer, Action: startSolo{}})
	yy += b.S(46)
	if hint != "" {
		yy += b.S(8)
		yy += b.Text(layout.R(in.X, yy, in.W, b.S(40)), hint, muted)
	}
	ways = fixPanel(b.F, ways, yy+b.S(20)-ways.Y)
	b.Grow(math.Max(you.MaxY(), ways.MaxY()) + margin)
}

// fixPanel gives the panel painted at r the height h, now that its contents are known,
// and returns its new rectangle.
func fixPanel(f *layout.Frame, r layout.Rect, h float64) layout.Rect {
	fixed := false
	for i := range f.Items {
		if it := &f.Items[i]; it.Kind == layout.Fill && it.Rect == r {
			it.Rect.H = h
			fixed = fixed || it.Fixed
		}
	}
	// A panel that ended the page and got shorter ends it where it now ends: the page no
	// longer scrolls past it into nothing.
	if !fixed && h < r.H && f.ContentH == r.MaxY() {
		f.ContentH = r.Y + h
	}
	r.H = h
	return r
}

// chooseLang sets the interface language.
type chooseLang struct{ lang cards.Lang }

func (a chooseLang) run(c *Controller) { c.M.Lang = a.lang }

// toggleObserver switches joining as the meeting-room screen on or off.
type toggleObserver struct{}

func (toggleObserver) run(c *Controller) { c.M.Observer = !c.M.Observer }

// startName is the name typed on the start scene.
func (c *Controller) startName() string { return strings.TrimSpace(c.text("start-name")) }

// createRoom asks the relay for a new room, with this player as its facilitator.
type createRoom struct{}

func (createRoom) run(c *Controller) {
	name := c.startName()
	c.M.Name = name
	c.effects = append(c.effects, Remember{Name: name, Lang: c.M.Lang}, CreateRoom{Name: name, Lang: c.M.Lang})
}

// joinRoom joins the room whose code is typed, as a player or as the meeting-room screen.
type joinRoom struct{}

func (joinRoom) run(c *Controller) {
	code, ok := protocol.NormalizeCode(c.text("start-code"))
	if !ok {
		c.M.Note("toast.badcode", "", true, c.now)
		return
	}
	name := c.startName()
	if name == "" {
		name = c.t("start.screenname")
	}
	c.M.Name = name
	c.M.BigScreen = c.M.Observer || c.opts.BigScreen
	c.effects = append(c.effects, Remember{Name: name, Lang: c.M.Lang}, JoinRoom{Code: code, Name: name, Lang: c.M.Lang, Observer: c.M.Observer})
}

// startSolo starts a practice room in this program.
type startSolo struct{}

func (startSolo) run(c *Controller) {
	name := c.startName()
	c.M.Name = name
	c.effects = append(c.effects, Remember{Name: name, Lang: c.M.Lang}, StartSolo{Name: name, Lang: c.M.Lang})
}
