//go:build !js

package client

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"impactkaarten/net/protocol"
)

// fakeRelay speaks just enough of the protocol to test the transport: it welcomes joins
// with a token, resumes known tokens, and lets the test drop or close connections.
type fakeRelay struct {
	t     *testing.T
	srv   *httptest.Server
	mu    sync.Mutex
	hello []protocol.Client
	conns []*websocket.Conn
	// closeWith, when set, is sent as the close code right after the next welcome.
	refuse protocol.Code // refuse resumes with this error code
}

func newFakeRelay(t *testing.T) *fakeRelay {
	r := &fakeRelay{t: t}
	up := websocket.Upgrader{}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		ws, err := up.Upgrade(w, req, nil)
		if err != nil {
			return
		}
		r.mu.Lock()
		r.conns = append(r.conns, ws)
		r.mu.Unlock()
		for {
			_, data, err := ws.ReadMessage()
			if err != nil {
				return
			}
			var m protocol.Client
			if err := json.Unmarshal(data, &m); err != nil {
				t.Errorf("bad frame %s", data)
				return
			}
			r.mu.Lock()
			r.hello = append(r.hello, m)
			refuse := r.refuse
			r.mu.Unlock()
			var out protocol.Server
			switch {
			case m.T == protocol.TResume && refuse != "":
				out = protocol.Server{T: protocol.TError, Code: refuse, Message: "no such seat"}
			case m.T == protocol.TJoin || m.T == protocol.TResume:
				out = protocol.Server{T: protocol.TWelcome, Room: m.Room, Seat: 2, Token: "tok-2", N: 5}
			case m.T == protocol.TCommand:
				out = protocol.Server{T: protocol.TAck, ID: m.ID, N: 6}
				ev := protocol.Server{T: protocol.TEvent, N: 6}
				b, _ := protocol.Encode(&ev)
				_ = ws.WriteMessage(websocket.TextMessage, b)
			}
			b, _ := protocol.Encode(&out)
			_ = ws.WriteMessage(websocket.TextMessage, b)
		}
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *fakeRelay) url() string { return "ws" + strings.TrimPrefix(r.srv.URL, "http") + "/ws" }

// last returns the newest connection.
func (r *fakeRelay) last() *websocket.Conn {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.conns[len(r.conns)-1]
}

func (r *fakeRelay) hellos() []protocol.Client {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]protocol.Client(nil), r.hello...)
}

// waitFor reads messages until one matches.
func waitFor(t *testing.T, tr Transport, what string, ok func(Message) bool) Message {
	t.Helper()
	timeout := time.After(waitTimeout)
	for {
		select {
		case m, open := <-tr.Incoming():
			if !open {
				t.Fatalf("incoming closed while waiting for %s", what)
			}
			if ok(m) {
				return m
			}
		case <-timeout:
			t.Fatalf("no %s within %v", what, waitTimeout)
		}
	}
}

func isT(typ string) func(Message) bool {
	return func(m Message) bool { return m.Server != nil && m.Server.T == typ }
}

func TestConnResumesAfterALostLink(t *testing.T) {
	r := newFakeRelay(t)
	tokens := NewMemoryTokens()
	c, err := dialWith(Config{URL: r.url(), Join: protocol.Client{Room: "k7p-2qx", Name: "Bas"}, Tokens: tokens,
		MinBackoff: 50 * time.Millisecond}, platformDialer())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	w := waitFor(t, c, "welcome", isT(protocol.TWelcome))
	if w.Status != Online {
		t.Errorf("status with welcome = %v, want online", w.Status)
	}
	if tok, _ := tokens.Load("K7P2QX"); tok != "tok-2" {
		t.Errorf("stored token = %q, want tok-2", tok)
	}
	if err := c.Send(protocol.Client{T: protocol.TCommand, ID: "c1", Cmd: nil}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, c, "event 6", func(m Message) bool { return m.Server != nil && m.Server.T == protocol.TEvent && m.Server.N == 6 })

	// Drop the connection without a close frame: the transport must resume by itself.
	start := time.Now()
	_ = r.last().UnderlyingConn().Close()
	waitFor(t, c, "reconnecting", func(m Message) bool { return m.Server == nil && m.Status == Reconnecting })
	waitFor(t, c, "second welcome", isT(protocol.TWelcome))
	t.Logf("reconnected after %v", time.Since(start))
	h := r.hellos()
	last := h[len(h)-1]
	if last.T != protocol.TResume || last.Token != "tok-2" || last.Since != 6 || last.Room != "K7P2QX" {
		t.Errorf("resume = %+v, want token tok-2 since 6 in K7P2QX", last)
	}
}

func TestConnStopsOnATerminalCloseCode(t *testing.T) {
	r := newFakeRelay(t)
	c, err := dialWith(Config{URL: r.url(), Join: protocol.Client{Room: "K7P2QX", Name: "Bas"},
		MinBackoff: 10 * time.Millisecond}, platformDialer())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	waitFor(t, c, "welcome", isT(protocol.TWelcome))
	// WriteControl may be called concurrently with the handler's writes.
	_ = r.last().WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(int(protocol.CloseKicked), "kicked"), time.Now().Add(waitTimeout))
	m := waitFor(t, c, "closed", func(m Message) bool { return m.Server == nil && m.Status == Closed })
	if m.Close != protocol.CloseKicked {
		t.Errorf("close code = %d, want %d", m.Close, protocol.CloseKicked)
	}
	// The transport ends after its final status, closing Incoming: from then on it cannot
	// reconnect, so the hellos are all there are.
	select {
	case m, open := <-c.Incoming():
		if open {
			t.Fatalf("after the final status: %+v", m)
		}
	case <-time.After(waitTimeout):
		t.Fatalf("incoming still open %v after the close", waitTimeout)
	}
	if n := len(r.hellos()); n != 1 {
		t.Errorf("%d hellos after a kick, want 1 (no reconnect)", n)
	}
}

func TestConnJoinsAnewWhenTheSeatIsGone(t *testing.T) {
	r := newFakeRelay(t)
	r.refuse = protocol.ErrBadToken
	tokens := NewMemoryTokens()
	_ = tokens.Save("K7P2QX", "old")
	c, err := dialWith(Config{URL: r.url(), Join: protocol.Client{Room: "K7P2QX", Name: "Bas"}, Tokens: tokens}, platformDialer())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	waitFor(t, c, "welcome", isT(protocol.TWelcome))
	h := r.hellos()
	if len(h) != 2 || h[0].T != protocol.TResume || h[1].T != protocol.TJoin || h[1].Name != "Bas" {
		t.Errorf("hellos = %+v, want a resume then a join", h)
	}
}

func TestSendWhileOffline(t *testing.T) {
	block := make(chan struct{})
	c, err := dialWith(Config{URL: "ws://x/ws", Join: protocol.Client{Room: "K7P2QX"}},
		func(ctx context.Context, url string) (link, error) {
			select {
			case <-block:
			case <-ctx.Done():
			}
			return nil, errors.New("no relay here")
		})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Send(protocol.Client{T: protocol.TCommand, ID: "c0"}); !errors.Is(err, ErrOffline) {
		t.Errorf("send before the welcome: %v, want ErrOffline", err)
	}
	close(block)
	_ = c.Close()
	if err := c.Send(protocol.Client{T: protocol.TCommand, ID: "c1"}); !errors.Is(err, ErrClosed) {
		t.Errorf("send after close: %v, want ErrClosed", err)
	}
}

func TestBackoff(t *testing.T) {
	c := &Conn{cfg: Config{MinBackoff: 500 * time.Millisecond, MaxBackoff: 20 * time.Second}}
	tests := []struct {
		attempt int
		ceil    time.Duration
	}{{1, 500 * time.Millisecond}, {2, time.Second}, {3, 2 * time.Second}, {7, 20 * time.Second}, {40, 20 * time.Second}}
	for _, tc := range tests {
		c.rand = func() float64 { return 0.999999 }
		hi := c.backoff(tc.attempt)
		c.rand = func() float64 { return 0 }
		lo := c.backoff(tc.attempt)
		if lo != 0 || hi > tc.ceil || hi < tc.ceil*99/100 {
			t.Errorf("attempt %d: backoff in [%v, %v], want [0, %v)", tc.attempt, lo, hi, tc.ceil)
		}
	}
}

func TestFileTokens(t *testing.T) {
	s := NewFileTokens(filepath.Join(t.TempDir(), "sub", "seats.json"))
	if _, ok := s.Load("K7P2QX"); ok {
		t.Fatal("token in an empty store")
	}
	if err := s.Save("K7P2QX", "abc"); err != nil {
		t.Fatal(err)
	}
	if err := s.Save("AAAAAA", "def"); err != nil {
		t.Fatal(err)
	}
	if tok, ok := s.Load("K7P2QX"); !ok || tok != "abc" {
		t.Errorf("load = %q %v", tok, ok)
	}
	if err := s.Delete("K7P2QX"); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Load("K7P2QX"); ok {
		t.Error("deleted token still there")
	}
	if tok, _ := s.Load("AAAAAA"); tok != "def" {
		t.Errorf("other room's token = %q", tok)
	}
}

func TestWebSocketURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://localhost:8080", "ws://localhost:8080/ws"},
		{"https://kaarten.example.nl/", "wss://kaarten.example.nl/ws"},
		{"http://h:1/?room=K7P-2QX", "ws://h:1/ws"},
	}
	for _, tc := range tests {
		got, err := WebSocketURL(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("%q: got %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if _, err := WebSocketURL("localhost"); err == nil {
		t.Error("no scheme accepted")
	}
}
