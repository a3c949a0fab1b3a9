//go:build js && wasm

package ui

import (
	"errors"
	"syscall/js"
)

// pickFile lets the user choose a file with the browser's file dialog and hands its name
// and contents to done, on another goroutine. Nothing happens when the dialog is cancelled.
// The dialog opens because the click that asked for it happened a moment ago: browsers let
// a page open one for a few seconds after a user's gesture.
func pickFile(accept string, done func(name string, data []byte, err error)) {
	doc := js.Global().Get("document")
	input := doc.Call("createElement", "input")
	input.Set("type", "file")
	input.Set("accept", accept)
	input.Get("style").Set("display", "none")
	doc.Get("body").Call("appendChild", input)
	var onChange, onRead, onFail js.Func
	release := func() {
		input.Call("remove")
		onChange.Release()
		onRead.Release()
		onFail.Release()
	}
	var name string
	onRead = js.FuncOf(func(_ js.Value, args []js.Value) any {
		arr := js.Global().Get("Uint8Array").New(args[0])
		data := make([]byte, arr.Get("length").Int())
		js.CopyBytesToGo(data, arr)
		release()
		go done(name, data, nil)
		return nil
	})
	onFail = js.FuncOf(func(_ js.Value, args []js.Value) any {
		msg := "the file could not be read"
		if len(args) > 0 {
			msg = args[0].Call("toString").String()
		}
		release()
		go done(name, nil, errors.New(msg))
		return nil
	})
	onChange = js.FuncOf(func(js.Value, []js.Value) any {
		files := input.Get("files")
		if files.Get("length").Int() == 0 {
			release()
			return nil
		}
		f := files.Index(0)
		name = f.Get("name").String()
		f.Call("arrayBuffer").Call("then", onRead, onFail)
		return nil
	})
	input.Call("addEventListener", "change", onChange)
	input.Call("click")
}
