package relay_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
	"impactkaarten/net/relay"
)

// readModes are the two ways the relay reads a connection: with the poller (Linux), where a
// reader goroutine runs only while the socket has bytes, and with a reader goroutine for
// the connection's lifetime (every other platform, and connections the poller cannot watch).
var readModes = []struct {
	name string
	cfg  func(relay.Config) relay.Config
}{
	{"poller", func(c relay.Config) relay.Config { return c }},
	{"reader per connection", relay.WithoutPoller},
}

// readers counts the goroutines reading a relay connection.
func readers() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return bytes.Count(buf[:n], []byte("relay.(*conn).read("))
		}
		buf = make([]byte, 2*len(buf))
	}
}

// TestReaders: what a connection's reader does, both ways: the frames a client may send
// (fragments, control frames between them, pings), the pings and the liveness check, and,
// with the poller, that idle connections hold no reader.
func TestReaders(t *testing.T) {
	for _, mode := range readModes {
		t.Run(mode.name, func(t *testing.T) {
			t.Run("idle connections", func(t *testing.T) {
				e := newEnv(t, mode.cfg(relay.Config{}))
				tab := e.newTable(t, "Ada", "Bo", "Cas")
				tab.syncAll(tab.fac.do(cmdOf(game.CmdStart)).N)
				want := 0
				if mode.name != "poller" {
					want = len(tab.all())
				}
				eventually(t, fmt.Sprintf("%d readers", want), func() bool { return readers() == want })
				// A parked connection still gets what its players send.
				ack := tab.players[1].do(vote(2))
				tab.syncAll(ack.N)
				eventually(t, fmt.Sprintf("%d readers again", want), func() bool { return readers() == want })
			})

			t.Run("fragments and control frames", func(t *testing.T) {
				e := newEnv(t, mode.cfg(relay.Config{}))
				tab := e.newTable(t, "Ada")
				ada := tab.players[0]
				// A command in three fragments, with a ping and a pong between them: gorilla's
				// NextWriter sends a message in pieces when its buffer is small, so write the
				// frames by hand.
				id := "fragmented-1"
				cmd := game.Command{Type: game.CmdRename, Args: game.Args{Name: "Ada L."}}
				b, err := json.Marshal(protocol.Client{V: protocol.Version, T: protocol.TCommand, ID: id, Cmd: &cmd})
				if err != nil {
					t.Fatal(err)
				}
				msg := string(b)
				third := len(msg) / 3
				raw := ada.ws.NetConn()
				frames := [][]byte{
					clientFrame(0x1, false, []byte(msg[:third])),
					clientFrame(0x9, true, []byte("are you there")),
					clientFrame(0x0, false, []byte(msg[third:2*third])),
					clientFrame(0xA, true, nil),
					clientFrame(0x0, true, []byte(msg[2*third:])),
				}
				for _, f := range frames {
					_ = raw.SetWriteDeadline(time.Now().Add(readTimeout))
					if _, err := raw.Write(f); err != nil {
						t.Fatalf("write frame: %v", err)
					}
				}
				if m := ada.reply(id); m.T != protocol.TAck {
					t.Fatalf("the fragmented command: got %s %s (%s), want an ack", m.T, m.Code, m.Message)
				}
				// The ping was answered: gorilla's pong handler sees it.
				ponged := make(chan string, 1)
				ada.ws.SetPongHandler(func(s string) error {
					select {
					case ponged <- s:
					default:
					}
					return nil
				})
				if _, err := raw.Write(clientFrame(0x9, true, []byte("ping 2"))); err != nil {
					t.Fatalf("write ping: %v", err)
				}
				// Ada's next command is read after the ping, so its answer comes after the pong.
				ada.do(game.Command{Type: game.CmdRename, Args: game.Args{Name: "Ada M."}})
				select {
				case got := <-ponged:
					if got != "are you there" && got != "ping 2" {
						t.Errorf("pong %q", got)
					}
				default:
					t.Errorf("no pong for the client's pings")
				}
			})

			t.Run("a protocol error closes with 1002", func(t *testing.T) {
				e := newEnv(t, mode.cfg(relay.Config{}))
				tab := e.newTable(t, "Ada")
				ada := tab.players[0]
				// A continuation frame with no message begun.
				if _, err := ada.ws.NetConn().Write(clientFrame(0x0, true, []byte("x"))); err != nil {
					t.Fatalf("write: %v", err)
				}
				ada.expectClose(1002)
				eventually(t, "the close counted as the relay's", func() bool {
					return e.metric(t, `impactkaarten_closes_total{by="relay",code="1002"}`) == 1
				})
			})

			t.Run("pings and the liveness check", func(t *testing.T) {
				e := newEnv(t, mode.cfg(relay.Config{PingEvery: 50 * time.Millisecond, PongWait: 5 * time.Second}))
				tab := e.newTable(t, "Ada")
				// Reading, the facilitator answers pings and stays.
				for range 3 {
					tab.fac.until("ping", func(m protocol.Server) bool { return m.T == protocol.TPing })
				}
				// Ada stops reading, so her pongs stop: she is dropped with 4000. The facilitator
				// reads on meanwhile (its pongs answer the pings it reads), or it would be
				// dropped as well. PongWait is the relay's guess under test, so this wait is
				// on time by nature: five seconds leave a machine busy with two CPU burners
				// and the race detector ample room to let the facilitator read.
				for e.metric(t, `impactkaarten_closes_total{by="relay",code="4000"}`) < 1 {
					tab.fac.until("ping", func(m protocol.Server) bool { return m.T == protocol.TPing })
				}
				tab.fac.do(game.Command{Type: game.CmdRename, Args: game.Args{Name: "Fenna"}})
				tab.players[0].expectClose(protocol.CloseInternal)
			})

			t.Run("join timeout", func(t *testing.T) {
				e := newEnv(t, mode.cfg(relay.Config{JoinTimeout: 100 * time.Millisecond}))
				c := e.dial(t, "idle")
				c.expectClose(protocol.CloseJoinTimeout)
			})

			t.Run("a message right behind the handshake", func(t *testing.T) {
				e := newEnv(t, mode.cfg(relay.Config{}))
				room := e.createRoom(t, "")
				// One write: the handshake and a join frame; the relay's HTTP server reads
				// both at once.
				c := e.dialRaw(t, clientFrame(0x1, true, []byte(fmt.Sprintf(`{"v":%d,"t":"join","room":%q,"name":"Vlug"}`, protocol.Version, room.Code))))
				if !strings.Contains(c, `"t":"welcome"`) {
					t.Fatalf("no welcome: %.200q", c)
				}
			})
		})
	}
}

// clientFrame is a websocket frame as a client sends it (masked).
func clientFrame(op byte, fin bool, payload []byte) []byte {
	b := op
	if fin {
		b |= 0x80
	}
	mask := [4]byte{1, 2, 3, 4}
	f := []byte{b}
	switch n := len(payload); {
	case n < 126:
		f = append(f, 0x80|byte(n))
	default:
		f = append(f, 0x80|126, byte(n>>8), byte(n))
	}
	f = append(f, mask[:]...)
	for i, c := range payload {
		f = append(f, c^mask[i%4])
	}
	return f
}

// dialRaw opens a websocket by hand, writing the handshake and frame in one write, and
// returns what the relay sent until a welcome (or a minute passed).
func (e *env) dialRaw(t *testing.T, frame []byte) string {
	t.Helper()
	addr := strings.TrimPrefix(e.ts.URL, "http://")
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer nc.Close()
	req := "GET /ws HTTP/1.1\r\nHost: " + addr + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	if _, err := nc.Write(append([]byte(req), frame...)); err != nil {
		t.Fatalf("write: %v", err)
	}
	_ = nc.SetReadDeadline(time.Now().Add(readTimeout))
	br := bufio.NewReader(nc)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("handshake: %v", err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("handshake: %s", resp.Status)
	}
	var got []byte
	buf := make([]byte, 4096)
	for !bytes.Contains(got, []byte(`"t":"welcome"`)) {
		n, err := br.Read(buf)
		got = append(got, buf[:n]...)
		if err != nil {
			break
		}
	}
	return string(got)
}
