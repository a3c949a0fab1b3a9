package input

import "math"

// Target is what lies under the pointer, as the controller's hit test reports it.
type Target struct {
	ID        string
	Draggable bool
}

// EventKind is what the pointer did.
type EventKind uint8

// The pointer events.
const (
	Press      EventKind = iota + 1 // went down on a widget (ID) or on nothing
	Click                           // went down and up on the same widget without moving
	DragStart                       // started dragging a draggable widget (ID)
	DragMove                        // the dragged widget follows the pointer (X, Y)
	Drop                            // released a drag over Over ("" when over nothing)
	DragCancel                      // a drag ended without a drop (Escape)
	Scroll                          // moved the page by DY pixels (a finger or the wheel)
)

// Event is one pointer intent.
type Event struct {
	Kind EventKind
	ID   string  // the widget pressed, clicked or dragged
	Over string  // for Drop: the drop target under the pointer
	X, Y float64 // the pointer
	DX   float64 // for DragMove: the pointer's offset from where the drag began
	DY   float64 // for DragMove: as DX; for Scroll: how far the page moves up
}

// DragThreshold is how far (in pixels) a pointer must move while down before a press turns
// into a drag or a scroll: a little shake of a finger still counts as a tap.
const DragThreshold = 10

type pointerState uint8

const (
	idle pointerState = iota
	pressed
	dragging
	scrolling
)

// Pointer is the state machine of the pointer: idle → pressed → (click | dragging → drop |
// scrolling). The zero value is idle.
type Pointer struct {
	state        pointerState
	pressed      Target
	x0, y0       float64
	lastX, lastY float64
}

// Dragging returns the id of the widget being dragged, if any.
func (p *Pointer) Dragging() (string, bool) {
	if p.state == dragging {
		return p.pressed.ID, true
	}
	return "", false
}

// Pressed returns the id of the widget held down, if any (to draw it pressed).
func (p *Pointer) Pressed() string {
	if p.state == pressed {
		return p.pressed.ID
	}
	return ""
}

// Cancel ends a drag without a drop.
func (p *Pointer) Cancel() []Event {
	if p.state == dragging {
		p.state = idle
		return []Event{{Kind: DragCancel, ID: p.pressed.ID}}
	}
	p.state = idle
	return nil
}

// Update advances the machine by one tick. hit reports the widget under a point, and drop
// the drop target under it.
func (p *Pointer) Update(s *Snapshot, hit func(x, y float64) Target, drop func(x, y float64) string) []Event {
	var out []Event
	if s.WheelY != 0 && p.state != dragging {
		out = append(out, Event{Kind: Scroll, DY: -s.WheelY * 48, X: s.X, Y: s.Y})
	}
	switch p.state {
	case idle:
		if s.Down {
			p.pressed = hit(s.X, s.Y)
			p.state = pressed
			p.x0, p.y0, p.lastX, p.lastY = s.X, s.Y, s.X, s.Y
			out = append(out, Event{Kind: Press, ID: p.pressed.ID, X: s.X, Y: s.Y})
		}
	case pressed:
		moved := math.Hypot(s.X-p.x0, s.Y-p.y0) > DragThreshold
		switch {
		case !s.Down:
			p.state = idle
			// A click counts where the press began: on touch the finger may slide a
			// little, and the widget under the release might be a neighbour.
			if p.pressed.ID != "" && hit(s.X, s.Y).ID == p.pressed.ID {
				out = append(out, Event{Kind: Click, ID: p.pressed.ID, X: s.X, Y: s.Y})
			}
		case moved && p.pressed.Draggable:
			p.state = dragging
			out = append(out, Event{Kind: DragStart, ID: p.pressed.ID, X: s.X, Y: s.Y},
				Event{Kind: DragMove, ID: p.pressed.ID, X: s.X, Y: s.Y, DX: s.X - p.x0, DY: s.Y - p.y0})
		case moved && s.Touch:
			p.state = scrolling
			out = append(out, Event{Kind: Scroll, DY: p.lastY - s.Y, X: s.X, Y: s.Y})
			p.lastX, p.lastY = s.X, s.Y
		}
	case dragging:
		if !s.Down {
			p.state = idle
			out = append(out, Event{Kind: Drop, ID: p.pressed.ID, Over: drop(s.X, s.Y), X: s.X, Y: s.Y})
		} else if s.X != p.lastX || s.Y != p.lastY {
			out = append(out, Event{Kind: DragMove, ID: p.pressed.ID, X: s.X, Y: s.Y, DX: s.X - p.x0, DY: s.Y - p.y0})
		}
		p.lastX, p.lastY = s.X, s.Y
	case scrolling:
		if !s.Down {
			p.state = idle
		} else if dy := p.lastY - s.Y; dy != 0 {
			out = append(out, Event{Kind: Scroll, DY: dy, X: s.X, Y: s.Y})
		}
		p.lastX, p.lastY = s.X, s.Y
	}
	return out
}
