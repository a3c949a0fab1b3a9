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
	// Visible is false for a widget scrolled out of view or under a fixed bar; the
	// rectangle of a visible widget is the part of it a press reaches.
	Visible bool `json:"visible"`
	// Elided is true when some text the widget shows was shortened to fit (a title or a
	// reason ending in "…", a caption cut short).
	Elided bool `json:"elided,omitempty"`
}

// Widgets lists the interactive widgets of the current frame in focus order.
func (c *Controller) Widgets() []WidgetInfo {
	f := &c.frame
	out := make([]WidgetInfo, 0, len(f.Widgets))
	round := func(v float64) float64 { return math.Round(v/c.dpr*10) / 10 }
	for i := range f.Widgets {
		w := &f.Widgets[i]
		// The rectangle is the part a press reaches (not under a bar), so its centre is a
		// place to tap; a widget out of reach keeps its whole rectangle and is not visible.
		r, ok := f.Tappable(w)
		if !ok {
			r = f.Screen(w)
		}
		out = append(out, WidgetInfo{ID: w.ID, Label: w.Label, Kind: string(w.Kind),
			X: round(r.X), Y: round(r.Y), W: round(r.W), H: round(r.H),
			Enabled: w.Enabled, Focused: w.ID == c.focus, Selected: w.Selected, Value: w.Value,
			Visible: ok, Elided: f.Elided(w)})
	}
	return out
}

// State summarises the model, and whether the last frame was still animating.
func (c *Controller) State() model.Summary {
	s := c.M.Summarize(c.now, c.ToastText)
	s.Animating = c.anim.busy(c.now)
	s.Spotlight, s.Screen = c.spot(), c.M.BigScreen
	return s
}

// Now is the time of the last Update, in Unix ms; Draw animates by it.
func (c *Controller) Now() int64 { return c.now }
