package app

import (
	"math"
	"strings"

	"rsc.io/qr"

	"impactkaarten/game"
	"impactkaarten/game/theme"
	"impactkaarten/game/ui/layout"
)

// The meeting-room screen (a seat joined with screen=1, or the desktop client's -screen
// flag) shows each phase read-only and large, to be read from across a room: the lobby
// and the canvas here, the statements, the dots, the actions and the report in
// screenscenes.go.

// bigScreen reports whether this client is the meeting-room screen on a wide display.
func (c *Controller) bigScreen(b *layout.Builder) bool { return c.M.BigScreen && !b.Compact }

// screenLobbyScene is the meeting-room screen's lobby.
type screenLobbyScene struct{ *Controller }

// buildScreenLobby shows how to join, as large as the screen allows: the code, the link
// and a QR code of the link, and the names of those who have joined.
func (c screenLobbyScene) build(b *layout.Builder, r layout.Rect) {
	gap := b.S(24)
	join, people := r.CutLeft(r.W * 0.62)
	people = layout.R(people.X+gap, people.Y, people.W-gap, people.H)

	b.Panel(join, layout.PanelColor, 20, true)
	in := join.Inset(b.S(32))
	y := in.Y
	if title := c.M.View.Settings.Title; title != "" {
		// The session's title heads the room before anything else: on one line where a
		// smaller size lets it, which leaves the QR code the height to be scanned from a
		// seat.
		size := 40.0
		for size > 30 && b.Width(title, size, true) > in.W {
			size *= 0.96
		}
		y += b.Text(layout.R(in.X, y, in.W, 0), title, layout.TextStyle{Size: size, Bold: true, Color: layout.PrimaryDark, MaxLines: 2}) + b.S(14)
	}
	y += b.Text(layout.R(in.X, y, in.W, 0), c.t("screen.join"), layout.TextStyle{Size: 30, Bold: true, Color: layout.InkColor}) + b.S(8)
	code := c.M.ShortCode()
	if code == "" {
		code = c.t("bar.solo")
	}
	// The code as large as the panel's width allows, up to a size read from the back row.
	size := 120.0
	for size > 40 && b.Width(code, size, true) > in.W {
		size *= 0.94
	}
	lh := layout.LineHeight(b.S(size))
	b.Line(layout.R(in.X, y, in.W, lh), code, layout.TextStyle{Size: size, Bold: true, Color: layout.PrimaryColor})
	y += lh + b.S(8)
	if link := c.M.JoinURL; link != "" {
		qrSide := math.Min(in.MaxY()-y-b.S(8), in.W*0.45)
		textW := in.W - qrSide - b.S(24)
		ty := y
		ty += b.Text(layout.R(in.X, ty, textW, 0), c.t("screen.link"), layout.TextStyle{Size: 18, Color: layout.MutedColor}) + b.S(6)
		b.Text(layout.R(in.X, ty, textW, 0), linkLines(b, link, 22, textW), layout.TextStyle{Size: 22, Bold: true, Color: layout.InkColor})
		if qrSide > b.S(80) {
			c.qrCode(b, layout.R(in.MaxX()-qrSide, y, qrSide, qrSide), link)
		}
	}

	b.Panel(people, layout.PanelColor, 20, true)
	pin := people.Inset(b.S(28))
	present := c.M.Present()
	b.Line(layout.R(pin.X, pin.Y, pin.W, b.S(40)), c.tf("lobby.people", len(present)), layout.TextStyle{Size: 26, Bold: true, Color: layout.InkColor})
	py := pin.Y + b.S(56)
	rowH := b.S(48)
	for i, s := range present {
		if py+rowH > pin.MaxY() {
			b.Line(layout.R(pin.X, py, pin.W, b.S(34)), c.tf("lobby.more", len(present)-i), layout.TextStyle{Size: 20, Color: layout.MutedColor})
			break
		}
		b.Avatar(layout.R(pin.X, py+b.S(4), b.S(40), b.S(40)), s.Name, theme.Seat(s.Color), s.Connected)
		b.Line(layout.R(pin.X+b.S(52), py, pin.W-b.S(52), rowH), s.Name, layout.TextStyle{Size: 24, Color: layout.InkColor})
		py += rowH + b.S(6)
	}
	if len(present) == 0 {
		b.Text(layout.R(pin.X, py, pin.W, 0), c.t("screen.waiting"), layout.TextStyle{Size: 20, Color: layout.MutedColor})
	}
}

// linkLines breaks a link too long for a line of width w (at size units, bold) before its
// query, so that the room's code in it is read whole rather than broken at its hyphen.
func linkLines(b *layout.Builder, link string, size, w float64) string {
	if i := strings.Index(link, "?"); i > 0 && b.Width(link, size, true) > w {
		return link[:i] + "\n" + link[i:]
	}
	return link
}

// qrCode paints a QR code of text in the square r, on white with its quiet zone; a run of
// dark modules in a row is one rectangle.
func (c screenLobbyScene) qrCode(b *layout.Builder, r layout.Rect, text string) {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return // a link too long for a QR code: the link itself is on screen
	}
	n := code.Size
	const quiet = 2
	mod := math.Floor(r.W / float64(n+2*quiet))
	side := mod * float64(n+2*quiet)
	box := layout.R(r.X+(r.W-side), r.Y, side, side)
	b.Add(layout.Item{Kind: layout.Fill, Rect: box, Color: theme.White, Radius: b.S(6)})
	x0, y0 := box.X+mod*quiet, box.Y+mod*quiet
	for y := 0; y < n; y++ {
		for x := 0; x < n; {
			if !code.Black(x, y) {
				x++
				continue
			}
			run := x
			for run < n && code.Black(run, y) {
				run++
			}
			b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(x0+float64(x)*mod, y0+float64(y)*mod, float64(run-x)*mod, mod), Color: 0x1B1B1B})
			x = run
		}
	}
	b.Grow(box.MaxY())
}

// screenTurn is the line above the canvas on the screen: whose turn it is, and the timer
// in large type.
func (c *Controller) screenTurn(b *layout.Builder, r layout.Rect) {
	v := c.M.View
	turn := c.t("cv.turn.none")
	switch {
	case v.Phase == game.Free:
		turn = c.t("cv.free")
	case v.Phase == game.Canvas && v.Settings.CanvasTogether:
		turn = c.t("cv.together")
	case v.Turn != 0:
		turn = c.tf("screen.turn", c.M.SeatName(v.Turn))
	}
	tw := 0.0
	if left, running, set := c.M.Timer(c.now); set {
		txt := clock(left)
		tw = b.Width(txt, 34, true) + b.S(70)
		pill := layout.R(r.MaxX()-tw, r.Y, tw, r.H)
		fill := theme.Color(0x355F55)
		if left < 30_000 && running {
			fill = theme.Accent
		}
		b.Add(layout.Item{Kind: layout.Fill, Rect: pill, Color: fill, Radius: r.H / 2})
		glyph := g("timer")
		if !running {
			glyph = g("pause")
		}
		b.Glyph(layout.R(pill.X+b.S(12), pill.Y, b.S(36), pill.H), glyph, 30, theme.White)
		b.Line(layout.R(pill.X+b.S(54), pill.Y, pill.W-b.S(60), pill.H), txt, layout.TextStyle{Size: 34, Bold: true, Color: theme.White})
	}
	b.Line(layout.R(r.X, r.Y, r.W-tw-b.S(16), r.H), turn, layout.TextStyle{Size: 30, Bold: true, Color: layout.PrimaryDark})
}
