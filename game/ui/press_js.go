//go:build js && wasm

package ui

import (
	"sync"
	"syscall/js"
)

// pressCatcher listens to the page's pointer events, so that a press whose down and up
// both fall between two frames (a quick tap, a short click on a slow machine: Ebiten reads
// the buttons once a frame and would see neither) still reaches the controller.
type pressCatcher struct {
	mu     sync.Mutex
	events []pressEvent
	down   js.Func
	up     js.Func
}

type pressEvent struct {
	down  bool
	x, y  float64 // CSS pixels from the canvas's top-left corner
	touch bool
}

func newPressCatcher() *pressCatcher {
	p := &pressCatcher{}
	doc := js.Global().Get("document")
	record := func(down bool) js.Func {
		return js.FuncOf(func(this js.Value, args []js.Value) any {
			e := args[0]
			if b := e.Get("button"); b.Truthy() && b.Int() != 0 {
				return nil // not the main button
			}
			x, y := e.Get("clientX").Float(), e.Get("clientY").Float()
			if c := doc.Call("querySelector", "canvas"); c.Truthy() {
				r := c.Call("getBoundingClientRect")
				x -= r.Get("left").Float()
				y -= r.Get("top").Float()
			}
			p.mu.Lock()
			p.events = append(p.events, pressEvent{down: down, x: x, y: y, touch: e.Get("pointerType").String() == "touch"})
			p.mu.Unlock()
			return nil
		})
	}
	p.down, p.up = record(true), record(false)
	// Capture: the page's own handlers (Ebiten's) must not keep these from us.
	doc.Call("addEventListener", "pointerdown", p.down, true)
	doc.Call("addEventListener", "pointerup", p.up, true)
	return p
}

// take returns the pointer events since the last call.
func (p *pressCatcher) take() []pressEvent {
	p.mu.Lock()
	defer p.mu.Unlock()
	ev := p.events
	p.events = nil
	return ev
}
