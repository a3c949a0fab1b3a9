package layout

import (
	"math"

	"impactkaarten/cards"
	"impactkaarten/game/theme"
)

// Kind is what sort of control a widget is; assistive tools and tests read it.
type Kind string

// The widget kinds.
const (
	Button    Kind = "button"
	TextField Kind = "textfield"
	Card      Kind = "card"
	Column    Kind = "column"
	Toggle    Kind = "toggle"
	Choice    Kind = "choice" // one of a set, like a radio button
	Stepper   Kind = "stepper"
	Link      Kind = "link"
	// Info is read-only content (what the meeting-room screen shows): never pressed, named
	// so that assistive tools can read it and tests can tell whether its text was cut.
	Info Kind = "info"
)

// Widget is one interactive element: what tests click and what assistive tools name.
// The id is stable across frames and languages; the label is the human name in the
// current language.
type Widget struct {
	ID      string `json:"id"`
	Kind    Kind   `json:"kind"`
	Label   string `json:"label"`
	Rect    Rect   `json:"-"`
	Enabled bool   `json:"enabled"`
	// Selected is a toggle that is on, a choice that is chosen, a card that is picked up.
	Selected bool `json:"selected,omitempty"`
	// Value is a text field's text or a stepper's value.
	Value string `json:"value,omitempty"`
	// Group ties widgets that arrow keys move between (the hand, a column, the vote scale).
	Group string `json:"-"`
	// Draggable widgets can be dragged onto a widget that is a DropTarget.
	Draggable  bool `json:"-"`
	DropTarget bool `json:"-"`
	// Fixed widgets stay in place when the page scrolls (the top bar, dialogs).
	Fixed bool `json:"-"`
	// Submit names the widget that Enter in this text field presses.
	Submit string `json:"-"`
	// Action is what pressing the widget does, as a value the scene that built it
	// understands (nil: pressing it does nothing).
	Action any `json:"-"`
}

// ItemKind is what a display-list item paints.
type ItemKind uint8

// The item kinds.
const (
	Fill    ItemKind = iota // a rounded rectangle, with an optional shadow and border
	Text                    // lines of text
	Icon                    // one icon glyph, centred
	Face                    // a card face
	Field                   // the inside of a text field: text, caret, selection
	Overlay                 // the interaction state of a widget: hover, press, focus, disabled
	Ring                    // a circle outline (a highlight around an avatar)
	Bar                     // a straight line (Rect is its bounding box, H its width if W>H)
)

// Align is the horizontal alignment of text.
type Align uint8

// The alignments.
const (
	Left Align = iota
	Center
	Right
)

// Item is one thing to paint. Which fields matter depends on Kind.
type Item struct {
	Kind ItemKind
	// Key names an item that keeps its identity across frames, so that a change of place
	// is animated (a card moving to another column, a card dealt into the hand).
	Key  string
	Rect Rect
	// Fill, Ring, Bar.
	Color   theme.Color
	Alpha   float64 // 0 means opaque; otherwise the opacity
	Radius  float64
	Shadow  float64 // the shadow's size; 0 means none
	Border  theme.Color
	BorderW float64
	// Text.
	Lines []string
	Size  float64
	Bold  bool
	Align Align
	// Icon.
	Glyph rune
	// Face.
	Card *FaceInfo
	// Field.
	Edit *FieldInfo
	// Widget is the index+1 of the widget this item shows; 0 for decoration.
	Widget int
	// Fixed items stay in place when the page scrolls.
	Fixed bool
	// Elided text (Text) was shortened or cut to fit its box.
	Elided bool
}

// FaceInfo is what a card face shows, arranged already (see Builder.Arrange). Positions
// are relative to the card's top-left corner, so the card can move and flip as a whole.
type FaceInfo struct {
	ID     string
	Kind   cards.Kind
	Band   theme.Color // the colour of the part, or of the kind
	Glyph  rune        // the card's icon
	Kicker string      // the small heading in the band: "STELLING", "AANBOD"
	// The texts before arranging.
	TitleText  string
	BodyText   string
	FooterText string
	// The arrangement.
	W, H       float64
	Compact    bool // a small card: icon left, title beside it, no band
	Pad        float64
	BandH      float64
	KickerSize float64
	GlyphBox   Rect
	Title      []string
	TitleX     float64
	TitleY     float64
	TitleSize  float64
	Body       []string
	BodyY      float64
	BodySize   float64
	// Footer is the footer's lines: one on a small card; on a big card it wraps over the
	// room the title and body leave (a player's reason on the card's detail).
	Footer      []string
	FooterY     float64
	FooterSize  float64
	FooterColor theme.Color
	// Badges are small counters at the bottom right: reactions and dots.
	Badges []Badge
	BadgeW float64
	BadgeY float64
	// BadgeRowH, when set, is the least height a row card keeps along its bottom for the
	// badges, so that a control laid on the card there (taking a dot back) has room and
	// covers no text.
	BadgeRowH float64
	// Back shows the card's back (the deck) instead of its face.
	Back bool
	// FlipAt, when not zero, is when (Unix ms) the card started turning face up; the
	// renderer turns it over in FlipMillis.
	FlipAt int64
	// Dim greys the card out (the card being dragged leaves a shadow of itself).
	Dim bool
	// Selected lifts the card and rings it.
	Selected bool
	// Owner is the colour of the seat that placed it, shown as a stripe on the left.
	Owner    theme.Color
	HasOwner bool
	// Elided says some of the card's text (title, body, footer) did not fit.
	Elided bool
	// Row lays the card out as a row of any height: icon and title on top, the body (a
	// reason on the canvas) wrapped under them.
	Row bool
}

// FlipMillis is how long a card takes to turn over.
const FlipMillis = 450

// Badge is a small counter on a card.
type Badge struct {
	Glyph rune
	Count int
	Color theme.Color
}

// FieldInfo is the inside of a text field, measured already.
type FieldInfo struct {
	Text        string // what to show: the text with any IME composition in it
	Placeholder string
	Size        float64
	ScrollX     float64 // how far the text is shifted left so the caret stays visible
	CaretX      float64 // caret position from the text's start, in pixels
	SelX0       float64 // selection from..to, in pixels from the text's start
	SelX1       float64
	CompX0      float64 // IME composition underline
	CompX1      float64
	Focused     bool
	Secret      bool
}

// Frame is one screen: what to paint, in order, and the widgets in focus order.
type Frame struct {
	W, H float64
	// ContentH is the height of the scrolling content; more than H means the page scrolls.
	ContentH float64
	// Scroll is how far the content is scrolled up; the controller sets it.
	Scroll  float64
	Items   []Item
	Widgets []Widget
	// Bars are the fixed bars across the screen (the top bar, the facilitator's bar): the
	// page scrolls under them, and what lies under them cannot be pressed there.
	Bars []Rect
	// Title names the screen for assistive tools.
	Title string
}

// Tappable returns the part of a widget's screen rectangle that a press reaches: for a
// widget on the scrolling page, the part not under a bar nor off the screen; ok is false
// when nothing of it is.
func (f *Frame) Tappable(w *Widget) (Rect, bool) {
	r := f.Screen(w)
	if !w.Fixed {
		for _, b := range f.Bars {
			if b.MaxY() <= r.Y || b.Y >= r.MaxY() {
				continue
			}
			// A bar at the top cuts the widget's top off, one at the bottom its bottom.
			if b.CY() < r.CY() {
				top := math.Max(r.Y, b.MaxY())
				r.H, r.Y = r.MaxY()-top, top
			} else {
				r.H = math.Min(r.MaxY(), b.Y) - r.Y
			}
		}
		if r.Y < 0 {
			r.H += r.Y
			r.Y = 0
		}
		if r.MaxY() > f.H {
			r.H = f.H - r.Y
		}
	}
	return r, r.H > 0 && r.W > 0
}

// underBar reports whether a screen point lies under a fixed bar.
func (f *Frame) underBar(x, y float64) bool {
	for _, b := range f.Bars {
		if b.Contains(x, y) {
			return true
		}
	}
	return false
}

// Widget returns the widget with the given id, or nil.
func (f *Frame) Widget(id string) *Widget {
	for i := range f.Widgets {
		if f.Widgets[i].ID == id {
			return &f.Widgets[i]
		}
	}
	return nil
}

// Screen returns where a widget is on screen now, after scrolling.
func (f *Frame) Screen(w *Widget) Rect {
	if w.Fixed {
		return w.Rect
	}
	return w.Rect.Move(0, -f.Scroll)
}

// Hit returns the topmost enabled widget under the point (screen coordinates), or nil.
// Fixed widgets (the top bar, dialogs) come before scrolled ones; later widgets lie on
// top of earlier ones.
func (f *Frame) Hit(x, y float64) *Widget {
	for pass := 0; pass < 2; pass++ {
		fixed := pass == 0
		if !fixed && f.underBar(x, y) {
			return nil // the page under a bar is out of reach
		}
		for i := len(f.Widgets) - 1; i >= 0; i-- {
			w := &f.Widgets[i]
			if w.Fixed != fixed || !w.Enabled {
				continue
			}
			if f.Screen(w).Contains(x, y) {
				return w
			}
		}
	}
	return nil
}

// Elided reports whether any text a widget shows was shortened to fit: a text item that
// lies within it (in its layer) or a card face it shows. Tests and assistive tools read it
// from the published widget list, so a cut text is found without looking at pixels.
func (f *Frame) Elided(w *Widget) bool {
	idx := -1
	for i := range f.Widgets {
		if &f.Widgets[i] == w {
			idx = i + 1
		}
	}
	for i := range f.Items {
		it := &f.Items[i]
		switch {
		case it.Kind == Face && it.Card != nil && it.Widget == idx && it.Card.Elided:
			return true
		case it.Kind == Text && it.Elided && it.Fixed == w.Fixed && it.Rect.Within(w.Rect.InsetXY(-1, -1)):
			return true
		}
	}
	return false
}

// Visible reports whether a widget is on screen, wholly or in part, where a press reaches
// it (not under a bar).
func (f *Frame) Visible(w *Widget) bool {
	_, ok := f.Tappable(w)
	return ok
}

// HitPoint returns a point on screen where a click reaches the widget: its centre if
// nothing lies on top of it there, else the first free point of a grid over it.
func (f *Frame) HitPoint(w *Widget) (x, y float64, ok bool) {
	r := f.Screen(w)
	if h := f.Hit(r.CX(), r.CY()); h != nil && h.ID == w.ID {
		return r.CX(), r.CY(), true
	}
	const n = 9
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			px, py := r.X+r.W*(float64(i)+0.5)/n, r.Y+r.H*(float64(j)+0.5)/n
			if h := f.Hit(px, py); h != nil && h.ID == w.ID && py >= 0 && py < f.H {
				return px, py, true
			}
		}
	}
	return 0, 0, false
}
