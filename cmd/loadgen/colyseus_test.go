package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/gorilla/websocket"
	"github.com/vmihailenco/msgpack/v5"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
)

// TestColyseusHeader reads frames as Colyseus 0.18 writes them (byte 13, the type as a
// MessagePack string, the payload as MessagePack: bytes written out by hand, not by the
// encoder loadgen uses).
func TestColyseusHeader(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want header
		ok   bool
	}{
		{"event", []byte{13, 0xa1, 'e', 0x82, 0xa1, 'n', 0x07, 0xa1, 'a', 0x03},
			header{t: protocol.TEvent, n: 7, actor: 3}, true},
		{"ack", []byte{13, 0xa1, 'a', 0x82, 0xa2, 'i', 'd', 0xa3, 'm', '1', '2', 0xa1, 'n', 0xcd, 0x01, 0x00},
			header{t: protocol.TAck, id: "m12", n: 256}, true},
		{"welcome is not counted", []byte{13, 0xa1, 'w', 0x82, 0xa4, 's', 'e', 'a', 't', 0x02, 0xa1, 'n', 0x00}, header{}, false},
		{"ping", []byte{18}, header{}, false},
		{"truncated", []byte{13, 0xa1}, header{}, false},
		{"not a map", []byte{13, 0xa1, 'e', 0xa1, 'x'}, header{}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := colyseusHeader(c.data)
			if ok != c.ok || got != c.want {
				t.Errorf("colyseusHeader(% x) = %+v, %v; want %+v, %v", c.data, got, ok, c.want, c.ok)
			}
		})
	}
}

// TestColyseusMove: a move is byte 13, the type "c" and {id}, as Colyseus's room reads it.
func TestColyseusMove(t *testing.T) {
	b, err := colyseusMove("m5")
	if err != nil {
		t.Fatal(err)
	}
	want := []byte{13, 0xa1, 'c', 0x81, 0xa2, 'i', 'd', 0xa2, 'm', '5'}
	if !bytes.Equal(b, want) {
		t.Errorf("colyseusMove = % x, want % x", b, want)
	}
}

// fakeColyseus answers as yardsticks/colyseus does: seats reserved over HTTP, JOIN_ROOM
// confirmed before the welcome, every move relayed to the seats and acknowledged.
type fakeColyseus struct {
	mu    sync.Mutex // guards n, seats and every write
	n     uint64
	seats map[*websocket.Conn]int
}

// send writes a room message to ws; f.mu is held.
func (f *fakeColyseus) send(ws *websocket.Conn, typ string, payload map[string]any) {
	var b bytes.Buffer
	b.WriteByte(colyseusRoomData)
	enc := msgpack.NewEncoder(&b)
	_ = enc.EncodeString(typ)
	_ = enc.Encode(payload)
	_ = ws.WriteMessage(websocket.BinaryMessage, b.Bytes())
}

func (f *fakeColyseus) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		room := "R1"
		if id, ok := strings.CutPrefix(r.URL.Path, "/matchmake/joinById/"); ok {
			room = id
		}
		_ = json.NewEncoder(w).Encode(colyseusSeat{RoomID: room, ProcessID: "P", SessionID: "S" + r.URL.Path})
		return
	}
	if r.URL.Path != "/P/R1" || r.URL.Query().Get("sessionId") == "" {
		http.NotFound(w, r)
		return
	}
	up := websocket.Upgrader{}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer ws.Close()
	_ = ws.WriteMessage(websocket.BinaryMessage, []byte{colyseusJoinRoom, 0, 0, 0})
	if _, data, err := ws.ReadMessage(); err != nil || !bytes.Equal(data, []byte{colyseusJoinRoom}) {
		return // no confirmation: no welcome
	}
	f.mu.Lock()
	f.seats[ws] = len(f.seats) + 1
	seat := f.seats[ws]
	f.send(ws, "w", map[string]any{"seat": seat, "n": 0})
	f.mu.Unlock()
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			return
		}
		dec := msgpack.NewDecoder(bytes.NewReader(data[1:]))
		if typ, err := dec.DecodeString(); err != nil || typ != "c" {
			return
		}
		var move struct {
			ID string `msgpack:"id"`
		}
		if err := dec.Decode(&move); err != nil {
			return
		}
		f.mu.Lock()
		f.n++
		for other := range f.seats {
			f.send(other, "e", map[string]any{"n": f.n, "a": seat})
		}
		f.send(ws, "a", map[string]any{"id": move.ID, "n": f.n})
		f.mu.Unlock()
	}
}

// TestColyseusClient: a client takes its seat through the reservation and the JOIN_ROOM
// handshake, and a move it makes is timed and acknowledged.
func TestColyseusClient(t *testing.T) {
	srv := httptest.NewServer(&fakeColyseus{seats: map[*websocket.Conn]int{}})
	defer srv.Close()
	code, token, err := colyseusCreate(srv.URL)
	if err != nil || code != "R1" || token == "" {
		t.Fatalf("colyseusCreate = %q, %q, %v", code, token, err)
	}
	fac, err := colyseusClient(srv.URL, code, token)
	if err != nil {
		t.Fatal(err)
	}
	defer fac.close()
	other, err := colyseusClient(srv.URL, code, "")
	if err != nil {
		t.Fatal(err)
	}
	defer other.close()
	if fac.seat != 1 || other.seat != 2 {
		t.Fatalf("seats %d and %d, want 1 and 2", fac.seat, other.seat)
	}
	st := &stats{rejected: map[string]int{}, closes: map[string]int{}}
	go fac.run(st)
	go other.run(st)
	other.send(&game.Command{Type: game.CmdVote}, st)
	waitUntil(func() bool { return st.acked.Load() >= 1 && st.events.Load() >= 2 })
	st.mu.Lock()
	rtts := len(st.rtts)
	st.mu.Unlock()
	if st.acked.Load() != 1 || rtts != 1 || st.events.Load() != 2 {
		t.Errorf("acked %d, round trips %d, events %d; want 1, 1, 2 (the event reached both seats)", st.acked.Load(), rtts, st.events.Load())
	}
}

func BenchmarkColyseusHeader(b *testing.B) {
	data := []byte{13, 0xa1, 'e', 0x82, 0xa1, 'n', 0xcd, 0x01, 0x00, 0xa1, 'a', 0x03}
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := colyseusHeader(data); !ok {
			b.Fatal("not read")
		}
	}
}

func BenchmarkReadHeader(b *testing.B) {
	data := []byte(`{"v":2,"t":"event","n":256,"event":{"type":"voted","version":256,"actor":3,"at":1764806400000,"seat":3}}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := readHeader(data); !ok {
			b.Fatal("not read")
		}
	}
}

func BenchmarkHeaderReader(b *testing.B) {
	data := []byte(`{"v":2,"t":"event","n":256,"event":{"type":"voted","version":256,"actor":3,"at":1764806400000,"seat":3}}`)
	var r headerReader
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := r.read(data); !ok {
			b.Fatal("not read")
		}
	}
}
