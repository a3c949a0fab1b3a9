package app

import (
	"impactkaarten/game/ui/input"
	"impactkaarten/game/ui/layout"
	"impactkaarten/game/ui/model"
)

// Update advances the controller by one tick: input, then a fresh frame. w and h are the
// screen's size in pixels, dpr the pixels per CSS pixel, now the local clock in Unix ms.
func (c *Controller) Update(in *input.Snapshot, w, h, dpr float64, now int64) {
	c.w, c.h, c.now = w, h, now
	if dpr > 0 {
		c.dpr = dpr
	}
	c.M.Expire(now)
	c.tickTimer()
	c.build()

	c.comp = in.Composition
	evs := c.ptr.Update(in, c.hitTarget, c.dropTarget)
	for _, e := range evs {
		c.pointer(e, in)
	}
	if !in.Down || in.Touch {
		c.hover = ""
	}
	if !in.Touch {
		if wd := c.frame.Hit(in.X, in.Y); wd != nil {
			c.hover = wd.ID
		}
	}
	c.keys(in)
	c.build()
	c.clampScroll()
	c.frame.Scroll = c.scroll
	c.anim.apply(&c.frame, now)
}

// build lays out the current scene; a scene other than the last opens at its top.
func (c *Controller) build() {
	if sc := c.M.Scene(); sc != c.lastScene {
		c.lastScene, c.scroll = sc, 0
	}
	c.frame = c.layout(c.w, c.h)
	c.revealIntoView()
	c.frame.Scroll = c.scroll
}

// revealIntoView scrolls a phone's page to the vote when its reveal begins: there the
// statement fills the screen above the vote, and the countdown and the outcome are the
// moment everyone looks at together. Once a round, and never up: a player who has
// scrolled further keeps the place, and one who scrolls back to the statement may.
func (c *Controller) revealIntoView() {
	r := c.M.Round()
	if r == nil || c.M.Scene() != model.SceneStatements || c.outcomeShown == r.Card {
		return
	}
	if _, counting := c.M.RevealLeft(c.now); !counting && !r.Revealed {
		return
	}
	c.outcomeShown = r.Card
	card := c.frame.Widget("st-card")
	if _, compact := metrics(c.w, c.h, c.dpr, c.M.BigScreen); !compact || card == nil {
		return
	}
	// The vote's panel follows the statement's card (statementsScene.build).
	c.scroll = max(c.scroll, card.Rect.MaxY()+c.dpr*8-c.contentTop())
}

// hitTarget reports the widget under a screen point, for the pointer machine.
func (c *Controller) hitTarget(x, y float64) input.Target {
	if w := c.frame.Hit(x, y); w != nil {
		return input.Target{ID: w.ID, Draggable: w.Draggable}
	}
	return input.Target{}
}

// dropTarget reports the drop target (a column) under a screen point.
func (c *Controller) dropTarget(x, y float64) string {
	for i := len(c.frame.Widgets) - 1; i >= 0; i-- {
		w := &c.frame.Widgets[i]
		if w.DropTarget && w.Enabled && c.frame.Screen(w).Contains(x, y) {
			return w.ID
		}
	}
	return ""
}

func (c *Controller) pointer(e input.Event, in *input.Snapshot) {
	switch e.Kind {
	case input.Press:
		c.focusByKey = false
		w := c.frame.Widget(e.ID)
		if w == nil {
			// A press on the page outside any field ends editing.
			if f := c.frame.Widget(c.focus); f != nil && f.Kind == layout.TextField {
				c.focus = ""
			}
			return
		}
		if w.Kind == layout.TextField {
			c.focus = w.ID
			c.caretAt(w, e.X, in.Shift)
		}
	case input.Click:
		w := c.frame.Widget(e.ID)
		if w == nil || !w.Enabled {
			return
		}
		if w.Kind != layout.TextField {
			c.focus = w.ID
			c.activate(w)
		}
	case input.DragStart:
		if w := c.frame.Widget(e.ID); w != nil {
			r := c.frame.Screen(w)
			c.dragID = e.ID
			c.dragOff = [2]float64{e.X - r.X, e.Y - r.Y}
			c.dragX, c.dragY = e.X, e.Y
		}
	case input.DragMove:
		c.dragX, c.dragY = e.X, e.Y
	case input.Drop:
		id := c.dragID
		c.dragID = ""
		if id != "" && e.Over != "" {
			c.dropped(id, e.Over)
		}
	case input.DragCancel:
		c.dragID = ""
	case input.Scroll:
		c.scroll += e.DY
		c.clampScroll()
	}
}

// caretAt puts a field's caret where the pointer pressed.
func (c *Controller) caretAt(w *layout.Widget, x float64, extend bool) {
	f := c.field(w.ID, 0)
	var info *layout.FieldInfo
	for i := range c.frame.Items {
		it := &c.frame.Items[i]
		if it.Kind == layout.Field && it.Widget > 0 && c.frame.Widgets[it.Widget-1].ID == w.ID {
			info = it.Edit
			x -= it.Rect.X
			break
		}
	}
	if info == nil {
		return
	}
	x += info.ScrollX
	f.SetCaret(f.IndexAt(x, func(p string) float64 { return c.measure.Width(p, info.Size, false) }), extend)
}

func (c *Controller) clampScroll() {
	maxScroll := c.frame.ContentH - c.frame.H
	if maxScroll < 0 {
		maxScroll = 0
	}
	c.scroll = min(max(c.scroll, 0), maxScroll)
}

// scrollIntoView scrolls the page so that the focused widget is visible.
func (c *Controller) scrollIntoView() {
	w := c.frame.Widget(c.focus)
	if w == nil || w.Fixed {
		return
	}
	top, bottom := c.contentTop(), c.frame.H-c.contentBottom()
	r := w.Rect.Move(0, -c.scroll)
	switch {
	case r.Y < top:
		c.scroll -= top - r.Y + 8
	case r.MaxY() > bottom:
		c.scroll += r.MaxY() - bottom + 8
	}
	c.clampScroll()
}

// keys handles the keyboard: text editing in a focused field, then focus moves and presses.
func (c *Controller) keys(in *input.Snapshot) {
	fw := c.frame.Widget(c.focus)
	editing := fw != nil && fw.Kind == layout.TextField && fw.Enabled
	if editing {
		c.edit(fw, in)
	}
	for _, k := range in.Keys {
		switch k {
		case input.KeyTab:
			c.focus = input.NextFocus(c.frame.Widgets, c.focus, in.Shift)
			c.focusByKey = true
			c.scrollIntoView()
			return // the rest of the tick's keys belonged to the old focus
		case input.KeyEscape:
			c.escape()
			return
		case input.KeyEnter, input.KeySpace:
			if editing {
				if k == input.KeyEnter && fw.Submit != "" {
					if s := c.frame.Widget(fw.Submit); s != nil && s.Enabled {
						c.activate(s)
					}
				}
				continue
			}
			if fw != nil && fw.Enabled {
				c.focusByKey = true
				c.activate(fw)
				return
			}
		case input.KeyLeft, input.KeyRight, input.KeyUp, input.KeyDown:
			if editing {
				continue
			}
			d := map[input.Key]input.Direction{input.KeyLeft: input.DirLeft, input.KeyRight: input.DirRight,
				input.KeyUp: input.DirUp, input.KeyDown: input.DirDown}[k]
			if fw != nil && fw.Group != "" {
				c.focus = input.MoveFocus(c.frame.Widgets, c.focus, d)
				c.focusByKey = true
				c.scrollIntoView()
			} else if k == input.KeyDown || k == input.KeyUp {
				step := 60 * c.dpr
				if k == input.KeyUp {
					step = -step
				}
				c.scroll += step
				c.clampScroll()
			}
		case input.KeyPageDown, input.KeyPageUp:
			step := c.frame.H * 0.8
			if k == input.KeyPageUp {
				step = -step
			}
			c.scroll += step
			c.clampScroll()
		}
	}
}

// edit applies a tick's typing to the focused field.
func (c *Controller) edit(w *layout.Widget, in *input.Snapshot) {
	f := c.field(w.ID, 0)
	was := f.Refused()
	if in.Text != "" {
		f.Insert(in.Text)
	}
	if in.Paste != "" {
		f.Insert(in.Paste)
	}
	c.noteRefused(w.ID, was)
	if in.Composition != "" {
		return // while composing, the keys belong to the IME
	}
	word := in.Ctrl
	for _, k := range in.Keys {
		switch k {
		case input.KeyBackspace:
			f.Backspace(word)
		case input.KeyDelete:
			f.Delete(word)
		case input.KeyLeft:
			f.Left(word, in.Shift)
		case input.KeyRight:
			f.Right(word, in.Shift)
		case input.KeyHome, input.KeyUp:
			f.Home(in.Shift)
		case input.KeyEnd, input.KeyDown:
			f.End(in.Shift)
		case input.KeyA:
			if in.Ctrl {
				f.SelectAll()
			}
		case input.KeyC:
			if in.Ctrl && f.Selected() != "" {
				c.effects = append(c.effects, Copy{Text: f.Selected()})
			}
		case input.KeyX:
			if in.Ctrl && f.Selected() != "" {
				c.effects = append(c.effects, Copy{Text: f.Cut()})
			}
		}
	}
}

// escape cancels, innermost first: a drag, the open dialog, what the scene has of its
// own (a picked-up card), the focus.
func (c *Controller) escape() {
	if c.dragID != "" {
		c.ptr.Cancel()
		c.dragID = ""
		return
	}
	if d := c.modal(); d != nil && d.escape() {
		return
	}
	if sc, ok := c.currentScene().(escaper); ok && sc.escape() {
		return
	}
	c.focus = ""
}

// currentScene is the scene of the current phase at the window's size.
func (c *Controller) currentScene() scene {
	u, compact := metrics(c.w, c.h, c.dpr, c.M.BigScreen)
	return c.scene(&layout.Builder{U: u, Compact: compact, F: &layout.Frame{W: c.w, H: c.h}, M: c.measure})
}

// dropped plays a card dragged from the hand onto a column, as picking it up and pressing
// the column would: the widgets' actions say which card and which column.
func (c *Controller) dropped(id, over string) {
	from, to := c.frame.Widget(id), c.frame.Widget(over)
	if from == nil || to == nil {
		return
	}
	card, ok := from.Action.(pickCard)
	if !ok {
		return
	}
	if _, ok := to.Action.(playInto); !ok {
		return
	}
	c.selected = card.card
	c.activate(to)
}

// activate presses a widget — a click, a tap, Enter or Space — by running its action.
func (c *Controller) activate(w *layout.Widget) {
	if a, ok := w.Action.(action); ok {
		a.run(c)
	}
}

// tickTimer sounds the end of the room's timer once, when it reaches zero.
func (c *Controller) tickTimer() {
	left, running, set := c.M.Timer(c.now)
	if set && running && left == 0 && c.lastLeft > 0 && !c.muted {
		c.effects = append(c.effects, Sound{Name: "timer"})
	}
	if set && running {
		c.lastLeft = left
	} else {
		c.lastLeft = 0
	}
}
