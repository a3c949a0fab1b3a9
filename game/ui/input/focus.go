package input

import (
	"math"

	"impactkaarten/game/ui/layout"
)

// focusable reports whether Tab stops at a widget.
func focusable(w *layout.Widget) bool { return w.Enabled }

// NextFocus returns the id of the widget after cur in focus order (before it with back),
// wrapping around. With no current focus it starts at the first (or last) widget.
func NextFocus(ws []layout.Widget, cur string, back bool) string {
	n := len(ws)
	if n == 0 {
		return ""
	}
	start := -1
	for i := range ws {
		if ws[i].ID == cur {
			start = i
			break
		}
	}
	step := 1
	if back {
		step = -1
	}
	if start < 0 {
		if back {
			start = 0
		} else {
			start = n - 1
		}
	}
	for k := 1; k <= n; k++ {
		i := ((start+step*k)%n + n) % n
		if focusable(&ws[i]) {
			return ws[i].ID
		}
	}
	return ""
}

// Direction is an arrow key's direction.
type Direction uint8

// The directions.
const (
	DirLeft Direction = iota
	DirRight
	DirUp
	DirDown
)

// MoveFocus returns the widget an arrow key moves the focus to from cur: the nearest
// enabled widget of the same group in that direction, or cur when there is none. Widgets
// in no group do not move with arrows.
func MoveFocus(ws []layout.Widget, cur string, d Direction) string {
	var from *layout.Widget
	for i := range ws {
		if ws[i].ID == cur {
			from = &ws[i]
		}
	}
	if from == nil || from.Group == "" {
		return cur
	}
	fx, fy := from.Rect.CX(), from.Rect.CY()
	best, bestScore := cur, math.Inf(1)
	for i := range ws {
		w := &ws[i]
		if w.ID == cur || w.Group != from.Group || !focusable(w) {
			continue
		}
		dx, dy := w.Rect.CX()-fx, w.Rect.CY()-fy
		var along, across float64
		switch d {
		case DirLeft:
			along, across = -dx, dy
		case DirRight:
			along, across = dx, dy
		case DirUp:
			along, across = -dy, dx
		case DirDown:
			along, across = dy, dx
		}
		if along <= 1 {
			continue
		}
		// Prefer what lies straight ahead: sideways distance counts double.
		score := along + 2*math.Abs(across)
		if score < bestScore {
			best, bestScore = w.ID, score
		}
	}
	return best
}
