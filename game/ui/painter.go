package ui

import (
	"github.com/hajimehoshi/ebiten/v2"

	"impactkaarten/game/ui/app"
	"impactkaarten/game/ui/layout"
)

// Painter paints a controller's frames outside a Game: the screenshot tool and the
// frame benchmark drive a controller themselves and paint it with this.
type Painter struct {
	f *fonts
	r *renderer
}

// NewPainter loads the fonts and textures.
func NewPainter() (*Painter, error) {
	f, err := loadFonts()
	if err != nil {
		return nil, err
	}
	return &Painter{f: f, r: newRenderer(f)}, nil
}

// MeasureDifferences describes each width on which the layout's measuring and text/v2's
// differ, for every string of strs at every size in each typeface: none, or the layout
// and the drawing disagree (uitool -check-measure).
func (p *Painter) MeasureDifferences(strs []string, sizes []float64) []string {
	return p.f.measureDifferences(strs, sizes)
}

// Measurer is the text measurer to build controllers with.
func (p *Painter) Measurer() layout.Measurer { return p.f }

// Paint draws the controller's latest frame, as Game.Draw does when it changed.
func (p *Painter) Paint(dst *ebiten.Image, c *app.Controller) {
	f, st := frameOf(c)
	p.r.draw(dst, f, st)
}

// frameOf returns the controller's latest frame and the interaction state to draw it with.
func frameOf(c *app.Controller) (*layout.Frame, drawState) {
	st := drawState{now: c.Now()}
	st.focus, st.ring = c.Focus()
	st.hover, st.press = c.Hover(), c.Pressed()
	if id, x, y, ok := c.Drag(); ok {
		st.drag, st.dragX, st.dragY = id, x, y
	}
	f := c.Frame()
	st.scroll = f.Scroll
	return f, st
}
