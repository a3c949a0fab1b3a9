//go:build js && wasm

package client

import (
	"context"
	"fmt"
	"sync"
	"syscall/js"

	"impactkaarten/net/protocol"
)

func platformDialer() dialer { return dialBrowser }

// browserLink wraps the page's WebSocket. Its callbacks run on the browser's event loop;
// they only hand frames to a channel, which Read drains on the transport's goroutine.
type browserLink struct {
	ws     js.Value
	frames chan []byte
	closed chan struct{}
	once   sync.Once
	mu     sync.Mutex
	why    *CloseError
	funcs  []js.Func
}

func dialBrowser(ctx context.Context, url string) (link, error) {
	ctor := js.Global().Get("WebSocket")
	if !ctor.Truthy() {
		return nil, fmt.Errorf("client: this browser has no WebSocket")
	}
	ws := ctor.New(url)
	l := &browserLink{ws: ws, frames: make(chan []byte, incomingBuffer), closed: make(chan struct{})}
	opened := make(chan struct{})
	var openOnce sync.Once
	on := func(event string, fn func(e js.Value)) {
		f := js.FuncOf(func(this js.Value, args []js.Value) any {
			var e js.Value
			if len(args) > 0 {
				e = args[0]
			}
			fn(e)
			return nil
		})
		l.funcs = append(l.funcs, f)
		ws.Call("addEventListener", event, f)
	}
	on("open", func(js.Value) { openOnce.Do(func() { close(opened) }) })
	on("message", func(e js.Value) {
		data := e.Get("data")
		if data.Type() != js.TypeString {
			return // the protocol is text frames only
		}
		select {
		case l.frames <- []byte(data.String()):
		case <-l.closed:
		}
	})
	on("close", func(e js.Value) {
		l.shut(&CloseError{Code: e.Get("code").Int(), Reason: e.Get("reason").String()})
	})
	on("error", func(js.Value) {
		// An error is always followed by close, which carries the code.
	})
	select {
	case <-opened:
		return l, nil
	case <-l.closed:
		l.release()
		return nil, fmt.Errorf("client: dial %s: %w", url, l.why)
	case <-ctx.Done():
		_ = l.Close(1000, "")
		return nil, fmt.Errorf("client: dial %s: %w", url, ctx.Err())
	}
}

func (l *browserLink) shut(why *CloseError) {
	l.once.Do(func() {
		l.mu.Lock()
		l.why = why
		l.mu.Unlock()
		close(l.closed)
	})
}

// release lets the JavaScript callbacks go, once the socket can call none of them again.
func (l *browserLink) release() {
	for _, f := range l.funcs {
		f.Release()
	}
	l.funcs = nil
}

func (l *browserLink) Read() ([]byte, error) {
	select {
	case f := <-l.frames:
		return f, nil
	default:
	}
	select {
	case f := <-l.frames:
		return f, nil
	case <-l.closed:
		// Frames that arrived before the close are still delivered, in order.
		select {
		case f := <-l.frames:
			return f, nil
		default:
		}
		l.mu.Lock()
		why := l.why
		l.mu.Unlock()
		return nil, why
	}
}

func (l *browserLink) Write(data []byte) error {
	if len(data) > protocol.MaxMessage {
		return fmt.Errorf("client: message of %d bytes is over the relay's limit of %d", len(data), protocol.MaxMessage)
	}
	select {
	case <-l.closed:
		return fmt.Errorf("client: write: %w", l.why)
	default:
	}
	if l.ws.Get("readyState").Int() != 1 { // OPEN
		return fmt.Errorf("client: write: the socket is not open")
	}
	l.ws.Call("send", string(data))
	return nil
}

func (l *browserLink) Close(code int, reason string) error {
	// The browser only lets a page send 1000 or 3000–4999.
	if code != 1000 && (code < 3000 || code > 4999) {
		code = 1000
	}
	l.ws.Call("close", code, reason)
	l.shut(&CloseError{Code: code, Reason: reason})
	return nil
}
