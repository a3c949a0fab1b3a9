package app

import (
	"math"
	"strconv"
	"strings"

	"impactkaarten/game"
	"impactkaarten/game/theme"
	"impactkaarten/game/ui/layout"
	"impactkaarten/game/ui/model"
)

// drawerDialog is the players drawer.
type drawerDialog struct{ *Controller }

// escape closes it.
func (c drawerDialog) escape() bool { closeDrawer{}.run(c.Controller); return true }

// buildDrawer shows everyone in the room, online or not; the facilitator manages seats
// here: hand over the role, make someone an observer, remove someone.
func (c drawerDialog) build(b *layout.Builder) {
	w := math.Min(b.F.W, b.S(420))
	top := b.S(barHeight(b))
	// Measured first: a room too full for the screen's height (a phone) lays the drawer
	// on the page, where it scrolls.
	scratch := *b
	scratch.F = &layout.Frame{W: b.F.W, H: b.F.H}
	scratch.Inert = true
	if need := c.drawerBody(&scratch, layout.R(0, 0, w, b.F.H).Inset(b.S(16))); top+need > b.F.H {
		r := c.pageDialog(b, w, need, top)
		r.X = b.F.W - w
		b.Add(layout.Item{Kind: layout.Fill, Rect: r, Color: layout.PanelColor, Shadow: b.S(14)})
		c.drawerBody(b, r.Inset(b.S(16)))
		b.Fixed = true
		return
	}
	b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(0, 0, b.F.W, b.F.H), Color: 0x0E1A17, Alpha: 0.45})
	r := layout.R(b.F.W-w, top, w, b.F.H-top)
	b.Add(layout.Item{Kind: layout.Fill, Rect: r, Color: layout.PanelColor, Shadow: b.S(14)})
	c.drawerBody(b, r.Inset(b.S(16)))
}

// drawerBody lays out the drawer's inside from the top of in, and returns the height it
// used (from the top of the drawer's panel, its padding included).
func (c drawerDialog) drawerBody(b *layout.Builder, in layout.Rect) float64 {
	head, rest := in.CutTop(b.S(40))
	b.Line(head.InsetXY(0, 0), c.tf("drawer.title", len(c.M.Present())), layout.TextStyle{Size: 19, Bold: true, Color: layout.InkColor})
	b.Button("drawer-close", layout.R(head.MaxX()-b.S(40), head.Y, b.S(40), b.S(40)), "", layout.ButtonOpts{Style: layout.Quiet, Glyph: g("close"), Label: c.t("drawer.close"), Action: closeDrawer{}})
	y := rest.Y + b.S(8)
	for _, s := range c.M.View.Seats {
		if s.Gone {
			continue
		}
		// What this seat may do about that one, as the engine answers; one's own row has
		// none of these (leaving and one's own role are elsewhere).
		var handover, observer, kick, cofac bool
		if s.ID != c.M.Seat {
			handover = c.M.Can(game.Ask{Type: game.CmdHandOver, Seat: s.ID})
			observer = c.M.Can(game.Ask{Type: game.CmdObserver, Seat: s.ID})
			kick = c.M.Can(game.Ask{Type: game.CmdKick, Seat: s.ID})
			cofac = c.M.Can(game.Ask{Type: game.CmdCoFacilitator, Seat: c.coFacTarget(s.ID)})
		}
		rowH := b.S(52)
		if handover || observer || kick {
			rowH = b.S(96)
		}
		if cofac {
			rowH += b.S(44) // the co-facilitator's row
		}
		row := layout.R(in.X, y, in.W, rowH)
		c.seatRow(b, layout.R(row.X, row.Y, row.W, b.S(48)), s)
		btns := layout.R(row.X+b.S(44), row.Y+b.S(50), row.W-b.S(44), b.S(38)).Cols(3, b.S(6))
		id := "seat-" + strconv.Itoa(int(s.ID))
		if handover {
			b.Button(id+"-handover", btns[0], c.t("drawer.handover"), layout.ButtonOpts{Style: layout.Secondary, Size: 13, Label: c.tf("drawer.handover.label", s.Name), Action: handOver{s.ID}})
		}
		if observer {
			obsKey := "drawer.observer"
			if s.Observer {
				obsKey = "drawer.player"
			}
			b.Button(id+"-observer", btns[1], c.t(obsKey), layout.ButtonOpts{Style: layout.Secondary, Size: 13, Label: c.tf(obsKey+".label", s.Name), Action: setObserver{s.ID, !s.Observer}})
		}
		if kick {
			b.Button(id+"-kick", btns[2], c.t("drawer.kick"), layout.ButtonOpts{Style: layout.DangerQuiet, Size: 13, Label: c.tf("drawer.kick.label", s.Name), Action: kickSeat{s.ID}})
		}
		if cofac {
			c.coFacButton(b, layout.R(row.X+b.S(44), row.MaxY()-b.S(42), row.W-b.S(44), b.S(38)), s)
		}
		y += rowH + b.S(6)
	}
	if c.M.Mode == model.ModeSolo && c.M.Facilitator() {
		b.Button("drawer-add-bot", layout.R(in.X, y+b.S(8), in.W, b.S(44)), c.t("lobby.addbot"), layout.ButtonOpts{Style: layout.Secondary, Glyph: g("account-plus"), Action: addPracticePlayer{}})
		y += b.S(52)
	}
	return y - in.Y + b.S(32)
}

// seatRow paints a seat: its colour and initial, its name and what it is doing.
func (c *Controller) seatRow(b *layout.Builder, r layout.Rect, s game.SeatView) {
	av := layout.R(r.X, r.Y+(r.H-b.S(36))/2, b.S(36), b.S(36))
	b.Avatar(av, s.Name, theme.Seat(s.Color), s.Connected)
	b.Dot(av.MaxX()-b.S(3), av.MaxY()-b.S(3), b.S(11), map[bool]theme.Color{true: layout.OnlineColor, false: layout.OfflineColor}[s.Connected])
	name := s.Name
	if s.ID == c.M.Seat {
		name += " " + c.t("seat.you")
	}
	var tags []string
	if s.Facilitator {
		tags = append(tags, c.t("seat.facilitator"))
	}
	tags = append(tags, c.facilitationTags(s)...)
	if s.Observer {
		tags = append(tags, c.t("seat.observer"))
	}
	if !s.Connected {
		tags = append(tags, c.t("seat.offline"))
	}
	tx := av.MaxX() + b.S(10)
	nameStyle := layout.TextStyle{Size: 16, Bold: true, Color: layout.InkColor}
	if len(tags) == 0 {
		// A name alone stands level with its avatar, not on the line of a role it lacks.
		b.Line(layout.R(tx, r.CY()-b.S(12), r.MaxX()-tx, b.S(24)), name, nameStyle)
		return
	}
	b.Line(layout.R(tx, r.Y+b.S(2), r.MaxX()-tx, b.S(24)), name, nameStyle)
	b.Line(layout.R(tx, r.Y+b.S(24), r.MaxX()-tx, b.S(20)), strings.Join(tags, " · "), layout.TextStyle{Size: 13, Color: layout.MutedColor})
}

// closeDrawer closes the players drawer.
type closeDrawer struct{}

func (closeDrawer) run(c *Controller) {
	c.drawer = false
	c.focus = "bar-players"
}

// handOver asks before handing the facilitator's role to a seat.
type handOver struct{ seat game.SeatID }

func (a handOver) run(c *Controller) {
	c.confirm = &confirmState{key: "confirm.handover", arg: c.M.SeatName(a.seat), yesKey: "confirm.handover.yes", kind: layout.Primary, yes: func() {
		c.sendCmd(game.Command{Type: game.CmdHandOver, Args: game.Args{Seat: a.seat}})
	}}
}

// kickSeat asks before removing a seat from the room.
type kickSeat struct{ seat game.SeatID }

func (a kickSeat) run(c *Controller) {
	c.confirm = &confirmState{key: "confirm.kick", arg: c.M.SeatName(a.seat), yesKey: "confirm.kick.yes", kind: layout.Danger, yes: func() {
		c.sendCmd(game.Command{Type: game.CmdKick, Args: game.Args{Seat: a.seat}})
	}}
}

// setObserver makes a seat an observer, or a player again.
type setObserver struct {
	seat     game.SeatID
	observer bool
}

func (a setObserver) run(c *Controller) {
	c.sendCmd(game.Command{Type: game.CmdObserver, Args: game.Args{Seat: a.seat, Observer: a.observer}})
}
