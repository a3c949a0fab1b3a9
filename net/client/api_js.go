//go:build js && wasm

package client

import (
	"context"
	"fmt"
	"strings"
	"syscall/js"
)

// CreateRoom asks the relay at base for a new room with the page's fetch. Going through
// fetch rather than net/http keeps net/http and crypto/tls out of the WebAssembly module,
// which makes it megabytes smaller. It waits for the network: call it off the game loop.
func CreateRoom(ctx context.Context, base string) (*Room, error) {
	u := strings.TrimRight(base, "/") + "/api/rooms"
	type result struct {
		status int
		text   string
		body   string
		err    error
	}
	done := make(chan result, 1)
	var funcs []js.Func
	defer func() {
		for _, f := range funcs {
			f.Release()
		}
	}()
	fn := func(f func(js.Value)) js.Func {
		jf := js.FuncOf(func(this js.Value, args []js.Value) any {
			var v js.Value
			if len(args) > 0 {
				v = args[0]
			}
			f(v)
			return nil
		})
		funcs = append(funcs, jf)
		return jf
	}
	fail := fn(func(e js.Value) {
		done <- result{err: fmt.Errorf("client: create room: %s", e.Call("toString").String())}
	})
	opts := map[string]any{"method": "POST", "body": "{}", "headers": map[string]any{"Content-Type": "application/json"}}
	js.Global().Call("fetch", u, opts).Call("then", fn(func(resp js.Value) {
		status, text := resp.Get("status").Int(), resp.Get("statusText").String()
		resp.Call("text").Call("then", fn(func(body js.Value) {
			done <- result{status: status, text: fmt.Sprintf("%d %s", status, text), body: body.String()}
		}), fail)
	}), fail)
	select {
	case r := <-done:
		if r.err != nil {
			return nil, r.err
		}
		return parseRoom(r.status, r.text, []byte(r.body))
	case <-ctx.Done():
		return nil, fmt.Errorf("client: create room: %w", ctx.Err())
	}
}
