//go:build !js

package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"impactkaarten/net/protocol"
)

// writeWait bounds one write: a relay that does not read for this long is treated as gone.
const writeWait = 10 * time.Second

// dialTimeout bounds the WebSocket handshake, so a black-holed address does not stall
// the reconnect loop.
const dialTimeout = 10 * time.Second

func platformDialer() dialer { return dialGorilla }

func dialGorilla(ctx context.Context, url string) (link, error) {
	d := websocket.Dialer{HandshakeTimeout: dialTimeout, Proxy: http.ProxyFromEnvironment}
	ws, resp, err := d.DialContext(ctx, url, nil)
	if resp != nil && resp.Body != nil {
		_ = resp.Body.Close() // the handshake response has nothing more to say
	}
	if err != nil {
		return nil, fmt.Errorf("client: dial %s: %w", url, err)
	}
	// The relay refuses frames over protocol.MaxMessage; reading a little more lets a
	// large welcome (a whole view of a room at its limits) through while still bounding memory.
	ws.SetReadLimit(4 << 20)
	return &gorillaLink{ws: ws}, nil
}

// gorillaLink adapts a gorilla connection. Gorilla allows one concurrent reader and one
// concurrent writer; Conn reads from one goroutine and serialises writes under its lock,
// and wmu covers the close frame, which Close may send from yet another goroutine.
type gorillaLink struct {
	ws  *websocket.Conn
	wmu sync.Mutex
}

func (g *gorillaLink) Read() ([]byte, error) {
	for {
		kind, data, err := g.ws.ReadMessage()
		if err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				return nil, &CloseError{Code: ce.Code, Reason: ce.Text}
			}
			return nil, &CloseError{Code: closeAbnormal, Reason: err.Error()}
		}
		if kind == websocket.TextMessage {
			return data, nil
		}
	}
}

func (g *gorillaLink) Write(data []byte) error {
	if len(data) > protocol.MaxMessage {
		return fmt.Errorf("client: message of %d bytes is over the relay's limit of %d", len(data), protocol.MaxMessage)
	}
	g.wmu.Lock()
	defer g.wmu.Unlock()
	if err := g.ws.SetWriteDeadline(time.Now().Add(writeWait)); err != nil {
		return fmt.Errorf("client: write deadline: %w", err)
	}
	if err := g.ws.WriteMessage(websocket.TextMessage, data); err != nil {
		return fmt.Errorf("client: write: %w", err)
	}
	return nil
}

func (g *gorillaLink) Close(code int, reason string) error {
	g.wmu.Lock()
	msg := websocket.FormatCloseMessage(code, reason)
	_ = g.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second)) // best effort: the socket closes either way
	g.wmu.Unlock()
	if err := g.ws.Close(); err != nil {
		return fmt.Errorf("client: close: %w", err)
	}
	return nil
}
