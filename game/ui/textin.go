package ui

import (
	"github.com/hajimehoshi/ebiten/v2/exp/textinput"
)

// textIn feeds the focused text field from Ebiten's exp/textinput, which handles the IME
// (composition in the browser's textarea, or Ebiten's input characters on the desktop).
// The field's own editing (caret, selection, deleting) lives in the controller, so textIn
// uses one textinput.Field only as a source: everything it committed since the last tick
// is new text, and its uncommitted text is the composition.
type textIn struct {
	field    textinput.Field
	consumed int    // bytes of field.Text() already handed on
	active   string // the widget the field is typing into
	rescue   rescuer
}

// rescuer collects text the browser's textarea received between two textinput sessions,
// which exp/textinput v2.8 would otherwise drop when fast typing or a paste lands in the
// gap (see textin_js.go). On the desktop there is no gap and it returns nothing.
type rescuer interface {
	take() string
	// activate tells whether a text field is focused, so that keys typed before the text
	// input has the page's focus can be kept for it.
	activate(on bool)
	// holding reports whether text typed while no field has the focus is kept anyway: a
	// press just happened that may focus one, on the next tick.
	holding() bool
}

// update returns the text typed into the focused widget since the last tick and the IME
// composition. focus is the id of the focused text field ("" for none); x, y is where the
// IME's candidate window should appear.
func (t *textIn) update(focus string, x, y int) (typed, composing string, err error) {
	t.rescue.activate(focus != "")
	if focus == "" {
		if t.active != "" {
			t.field.Blur()
			t.active = ""
		}
		if !t.rescue.holding() {
			t.rescue.take() // text for no field goes nowhere
		}
		return "", "", nil
	}
	if focus != t.active {
		t.field.SetTextAndSelection("", 0, 0)
		t.consumed = 0
		t.field.Focus()
		t.active = focus
	}
	if _, err := t.field.HandleInput(x, y); err != nil {
		return "", "", err
	}
	txt := t.field.Text()
	if t.consumed > len(txt) {
		t.consumed = 0
	}
	typed = txt[t.consumed:]
	t.consumed = len(txt)
	if r := t.field.TextForRendering(); len(r) > len(txt) {
		composing = r[len(txt):]
	}
	typed += t.rescue.take()
	// Start afresh now and then, so the field's text does not grow without end; only
	// between compositions, or the IME would lose its place.
	if composing == "" && len(txt) > 4096 {
		t.field.SetTextAndSelection("", 0, 0)
		t.consumed = 0
	}
	return typed, composing, nil
}
