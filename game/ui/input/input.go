// Package input turns one tick of raw input — a pointer (mouse or touch), keys and text —
// into intents the controller acts on: a click on a widget, a drag of a card onto a column,
// a scroll, a focus move. It is pure: the Ebiten side fills a Snapshot each tick, and tests
// feed snapshots by hand. Mouse and touch are the same pointer here, and no intent needs a
// right-click or a hover.
package input

// Key is a key the client reacts to.
type Key uint8

// The keys.
const (
	KeyNone Key = iota
	KeyTab
	KeyEnter
	KeySpace
	KeyEscape
	KeyLeft
	KeyRight
	KeyUp
	KeyDown
	KeyBackspace
	KeyDelete
	KeyHome
	KeyEnd
	KeyPageUp
	KeyPageDown
	KeyA // with Ctrl: select all
	KeyC // with Ctrl: copy
	KeyV // with Ctrl: paste
	KeyX // with Ctrl: cut
	KeyZ
)

// Snapshot is the input of one tick. Keys holds the keys pressed this tick, key repeat
// included, in order.
type Snapshot struct {
	X, Y   float64 // the pointer, in screen pixels
	Down   bool    // a mouse button or a finger is down
	Touch  bool    // the pointer is a finger
	WheelY float64 // wheel movement this tick, positive is up
	Keys   []Key
	Shift  bool
	Ctrl   bool // Ctrl, or Cmd on a Mac
	// Text is what was typed or pasted this tick (committed IME text included).
	Text string
	// Composition is the IME text being composed, not yet committed.
	Composition string
	// Paste is text read from the clipboard after Ctrl+V on platforms where the client
	// reads it itself (the desktop); in the browser a paste arrives as Text.
	Paste string
}

// Has reports whether k was pressed this tick.
func (s *Snapshot) Has(k Key) bool {
	for _, x := range s.Keys {
		if x == k {
			return true
		}
	}
	return false
}
