// Package layout is the client's geometry, as pure functions: rectangles, text wrapping,
// and the Frame — a display list of what to draw plus the interactive widgets with their
// stable ids, rectangles and labels. Scenes build a Frame from the window size and the
// model with a Builder; the Ebiten side only paints it. Nothing here imports Ebiten, so
// layouts and hit tests are checked by unit tests at any window size.
package layout

import "math"

// Rect is a rectangle in screen pixels: X, Y is the top-left corner.
type Rect struct {
	X, Y, W, H float64
}

// R returns the rectangle at x, y of size w×h.
func R(x, y, w, h float64) Rect { return Rect{x, y, w, h} }

// MaxX is the right edge.
func (r Rect) MaxX() float64 { return r.X + r.W }

// MaxY is the bottom edge.
func (r Rect) MaxY() float64 { return r.Y + r.H }

// CX is the horizontal centre.
func (r Rect) CX() float64 { return r.X + r.W/2 }

// CY is the vertical centre.
func (r Rect) CY() float64 { return r.Y + r.H/2 }

// Empty reports whether the rectangle has no area.
func (r Rect) Empty() bool { return r.W <= 0 || r.H <= 0 }

// Contains reports whether the point lies inside (the right and bottom edges excluded).
func (r Rect) Contains(x, y float64) bool {
	return x >= r.X && x < r.X+r.W && y >= r.Y && y < r.Y+r.H
}

// Inset shrinks the rectangle by d on every side.
func (r Rect) Inset(d float64) Rect { return r.InsetXY(d, d) }

// InsetXY shrinks the rectangle by dx left and right and dy top and bottom.
func (r Rect) InsetXY(dx, dy float64) Rect {
	return Rect{r.X + dx, r.Y + dy, math.Max(0, r.W-2*dx), math.Max(0, r.H-2*dy)}
}

// Move returns the rectangle moved by dx, dy.
func (r Rect) Move(dx, dy float64) Rect { return Rect{r.X + dx, r.Y + dy, r.W, r.H} }

// Overlaps reports whether two rectangles share area (touching edges do not count).
func (r Rect) Overlaps(o Rect) bool {
	const eps = 0.01
	return r.X < o.X+o.W-eps && o.X < r.X+r.W-eps && r.Y < o.Y+o.H-eps && o.Y < r.Y+r.H-eps
}

// Within reports whether r lies entirely inside o.
func (r Rect) Within(o Rect) bool {
	const eps = 0.01
	return r.X >= o.X-eps && r.Y >= o.Y-eps && r.X+r.W <= o.X+o.W+eps && r.Y+r.H <= o.Y+o.H+eps
}

// CutTop splits off a strip of height h at the top and returns it and the rest.
func (r Rect) CutTop(h float64) (Rect, Rect) {
	h = math.Min(h, r.H)
	return Rect{r.X, r.Y, r.W, h}, Rect{r.X, r.Y + h, r.W, r.H - h}
}

// CutBottom splits off a strip of height h at the bottom and returns it and the rest.
func (r Rect) CutBottom(h float64) (Rect, Rect) {
	h = math.Min(h, r.H)
	return Rect{r.X, r.Y + r.H - h, r.W, h}, Rect{r.X, r.Y, r.W, r.H - h}
}

// CutLeft splits off a strip of width w at the left and returns it and the rest.
func (r Rect) CutLeft(w float64) (Rect, Rect) {
	w = math.Min(w, r.W)
	return Rect{r.X, r.Y, w, r.H}, Rect{r.X + w, r.Y, r.W - w, r.H}
}

// CutRight splits off a strip of width w at the right and returns it and the rest.
func (r Rect) CutRight(w float64) (Rect, Rect) {
	w = math.Min(w, r.W)
	return Rect{r.X + r.W - w, r.Y, w, r.H}, Rect{r.X, r.Y, r.W - w, r.H}
}

// Cols divides the rectangle into n columns separated by gap.
func (r Rect) Cols(n int, gap float64) []Rect {
	if n < 1 {
		return nil
	}
	w := (r.W - gap*float64(n-1)) / float64(n)
	out := make([]Rect, n)
	for i := range out {
		out[i] = Rect{r.X + float64(i)*(w+gap), r.Y, w, r.H}
	}
	return out
}

// Rows divides the rectangle into n rows separated by gap.
func (r Rect) Rows(n int, gap float64) []Rect {
	if n < 1 {
		return nil
	}
	h := (r.H - gap*float64(n-1)) / float64(n)
	out := make([]Rect, n)
	for i := range out {
		out[i] = Rect{r.X, r.Y + float64(i)*(h+gap), r.W, h}
	}
	return out
}

// Center returns a w×h rectangle centred in r.
func (r Rect) Center(w, h float64) Rect {
	return Rect{r.X + (r.W-w)/2, r.Y + (r.H-h)/2, w, h}
}

// Lerp returns the rectangle a fraction t of the way from a to b.
func Lerp(a, b Rect, t float64) Rect {
	l := func(x, y float64) float64 { return x + (y-x)*t }
	return Rect{l(a.X, b.X), l(a.Y, b.Y), l(a.W, b.W), l(a.H, b.H)}
}

// Snap rounds the rectangle to whole pixels, so edges are crisp.
func (r Rect) Snap() Rect {
	x, y := math.Round(r.X), math.Round(r.Y)
	return Rect{x, y, math.Round(r.X+r.W) - x, math.Round(r.Y+r.H) - y}
}
