//go:build js && wasm

package ui

import (
	"strings"
	"sync"
	"syscall/js"

	"impactkaarten/cards"
	"impactkaarten/net/protocol"
)

// clip is the page's clipboard. Writing works from a click (a user gesture); reading is
// not needed: a paste lands in the text input's textarea and arrives as typed text.
type clip struct{}

func (clip) write(s string) {
	nav := js.Global().Get("navigator")
	if cb := nav.Get("clipboard"); cb.Truthy() {
		p := cb.Call("writeText", s)
		// A refused write (no permission) is not worth an error: the code is on screen.
		p.Call("catch", js.FuncOf(func(js.Value, []js.Value) any { return nil }))
	}
}

func (clip) read() string { return "" }

// setPageRoom puts the room in the page's address (?room=K7P-2QX), so that a reload or a
// shared address returns to it; "" removes it.
func setPageRoom(code string) {
	loc := js.Global().Get("location")
	hist := js.Global().Get("history")
	if !hist.Truthy() {
		return
	}
	url := js.Global().Get("URL").New(loc.Get("href"))
	params := url.Get("searchParams")
	if code == "" {
		params.Call("delete", "room")
	} else {
		params.Call("set", "room", protocol.FormatCode(code))
	}
	hist.Call("replaceState", js.Null(), "", url.Call("toString"))
}

func storage() js.Value { return js.Global().Get("localStorage") }

func loadPrefs() (string, cards.Lang, bool) {
	st := storage()
	if !st.Truthy() {
		return "", "", false
	}
	name := st.Call("getItem", "impactkaarten.name")
	lang := st.Call("getItem", "impactkaarten.lang")
	if name.Type() != js.TypeString && lang.Type() != js.TypeString {
		return "", "", false
	}
	var n, l string
	if name.Type() == js.TypeString {
		n = name.String()
	}
	if lang.Type() == js.TypeString {
		l = lang.String()
	}
	return n, cards.Lang(l), true
}

func savePrefs(name string, lang cards.Lang) {
	st := storage()
	if !st.Truthy() {
		return
	}
	if name != "" {
		st.Call("setItem", "impactkaarten.name", name)
	}
	if lang != "" {
		st.Call("setItem", "impactkaarten.lang", string(lang))
	}
}

// jsRescue catches text that exp/textinput (v2.8) drops: after a committed character it
// ends its session, and until the next tick starts a new one, anything typed or pasted into
// its textarea is cleared unread. This listener runs after Ebiten's own on the same
// textarea: when Ebiten took the text the textarea is empty; when the text is still there,
// Ebiten had no session, and the text is kept here for the next tick.
type jsRescue struct {
	mu     sync.Mutex
	buf    strings.Builder
	active bool // a text field has the client's focus
	// armed counts the ticks for which keys are kept after a press although no field has
	// the focus yet: the press may focus one, and the keys typed right after are for it.
	armed int
	fn    js.Func
	keys  js.Func
	press js.Func
}

func newRescuer() rescuer {
	r := &jsRescue{}
	doc := js.Global().Get("document")
	ta := doc.Call("getElementById", "ebitengine-textinput")
	if !ta.Truthy() {
		return r
	}
	ua := js.Global().Get("navigator").Get("userAgent").String()
	if strings.Contains(ua, "Android") || strings.Contains(ua, "iPhone") || strings.Contains(ua, "iPad") {
		// Virtual keyboards leave text uncommitted on purpose (autocorrect); leave them be.
		return r
	}
	r.fn = js.FuncOf(func(this js.Value, args []js.Value) any {
		e := args[0]
		if c := e.Get("isComposing"); c.Truthy() {
			return nil
		}
		v := ta.Get("value").String()
		if v == "" {
			return nil
		}
		ta.Set("value", "")
		r.mu.Lock()
		r.buf.WriteString(v)
		r.mu.Unlock()
		return nil
	})
	ta.Call("addEventListener", "input", r.fn)
	// The textarea takes the page's focus only on the mouse-up or key-up after a field is
	// focused; a key typed before that goes to the canvas. Keep it for the field.
	r.keys = js.FuncOf(func(this js.Value, args []js.Value) any {
		e := args[0]
		if e.Get("target").Equal(ta) || e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool() || e.Get("altKey").Bool() || e.Get("isComposing").Bool() {
			return nil
		}
		key := e.Get("key").String()
		if n := len([]rune(key)); n != 1 {
			return nil // a named key (Enter, ArrowLeft) is not text
		}
		r.mu.Lock()
		if r.active || r.armed > 0 {
			r.buf.WriteString(key)
		}
		r.mu.Unlock()
		return nil
	})
	doc.Call("addEventListener", "keydown", r.keys, true)
	r.press = js.FuncOf(func(this js.Value, args []js.Value) any {
		r.mu.Lock()
		r.armed = 3 // this tick, the one that handles the press, and the next
		r.mu.Unlock()
		return nil
	})
	doc.Call("addEventListener", "pointerdown", r.press, true)
	return r
}

func (r *jsRescue) activate(on bool) {
	r.mu.Lock()
	r.active = on
	if on {
		r.armed = 0
	} else if r.armed > 0 {
		r.armed--
	}
	r.mu.Unlock()
}

func (r *jsRescue) holding() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.armed > 0
}

func (r *jsRescue) take() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.buf.String()
	r.buf.Reset()
	return s
}

// Publish defines window.impactkaarten, read-only: widgets() lists the interactive widgets
// in CSS pixels, state() summarises the model (see docs/accessibility.md). Both return
// plain objects parsed from JSON, so a page script cannot reach into the game.
func (g *Game) Publish() {
	parse := js.Global().Get("JSON")
	call := func(pick func(w, s []byte) []byte) js.Func {
		return js.FuncOf(func(js.Value, []js.Value) any {
			w, s, err := g.Snapshot()
			if err != nil {
				return js.Null()
			}
			return parse.Call("parse", string(pick(w, s)))
		})
	}
	obj := js.Global().Get("Object").New()
	obj.Set("widgets", call(func(w, _ []byte) []byte { return w }))
	obj.Set("state", call(func(_, s []byte) []byte { return s }))
	obj.Set("version", 1)
	js.Global().Get("Object").Call("freeze", obj)
	js.Global().Get("Object").Call("defineProperty", js.Global(), "impactkaarten", map[string]any{
		"value": obj, "writable": false, "configurable": false, "enumerable": true})
}

// ready removes the page's loading screen and notes when the first frame was drawn
// (window.impactkaartenReady, in ms since the page started loading), for the budget test.
func ready() {
	js.Global().Set("impactkaartenReady", js.Global().Get("performance").Call("now"))
	if el := js.Global().Get("document").Call("getElementById", "loading"); el.Truthy() {
		el.Get("classList").Call("add", "done")
		js.Global().Call("setTimeout", js.FuncOf(func(js.Value, []js.Value) any {
			el.Call("remove")
			return nil
		}), 400)
	}
}

// framesOnRequest: the page runs a frame only when the client or an input event asks for
// one (see wake.go).
const framesOnRequest = true

// pageEvents are the page's events that must wake the client. Ebiten runs a frame for the
// canvas's own input events, but not for what happens in the text input's textarea (typed
// letters, an IME's composition), nor for a press the press catcher sees before the
// canvas does, nor for the page coming back into view.
var pageEvents = [...]string{"pointerdown", "pointerup", "keydown", "keyup", "input",
	"compositionstart", "compositionupdate", "compositionend", "focusin", "focusout", "visibilitychange"}

// wakeOnPageEvents asks for a frame on each of pageEvents, listening before the page's own
// handlers (capture), and on a resize of the window.
func wakeOnPageEvents(wake func()) {
	fn := js.FuncOf(func(js.Value, []js.Value) any {
		wake()
		return nil
	})
	doc := js.Global().Get("document")
	for _, ev := range pageEvents {
		doc.Call("addEventListener", ev, fn, true)
	}
	js.Global().Call("addEventListener", "resize", fn)
}
