package app

import (
	"math"

	"impactkaarten/game/ui/model"
)

// WidgetInfo is one widget as the client publishes it for tests and assistive tools: in
// CSS pixels of the page (device-independent pixels on the desktop), after scrolling.
// docs/accessibility.md describes the fields.
type WidgetInfo struct {
	ID       string  `json:"id"`
	Label    string  `json:"label"`
	Kind     string  `json:"kind"`
	X        float64 `json:"x"`
	Y        float64 `json:"y"`
	W        float64 `json:"w"`
	H        float64 `json:"h"`
	Enabled  bool    `json:"enabled"`
	Focused  bool    `json:"focused"`
	Selected bool    `json:"selected,omitempty"`
	Value    string  `json:"value,omitempty"`
	// Visible is false for a widget scrolled out of view.
	Visible bool `json:"visible"`
}

// Widgets lists the interactive widgets of the current frame in focus order.
func (c *Controller) Widgets() []WidgetInfo {
	f := &c.frame
	out := make([]WidgetInfo, 0, len(f.Widgets))
	round := func(v float64) float64 { return math.Round(v/c.dpr*10) / 10 }
	for i := range f.Widgets {
		w := &f.Widgets[i]
		r := f.Screen(w)
		out = append(out, WidgetInfo{ID: w.ID, Label: w.Label, Kind: string(w.Kind),
			X: round(r.X), Y: round(r.Y), W: round(r.W), H: round(r.H),
			Enabled: w.Enabled, Focused: w.ID == c.focus, Selected: w.Selected, Value: w.Value,
			Visible: f.Visible(w)})
	}
	return out
}

// State summarises the model, and whether the last frame was still animating.
func (c *Controller) State() model.Summary {
	s := c.M.Summarize(c.now, c.ToastText)
	s.Animating = c.anim.busy(c.now)
	return s
}

// Now is the time of the last Update, in Unix ms; Draw animates by it.
func (c *Controller) Now() int64 { return c.now }
