package relay_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
	"impactkaarten/net/relay"
)

// malformed is one bad frame and what it must get.
type malformed struct {
	name   string
	joined bool   // send it after taking a seat in a started room
	frame  string // %[1]s is the room code
	binary bool
	code   protocol.Code      // the protocol or rule error it gets; the connection stays usable
	close  protocol.CloseCode // or the close code it gets
}

// malformedCases is the checklist's malformed-protocol table (item 7) plus the frame
// limits (items 5 and 6). The fuzz target in net/protocol is seeded from the same frames.
func malformedCases() []malformed {
	deep := `{"v":2,"t":"pong","x":` + strings.Repeat("[", 10_000) + `}`
	deepClosed := `{"v":2,"t":"pong","x":` + strings.Repeat("[", 8000) + strings.Repeat("]", 8000) + `}`
	array := func(n int) string {
		return `{"v":2,"t":"cmd","id":"a","cmd":{"type":"vote","value":[` + strings.Repeat("0,", n-1) + `0]}}`
	}
	return []malformed{
		{name: "garbage before hello", frame: `hello`, code: protocol.ErrBadMessage},
		{name: "json array", frame: `[{"v":2,"t":"join","room":"%[1]s","name":"x"}]`, code: protocol.ErrBadMessage},
		{name: "json string", frame: `"join"`, code: protocol.ErrBadMessage},
		{name: "json null", frame: `null`, code: protocol.ErrBadMessage},
		{name: "empty frame", frame: ``, code: protocol.ErrBadMessage},
		{name: "command before join", frame: `{"v":2,"t":"cmd","id":"c1","cmd":{"type":"vote","value":3}}`, code: protocol.ErrNotJoined},
		{name: "leave before join", frame: `{"v":2,"t":"leave"}`, close: protocol.CloseLeft},
		{name: "second join", joined: true, frame: `{"v":2,"t":"join","room":"%[1]s","name":"again"}`, code: protocol.ErrAlreadyIn},
		{name: "resume after join", joined: true, frame: `{"v":2,"t":"resume","room":"%[1]s","token":"abc"}`, code: protocol.ErrAlreadyIn},
		{name: "unknown type", frame: `{"v":2,"t":"subscribe","room":"%[1]s"}`, code: protocol.ErrUnknownType},
		{name: "no type", frame: `{"v":2,"room":"%[1]s"}`, code: protocol.ErrBadMessage},
		{name: "missing id", joined: true, frame: `{"v":2,"t":"cmd","cmd":{"type":"vote","value":3}}`, code: protocol.ErrMissingID},
		{name: "id over 64 bytes", joined: true, frame: `{"v":2,"t":"cmd","id":"` + strings.Repeat("i", 65) + `","cmd":{"type":"vote","value":3}}`, code: protocol.ErrBadMessage},
		{name: "command without cmd", joined: true, frame: `{"v":2,"t":"cmd","id":"c2"}`, code: protocol.ErrBadMessage},
		{name: "unknown command", joined: true, frame: `{"v":2,"t":"cmd","id":"c3","cmd":{"type":"explode"}}`, code: game.UnknownCommand},
		{name: "host-only command", joined: true, frame: `{"v":2,"t":"cmd","id":"c4","cmd":{"type":"join","name":"x"}}`, code: game.SystemOnly},
		{name: "truncated json", frame: `{"v":2,"t":"join","room":"%[1]s","na`, code: protocol.ErrBadMessage},
		{name: "empty room code", frame: `{"v":2,"t":"join","room":"","name":"x"}`, code: protocol.ErrBadRoom},
		{name: "room code over the limit", frame: `{"v":2,"t":"join","room":"` + strings.Repeat("ABCDEFGH", 125) + `","name":"x"}`, code: protocol.ErrBadRoom},
		{name: "room code with a letter outside the alphabet", frame: `{"v":2,"t":"join","room":"K0P-2QX","name":"x"}`, code: protocol.ErrBadRoom},
		{name: "resume without token", frame: `{"v":2,"t":"resume","room":"%[1]s"}`, code: protocol.ErrBadToken},
		{name: "non-numeric seat", joined: true, frame: `{"v":2,"t":"cmd","id":"k","cmd":{"type":"kick","seat":"two"}}`, code: protocol.ErrBadMessage},
		{name: "seat beyond int64", joined: true, frame: `{"v":2,"t":"cmd","id":"k","cmd":{"type":"kick","seat":9223372036854775808}}`, code: protocol.ErrBadMessage},
		{name: "numeric max-int id", joined: true, frame: `{"v":2,"t":"cmd","id":9223372036854775807,"cmd":{"type":"vote","value":3}}`, code: protocol.ErrBadMessage},
		{name: "max-int vote", joined: true, frame: `{"v":2,"t":"cmd","id":"m","cmd":{"type":"vote","value":9223372036854775807}}`, code: game.BadValue},
		{name: "negative since", frame: `{"v":2,"t":"resume","room":"%[1]s","token":"abc","since":-1}`, code: protocol.ErrBadMessage},
		{name: "negative vote", joined: true, frame: `{"v":2,"t":"cmd","id":"neg","cmd":{"type":"vote","value":-3}}`, code: game.BadValue},
		{name: "NaN", joined: true, frame: `{"v":2,"t":"cmd","id":"nan","cmd":{"type":"vote","value":NaN}}`, code: protocol.ErrBadMessage},
		{name: "1e309", joined: true, frame: `{"v":2,"t":"cmd","id":"big","cmd":{"type":"vote","value":1e309}}`, code: protocol.ErrBadMessage},
		{name: "fraction", joined: true, frame: `{"v":2,"t":"cmd","id":"frac","cmd":{"type":"vote","value":2.5}}`, code: protocol.ErrBadMessage},
		{name: "nested 10,000 deep", frame: deep, code: protocol.ErrBadMessage},
		{name: "nested 8,000 deep, closed", frame: deepClosed, code: protocol.ErrBadMessage},
		{name: "5,000-element array", joined: true, frame: array(5000), code: protocol.ErrBadMessage},
		{name: "10,000-element array (over 16 KiB)", joined: true, frame: array(10_000), close: protocol.CloseTooBig},
		{name: "unknown field", frame: `{"v":2,"t":"pong","extra":1}`, code: protocol.ErrBadMessage},
		{name: "two messages in one frame", frame: `{"v":2,"t":"pong"}{"v":2,"t":"pong"}`, code: protocol.ErrBadMessage},
		{name: "duplicate key", frame: `{"v":2,"t":"join","room":"%[1]s","name":"Ada","name":"Bob"}`, code: protocol.ErrBadMessage},
		{name: "a version-1 client", frame: `{"v":1,"t":"join","room":"%[1]s","name":"x"}`, close: protocol.CloseVersion},
		{name: "missing protocol version", frame: `{"t":"join","room":"%[1]s","name":"x"}`, code: protocol.ErrBadMessage},
		{name: "binary frame", frame: `{"v":2,"t":"pong"}`, binary: true, code: protocol.ErrBadMessage},
		{name: "invalid utf-8", frame: "{\"v\":1,\"t\":\"join\",\"room\":\"%[1]s\",\"name\":\"\xff\xfe\"}", close: protocol.CloseInvalidData},
		{name: "over 16 KiB", frame: `{"v":2,"t":"pong","x":"` + strings.Repeat("x", protocol.MaxMessage) + `"}`, close: protocol.CloseTooBig},
		{name: "exactly 16 KiB", joined: true, frame: exactly16KiB(), code: game.TooLong},
	}
}

// exactly16KiB is a rename whose frame is exactly the limit: read and answered, not closed.
func exactly16KiB() string {
	head, tail := `{"v":2,"t":"cmd","id":"big","cmd":{"type":"rename","name":"`, `"}}`
	return head + strings.Repeat("n", protocol.MaxMessage-len(head)-len(tail)) + tail
}

// TestMalformedProtocol sends every malformed frame on its own connection: each gets its
// documented error (and the connection then still works) or its close code, within a
// second. A control player in the same room sees no disruption.
func TestMalformedProtocol(t *testing.T) {
	e := newEnv(t, relay.Config{})
	played := e.newTable(t, "control")
	played.syncAll(played.fac.do(cmdOf(game.CmdStart)).N)
	control := played.players[0]
	lobby := e.createRoom(t, "") // follow-up joins go here, so neither room runs out of seats

	for i, tc := range malformedCases() {
		t.Run(tc.name, func(t *testing.T) {
			c := e.dial(t, fmt.Sprintf("m%d", i))
			if tc.joined {
				c.join(played.code, protocol.Client{Name: fmt.Sprintf("m%d", i)})
			}
			frame := tc.frame
			if strings.Contains(frame, "%[1]s") {
				frame = fmt.Sprintf(frame, played.code)
			}
			typ := websocket.TextMessage
			if tc.binary {
				typ = websocket.BinaryMessage
			}
			start := time.Now()
			c.sendRaw(typ, []byte(frame))
			if tc.close != 0 {
				c.expectClose(tc.close) // the code tells a prompt close from an idle timeout
				t.Logf("closed after %v", time.Since(start))
				return
			}
			m := c.until("an answer", func(m protocol.Server) bool { return m.T == protocol.TError || m.T == protocol.TWelcome })
			if m.T != protocol.TError || m.Code != tc.code {
				t.Fatalf("%.60q: got %s %q (%s), want error %q", frame, m.T, m.Code, m.Message, tc.code)
			}
			if m.Message == "" {
				t.Errorf("error %s has no message naming the problem", m.Code)
			}
			t.Logf("answered after %v", time.Since(start))
			// The connection is still usable.
			if tc.joined {
				c.do(game.Command{Type: game.CmdRename, Args: game.Args{Name: fmt.Sprintf("ok%d", i)}})
			} else {
				c.join(lobby.Code, protocol.Client{Name: fmt.Sprintf("ok%d", i)})
			}
		})
	}
	// The control player kept playing through it all, and saw every event in order.
	ack := control.do(vote(3))
	control.untilN(ack.N)
	if r := current(t, control.view); r.MyVote != 3 {
		t.Errorf("control: got myVote=%d, want 3", r.MyVote)
	}
}

// TestJoinTimeout: a connection that never joins is closed with 4003.
func TestJoinTimeout(t *testing.T) {
	e := newEnv(t, relay.Config{JoinTimeout: 100 * time.Millisecond})
	c := e.dial(t, "idle")
	c.expectClose(protocol.CloseJoinTimeout)
}

// TestPing: joined connections get app-level pings with the server's clock.
func TestPing(t *testing.T) {
	e := newEnv(t, relay.Config{PingEvery: 50 * time.Millisecond})
	tab := e.newTable(t)
	m := tab.fac.until("ping", func(m protocol.Server) bool { return m.T == protocol.TPing })
	if d := time.Since(time.UnixMilli(m.Now)); d < -time.Minute || d > time.Minute {
		t.Errorf("ping now=%d is %v away from the clock", m.Now, d)
	}
	tab.fac.send(protocol.Client{V: protocol.Version, T: protocol.TPong})
	tab.fac.do(game.Command{Type: game.CmdRename, Args: game.Args{Name: "Fenna"}})
}
