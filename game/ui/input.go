package ui

import (
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"impactkaarten/game/ui/input"
)

// keyMap maps Ebiten's keys to the client's.
var keyMap = [...]struct {
	e ebiten.Key
	k input.Key
}{
	{ebiten.KeyTab, input.KeyTab}, {ebiten.KeyEnter, input.KeyEnter}, {ebiten.KeyNumpadEnter, input.KeyEnter},
	{ebiten.KeySpace, input.KeySpace}, {ebiten.KeyEscape, input.KeyEscape},
	{ebiten.KeyArrowLeft, input.KeyLeft}, {ebiten.KeyArrowRight, input.KeyRight},
	{ebiten.KeyArrowUp, input.KeyUp}, {ebiten.KeyArrowDown, input.KeyDown},
	{ebiten.KeyBackspace, input.KeyBackspace}, {ebiten.KeyDelete, input.KeyDelete},
	{ebiten.KeyHome, input.KeyHome}, {ebiten.KeyEnd, input.KeyEnd},
	{ebiten.KeyPageUp, input.KeyPageUp}, {ebiten.KeyPageDown, input.KeyPageDown},
	{ebiten.KeyA, input.KeyA}, {ebiten.KeyC, input.KeyC}, {ebiten.KeyV, input.KeyV}, {ebiten.KeyX, input.KeyX}, {ebiten.KeyZ, input.KeyZ},
}

// repeats reports whether a key held for d ticks fires this tick: on the press, then after
// a short delay several times a second, as a text field expects.
func repeats(d int) bool {
	const delay, every = 24, 3
	return d == 1 || (d >= delay && (d-delay)%every == 0)
}

// readInput builds this tick's snapshot from Ebiten's input state.
func (g *Game) readInput() input.Snapshot {
	var s input.Snapshot
	mx, my := ebiten.CursorPosition()
	s.X, s.Y = float64(mx), float64(my)
	s.Down = ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft)
	g.touches = ebiten.AppendTouchIDs(g.touches[:0])
	if len(g.touches) > 0 {
		// One finger is the pointer; a second finger does nothing, so nothing surprises.
		tx, ty := ebiten.TouchPosition(g.touches[0])
		s.X, s.Y, s.Down, s.Touch = float64(tx), float64(ty), true, true
		g.lastTouch = [2]float64{s.X, s.Y}
		g.touching = true
	} else if g.touching {
		// The finger lifted: report one more tick at its last place, up.
		s.X, s.Y, s.Touch = g.lastTouch[0], g.lastTouch[1], true
		g.touching = false
	}
	g.catchPress(&s)
	_, wy := ebiten.Wheel()
	s.WheelY = wy
	s.Shift = ebiten.IsKeyPressed(ebiten.KeyShift)
	s.Ctrl = ebiten.IsKeyPressed(ebiten.KeyControl) || ebiten.IsKeyPressed(ebiten.KeyMeta)
	for _, km := range keyMap {
		if repeats(inpututil.KeyPressDuration(km.e)) {
			s.Keys = append(s.Keys, km.k)
		}
	}
	return s
}

// catchPress reports a press the page saw but Ebiten did not (its down and up fell between
// two frames): down on this tick, up on the next, at the page's positions.
func (g *Game) catchPress(s *input.Snapshot) {
	evs := g.press.take()
	switch {
	case g.caughtUp != nil:
		if !s.Down {
			s.X, s.Y, s.Touch = g.caughtUp.x*g.dpr, g.caughtUp.y*g.dpr, g.caughtUp.touch
		}
		g.caughtUp = nil
	case !s.Down && !g.wasDown:
		for i, e := range evs {
			if !e.down {
				continue
			}
			for j := i + 1; j < len(evs); j++ {
				if !evs[j].down {
					s.X, s.Y, s.Down, s.Touch = e.x*g.dpr, e.y*g.dpr, true, e.touch
					up := evs[j]
					g.caughtUp = &up
					break
				}
			}
			break
		}
	}
	g.wasDown = s.Down
}

// keyHeld reports whether a key the client reads is held down: its repeats are counted in
// frames, so frames must follow each other while it is.
func (g *Game) keyHeld() bool {
	for _, km := range keyMap {
		if ebiten.IsKeyPressed(km.e) {
			return true
		}
	}
	return false
}
