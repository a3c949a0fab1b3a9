package relay_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gobwas/ws"
	"github.com/gorilla/websocket"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
	"impactkaarten/net/relay"
)

// TestFlood: one client sends thousands of commands as fast as it can. It gets rate_limited
// errors and then close 4002; the engine applied no more than the bucket allows; a player in
// another room keeps playing meanwhile.
func TestFlood(t *testing.T) {
	e := newEnv(t, relay.Config{})
	flood := e.newTable(t)
	calm := e.newTable(t, "calm")
	calm.syncAll(calm.fac.do(cmdOf(game.CmdStart)).N)
	before := flood.fac.n

	// The control room plays throughout, a vote at a time; how long its slowest answer
	// took is reported (a budget, measured by cmd/loadgen), not asserted.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	var slowest time.Duration
	var controlCmds atomic.Int64
	go func() {
		defer wg.Done()
		g := goTB{t: t, prefix: "control: "}
		calm.players[0].t = g
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			start := time.Now()
			calm.players[0].do(vote(1 + i%5))
			slowest = max(slowest, time.Since(start))
			controlCmds.Add(1)
			time.Sleep(20 * time.Millisecond) // a person's pace, not a wait for anything
		}
	}()

	eventually(t, "the control room to play", func() bool { return controlCmds.Load() > 0 })

	const sent = 5000
	cmd := game.Command{Type: game.CmdRename, Args: game.Args{Name: "Fenna"}}
	start := time.Now()
	writeErr := func() error {
		for i := range sent {
			b, _ := json.Marshal(protocol.Client{V: protocol.Version, T: protocol.TCommand, ID: fmt.Sprint("f", i), Cmd: &cmd})
			_ = flood.fac.ws.SetWriteDeadline(time.Now().Add(readTimeout))
			if err := flood.fac.ws.WriteMessage(websocket.TextMessage, b); err != nil {
				return err // the server has closed the connection
			}
		}
		return nil
	}()
	limited, acks := 0, 0
	for {
		m, err := flood.fac.tryRead(readTimeout)
		if err != nil {
			break
		}
		switch {
		case m.T == protocol.TError && m.Code == protocol.ErrRateLimited:
			limited++
		case m.T == protocol.TAck:
			acks++
		}
	}
	elapsed := time.Since(start)
	duringFlood := controlCmds.Load()
	// The control room plays on after the flood: a few more answered votes.
	eventually(t, "the control room to play on after the flood", func() bool { return controlCmds.Load() >= duringFlood+3 })
	close(stop)
	wg.Wait()
	if flood.fac.closed == nil || protocol.CloseCode(flood.fac.closed.Code) != protocol.CloseFlood {
		t.Fatalf("flood: got close %v (write error %v), want %d", flood.fac.closed, writeErr, protocol.CloseFlood)
	}
	if limited == 0 {
		t.Errorf("flood: got no rate_limited error before the close")
	}
	v := e.state(t, flood.code, flood.token)
	applied := int(v.Version - before)
	// The bucket holds 40 and refills 20 a second. Commands the room applied after the
	// connection closed are not acknowledged (a client resends them by id on its next
	// connection and gets the original n).
	if limit := 40 + int(20*elapsed.Seconds()+1); applied > limit || acks > applied {
		t.Errorf("flood of %d over %v: engine applied %d commands (%d acked), want at most %d", sent, elapsed, applied, acks, limit)
	}
	t.Logf("flood: %d sent in %v, %d applied, %d rate_limited errors; control room: %d commands (%d while flooded), slowest %v",
		sent, elapsed, applied, limited, controlCmds.Load(), duringFlood, slowest)
}

// smallBuffers makes the kernel buffer little for the relay's side of every connection, as
// a busy server or a slow mobile link would, so a client that stops reading fills its
// send queue after dozens of messages instead of megabytes.
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetWriteBuffer(16 << 10)
	}
	return c, err
}

// TestFloodInOneWrite: a client that sends its flood in one go, so that the relay closes the
// connection with thousands of messages still coming, gets the bye and close 4002, and its
// writes are not reset meanwhile.
func TestFloodInOneWrite(t *testing.T) {
	// Time enough to read 10 MB on the slowest machine: the relay waits for the client's
	// close frame, which comes once the client has written all and read the relay's.
	e := newEnv(t, relay.Config{CloseGrace: time.Minute})
	tab := e.newTable(t, "Ada")
	ada := tab.players[0]
	pong, err := json.Marshal(protocol.Client{V: protocol.Version, T: protocol.TPong})
	if err != nil {
		t.Fatal(err)
	}
	var burst bytes.Buffer
	for range 400000 { // 10 MB, more than the sockets' buffers hold: still being sent when the relay closes
		if err := ws.WriteFrame(&burst, ws.MaskFrame(ws.NewTextFrame(pong))); err != nil {
			t.Fatal(err)
		}
	}
	// The relay reads on after its close frame, until the client's: what it sent meanwhile
	// is not refused with a reset, which some websocket libraries take for the end before
	// they read the bye and the close frame waiting for them.
	_ = ada.ws.UnderlyingConn().SetWriteDeadline(time.Now().Add(readTimeout))
	if _, err := ada.ws.UnderlyingConn().Write(burst.Bytes()); err != nil {
		t.Errorf("writing the flood: %v, want the relay to read it all", err)
	}
	var bye *protocol.Server
	for {
		m, err := ada.tryRead(readTimeout)
		if err != nil {
			break
		}
		if m.T == protocol.TBye {
			bye = &m
		}
	}
	if bye == nil || bye.Close != protocol.CloseFlood {
		t.Errorf("got bye %+v, want one with close %d", bye, protocol.CloseFlood)
	}
	if ada.closed == nil || protocol.CloseCode(ada.closed.Code) != protocol.CloseFlood {
		t.Errorf("got close %v, want %d", ada.closed, protocol.CloseFlood)
	}
}

// TestSlowConsumer: a client that stops reading while its room is busy is closed with 4001,
// whether its send queue fills up first or its socket's window stays full for longer than a
// write may take; the other players are unaffected, and see it go offline.
func TestSlowConsumer(t *testing.T) {
	tests := []struct {
		name string
		cfg  relay.Config
		// readsClose: the slow client, reading at last, finds the close code (when the
		// relay closed for a full queue, its socket still takes the close frame).
		readsClose bool
	}{
		// The slow client reads at last, some time after the relay gave up on it: long
		// after CloseGrace on a loaded machine, so the grace here is long.
		{"the queue fills up", relay.Config{SendQueue: 16, CloseGrace: time.Minute, MessagesPerSecond: 10_000, MessageBurst: 10_000}, true},
		// It never reads: its socket fills, then the queue (of the default length, which a
		// writer that keeps up never comes near). With a write allowed an hour, only the
		// grace after a full queue lets the others see it go offline in time.
		{"the queue fills up and the client never reads", relay.Config{WriteWait: time.Hour,
			CloseGrace: 100 * time.Millisecond, MessagesPerSecond: 10_000, MessageBurst: 10_000}, false},
		{"the socket window stays full", relay.Config{SendQueue: 1 << 20, WriteWait: 300 * time.Millisecond,
			MessagesPerSecond: 10_000, MessageBurst: 10_000}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnvListener(t, tt.cfg, func(l net.Listener) net.Listener { return smallBuffers{l} })
			tab := e.newTable(t, "Ada")
			slow, _, err := e.tryDial("slow", dialOpts{netDial: func(ctx context.Context, network, addr string) (net.Conn, error) {
				var d net.Dialer
				c, err := d.DialContext(ctx, network, addr)
				if err == nil {
					_ = c.(*net.TCPConn).SetReadBuffer(16 << 10)
				}
				return c, err
			}})
			if err != nil {
				t.Fatalf("dial slow: %v", err)
			}
			w := slow.join(tab.code, protocol.Client{Name: "Traag"})
			tab.syncAll(w.N)
			tab.syncAll(tab.fac.do(cmdOf(game.CmdStart)).N)

			// The others play quickly (and read everything) until the relay drops the slow client.
			fac, ada := tab.fac, tab.players[0]
			sent := 0
			for e.metric(t, "impactkaarten_slow_consumer_drops_total") < 1 {
				if sent > 20000 {
					t.Fatalf("after %d commands the slow client is still connected", sent)
				}
				for j := range 10 {
					c := []*client{fac, ada}[j%2]
					c.do(game.Command{Type: game.CmdRename, Args: game.Args{Name: fmt.Sprintf("%s %d", c.name, sent)}})
					sent++
				}
			}
			if tt.readsClose {
				// The slow client reads at last: what was queued, then the close code.
				slow.expectClose(protocol.CloseSlow)
			}
			t.Logf("the slow client was dropped after %d commands", sent)
			if got := e.metric(t, `impactkaarten_closes_total{by="relay",code="4001"}`); got != 1 {
				t.Errorf("closes with 4001: got %v, want 1", got)
			}
			if got := e.metric(t, `impactkaarten_closes_total{by="relay",code="4000"}`); got > 0 {
				t.Errorf("closes with 4000: got %v, want none", got)
			}
			// The others still play, in order (the client checks numbering on every read), and see
			// the slow seat go offline.
			offline := func(m protocol.Server) bool {
				return m.T == protocol.TEvent && m.Event.Type == game.EvDisconnected && m.Event.Seat == slow.seat
			}
			if !slices.ContainsFunc(fac.events, offline) { // it may have come while the others played
				fac.until("the slow seat goes offline", offline)
			}
			ack := ada.do(vote(4))
			fac.untilN(ack.N)
			if r := current(t, fac.view); !slices.Contains(r.Voted, ada.seat) {
				t.Errorf("after the drop: Ada's vote is missing: %+v", r)
			}
		})
	}
}

// TestClosesByWho: a close the client starts is counted as the client's, with its code, not
// as one of the relay's.
func TestClosesByWho(t *testing.T) {
	e := newEnv(t, relay.Config{})
	tab := e.newTable(t, "Ada")
	ada := tab.players[0]
	_ = ada.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, "bye"), time.Now().Add(time.Second))
	eventually(t, "the client's close counted", func() bool {
		return e.metric(t, `impactkaarten_closes_total{by="client",code="1000"}`) == 1
	})
	if got := e.metric(t, `impactkaarten_closes_total{by="relay",code="4000"}`); got > 0 {
		t.Errorf("the client's close counted as the relay's 4000 (%v)", got)
	}
}

// TestCodeGuessing: after ten unknown room codes from one address, joins get too_many_tries
// and close 4507 (a seat's resume with its token still comes back), and HTTP look-ups are
// limited too.
func TestCodeGuessing(t *testing.T) {
	e := newEnv(t, relay.Config{})
	real := e.createRoom(t, "")
	// Players at the same address as the guesser (tests all come from 127.0.0.1).
	tab := e.newTable(t, "Ada")
	ada := tab.players[0]
	c := e.dial(t, "guesser")
	for i := range 10 {
		code := fmt.Sprintf("ZZZ-%03d", 222+i) // digits 2–9 only, so the code is well formed
		code = strings.NewReplacer("0", "2", "1", "3").Replace(code)
		c.send(joinMsg(code, "x"))
		c.expectError(protocol.ErrUnknownRoom)
	}
	c.send(joinMsg(real.Code, "x")) // even a real code, once the budget is spent
	c.expectError(protocol.ErrTooManyTries)
	c.expectClose(protocol.CloseTooMany)

	// A seat comes back with its token all the same; a resume with a token that is not
	// one, or to a room that does not exist, learns nothing but too_many_tries.
	ada.drop()
	back := e.dial(t, "ada-back")
	back.resume(tab.code, ada.token, ada.n)
	for _, tc := range []struct{ name, room, token string }{
		{"a bad token", tab.code, "not-a-token"},
		{"an unknown room", "ZZZ-ZZZ", ada.token},
	} {
		r := e.dial(t, "resume with "+tc.name)
		r.send(protocol.Client{V: protocol.Version, T: protocol.TResume, Room: tc.room, Token: tc.token, Since: 1})
		r.expectError(protocol.ErrTooManyTries)
		r.expectClose(protocol.CloseTooMany)
	}

	status, body := e.do(t, http.MethodGet, "/api/rooms/ZZZ-ZZZ", "", "")
	if status != http.StatusTooManyRequests || !strings.Contains(string(body), `"too_many_tries"`) {
		t.Errorf("GET unknown room after the limit: got %d %s, want 429 too_many_tries", status, body)
	}

	// HTTP look-ups count the same way, on a fresh relay.
	e2 := newEnv(t, relay.Config{})
	own := e2.createRoom(t, "")
	for i := range 10 {
		status, body := e2.do(t, http.MethodGet, "/api/rooms/ZZZ-ZZ"+string(protocol.CodeAlphabet[i]), "", "")
		var apiErr struct{ Error, Message string }
		if status != http.StatusNotFound || json.Unmarshal(body, &apiErr) != nil || apiErr.Error != "unknown_room" || apiErr.Message == "" {
			t.Fatalf("GET unknown room %d: got %d %s, want 404 with JSON error unknown_room", i, status, body)
		}
	}
	status, _ = e2.do(t, http.MethodGet, "/api/rooms/ZZZ-ZZZ", "", "")
	if status != http.StatusTooManyRequests {
		t.Errorf("11th unknown look-up: got %d, want 429", status)
	}
	// The facilitator's token still works; a wrong one, or an unknown room, gets 429.
	for _, tc := range []struct {
		name, method, path, token string
		want                      int
	}{
		{"the state with the facilitator's token", http.MethodGet, "/api/rooms/" + own.Code + "/state", own.FacilitatorToken, http.StatusOK},
		{"the state with a wrong token", http.MethodGet, "/api/rooms/" + own.Code + "/state", "wrong", http.StatusTooManyRequests},
		{"deleting an unknown room", http.MethodDelete, "/api/rooms/ZZZ-ZZZ", own.FacilitatorToken, http.StatusTooManyRequests},
		{"deleting with a wrong token", http.MethodDelete, "/api/rooms/" + own.Code, "wrong", http.StatusTooManyRequests},
		{"deleting with the facilitator's token", http.MethodDelete, "/api/rooms/" + own.Code, own.FacilitatorToken, http.StatusNoContent},
	} {
		if status, body := e2.do(t, tc.method, tc.path, "", tc.token); status != tc.want {
			t.Errorf("%s past the budget: got %d %s, want %d", tc.name, status, body, tc.want)
		}
	}
	c2 := e2.dial(t, "after-http")
	c2.send(joinMsg("ZZZ-ZZZ", "x"))
	c2.expectError(protocol.ErrTooManyTries)
	c2.expectClose(protocol.CloseTooMany)
}

// TestOrigin: only exact allowed origins may open the websocket; a missing Origin (the
// desktop client) is allowed; without a list, only the same origin.
func TestOrigin(t *testing.T) {
	allowed := newEnv(t, relay.Config{Origins: []string{"https://game.example"}})
	same := newEnv(t, relay.Config{})
	cases := []struct {
		name   string
		e      *env
		origin string
		want   int
	}{
		{"evil", allowed, "https://evil.example", http.StatusForbidden},
		{"suffix", allowed, "https://evil-game.example", http.StatusForbidden},
		{"prefix", allowed, "https://game.example.evil.com", http.StatusForbidden},
		{"other scheme", allowed, "http://game.example", http.StatusForbidden},
		{"other port", allowed, "https://game.example:8443", http.StatusForbidden},
		{"allowed", allowed, "https://game.example", http.StatusSwitchingProtocols},
		{"missing (desktop)", allowed, "", http.StatusSwitchingProtocols},
		{"same origin by default", same, "", http.StatusSwitchingProtocols},
		{"missing by default", same, "-", http.StatusSwitchingProtocols},
		{"other origin by default", same, "https://game.example", http.StatusForbidden},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			switch tc.origin {
			case "":
				if tc.e == same {
					h.Set("Origin", same.ts.URL)
				}
			case "-":
			default:
				h.Set("Origin", tc.origin)
			}
			c, resp, err := tc.e.tryDial("o", dialOpts{header: h})
			got := 0
			if resp != nil {
				got = resp.StatusCode
			}
			if got != tc.want {
				t.Fatalf("Origin %q: got HTTP %d (%v), want %d", h.Get("Origin"), got, err, tc.want)
			}
			if c != nil {
				c.ws.Close()
			}
		})
	}
}

// TestTokenMisuse: tokens of other rooms, made-up tokens, kicked seats, a second connection
// for a seat, facilitator tokens of other rooms, and the facilitator's HTTP endpoints.
func TestTokenMisuse(t *testing.T) {
	e := newEnv(t, relay.Config{})
	a := e.newTable(t, "Ada", "Bram")
	b := e.newTable(t, "Cas")

	t.Run("another room's token", func(t *testing.T) {
		c := e.dial(t, "x")
		c.send(protocol.Client{V: protocol.Version, T: protocol.TResume, Room: a.code, Token: b.players[0].token})
		c.expectError(protocol.ErrBadToken)
		c.expectClose(protocol.CloseBadToken)
	})
	t.Run("made-up token", func(t *testing.T) {
		c := e.dial(t, "x")
		c.send(protocol.Client{V: protocol.Version, T: protocol.TResume, Room: a.code, Token: "AAAAAAAAAAAAAAAAAAAAAA"})
		c.expectError(protocol.ErrBadToken)
		c.expectClose(protocol.CloseBadToken)
	})
	t.Run("room code as token", func(t *testing.T) {
		c := e.dial(t, "x")
		c.send(protocol.Client{V: protocol.Version, T: protocol.TResume, Room: a.code, Token: a.code})
		c.expectError(protocol.ErrBadToken)
		c.expectClose(protocol.CloseBadToken)
	})
	t.Run("facilitator token as seat token", func(t *testing.T) {
		c := e.dial(t, "x")
		c.send(protocol.Client{V: protocol.Version, T: protocol.TResume, Room: a.code, Token: a.token})
		c.expectError(protocol.ErrBadToken)
		c.expectClose(protocol.CloseBadToken)
	})
	t.Run("facilitator token of another room", func(t *testing.T) {
		c := e.dial(t, "x")
		c.send(protocol.Client{V: protocol.Version, T: protocol.TJoin, Room: a.code, Name: "Mallory", FacilitatorToken: b.token})
		c.expectError(protocol.ErrBadToken)
		// Not closed: the same connection may still join as a player.
		w := c.join(a.code, protocol.Client{Name: "Mallory"})
		if w.View.Facilitator == w.Seat {
			t.Errorf("a player who sent a wrong facilitator token became facilitator")
		}
	})
	t.Run("replaced", func(t *testing.T) {
		ada := a.players[0]
		second := e.dial(t, "ada-tab2")
		second.n = ada.n
		w := second.resume(a.code, ada.token, ada.n)
		if w.Seat != ada.seat {
			t.Fatalf("second connection: got seat %d, want %d", w.Seat, ada.seat)
		}
		ada.expectClose(protocol.CloseReplaced)
		// The old connection's commands no longer count; the new one plays.
		second.do(game.Command{Type: game.CmdRename, Args: game.Args{Name: "Ada"}})
		second.token = ada.token
		a.players[0] = second
	})
	t.Run("kicked", func(t *testing.T) {
		bram := a.players[1]
		ack := a.fac.do(game.Command{Type: game.CmdKick, Args: game.Args{Seat: bram.seat}})
		bram.untilN(ack.N) // the kicked player sees why
		bram.expectClose(protocol.CloseKicked)
		c := e.dial(t, "bram-again")
		c.send(protocol.Client{V: protocol.Version, T: protocol.TResume, Room: a.code, Token: bram.token})
		c.expectError(protocol.ErrBadToken)
		c.expectClose(protocol.CloseBadToken)
		a.players = a.players[:1]
	})
	t.Run("http", func(t *testing.T) {
		for _, tc := range []struct {
			method, path, token string
			want                int
			code                string
		}{
			{"GET", "/api/rooms/" + a.code + "/state", "", http.StatusUnauthorized, "unauthorized"},
			{"GET", "/api/rooms/" + a.code + "/state", b.token, http.StatusForbidden, "forbidden"},
			{"GET", "/api/rooms/" + a.code + "/state", a.players[0].token, http.StatusForbidden, "forbidden"},
			{"GET", "/api/rooms/ZZZ-ZZZ/state", a.token, http.StatusNotFound, "unknown_room"},
			{"GET", "/api/rooms/not-a-code/state", a.token, http.StatusNotFound, "unknown_room"},
			{"DELETE", "/api/rooms/" + a.code, "", http.StatusUnauthorized, "unauthorized"},
			{"DELETE", "/api/rooms/" + a.code, b.token, http.StatusForbidden, "forbidden"},
			{"DELETE", "/api/rooms/ZZZ-ZZZ", a.token, http.StatusNotFound, "unknown_room"},
		} {
			status, body := e.do(t, tc.method, tc.path, "", tc.token)
			var apiErr struct{ Error, Message string }
			_ = json.Unmarshal(body, &apiErr)
			if status != tc.want || apiErr.Error != tc.code {
				t.Errorf("%s %s (token %v): got %d %s, want %d %s", tc.method, tc.path, tc.token != "", status, body, tc.want, tc.code)
			}
		}
		if v := e.state(t, a.code, a.token); v.Me != v.Facilitator {
			t.Errorf("state: got the view of seat %d, want the facilitator's (%d)", v.Me, v.Facilitator)
		}
	})
	t.Run("delete", func(t *testing.T) {
		status, body := e.do(t, http.MethodDelete, "/api/rooms/"+a.code, "", a.token)
		if status != http.StatusNoContent {
			t.Fatalf("DELETE: got %d %s, want 204", status, body)
		}
		a.fac.expectClose(protocol.CloseDeleted)
		a.players[0].expectClose(protocol.CloseDeleted)
		status, _ = e.do(t, http.MethodGet, "/api/rooms/"+a.code, "", "")
		if status != http.StatusNotFound {
			t.Errorf("GET deleted room: got %d, want 404", status)
		}
		if ok, _ := e.store.Exists(context.Background(), normal(a.code)); ok {
			t.Errorf("the store still holds the deleted room")
		}
		c := e.dial(t, "late")
		c.send(joinMsg(a.code, "x"))
		c.expectError(protocol.ErrUnknownRoom)
		// The other room is untouched.
		b.fac.do(game.Command{Type: game.CmdRename, Args: game.Args{Name: "Fenna"}})
	})
}

// normal is the store's form of a room code (K7P2QX).
func normal(code string) string { return strings.ReplaceAll(code, "-", "") }

// TestDeleteThenShutdown: deleting a room (over the API, or by the retention sweeper) ends
// the room's goroutine, so a later Shutdown returns promptly and nothing leaks.
func TestDeleteThenShutdown(t *testing.T) {
	e := newEnv(t, relay.Config{})
	tab := e.newTable(t, "Ada")
	if status, body := e.do(t, http.MethodDelete, "/api/rooms/"+tab.code, "", tab.token); status != http.StatusNoContent {
		t.Fatalf("DELETE: got %d %s, want 204", status, body)
	}
	tab.fac.expectClose(protocol.CloseDeleted)
	tab.players[0].expectClose(protocol.CloseDeleted)
	eventually(t, "the room to leave memory", func() bool { _, loaded := e.health(t); return loaded == 0 })
	done := make(chan error, 1)
	go func() { done <- e.srv.Shutdown(context.Background()) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Shutdown after a delete: %v", err)
		}
	case <-time.After(readTimeout):
		t.Fatalf("Shutdown after a delete: still waiting after %v (the deleted room's goroutine did not end)", readTimeout)
	}
}
