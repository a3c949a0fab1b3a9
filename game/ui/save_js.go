//go:build js && wasm

package ui

import (
	"errors"
	"syscall/js"
)

// saveFile hands an export to the browser as a download and returns its name.
func saveFile(name, contentType string, data []byte) (string, error) {
	doc := js.Global().Get("document")
	if !doc.Truthy() {
		return "", errors.New("save: no document")
	}
	arr := js.Global().Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(arr, data)
	blob := js.Global().Get("Blob").New([]any{arr}, map[string]any{"type": contentType})
	url := js.Global().Get("URL").Call("createObjectURL", blob)
	a := doc.Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", name)
	a.Get("style").Set("display", "none")
	doc.Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	// The browser has taken the file once the click ran; free the blob a little later.
	var release js.Func
	release = js.FuncOf(func(js.Value, []js.Value) any {
		js.Global().Get("URL").Call("revokeObjectURL", url)
		release.Release()
		return nil
	})
	js.Global().Call("setTimeout", release, 60_000)
	return name, nil
}
