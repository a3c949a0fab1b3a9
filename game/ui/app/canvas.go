package app

import (
	"math"
	"strings"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/theme"
	"impactkaarten/game/ui/layout"
	"impactkaarten/game/ui/model"
)

// canvasScene is the canvas with its four columns and this player's hand, in turns or
// at the free table.
type canvasScene struct{ *Controller }

// escape puts the card picked up back in the hand.
func (c canvasScene) escape() bool {
	if c.selected == "" {
		return false
	}
	c.focus = "hand-" + c.selected
	c.selected = ""
	return true
}

// buildCanvas shows the four columns of the earning model with the cards played onto
// them, whose turn it is, and this player's private hand. A card is played by dragging it
// onto a column, or by picking it up and then choosing a column. Every card shows its
// whole reason: when the columns need more height than the screen has, they grow and the
// page scrolls, with the hand after them.
func (c canvasScene) build(b *layout.Builder, r layout.Rect) {
	ro := c.M.ReadOnly()
	handH := 0.0
	if !ro && b.Compact {
		handH = c.phoneHandHeight(b, r.W)
	}
	gap := b.S(16)
	if b.Compact {
		// On a phone the hand comes first, then the columns one under the other.
		y := r.Y
		if !ro {
			c.hand(b, layout.R(r.X, r.Y, r.W, handH))
			y += handH + gap
		}
		c.columns(b, layout.R(r.X, y, r.W, 0), columnOpts{dropTargets: !ro && c.canPlay(), picking: c.selected != ""})
		return
	}
	cols := layout.R(r.X, r.Y, r.W, r.H)
	if c.bigScreen(b) {
		var head layout.Rect
		head, cols = cols.CutTop(b.S(56))
		c.screenTurn(b, head)
		cols = layout.R(cols.X, cols.Y+b.S(12), cols.W, cols.H-b.S(12))
	}
	// The hand is docked above the facilitator's bar (buildHandDock): the columns take
	// the page and scroll above it when every reason needs more height than there is.
	c.columns(b, cols, columnOpts{dropTargets: !ro && c.canPlay(), picking: c.selected != ""})
}

// handDocked reports whether this player's hand is docked along the bottom of the
// screen: on the canvas at laptop size and larger, for a seat that plays. Full columns
// then scroll above it, and a player whose turn it is always has the hand in view.
func (c *Controller) handDocked(b *layout.Builder) bool {
	s := c.M.Scene()
	return (s == model.SceneCanvas || s == model.SceneFree) && !b.Compact && !c.M.ReadOnly() && !c.bigScreen(b)
}

// handDockHeight is the height of the docked hand with its margin below, 0 when the hand
// is not docked.
func (c *Controller) handDockHeight(b *layout.Builder) float64 {
	if !c.handDocked(b) {
		return 0
	}
	// The hand's padding, its turn line and a row of cards (handRow), and the margin below.
	return b.S(12+30+6+84+12) + b.S(20)
}

// buildHandDock paints the docked hand above the facilitator's bar.
func (c *Controller) buildHandDock(b *layout.Builder) {
	h := c.handDockHeight(b)
	if h == 0 {
		return
	}
	bar := layout.R(0, b.F.H-c.facBarHeight(b)-h, b.F.W, h)
	b.Add(layout.Item{Kind: layout.Fill, Rect: bar, Color: layout.TableColor})
	b.F.Bars = append(b.F.Bars, bar)
	m := b.S(20)
	canvasScene{c}.hand(b, layout.R(m, bar.Y, bar.W-2*m, h-m))
}

// canPlay reports whether this player may play a card of their hand now.
func (c *Controller) canPlay() bool {
	// The engine's answer, and in a round together the clock, which a question to it cannot
	// carry: after the timer it answers time_up.
	return c.M.Can(game.Ask{Type: game.CmdPlay}) && !(c.M.View.CardsLeft() >= 0 && c.togetherTimeUp())
}

// canPlayCard reports whether this player may play that card now.
func (c *Controller) canPlayCard(card string) bool {
	return c.M.Can(game.Ask{Type: game.CmdPlay, Card: card})
}

type columnOpts struct {
	dropTargets bool // the columns accept a card (drag or pick)
	picking     bool // a card is picked up: the columns say "place here"
	dots        bool // the dots phase: cards take dots
	// dotRow keeps a row along the bottom of each card that has dots of this seat, for
	// them and the button that takes one back (a seat that places dots).
	dotRow bool
}

// dotRowH is the height in units of a card's row for this seat's dots and the button
// that takes one back.
const dotRowH = 36

// canvasFace is a card on the canvas as a row, before arranging, with the row for this
// seat's dots when it has some there. A card grows by that row as its first dot lands, as
// it grows by the line of counts when the card's first dot of anyone does.
func (c *Controller) canvasFace(b *layout.Builder, p *game.Placed, o columnOpts) *layout.FaceInfo {
	f := c.rawPlacedFace(b, p, false)
	if o.dotRow && c.M.MyDots(p.Card) > 0 {
		f.BadgeRowH = b.S(dotRowH)
	}
	return f
}

// columns lays out the four parts of the earning model with their cards, and returns
// the bottom of the lowest column. With r.H == 0 (a phone) the columns stack and grow with
// their cards; side by side they fill r.H and grow together when their cards need more.
func (c *Controller) columns(b *layout.Builder, r layout.Rect, o columnOpts) float64 {
	v := c.M.View
	byPart := map[cards.Part][]*game.Placed{}
	for i := range v.Canvas {
		p := &v.Canvas[i]
		byPart[p.Part] = append(byPart[p.Part], p)
	}
	stacked := r.H == 0
	rects := []layout.Rect{r, r, r, r}
	if !stacked {
		rects = r.Cols(4, b.S(12))
	}
	qStyle := layout.TextStyle{Size: 13, Color: layout.OnTableMuted}
	// Side by side the heads are as tall as the longest question needs, the same for all
	// four, so that the columns' cards start level; stacked, each is as tall as its own.
	qhs := make([]float64, len(cards.Parts))
	qh := 0.0
	for i, part := range cards.Parts {
		qhs[i] = b.TextHeight(rects[i].W-b.S(24), c.t("part."+string(part)+".q"), qStyle)
		qh = math.Max(qh, qhs[i])
	}
	headH := func(i int) float64 {
		if stacked {
			return b.S(40) + qhs[i] + b.S(6)
		}
		return b.S(40) + qh + b.S(6)
	}
	gap := b.S(8)
	// A phone shows a few lines of each reason; a card opens to show the rest.
	maxBody := 0
	if b.Compact {
		maxBody = 3
	}
	// A seat that places dots gets a row on each card for its dots there and for taking
	// one back, so the cards keep the column's width.
	if dotter, _ := c.offer(game.Ask{Type: game.CmdUndot}); o.dots && dotter {
		o.dotRow = true
	}
	cardW := func(col layout.Rect) float64 { return col.W - b.S(16) }
	heights := make([][]float64, len(cards.Parts))
	need := 0.0
	for i, part := range cards.Parts {
		h := headH(i) + b.S(12)
		for _, p := range byPart[part] {
			w := cardW(rects[i])
			ch := math.Max(b.S(64), b.RowHeight(c.canvasFace(b, p, o), w, maxBody))
			heights[i] = append(heights[i], ch)
			h += ch + gap
		}
		if len(byPart[part]) == 0 {
			h += b.S(60)
		}
		need = math.Max(need, h)
	}
	y := r.Y
	bottom := r.Y
	for i, part := range cards.Parts {
		list := byPart[part]
		var col layout.Rect
		if stacked {
			h := headH(i) + b.S(12)
			for _, ch := range heights[i] {
				h += ch + gap
			}
			if len(list) == 0 {
				h += b.S(40)
			}
			col = layout.R(r.X, y, r.W, h)
			y += h + b.S(12)
		} else {
			col = rects[i]
			col.H = math.Max(col.H, need)
		}
		id := "col-" + string(part)
		colour := theme.Part(part)
		label := c.t("part." + string(part))
		// The column is a widget even where nothing can be dropped on it, so that what it
		// shows (its name and question) is in the widget list; only a drop target is enabled.
		w := layout.Widget{ID: id, Kind: layout.Column, Label: c.tf("cv.column.label", label, len(list)), Rect: col,
			Enabled: o.dropTargets, DropTarget: o.dropTargets, Group: "columns", Action: playInto{part}}
		// The column's surface: a tint of its colour, and a solid band with its name.
		b.Add(layout.Item{Kind: layout.Fill, Rect: col, Color: colour.Mix(layout.TableLight, 0.86), Radius: b.S(14)})
		if o.dropTargets && o.picking {
			b.Add(layout.Item{Kind: layout.Fill, Rect: col, Color: colour, Alpha: 0.0001, Radius: b.S(14), Border: colour, BorderW: b.S(3)})
		}
		head := layout.R(col.X, col.Y, col.W, headH(i))
		b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(head.X, head.Y, head.W, b.S(6)), Color: colour, Radius: b.S(3)})
		b.Line(layout.R(head.X+b.S(12), head.Y+b.S(8), head.W-b.S(24), b.S(26)), label, layout.TextStyle{Size: 17, Bold: true, Color: layout.OnTable})
		b.Text(layout.R(head.X+b.S(12), head.Y+b.S(36), head.W-b.S(24), head.H-b.S(46)), c.t("part."+string(part)+".q"), qStyle)
		if !b.Inert {
			b.F.Widgets = append(b.F.Widgets, w)
			if o.dropTargets {
				b.Add(layout.Item{Kind: layout.Overlay, Rect: col, Radius: b.S(14), Widget: len(b.F.Widgets)})
			}
		}
		cy := head.MaxY() + b.S(4)
		for j, p := range list {
			cr := layout.R(col.X+b.S(8), cy, cardW(col), heights[i][j])
			c.canvasCard(b, cr, p, o)
			cy += heights[i][j] + gap
		}
		if len(list) == 0 {
			hint := c.t("cv.column.empty")
			if o.dropTargets && o.picking {
				hint = c.t("cv.column.drop")
			}
			b.Text(layout.R(col.X+b.S(12), head.MaxY()+b.S(8), col.W-b.S(24), b.S(60)), hint, layout.TextStyle{Size: 13, Color: layout.OnTableMuted, MaxLines: 3})
		}
		b.Grow(col.MaxY() + b.S(12))
		bottom = math.Max(bottom, col.MaxY())
	}
	return bottom
}

// canvasCard paints a card on the canvas as a widget: opening it shows the reason and the
// reactions; in the dots phase pressing it places a dot.
func (c *Controller) canvasCard(b *layout.Builder, r layout.Rect, p *game.Placed, o columnOpts) {
	f := b.Arrange(c.canvasFace(b, p, o), r.W, r.H)
	title := c.M.CardTitle(p.Card)
	id := "cv-" + p.Card
	label := c.tf("cv.card.label", title, c.M.SeatName(p.Owner))
	if o.dots {
		id = "dot-" + p.Card
		label = c.tf("dots.card.label", title, len(p.Dots), c.M.MyDots(p.Card))
	}
	w := layout.Widget{Enabled: true, Group: "canvas", Action: openDetail{p.Card}}
	if o.dots {
		w.Enabled, w.Action = c.M.Can(game.Ask{Type: game.CmdDot, Card: p.Card}), placeDot{p.Card}
	}
	b.CardWidget(id, r, label, f, w)
	if o.dotRow {
		c.dotRow(b, r, f, p, title)
	}
}

// dotRow paints, in the row along the bottom of a canvas card, the button that takes one
// of this seat's dots back (where it has one there) and this seat's dots beside it. The
// button keeps its place while dots come and go, so it can be pressed again and again; the
// count of all the card's dots stays at the right.
func (c *Controller) dotRow(b *layout.Builder, r layout.Rect, f *layout.FaceInfo, p *game.Placed, title string) {
	mine := c.M.MyDots(p.Card)
	if mine == 0 {
		return
	}
	// The row lies above the card's padding, under its text; the button keeps clear of both.
	cy := r.Y + f.BadgeY + layout.LineHeight(f.BodySize)/2
	bh := math.Min(b.S(34), 2*(cy-(r.MaxY()-f.Pad-f.BadgeRowH)-b.S(2)))
	br := layout.R(r.X+b.S(12), cy-bh/2, b.S(44), bh)
	if c.M.Can(game.Ask{Type: game.CmdUndot, Card: p.Card}) {
		b.Button("undot-"+p.Card, br, "", layout.ButtonOpts{Style: layout.Secondary, Glyph: g("minus"), Label: c.tf("dots.undot.label", title), Size: 13, Action: takeDot{p.Card}})
	}
	// The dots up to the badges; more than fit show as one dot and their number.
	x := br.MaxX() + b.S(12)
	room := r.MaxX() - f.Pad - f.BadgeW - b.S(12) - x
	step := b.S(14)
	if float64(mine)*step > room {
		b.Dot(x, cy, b.S(11), theme.Accent)
		b.Line(layout.R(x+b.S(10), cy-b.S(10), math.Max(0, room-b.S(10)), b.S(20)), "×"+layout.Itoa(mine), layout.TextStyle{Size: 13, Bold: true, Color: layout.InkColor})
		return
	}
	for i := 0; i < mine; i++ {
		b.Dot(x+float64(i)*step, cy, b.S(11), theme.Accent)
	}
}

// handTurn is the line over the hand: whose turn it is, or what to do now.
func (c canvasScene) handTurn() string {
	v := c.M.View
	switch {
	case v.Phase == game.Free:
		return c.t("cv.free")
	case v.CardsLeft() >= 0 || (v.Phase == game.Canvas && v.Settings.CanvasTogether):
		return c.togetherLine()
	case c.M.MyTurn():
		if c.selected != "" {
			return c.t("cv.turn.pick")
		}
		return c.t("cv.turn.mine")
	case v.Turn != 0:
		return c.tf("cv.turn.other", c.M.SeatName(v.Turn))
	}
	return c.t("cv.turn.none")
}

// handButton is the hand's button beside the turn (pass, or take a card in free play),
// as the engine offers it: its id, caption, glyph, width in units and whether it is off;
// id is empty when there is none.
func (c canvasScene) handButton() (id, caption string, glyph rune, w float64, off bool, act action) {
	if show, ok := c.offer(game.Ask{Type: game.CmdPass}); show {
		return "cv-pass", c.t("cv.pass"), g("skip-next"), 120, !ok, send(game.Command{Type: game.CmdPass})
	}
	if show, ok := c.offer(game.Ask{Type: game.CmdTake, Kind: string(cards.Technology)}); show {
		return "free-take", c.t("free.take"), g("plus"), 150, !ok, send(game.Command{Type: game.CmdTake, Args: game.Args{Kind: string(cards.Technology)}})
	}
	return "", "", 0, 0, false, nil
}

// phoneHand measures the hand on a phone, w wide: the height of the turn's text beside the
// button, and the height of each card's row.
func (c canvasScene) phoneHand(b *layout.Builder, w float64) (turnH float64, rows []float64) {
	in := w - b.S(24)
	_, _, _, bw, _, _ := c.handButton()
	turnH = math.Max(b.S(30), b.TextHeight(in-b.S(bw)-b.S(8), c.handTurn(), layout.TextStyle{Size: 13, Bold: true}))
	for _, id := range c.M.View.Hand {
		rows = append(rows, math.Max(b.S(56), b.RowHeight(c.handRow(b, id, in, b.S(56)), in, 2)))
	}
	return turnH, rows
}

// phoneHandHeight is the height of the hand on a phone, w wide.
func (c canvasScene) phoneHandHeight(b *layout.Builder, w float64) float64 {
	turnH, rows := c.phoneHand(b, w)
	h := b.S(24) + turnH + b.S(8)
	for _, rh := range rows {
		h += rh + b.S(8)
	}
	if len(rows) == 0 {
		h += b.S(40)
	}
	return h
}

// handRow is a card of the hand as a row (a phone): its icon and title, and the start of
// its text.
func (c canvasScene) handRow(b *layout.Builder, id string, w, h float64) *layout.FaceInfo {
	f := c.rawFace(b, id, true)
	f.Row = true
	return b.Arrange(f, w, h)
}

// hand paints this player's private hand, the turn and the pass button. On a phone the
// cards are rows under the turn, each as wide as the screen, so that their titles are read
// whole and a card picked up stays in its row, clear of the buttons.
func (c canvasScene) hand(b *layout.Builder, r layout.Rect) {
	v := c.M.View
	b.Add(layout.Item{Kind: layout.Fill, Rect: r, Color: layout.TableLight, Radius: b.S(16)})
	in := r.Inset(b.S(12))
	turn := c.handTurn()
	headH := b.S(30)
	var rows []float64
	if b.Compact {
		headH, rows = c.phoneHand(b, r.W)
	}
	head, rest := in.CutTop(headH)
	bid, caption, glyph, bwu, off, act := c.handButton()
	bw := b.S(bwu)
	if bid != "" {
		b.Button(bid, layout.R(head.MaxX()-bw, head.Y, bw, b.S(30)), caption, layout.ButtonOpts{Style: layout.Quiet, OnDark: true, Size: 13, Glyph: glyph, Disabled: off, Action: act})
	}
	turnColor := layout.OnTable
	if c.M.MyTurn() || (v.CardsLeft() > 0 && c.canPlay()) {
		turnColor = layout.PrimaryDark
	}
	if b.Compact {
		b.Text(layout.R(head.X, head.Y, head.W-bw-b.S(8), head.H), turn, layout.TextStyle{Size: 13, Bold: true, Color: turnColor})
	} else {
		b.Line(layout.R(head.X, head.Y, head.W-bw-b.S(8), head.H), turn, layout.TextStyle{Size: 16, Bold: true, Color: turnColor})
	}
	// Who has not played yet, for the one who can skip a turn.
	if skip, _ := c.offer(game.Ask{Type: game.CmdSkipTurn}); skip {
		var none []string
		for _, s := range c.M.Active() {
			if s.Played == 0 {
				none = append(none, s.Name)
			}
		}
		if len(none) > 0 && !b.Compact {
			w := head.W * 0.45
			b.Line(layout.R(head.MaxX()-bw-w-b.S(12), head.Y, w, head.H), c.tf("cv.notplayed", strings.Join(none, ", ")), layout.TextStyle{Size: 13, Color: layout.OnTableMuted, Align: layout.Right})
		}
	}
	cards := v.Hand
	if len(cards) == 0 {
		b.Text(layout.R(rest.X, rest.Y+b.S(10), rest.W, b.S(40)), c.t("cv.hand.empty"), layout.TextStyle{Size: 14, Color: layout.OnTableMuted})
		return
	}
	if b.Compact {
		y := rest.Y + b.S(8)
		for i, id := range cards {
			sel := c.selected == id
			cr := layout.R(rest.X, y, rest.W, rows[i])
			f := c.handRow(b, id, cr.W, cr.H)
			f.Selected = sel
			if c.dragID == "hand-"+id {
				f.Dim = true
			}
			b.CardWidget("hand-"+id, cr, c.tf("cv.hand.label", c.M.CardTitle(id)), f, layout.Widget{Enabled: true, Selected: sel, Group: "hand", Draggable: c.canPlayCard(id), Action: pickCard{id}})
			y += rows[i] + b.S(8)
		}
		return
	}
	ch := rest.H - b.S(6)
	cw := math.Min(math.Max(ch*0.74, b.S(180)), b.S(230))
	gap := b.S(12)
	// Docked, the cards are rows side by side (icon, title and the start of the text), so
	// the hand takes a strip along the bottom and leaves the page to the columns.
	row := c.handDocked(b)
	if row {
		cw = math.Min(b.S(300), (rest.W-float64(len(cards)-1)*gap)/float64(len(cards)))
	}
	total := float64(len(cards))*cw + float64(len(cards)-1)*gap
	if total > rest.W {
		cw = (rest.W - float64(len(cards)-1)*gap) / float64(len(cards))
		if cw < b.S(84) {
			// Overlap the cards like a hand of real ones rather than shrink them further.
			cw = b.S(84)
			gap = (rest.W - float64(len(cards))*cw) / float64(len(cards)-1)
		}
		total = float64(len(cards))*cw + float64(len(cards)-1)*gap
	}
	x := rest.X + (rest.W-total)/2
	for _, id := range cards {
		sel := c.selected == id
		cr := layout.R(x, rest.Y+b.S(6), cw, ch)
		if sel {
			cr = cr.Move(0, -b.S(6)) // lifted, and still clear of the pass button above
		}
		var f *layout.FaceInfo
		if row {
			f = c.handRow(b, id, cr.W, cr.H)
		} else {
			f = c.face(b, id, cr.W, cr.H, true)
		}
		f.Selected = sel
		if c.dragID == "hand-"+id {
			f.Dim = true
		}
		label := c.tf("cv.hand.label", c.M.CardTitle(id))
		b.CardWidget("hand-"+id, cr, label, f, layout.Widget{Enabled: true, Selected: sel, Group: "hand", Draggable: c.canPlayCard(id), Action: pickCard{id}})
		x += cw + gap
	}
}

// openPlay opens the play dialog for a card from the hand onto a part.
func (c *Controller) openPlay(card string, part cards.Part) {
	if !c.canPlayCard(card) {
		c.M.Note("toast.notyourturn", "", true, c.now)
		return
	}
	c.play = &playState{card: card, part: part}
	c.field("play-reason", game.MaxReason).SetText("")
	c.field("play-title", game.MaxTitle).SetText("")
	if cd := c.M.Card(card); cd != nil && cd.Kind == cards.Blank {
		c.focus = "play-title"
	} else {
		c.focus = "play-reason"
	}
}

// playCommand is the play the dialog would send.
func (c *Controller) playCommand() game.Command {
	return game.Command{Type: game.CmdPlay, Args: game.Args{Card: c.play.card, Part: c.play.part,
		Text: strings.TrimSpace(c.text("play-reason")), Title: strings.TrimSpace(c.text("play-title"))}}
}

// pickCard picks a card of the hand up, or puts it back.
type pickCard struct{ card string }

func (a pickCard) run(c *Controller) {
	if c.selected == a.card {
		c.selected = ""
	} else {
		c.selected = a.card
	}
}

// playInto is a column of the canvas: pressing it plays the card picked up there, and a
// card dropped on it is played there (dropped).
type playInto struct{ part cards.Part }

func (a playInto) run(c *Controller) {
	if c.selected == "" {
		c.M.Note("toast.pickfirst", "", false, c.now)
		return
	}
	c.openPlay(c.selected, a.part)
}

// openDetail shows a canvas card in full.
type openDetail struct{ card string }

func (a openDetail) run(c *Controller) {
	c.detail = a.card
	c.field("react-text", game.MaxComment).SetText("")
	c.focus = "detail-close"
}

var _ = model.SceneCanvas
